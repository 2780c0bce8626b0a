"""Background work: the steps the apps register in `core.worker` — send the outbox, the
audit anchor and the sweep of orphan files (core); lapse overdue corrections, SLA alerts,
deemed approval, reminders before permits expire (licensing); escalation of overdue
complaints (feedback); large planning imports (planning).

Run it as a long-running process (`manage.py run_worker`), or from a timer with `--once`.
SIGTERM or SIGINT lets the step under way finish, then the worker exits. A step that fails
is logged and the others still run; it is tried again next time.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand

from core.worker import Step, worker_steps

logger = logging.getLogger("satupintu.worker")

__all__ = ["Command", "Step", "worker_steps"]


class Command(BaseCommand):
    help = "Send notifications and run the SLA checks, every few seconds (or once)."

    @property
    def steps(self) -> list[Step]:
        """The steps the apps registered (core.worker); a test may override it."""
        return worker_steps()

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one round and stop")
        parser.add_argument("--interval", type=int, default=10, help="seconds between rounds")
        parser.add_argument(
            "--checks-every", type=int, default=30, help="rounds between SLA checks"
        )

    def handle(self, *args, once=False, interval=10, checks_every=30, **options):
        stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, lambda *_: stop.set())
        try:
            round_number = 0
            while not stop.is_set():
                self.run_round(checks=round_number % checks_every == 0, stop=stop)
                if once:
                    return
                round_number += 1
                stop.wait(interval)  # a signal ends the wait at once
            self.stdout.write("stopped")
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def run_round(self, *, checks: bool, stop: threading.Event) -> None:
        for step in self.steps:
            if stop.is_set():
                return  # the step under way has finished; the rest waits for next start
            if not (step.every_round or checks):
                continue
            try:
                said = step.said(step.run())
            except Exception:
                # One failing step must not stop the outbox or the others; it is logged
                # with its traceback and tried again next time.
                logger.exception("worker step %s failed", step.name)
                self.stderr.write(f"step {step.name} failed; the others go on")
                continue
            if said:
                self.stdout.write(said)

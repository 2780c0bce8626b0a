"""Background work: send the outbox, lapse overdue corrections, SLA alerts, deemed approval,
reminders before permits expire, escalation of overdue complaints, large planning imports,
and daily the audit anchor and the sweep of orphan files.

Run it as a long-running process (`manage.py run_worker`), or from a timer with `--once`.
SIGTERM or SIGINT lets the step under way finish, then the worker exits. A step that fails
is logged and the others still run; it is tried again next time.
"""

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import BaseCommand

from core.audit import audit_anchor_publish
from core.files import files_sweep
from core.messaging import outbox_send_due
from feedback.complaints import complaints_escalate
from licensing.domain import corrections_lapse, sla_check
from licensing.issuance import permit_expiry_reminders
from planning.jobs import import_jobs_run_due

logger = logging.getLogger("satupintu.worker")


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[], object]
    every_round: bool  # else only on check rounds (--checks-every)
    said: Callable[[object], str | None]  # what to print of its result, or None


def _count(what: str) -> Callable[[object], str | None]:
    return lambda result: f"{what}: {result}" if result else None


STEPS = [
    Step("outbox", outbox_send_due, True, _count("notifications sent")),
    Step("corrections", corrections_lapse, False, _count("corrections lapsed")),
    Step(
        "sla",
        sla_check,
        False,
        lambda alerts: f"SLA alerts: {alerts}" if any(alerts.values()) else None,
    ),
    Step("expiry", permit_expiry_reminders, False, _count("expiry reminders")),
    Step("complaints", complaints_escalate, False, _count("complaints overdue")),
    # Daily: the audit chain's head to the anchor file, and files no row names (ADR 0023).
    Step(
        "anchor",
        lambda: audit_anchor_publish(only_if_due=True),
        False,
        lambda done: "audit head published to the anchor file" if done else None,
    ),
    Step(
        "sweep",
        lambda: files_sweep(only_if_due=True),
        False,
        lambda swept: f"removed {len(swept)} unreferenced files" if swept else None,
    ),
    # Every round: a planner waits on the page; one import runs to its end (bounded by
    # SATUPINTU_IMPORT_MAX_SECONDS) before the next round's notifications.
    Step("imports", import_jobs_run_due, True, _count("planning imports run")),
]


class Command(BaseCommand):
    help = "Send notifications and run the SLA checks, every few seconds (or once)."
    steps = STEPS

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

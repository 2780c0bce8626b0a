"""Background work: send the outbox, lapse overdue corrections, SLA alerts, deemed approval,
reminders before permits expire, large planning imports.

Run it as a long-running process (`manage.py run_worker`), or from a timer with `--once`.
"""

import time

from django.core.management.base import BaseCommand

from core.audit import audit_anchor_publish
from core.files import files_sweep
from core.messaging import outbox_send_due
from feedback.complaints import complaints_escalate
from licensing.domain import corrections_lapse, sla_check
from licensing.issuance import permit_expiry_reminders
from planning.jobs import import_jobs_run_due


class Command(BaseCommand):
    help = "Send notifications and run the SLA checks, every few seconds (or once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one round and stop")
        parser.add_argument("--interval", type=int, default=10, help="seconds between rounds")
        parser.add_argument(
            "--checks-every", type=int, default=30, help="rounds between SLA checks"
        )

    def handle(self, *args, once=False, interval=10, checks_every=30, **options):
        round_number = 0
        while True:
            sent = outbox_send_due()
            if round_number % checks_every == 0:
                lapsed = corrections_lapse()
                alerts = sla_check()
                reminded = permit_expiry_reminders()
                escalated = complaints_escalate()
                # Daily: the audit chain's head to the anchor file (ADR 0023).
                if audit_anchor_publish(only_if_due=True):
                    self.stdout.write("audit head published to the anchor file")
                # Daily: files no row names, left by failed transactions (ADR 0023).
                if swept := files_sweep(only_if_due=True):
                    self.stdout.write(f"removed {len(swept)} unreferenced files")
                if once or lapsed or any(alerts.values()) or reminded or escalated:
                    self.stdout.write(
                        f"lapsed {lapsed}, alerts {alerts}, expiry reminders {reminded}, "
                        f"complaints overdue {escalated}"
                    )
            if sent:
                self.stdout.write(f"sent {sent} notifications")
            # Every round: a planner waits on the page; one import runs to its end (bounded
            # by SATUPINTU_IMPORT_MAX_SECONDS) before the next round's notifications.
            if imported := import_jobs_run_due():
                self.stdout.write(f"ran {imported} planning imports")
            if once:
                return
            round_number += 1
            time.sleep(interval)

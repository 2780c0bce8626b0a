"""Verify the audit chain and name the first entry that was changed or removed."""

from django.core.management.base import BaseCommand, CommandError

from core.audit import audit_anchors, audit_verify
from core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log."

    def handle(self, *args, **options):
        problem = audit_verify()
        if problem is not None:
            raise CommandError(f"Audit chain broken: {problem.message}")
        self.stdout.write(f"Audit chain intact: {AuditEvent.objects.count()} entries.")
        anchors = len(audit_anchors())
        self.stdout.write(
            f"Anchors agree: {anchors} published head{'' if anchors == 1 else 's'} checked."
        )

"""Verify the audit chain against its key and published heads, and every stored file."""

from django.core.management.base import BaseCommand, CommandError

from core.audit import audit_anchors, audit_verify
from core.files import files_verify
from core.management.commands.files_verify import files_summary
from core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log's chain and anchors, and the stored files' digests."

    def handle(self, *args, **options):
        problem = audit_verify()
        if problem is not None:
            raise CommandError(f"Audit chain broken: {problem.message}")
        self.stdout.write(f"Audit chain intact: {AuditEvent.objects.count()} entries.")
        anchors = len(audit_anchors())
        self.stdout.write(
            f"Anchors agree: {anchors} published head{'' if anchors == 1 else 's'} checked."
        )
        report = files_verify()
        if report.problems:
            raise CommandError("Stored files failed the check: " + "; ".join(report.problems))
        self.stdout.write(files_summary(report))

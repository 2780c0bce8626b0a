"""Check every stored file against its recorded SHA-256 and name each missing or changed one."""

from django.core.management.base import BaseCommand, CommandError

from core.files import files_verify


def files_summary(report) -> str:
    undigested = (
        f" ({report.size_only} without a recorded SHA-256: size or presence only)"
        if report.size_only
        else ""
    )
    return f"Stored files intact: {report.checked} checked{undigested}."


class Command(BaseCommand):
    help = "Verify every stored file (documents, permits, SKRD, attachments) against its digest."

    def handle(self, *args, **options):
        report = files_verify()
        for problem in report.problems:
            self.stdout.write(problem)
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} of {report.checked} stored files failed the check"
            )
        self.stdout.write(files_summary(report))

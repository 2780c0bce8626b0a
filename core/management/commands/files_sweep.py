"""Remove files under the media root that no row names and that are older than a day."""

from django.conf import settings
from django.core.management.base import BaseCommand

from core.files import files_sweep


class Command(BaseCommand):
    help = "Remove stored files no row references (left by failed transactions), after a day."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, remove nothing")

    def handle(self, *args, dry_run=False, **options):
        hours = settings.SATUPINTU_ORPHAN_FILE_HOURS
        orphans = files_sweep(dry_run=dry_run)
        for name in orphans:
            self.stdout.write(f"{'would remove' if dry_run else 'removed'} {name}")
        noun = "file" if len(orphans) == 1 else "files"
        outcome = "(dry run: nothing removed)" if dry_run else "removed"
        self.stdout.write(f"{len(orphans)} unreferenced {noun} older than {hours} hours {outcome}.")

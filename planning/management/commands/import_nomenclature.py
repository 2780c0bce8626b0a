"""Import a Permendagri 90 nomenclature file (CSV or XLSX) as a named version."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from planning.nomenclature import ImportRefusedError, nomenclature_import


class Command(BaseCommand):
    help = "Import nomenclature codes (kode, nomenklatur[, level, kinerja, indikator, satuan])."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", required=True, help="e.g. 'Kepmendagri 900.1-861/2026'")
        parser.add_argument("--source", default="", help="where the file came from")

    def handle(self, *args, file: Path, name: str, source: str, **options):
        try:
            with file.open("rb") as handle:
                version = nomenclature_import(
                    name=name, file=handle, filename=file.name, source=source
                )
        except ImportRefusedError as error:
            for problem in error.problems:
                self.stderr.write(f"row {problem.row} ({problem.code}): {problem.message}")
            raise CommandError(error.messages[0]) from None
        except (ValidationError, OSError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        self.stdout.write(f"{version.name}: {version.items.count()} codes imported.")

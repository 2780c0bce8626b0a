"""Import a Permendagri 90 nomenclature file (CSV or XLSX) as a named version."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from planning.models import GovernmentLevel
from planning.nomenclature import ImportRefusedError, nomenclature_import


class Command(BaseCommand):
    help = (
        "Import nomenclature codes: kode and nomenklatur columns; the national list's BIDANG, "
        "PROGRAM, KEGIATAN and SUBKEGIATAN (code and name in each cell, with JENIS PEMDA, "
        "KINERJA, INDIKATOR, SATUAN, TAG, SPM); or a Kepmendagri annex's URUSAN, BIDANG "
        "URUSAN, PROGRAM, KEGIATAN, SUB KEGIATAN and NOMENKLATUR URUSAN."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", required=True, help="e.g. 'Kepmendagri 900.1-861/2026'")
        parser.add_argument("--source", default="", help="where the file came from")
        parser.add_argument(
            "--level",
            choices=GovernmentLevel.values,
            default="",
            help="the level of government of rows that do not say theirs (JENIS PEMDA), "
            "e.g. 'regency' for the kab/kota annex of a Kepmendagri; default: both",
        )

    def handle(self, *args, file: Path, name: str, source: str, level: str, **options):
        try:
            with file.open("rb") as handle:
                version = nomenclature_import(
                    name=name,
                    file=handle,
                    filename=file.name,
                    source=source,
                    government_level=level,
                )
        except ImportRefusedError as error:
            for problem in error.problems:
                self.stderr.write(f"row {problem.row} ({problem.code}): {problem.message}")
            if unlisted := error.bad_rows - len(error.problems):
                self.stderr.write(f"and {unlisted} more rows")
            raise CommandError(error.messages[0]) from None
        except (ValidationError, OSError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        self.stdout.write(f"{version.name}: {version.items.count()} codes imported.")

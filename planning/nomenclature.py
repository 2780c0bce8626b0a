"""Importing the Permendagri 90 nomenclature (CSV or XLSX) as a named version: all rows or
none, with a report naming each bad row."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning import codes
from planning.models import NomenclatureItem, NomenclatureVersion

# The header names regions' files use for each column (lower-cased).
COLUMNS = {
    "code": ("kode", "kode_raw", "code", "kode_sub_kegiatan"),
    "name": ("nomenklatur", "nama", "name", "uraian"),
    "level": ("level", "tingkat"),
    "kinerja": ("kinerja",),
    "indikator": ("indikator",),
    "satuan": ("satuan",),
}
MAX_PROBLEMS = 200  # a report longer than this helps nobody; the first ones say enough


@dataclass(frozen=True)
class RowProblem:
    row: int
    code: str
    message: str


class ImportRefusedError(ValidationError):
    """The file has bad rows; nothing was imported. `problems` names each one."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(
            _("Nothing was imported: %(count)s row(s) need fixing.") % {"count": len(problems)}
        )


def read_rows(file, filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, {column: text}) for each data row, streamed:
    a large file is never held in memory whole."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        yield from _xlsx_rows(file)
    elif suffix in (".csv", ".txt"):
        yield from _csv_rows(file)
    else:
        raise ValidationError(_("Upload a CSV or XLSX file."))


def _csv_rows(file):
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        sample = text.read(4096)
        text.seek(0)
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
        reader = csv.reader(text, dialect)
        header = [cell.strip().lower() for cell in next(reader, [])]
        for number, cells in enumerate(reader, start=2):
            yield number, dict(zip(header, (cell.strip() for cell in cells), strict=False))
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from None
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from None
    finally:
        text.detach()


def _xlsx_rows(file):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError):
        raise ValidationError(_("The XLSX file cannot be read.")) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(cell or "").strip().lower() for cell in next(rows, ())]
        for number, cells in enumerate(rows, start=2):
            yield (
                number,
                {column: _cell_text(value) for column, value in zip(header, cells, strict=False)},
            )
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def pick(row: dict[str, str], columns: tuple[str, ...]) -> str:
    """The first non-empty value among the header names a column goes by."""
    for column in columns:
        if row.get(column):
            return row[column]
    return ""


@transaction.atomic
def nomenclature_import(
    *, name: str, file, filename: str, source: str = "", actor=None
) -> NomenclatureVersion:
    """Import a nomenclature file as the version `name`; any bad row refuses the whole file."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Name the version, e.g. Kepmendagri 900.1-861/2026."))
    if NomenclatureVersion.objects.filter(name=name).exists():
        raise ValidationError(_("A version named %(name)s exists already.") % {"name": name})
    problems: list[RowProblem] = []
    items: dict[str, NomenclatureItem] = {}
    rows_of: dict[str, int] = {}
    for number, row in read_rows(file, filename):
        raw, title = pick(row, COLUMNS["code"]), pick(row, COLUMNS["name"])
        if not raw and not title:
            continue  # an empty line
        try:
            code = codes.parse(raw)
        except ValidationError as error:
            problems.append(RowProblem(number, raw, " ".join(error.messages)))
        else:
            level = pick(row, COLUMNS["level"]).lower()
            if level and level != code.level:
                problems.append(
                    RowProblem(
                        number,
                        raw,
                        _("The level column says %(level)s, but the code is a %(actual)s.")
                        % {"level": level, "actual": code.level},
                    )
                )
            elif not title:
                problems.append(RowProblem(number, raw, _("The name is empty.")))
            elif code.code in items:
                problems.append(
                    RowProblem(
                        number,
                        raw,
                        _("The code %(code)s appears twice (first on row %(row)s).")
                        % {"code": code.code, "row": rows_of[code.code]},
                    )
                )
            else:
                rows_of[code.code] = number
                items[code.code] = NomenclatureItem(
                    level=code.level,
                    code=code.code,
                    name=title,
                    parent_code=code.parent or "",
                    is_penunjang=code.is_penunjang,
                    kinerja=pick(row, COLUMNS["kinerja"]),
                    indikator=pick(row, COLUMNS["indikator"]),
                    satuan=pick(row, COLUMNS["satuan"])[:100],
                )
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ImportRefusedError(problems)
    if not items:
        raise ValidationError(_("The file has no rows with a code and a name."))
    version = NomenclatureVersion.objects.create(
        name=name, source=source[:300], imported_by=actor if getattr(actor, "pk", None) else None
    )
    for item in items.values():
        item.version = version
    NomenclatureItem.objects.bulk_create(items.values(), batch_size=2000)
    return version

"""Importing the Permendagri 90 nomenclature (CSV or XLSX) as a named version: all rows or
none, with a report naming each bad row."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning import codes
from planning.imports import read_rows
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


def pick(row: dict[str, str], columns: tuple[str, ...]) -> str:
    """The first non-empty value among the header names a column goes by."""
    for column in columns:
        if row.get(column):
            return row[column]
    return ""


def nomenclature_import(
    *,
    name: str,
    file,
    filename: str,
    source: str = "",
    actor=None,
    progress: Callable[[int], None] | None = None,
) -> NomenclatureVersion:
    """Import a nomenclature file as the version `name`; any bad row refuses the whole file.
    The file is read outside the transaction, so `progress` (rows read) can be committed
    as it goes; only the writing is atomic."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Name the version, e.g. Kepmendagri 900.1-861/2026."))
    if NomenclatureVersion.objects.filter(name=name).exists():
        raise ValidationError(_("A version named %(name)s exists already.") % {"name": name})
    problems: list[RowProblem] = []
    items: dict[str, NomenclatureItem] = {}
    rows_of: dict[str, int] = {}
    for number, row in read_rows(file, filename, progress=progress):
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
    with transaction.atomic():
        if NomenclatureVersion.objects.filter(name=name).exists():  # taken while reading
            raise ValidationError(_("A version named %(name)s exists already.") % {"name": name})
        version = NomenclatureVersion.objects.create(
            name=name,
            source=source[:300],
            imported_by=actor if getattr(actor, "pk", None) else None,
        )
        for item in items.values():
            item.version = version
        NomenclatureItem.objects.bulk_create(items.values(), batch_size=2000)
    return version

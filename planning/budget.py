"""Importing a budget stage: SIPD "data anggaran" exports (CSV or XLSX), the pagu exports
of SIPD-RI and regional applications, or a simple layout of one line per agency and sub
kegiatan. All rows or none; re-importing a stage replaces it.

Columns are found by their header, written in any case and spacing (`planning.imports.
header_key`), under the names in `COLUMNS` (docs/rumpun.md lists them), on the first row
that holds them: title rows above a pivot export's header are passed over. Agencies are found
by unit code or by name, through the region's remembered mapping (`org.AgencyAlias`); those
the region does not have yet come back as `UnknownAgency`, each with the closest agencies
suggested, for the planner to map or create (`planning.agencies`).
"""

import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import number
from planning import codes
from planning.agencies import AgencyFinder, UnknownAgency
from planning.models import Budget, BudgetLine, GovernmentLevel, NomenclatureItem, Stage
from planning.nomenclature import (
    MAX_PROBLEMS,
    ImportRefusedError,
    RowProblem,
    name_key,
    pick,
    read_rows,
    successors,
)

# The header keys each column goes by in the exports planners have, the first found wins:
# SIPD's "data anggaran", SIPD-RI's pagu per sub kegiatan, regional applications.
COLUMNS = {
    "agency_code": (
        "kode_skpd",
        "kode_unit",
        "kode_opd",
        "kode_unit_skpd",
        "kode_perangkat_daerah",
        "kode_unit_organisasi",
    ),
    "agency_name": (
        "nama_skpd",
        "nama_unit",
        "nama_opd",
        "nama_perangkat_daerah",
        "nama_unit_skpd",
        "satuan_kerja",
        "perangkat_daerah",
        "skpd",
        "opd",
        "unit_organisasi",
    ),
    "sub_unit": ("kode_sub_unit", "kode_sub_skpd"),
    "sub_unit_name": ("nama_sub_unit", "nama_sub_skpd"),
    "code": (
        "kode_sub_kegiatan",
        "kode_sub_giat",
        "kode_subkegiatan",
        "kode_subgiat",
        "kode",
    ),
    "name": (
        "nama_sub_kegiatan",
        "nama_sub_giat",
        "nama_subkegiatan",
        "nama_subgiat",
        "sub_kegiatan",
        "nama",
        "uraian",
    ),
    "akun": ("kode_rekening", "kode_akun"),
    "sumber_dana": ("nama_sumber_dana", "kode_sumber_dana", "sumber_dana"),
    "amount": (
        "pagu",
        "pagu_sub_kegiatan",
        "pagu_sub_giat",
        "pagu_anggaran",
        "pagu_indikatif",
        "nilai",
        "nilai_anggaran",
        "anggaran",
        "total_anggaran",
        "realisasi",
        "jumlah",
        "total",
    ),
}
SIMILAR_NAME = 0.85  # an older name this alike to one current name of its kegiatan is it
# A row of totals or a pivot table's empty group: skipped and counted, never a line.
TOTAL_ROW = re.compile(
    r"^\s*(grand\s*total|sub\s*total|total|jumlah|\(blank\)|\(kosong\)|kosong)(?!\w)",
    re.IGNORECASE,
)


@dataclass
class ImportReport:
    """What an import did besides taking lines: told to the planner with the outcome."""

    total_rows: int = 0  # totals and empty pivot groups skipped
    zero_lines: int = 0  # lines at Rp0: kept, never counted as funding
    renamed: dict[str, str] = field(default_factory=dict)  # older code -> current code
    retired: set[str] = field(default_factory=set)  # codes the version dropped, kept as read

    def as_json(self) -> dict:
        return {
            "total_rows": self.total_rows,
            "zero_lines": self.zero_lines,
            "renamed": dict(sorted(self.renamed.items())),
            "retired": sorted(self.retired),
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        return cls(
            total_rows=data.get("total_rows", 0),
            zero_lines=data.get("zero_lines", 0),
            renamed=dict(data.get("renamed", {})),
            retired=set(data.get("retired", ())),
        )

    def summary(self) -> str:
        parts = []
        if self.total_rows:
            parts.append(
                ngettext(
                    "%(count)s total or empty row skipped",
                    "%(count)s total or empty rows skipped",
                    self.total_rows,
                )
                % {"count": number(self.total_rows)}
            )
        if self.renamed:
            parts.append(
                ngettext(
                    "%(count)s older code read as its current code",
                    "%(count)s older codes read as their current codes",
                    len(self.renamed),
                )
                % {"count": number(len(self.renamed))}
            )
        if self.retired:
            parts.append(
                ngettext(
                    "%(count)s code no longer in this version kept as written",
                    "%(count)s codes no longer in this version kept as written",
                    len(self.retired),
                )
                % {"count": number(len(self.retired))}
            )
        if self.zero_lines:
            parts.append(
                ngettext(
                    "%(count)s line at Rp0 kept (not counted as funding)",
                    "%(count)s lines at Rp0 kept (not counted as funding)",
                    self.zero_lines,
                )
                % {"count": number(self.zero_lines)}
            )
        return "; ".join(parts)


class BudgetRefusedError(ImportRefusedError):
    """Nothing imported: bad rows (at most MAX_PROBLEMS listed, `bad_rows` counted) and the
    agencies the region does not have yet (`unknown_agencies`, the whole file's)."""

    def __init__(self, problems, unknown_agencies: list[UnknownAgency], *, bad_rows: int):
        super().__init__(problems)
        self.unknown_agencies = unknown_agencies
        self.bad_rows = bad_rows
        messages = []
        if bad_rows:
            messages.append(
                ngettext("%(count)s row needs fixing.", "%(count)s rows need fixing.", bad_rows)
                % {"count": number(bad_rows)}
            )
        if unknown_agencies:
            messages.append(
                ngettext(
                    "%(count)s agency in the file is not one of this region's yet: map it "
                    "or create it below.",
                    "%(count)s agencies in the file are not this region's yet: map them or "
                    "create them below.",
                    len(unknown_agencies),
                )
                % {"count": number(len(unknown_agencies))}
            )
        # ImportRefusedError counts the rows listed; this says the real number.
        self.message = _("Nothing was imported.") + " " + " ".join(messages)


def parse_amount(text: str) -> Decimal:
    """Rupiah as exports write them: 1250000, 1.250.000, 1250000.00, 1.250.000,50, 1,250,000.50."""
    value = text.strip().removeprefix("Rp").strip().replace(" ", "")
    if not re.fullmatch(r"-?[\d.,]+", value or "x"):
        raise ValueError(value)
    last_dot, last_comma = value.rfind("."), value.rfind(",")
    if last_dot >= 0 and last_comma >= 0:  # both: the later one separates the decimals
        decimal = "." if last_dot > last_comma else ","
        thousands = "," if decimal == "." else "."
        value = value.replace(thousands, "").replace(decimal, ".")
    elif last_comma >= 0:  # Indonesian: a comma is decimal unless it groups thousands
        value = (
            value.replace(",", "")
            if re.fullmatch(r"-?\d{1,3}(,\d{3})+", value)
            else (value.replace(",", "."))
        )
    elif value.count(".") > 1 or re.fullmatch(r"-?\d{1,3}\.\d{3}", value):
        value = value.replace(".", "")  # dots that group thousands
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(text) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(text)
    return amount


def _check_header(found: list[str]) -> None:
    """One message naming every needed column the header lacks, and the headers found."""
    missing = []
    if not any(key in found for key in COLUMNS["code"]):
        missing.append(_("sub kegiatan code (%(names)s)") % {"names": ", ".join(COLUMNS["code"])})
    if not any(key in found for key in COLUMNS["amount"]):
        missing.append(_("amount (%(names)s)") % {"names": ", ".join(COLUMNS["amount"][:6])})
    if not any(key in found for key in COLUMNS["agency_code"] + COLUMNS["agency_name"]):
        missing.append(
            _("agency code or name (%(names)s)")
            % {"names": ", ".join(COLUMNS["agency_code"][:2] + COLUMNS["agency_name"][:5])}
        )
    if missing:
        raise ValidationError(
            _("The file has no column for the %(missing)s. Columns found: %(found)s.")
            % {
                "missing": _(" and the ").join(missing),
                "found": ", ".join(found[:30]) or _("none"),
            },
            code="missing_column",
        )


class _Codes:
    """The nomenclature's sub kegiatan, and older codes read against it, in this order: the
    code itself; its successor (the version's previous-code column, `nomenclature.
    successors`); a sub kegiatan of the same kegiatan with the same name, or a name alike
    (SIMILAR_NAME or more, difflib); else, when its kegiatan, program or bidang is in the
    version, the line is kept under its own code (a code the update retired), counted in the
    report. A code whose bidang the version does not have is refused."""

    def __init__(self, nomenclature, region):
        level = GovernmentLevel.of_region_kind(region.kind)
        items = NomenclatureItem.objects.filter(
            version=nomenclature, level="sub_kegiatan"
        ).for_level(level)
        self.known = set()
        self.by_name: dict[tuple[str, str], str | None] = {}
        self.siblings: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, name in items.values_list("code", "name"):
            self.known.add(code)
            kegiatan = code.rsplit(".", 1)[0]
            key = (kegiatan, name_key(name))
            self.by_name[key] = None if key in self.by_name else code  # ambiguous: none
            self.siblings[kegiatan].append((code, name_key(name)))
        self.programs = {".".join(kegiatan.split(".")[:3]) for kegiatan in self.siblings}
        self.bidang = {".".join(program.split(".")[:2]) for program in self.programs}
        self.successors = successors(nomenclature, government_level=level)

    def current(self, code: str, name: str) -> tuple[str | None, str]:
        """(the code to keep, how it was found: "same", "renamed" or "retired"), or
        (None, "") when neither the code nor its kegiatan is in the version."""
        if code in self.known:
            return code, "same"
        if (successor := self.successors.get(code)) in self.known:
            return successor, "renamed"
        kegiatan = code.rsplit(".", 1)[0]
        if name:
            key = name_key(name)
            if found := self.by_name.get((kegiatan, key)):
                return found, "renamed"
            alike = [
                (difflib.SequenceMatcher(None, key, other).ratio(), sibling)
                for sibling, other in self.siblings.get(kegiatan, ())
            ]
            best = max(alike, default=(0.0, None))
            if best[0] >= SIMILAR_NAME and sum(1 for r, _c in alike if r == best[0]) == 1:
                return best[1], "renamed"
        parts = code.split(".")
        if (
            kegiatan in self.siblings
            or ".".join(parts[:3]) in self.programs
            or ".".join(parts[:2]) in self.bidang
        ):
            return code, "retired"
        return None, ""


@dataclass
class _Reading:
    """What the rows said, gathered before anything is written."""

    lines: list[BudgetLine] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    bad_rows: int = 0
    unknown: dict[tuple[str, str], UnknownAgency] = field(default_factory=dict)
    seen: dict[tuple, int] = field(default_factory=dict)
    report: ImportReport = field(default_factory=ImportReport)

    def problem(self, row: int, code: str, reasons: list[str]) -> None:
        self.bad_rows += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(RowProblem(row, code, "; ".join(reasons)))


def budget_import(
    *,
    region,
    year: int,
    stage: str,
    nomenclature,
    file,
    filename: str,
    actor=None,
    progress: Callable[[int], None] | None = None,
    sheet: str = "",
) -> Budget:
    """Import a stage's lines; a bad row or an agency the region does not have refuses the
    whole file. Read outside the transaction (so `progress` can be committed as it goes),
    written atomically. The returned budget carries `import_report`."""
    if stage not in Stage.values:
        raise ValidationError(_("Choose a budget stage."))
    agencies = AgencyFinder(region)
    known = _Codes(nomenclature, region)
    reading = _Reading()
    wanted = [key for keys in COLUMNS.values() for key in keys]
    for row_number, row in read_rows(
        file, filename, columns=wanted, on_header=_check_header, progress=progress, sheet=sheet
    ):
        _read_row(row_number, row, agencies, known, nomenclature, reading)
    if reading.bad_rows or reading.unknown:
        unknown = sorted(reading.unknown.values(), key=lambda agency: -agency.amount)
        for agency in unknown:
            agency.suggestions = agencies.suggestions(agency.name)
        raise BudgetRefusedError(reading.problems, unknown, bad_rows=reading.bad_rows)
    if not reading.lines:
        raise ValidationError(_("The file has no budget lines."))
    with transaction.atomic():
        budget = _budget_replace(
            region, year, stage, nomenclature, filename, actor, reading.lines, reading.report
        )
    budget.import_report = reading.report
    return budget


def _read_row(row_number, row, agencies, known, nomenclature, reading: _Reading) -> None:
    agency_code, agency_name = pick(row, COLUMNS["agency_code"]), pick(row, COLUMNS["agency_name"])
    raw_code, raw_amount = pick(row, COLUMNS["code"]), pick(row, COLUMNS["amount"])
    name = pick(row, COLUMNS["name"])
    if not (agency_code or raw_code or raw_amount):
        return
    if not raw_code and any(TOTAL_ROW.match(str(value)) for value in row.values() if value):
        reading.report.total_rows += 1
        return
    reasons = []
    code = written = None
    try:
        code = codes.parse(raw_code)
        written = code.code
    except ValidationError as error:
        reasons.append(" ".join(error.messages))
    else:
        current, how = (
            known.current(code.code, name) if code.level == "sub_kegiatan" else (None, "")
        )
        if current is None:
            reasons.append(
                _("sub kegiatan %(code)s is not in %(version)s")
                % {"code": code.code, "version": nomenclature.name}
            )
        elif how == "renamed":
            reading.report.renamed[code.code] = current
            code = codes.parse(current)
        elif how == "retired":
            reading.report.retired.add(code.code)
    amount = None
    try:
        amount = parse_amount(raw_amount)
    except ValueError:
        reasons.append(_("the amount %(value)s is not a number") % {"value": raw_amount or "''"})
    else:
        if amount < 0:
            reasons.append(_("the amount is negative"))
    agency = agencies.find(agency_code, agency_name)
    if agency is None and (agency_code or agency_name):
        key = (agency_code, agencies.name_key(agency_name))
        unknown = reading.unknown.setdefault(key, UnknownAgency(code=agency_code, name=agency_name))
        unknown.lines += 1
        if amount is not None and code is not None:
            unknown.amount += amount
            unknown.bidang[code.bidang] += amount or Decimal(1)
        # Counted once in the agencies to map, not as a bad row each; a row with another
        # fault is a bad row too.
        if reasons:
            reading.problem(row_number, raw_code, reasons)
        return
    if agency is None:
        reasons.append(_("the row names no agency"))
    akun, sumber = pick(row, COLUMNS["akun"]), pick(row, COLUMNS["sumber_dana"])
    sub_unit = pick(row, COLUMNS["sub_unit"]) or pick(row, COLUMNS["sub_unit_name"])
    if not reasons:
        # One sub kegiatan under several sub units of one agency is one agency's spending,
        # kept as separate lines (each its sub unit), not refused as the same line twice.
        # The code as the file wrote it: two older codes merged into one current code are
        # two lines of the file, not the same line twice.
        key = (agency.pk, sub_unit, written, akun, sumber)
        if key in reading.seen:
            reasons.append(_("the same line as row %(row)s") % {"row": reading.seen[key]})
        else:
            reading.seen[key] = row_number
    if reasons:
        reading.problem(row_number, raw_code, reasons)
        return
    if amount == 0:
        reading.report.zero_lines += 1
    parts = code.parts
    reading.lines.append(
        BudgetLine(
            agency=agency,
            sub_unit=sub_unit[:30],
            bidang=code.bidang,
            program=code.program,
            kegiatan=".".join(parts[:5]),
            sub_kegiatan=code.code,
            is_penunjang=code.is_penunjang,
            akun=akun[:24],
            sumber_dana=sumber[:200],
            amount=amount,
        )
    )


def _budget_replace(region, year, stage, nomenclature, filename, actor, lines, report) -> Budget:
    Budget.objects.filter(region=region, year=year, stage=stage).delete()  # a stage replaced
    budget = Budget.objects.create(
        region=region,
        year=year,
        stage=stage,
        nomenclature=nomenclature,
        source_name=filename[:200],
        imported_by=actor if getattr(actor, "pk", None) else None,
        line_count=len(lines),
        total=sum((line.amount for line in lines), Decimal(0)),
        report=report.as_json(),
    )
    for line in lines:
        line.budget = budget
    BudgetLine.objects.bulk_create(lines, batch_size=5000)
    return budget

"""Importing a budget stage: SIPD "data anggaran" exports (CSV or XLSX) or a simple layout
of one line per agency and sub kegiatan. All rows or none; re-importing a stage replaces it."""

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.models import Agency
from planning import codes
from planning.models import Budget, BudgetLine, NomenclatureItem, Stage
from planning.nomenclature import MAX_PROBLEMS, ImportRefusedError, RowProblem, pick, read_rows

AGENCY = ("kode_skpd", "kode_unit", "kode_opd")
SUB_UNIT = ("kode_sub_unit",)
SUB_KEGIATAN = ("kode_sub_kegiatan", "kode")
AKUN = ("kode_rekening", "kode_akun")
SUMBER_DANA = ("nama_sumber_dana", "kode_sumber_dana", "sumber_dana")
AMOUNT = ("pagu", "nilai", "anggaran", "realisasi")


class BudgetRefusedError(ImportRefusedError):
    """Bad rows: nothing imported. `unknown_agencies` lists agency codes to create or map."""

    def __init__(self, problems, unknown_agencies: dict[str, str]):
        super().__init__(problems)
        self.unknown_agencies = unknown_agencies


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
) -> Budget:
    """Import a stage's lines; a bad row refuses the whole file. Read outside the
    transaction (so `progress` can be committed as it goes), written atomically."""
    if stage not in Stage.values:
        raise ValidationError(_("Choose a budget stage."))
    agencies = {a.unit_code: a for a in Agency.objects.filter(region=region)}
    known = set(
        NomenclatureItem.objects.filter(version=nomenclature, level="sub_kegiatan").values_list(
            "code", flat=True
        )
    )
    problems: list[RowProblem] = []
    unknown_agencies: dict[str, str] = {}
    lines: list[BudgetLine] = []
    seen: dict[tuple, int] = {}
    for number, row in read_rows(file, filename, progress=progress):
        agency_code, raw_code = pick(row, AGENCY), pick(row, SUB_KEGIATAN)
        raw_amount = pick(row, AMOUNT)
        if not (agency_code or raw_code or raw_amount):
            continue
        reasons = []
        agency = agencies.get(agency_code)
        if agency is None:
            unknown_agencies.setdefault(agency_code, row.get("nama_skpd", ""))
            reasons.append(_("unknown agency %(code)s") % {"code": agency_code or "''"})
        code = None
        try:
            code = codes.parse(raw_code)
        except ValidationError as error:
            reasons.append(" ".join(error.messages))
        else:
            if code.level != "sub_kegiatan" or code.code not in known:
                reasons.append(
                    _("sub kegiatan %(code)s is not in %(version)s")
                    % {"code": code.code, "version": nomenclature.name}
                )
        amount = None
        try:
            amount = parse_amount(raw_amount)
        except ValueError:
            reasons.append(
                _("the amount %(value)s is not a number") % {"value": raw_amount or "''"}
            )
        else:
            if amount < 0:
                reasons.append(_("the amount is negative"))
        akun, sumber = pick(row, AKUN), pick(row, SUMBER_DANA)
        if not reasons:
            key = (agency_code, pick(row, SUB_UNIT), code.code, akun, sumber)
            if key in seen:
                reasons.append(_("the same line as row %(row)s") % {"row": seen[key]})
            else:
                seen[key] = number
        if reasons:
            problems.append(RowProblem(number, raw_code, "; ".join(reasons)))
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        parts = code.parts
        lines.append(
            BudgetLine(
                agency=agency,
                sub_unit=pick(row, SUB_UNIT)[:30],
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
    if problems:
        raise BudgetRefusedError(problems, unknown_agencies)
    if not lines:
        raise ValidationError(_("The file has no budget lines."))
    with transaction.atomic():
        return _budget_replace(region, year, stage, nomenclature, filename, actor, lines)


def _budget_replace(region, year, stage, nomenclature, filename, actor, lines) -> Budget:
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
    )
    for line in lines:
        line.budget = budget
    BudgetLine.objects.bulk_create(lines, batch_size=5000)
    return budget

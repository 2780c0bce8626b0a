"""Overlaps with their evidence (the same sub kegiatan in several agencies, money under a
bidang the agency does not hold) and themes several agencies fund (synergy, not
duplication)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from org.models import Agency, AgencyKind
from planning.models import Budget
from planning.rumpun.lines import Line, budget_lines


@dataclass
class SharedItem:
    """A sub kegiatan funded by two or more agencies (program 01 excluded)."""

    code: str
    name: str
    amounts: dict[int, Decimal]  # agency pk → amount
    # Funders doing the same work by the region's organisation: one agency and its own
    # units (a dinas and its UPTD or RSUD), or kecamatan and kelurahan, each doing it for
    # its area. Shown apart. Two separate dinas under one bidang are a real overlap.
    expected: bool = False

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass
class Misplaced:
    """Money under a bidang the agency's unit code does not hold."""

    agency: int
    bidang: str
    amount: Decimal
    codes: list[str] = field(default_factory=list)


def overlaps(
    budget: Budget, lines: list[Line] | None = None
) -> tuple[list[SharedItem], list[Misplaced]]:
    per_code: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    misplaced: dict[tuple[int, str], Misplaced] = {}
    agencies = list(Agency.objects.filter(region=budget.region))
    holds = {a.pk: {a.bidang_1, a.bidang_2, a.bidang_3} - {""} for a in agencies}
    family = _families(agencies)
    territorial = {a.pk for a in agencies if a.kind in (AgencyKind.KECAMATAN, AgencyKind.KELURAHAN)}
    for line in lines if lines is not None else budget_lines(budget):
        if line.amount <= 0:
            continue  # a line at Rp0 funds nothing: never an overlap (it stays in the budget)
        agency, code, bidang = line.agency, line.sub_kegiatan, line.bidang
        if not line.is_penunjang:
            per_code[code][agency] += line.amount
        if bidang not in holds.get(agency, set()):
            entry = misplaced.setdefault((agency, bidang), Misplaced(agency, bidang, Decimal(0)))
            entry.amount += line.amount
            if code not in entry.codes:
                entry.codes.append(code)
    names = dict(
        budget.nomenclature_items()
        .filter(code__in=[c for c, a in per_code.items() if len(a) > 1])
        .values_list("code", "name")
    )
    shared = [
        SharedItem(
            code,
            names.get(code, ""),
            dict(amounts),
            expected=len({family.get(agency, agency) for agency in amounts}) == 1
            or set(amounts) <= territorial,
        )
        for code, amounts in sorted(per_code.items())
        if len(amounts) > 1
    ]
    return shared, sorted(misplaced.values(), key=lambda m: (-m.amount, m.agency, m.bidang))


def _families(agencies) -> dict[int, int]:
    """Each agency's topmost parent (itself when it has none)."""
    parent = {a.pk: a.parent_id for a in agencies}

    def root(pk: int) -> int:
        seen = set()
        while parent.get(pk) and pk not in seen:
            seen.add(pk)
            pk = parent[pk]
        return pk

    return {pk: root(pk) for pk in parent}


@dataclass
class SharedTag:
    """A theme funded by two or more agencies: synergy to coordinate, not duplication."""

    tag: str
    amounts: dict[int, Decimal]  # agency pk → money under the tag
    codes: list[str]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


def shared_tags(lines: list[Line]) -> list[SharedTag]:
    amounts: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    codes_: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        if line.amount <= 0:
            continue
        for tag in line.tags:
            amounts[tag][line.agency] += line.amount
            codes_[tag].add(line.sub_kegiatan)
    return [
        SharedTag(tag, dict(per), sorted(codes_[tag]))
        for tag, per in sorted(amounts.items())
        if len(per) > 1
    ]

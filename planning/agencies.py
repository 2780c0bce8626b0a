"""The agencies a budget file names: found by unit code or by name (and through the
mapping the region's planners saved before, `org.AgencyAlias`), the closest of the region's
agencies suggested for each one not found, and the planner's mapping saved: the names and
codes remembered for agencies the region has, new agencies created, all or none."""

import difflib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.models import Agency, AgencyAlias, AgencyKind, agency_name_key
from org.urusan import BIDANG_URUSAN, parse_unit_code

# Words every agency's name has: they say nothing about which agency it is.
_GENERIC = {"dinas", "badan", "dan", "daerah", "kota", "kabupaten", "provinsi", "urusan"}
SUGGESTIONS = 3
# A suggestion at least this close is chosen for the planner (who can change it).
CHOSEN_FROM = 80


@dataclass
class UnknownAgency:
    """An agency a budget file names that the region does not have (yet)."""

    code: str
    name: str
    lines: int = 0
    amount: Decimal = Decimal(0)
    bidang: Counter = field(default_factory=Counter)  # money by bidang of its lines
    suggestions: list[tuple[int, str, int]] = field(default_factory=list)  # pk, name, score %

    @property
    def main_bidang(self) -> str | None:
        """Where it spends the most, among the bidang a unit code can name: the first
        bidang of a unit code made for it."""
        ranked = [bidang for bidang, _amount in self.bidang.most_common() if bidang]
        return next((bidang for bidang in ranked if bidang in BIDANG_URUSAN), None) or (
            ranked[0] if ranked else None
        )

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "lines": self.lines,
            "amount": str(self.amount),
            "bidang": self.main_bidang or "",
            "suggestions": [list(suggestion) for suggestion in self.suggestions],
        }


def _similarity(a: str, b: str) -> int:
    """0 to 100: how alike two name keys are, by their letters and their telling words."""
    words_a, words_b = set(a.split()) - _GENERIC, set(b.split()) - _GENERIC
    shared = len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0
    return round(100 * (difflib.SequenceMatcher(None, a, b).ratio() + shared) / 2)


class AgencyFinder:
    """The region's agencies by unit code, by name and by remembered alias."""

    name_key = staticmethod(agency_name_key)

    def __init__(self, region):
        self.agencies = list(Agency.objects.filter(region=region))
        self.by_code = {agency.unit_code: agency for agency in self.agencies}
        self.by_name: dict[str, Agency] = {}
        for agency in self.agencies:
            self.by_name.setdefault(agency_name_key(agency.name), agency)
            self.by_name.setdefault(agency_name_key(agency.short_name), agency)
        self.by_alias = {
            alias.key: alias.agency
            for alias in AgencyAlias.objects.filter(region=region).select_related("agency")
        }

    def find(self, code: str, name: str) -> Agency | None:
        if code and (agency := self.by_code.get(code) or self.by_alias.get(f"kode:{code}")):
            return agency
        if name:
            key = agency_name_key(name)
            return self.by_alias.get(key) or self.by_name.get(key)
        return None

    def suggestions(self, name: str) -> list[tuple[int, str, int]]:
        """The closest agencies to a name, best first: (pk, name, score out of 100)."""
        key = agency_name_key(name)
        if not key:
            return []
        scored = sorted(
            ((_similarity(key, agency_name_key(agency.name)), agency) for agency in self.agencies),
            key=lambda pair: (-pair[0], pair[1].name),
        )
        return [(agency.pk, agency.name, score) for score, agency in scored[:SUGGESTIONS]]


@dataclass(frozen=True)
class Mapping:
    """The planner's answer for one agency of a file: one of the region's, or a new one."""

    code: str
    name: str
    bidang: str
    agency: Agency | None  # None: create it


@transaction.atomic
def agencies_map(*, region, mappings: list[Mapping], actor=None) -> tuple[int, int]:
    """Remember each mapping to an existing agency and create the new ones, all or none:
    (agencies created, names and codes remembered). A ValidationError names every problem."""
    finder = AgencyFinder(region)
    taken_codes = set(finder.by_code)
    taken_short = {agency.short_name for agency in finder.agencies}
    created, remembered, problems = 0, 0, []
    for mapping in mappings:
        agency = mapping.agency
        if agency is not None and agency.region_id != region.pk:
            raise ValidationError(_("That agency belongs to another region."))
        if agency is None:
            try:
                agency = _agency_create(region, mapping, taken_codes, taken_short)
            except ValidationError as error:
                problems.append(f"{mapping.name or mapping.code}: {' '.join(error.messages)}")
                continue
            created += 1
        for key in _keys(mapping, agency):
            AgencyAlias.objects.update_or_create(
                region=region,
                key=key,
                defaults={
                    "agency": agency,
                    "written": (mapping.name if not key.startswith("kode:") else mapping.code)[
                        :300
                    ],
                    "created_by": actor if getattr(actor, "pk", None) else None,
                },
            )
            remembered += 1
    if problems:
        raise ValidationError(problems)
    return created, remembered


def _keys(mapping: Mapping, agency: Agency) -> list[str]:
    """What to remember: the name and the code, where the agency does not already go by it."""
    keys = []
    if mapping.code and mapping.code != agency.unit_code:
        keys.append(f"kode:{mapping.code}"[:300])
    name_key = agency_name_key(mapping.name)
    if name_key and name_key not in (
        agency_name_key(agency.name),
        agency_name_key(agency.short_name),
    ):
        keys.append(name_key[:300])
    return keys


def _agency_create(region, mapping: Mapping, taken_codes: set, taken_short: set) -> Agency:
    name = " ".join(mapping.name.split())[:200] or mapping.code
    agency = Agency(
        region=region,
        name=name,
        short_name=_short_name(name, taken_short),
        kind=_kind(name),
        unit_code=_unit_code(mapping, taken_codes),
    )
    agency.full_clean()
    agency.save()
    taken_codes.add(agency.unit_code)
    taken_short.add(agency.short_name)
    return agency


def _unit_code(mapping: Mapping, taken: set) -> str:
    """The file's own unit code when it is one; else the next free code of the bidang where
    the agency spends the most (B1.B1.0.00.0.00.NN.0000)."""
    if mapping.code:
        try:
            parse_unit_code(mapping.code)
        except ValidationError:
            pass
        else:
            return mapping.code
    if mapping.bidang not in BIDANG_URUSAN:
        raise ValidationError(
            _(
                "no unit code in the file and no known bidang to make one from; "
                "create it in the admin."
            )
        )
    for serial in range(1, 100):
        code = f"{mapping.bidang}.0.00.0.00.{serial:02d}.0000"
        if code not in taken:
            return code
    raise ValidationError(
        _("every unit code of bidang %(bidang)s is taken.") % {"bidang": mapping.bidang}
    )


def _short_name(name: str, taken: set) -> str:
    base = name if len(name) <= 40 else "".join(word[0] for word in name.split()).upper()
    short, serial = base[:40], 2
    while short in taken:
        suffix = f" {serial}"
        short, serial = base[: 40 - len(suffix)] + suffix, serial + 1
    return short


def _kind(name: str) -> str:
    first = (name.split() or [""])[0].lower()
    if first == "biro":
        return AgencyKind.SEKRETARIAT  # a biro is part of the Sekretariat Daerah
    return first if first in AgencyKind.values else AgencyKind.BADAN


# The header keys (planning.imports.header_key) each column of an agency list goes by.
AGENCY_COLUMNS = {
    "unit_code": ("kode_unit", "kode_skpd", "kode_opd", "kode", "unit_code"),
    "name": ("nama", "nama_skpd", "nama_opd", "nama_perangkat_daerah", "name"),
    "short_name": ("singkatan", "nama_singkat", "short_name"),
    "kind": ("jenis", "kind"),
    "parent": ("kode_induk", "induk", "parent"),
}


def agencies_import(*, region, file, filename: str) -> tuple[int, int]:
    """Create the region's agencies from a list (CSV or XLSX: unit code, name, short name,
    kind, parent's unit code), all or none: (created, already there). An agency whose unit
    code the region has is left as it is and counted; every other bad row is named."""
    from planning.imports import read_rows
    from planning.nomenclature import MAX_PROBLEMS, ImportRefusedError, RowProblem, pick

    existing = {a.unit_code: a for a in Agency.objects.filter(region=region)}
    taken_short = {a.short_name for a in existing.values()}
    wanted = [key for keys in AGENCY_COLUMNS.values() for key in keys]
    rows, problems, seen = [], [], {}
    for number, row in read_rows(file, filename, columns=wanted):
        values = {field: pick(row, keys).strip() for field, keys in AGENCY_COLUMNS.items()}
        code = values["unit_code"]
        if not (code or values["name"]):
            continue
        reasons = []
        if code in seen:
            reasons.append(_("the unit code is on row %(row)s too") % {"row": seen[code]})
        seen.setdefault(code, number)
        kind = values["kind"].lower() or _kind(values["name"])
        if kind not in AgencyKind.values:
            reasons.append(
                _("the kind %(kind)s is not one of %(kinds)s")
                % {"kind": values["kind"], "kinds": ", ".join(AgencyKind.values)}
            )
        if reasons:
            problems.append(RowProblem(number, code, "; ".join(reasons)))
        else:
            rows.append((number, values, kind))
    created, skipped, pending = 0, 0, []
    with transaction.atomic():
        for number, values, kind in rows:
            if values["unit_code"] in existing:
                skipped += 1
                continue
            short = values["short_name"] or _short_name(values["name"], taken_short)
            agency = Agency(
                region=region,
                name=values["name"][:200],
                short_name=short[:40],
                kind=kind,
                unit_code=values["unit_code"],
            )
            try:
                agency.full_clean(exclude=["parent"])
            except ValidationError as error:
                problems.append(RowProblem(number, values["unit_code"], " ".join(error.messages)))
                continue
            agency.save()
            existing[agency.unit_code] = agency
            taken_short.add(agency.short_name)
            pending.append((number, agency, values["parent"]))
            created += 1
        for number, agency, parent_code in pending:  # parents may come later in the file
            if not parent_code:
                continue
            parent = existing.get(parent_code)
            if parent is None or parent == agency:
                problems.append(
                    RowProblem(
                        number,
                        agency.unit_code,
                        _("no agency has the parent unit code %(code)s") % {"code": parent_code},
                    )
                )
                continue
            agency.parent = parent
            agency.save(update_fields=["parent"])
        if problems:  # raised inside the transaction: nothing stays
            raise ImportRefusedError(problems[:MAX_PROBLEMS], bad_rows=len(problems))
    if not rows:
        raise ValidationError(_("The file has no agencies (columns kode_unit and nama)."))
    return created, skipped

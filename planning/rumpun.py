"""Rumpun sets and their analysis on a budget stage: budget per rumpun, overlaps with their
evidence, and synergy measures (cohesion, coupling, modularity). docs/rumpun.md explains
the measures."""

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import networkx
from django.db import transaction
from django.utils.translation import gettext as _

from org.models import Agency
from org.urusan import BIDANG_URUSAN
from planning.models import (
    Budget,
    BudgetLine,
    NomenclatureItem,
    Rumpun,
    RumpunMember,
    RumpunSet,
    SetKind,
)
from planning.tags import tags_of

# PP 18/2016 (perangkat daerah), the seven perumpunan, by bidang urusan.
PP18_NAME = "PP 18/2016: perumpunan urusan"
PP18 = [
    (
        "Pendidikan, kebudayaan, kepemudaan dan olahraga, pariwisata",
        ["1.01", "2.22", "2.19", "3.26"],
    ),
    (
        "Kesehatan, sosial, PPPA, pengendalian penduduk dan KB, adminduk, PMD",
        ["1.02", "1.06", "2.08", "2.14", "2.12", "2.13"],
    ),
    ("Ketenteraman, ketertiban umum dan perlindungan masyarakat", ["1.05"]),
    (
        "Penanaman modal, koperasi dan UKM, perindustrian, perdagangan, ESDM, transmigrasi, "
        "tenaga kerja",
        ["2.18", "2.17", "3.31", "3.30", "3.29", "3.32", "2.07"],
    ),
    ("Komunikasi dan informatika, statistik, persandian", ["2.16", "2.20", "2.21"]),
    (
        "Perumahan, PUPR, pertanahan, perhubungan, lingkungan hidup, kehutanan, pangan, "
        "pertanian, kelautan dan perikanan",
        ["1.04", "1.03", "2.10", "2.15", "2.11", "3.28", "2.09", "3.27", "3.25"],
    ),
    ("Perpustakaan, kearsipan", ["2.23", "2.24"]),
]
OTHER = "Unsur pendukung, penunjang, pengawasan, kewilayahan dan pemerintahan umum"


# Bidang urusan as one string, separated by spaces, in the two sets below.
# The three fields of a Bappeda (Permendagri 5/2017 on Bappeda's organisation), each
# partnering the agencies of its bidang urusan; supporting functions go with the first.
BAPPEDA_NAME = "Bidang Bappeda"
BAPPEDA = [
    (
        "Pemerintahan dan pembangunan manusia",
        "1.01 1.02 1.05 1.06 2.08 2.12 2.13 2.14 2.16 2.19 2.20 2.21 2.22 2.23 2.24",
    ),
    (
        "Perekonomian dan sumber daya alam",
        "2.07 2.09 2.17 2.18 3.25 3.26 3.27 3.28 3.29 3.30 3.31 3.32",
    ),
    ("Infrastruktur dan kewilayahan", "1.03 1.04 2.10 2.11 2.15 7.01"),
]
BAPPEDA_OTHER = "Pemerintahan dan pembangunan manusia"

# DPRD komisi as most kabupaten/kota divide them (the DPRD's own rules decide; copy the set
# and edit it where the region's differ).
KOMISI_NAME = "Komisi DPRD"
KOMISI = [
    (
        "Komisi A: pemerintahan",
        "1.05 2.12 2.13 2.16 2.20 2.21 2.23 2.24 4.01 4.02 5.03 5.04 6.01 7.01 8.01",
    ),
    (
        "Komisi B: perekonomian dan keuangan",
        "2.07 2.09 2.17 2.18 3.25 3.26 3.27 3.28 3.29 3.30 3.31 3.32 5.02",
    ),
    ("Komisi C: pembangunan", "1.03 1.04 2.10 2.11 2.15 5.01 5.05"),
    ("Komisi D: kesejahteraan rakyat", "1.01 1.02 1.06 2.08 2.14 2.19 2.22"),
]
KOMISI_OTHER = "Komisi A: pemerintahan"

PRESETS = {
    "pp18": (PP18_NAME, PP18, OTHER),
    "bappeda": (BAPPEDA_NAME, BAPPEDA, BAPPEDA_OTHER),
    "komisi": (KOMISI_NAME, KOMISI, KOMISI_OTHER),
}


def preset_pp18(region) -> RumpunSet:
    return preset(region, "pp18")


@transaction.atomic
def preset(region, key: str) -> RumpunSet:
    """A preset set built from the agencies' bidang urusan (PRESETS: the seven perumpunan
    of PP 18/2016, the Bappeda fields, the DPRD komisi). Each agency joins the rumpun of
    its bidang; an agency with bidang in two rumpun sits in both, its weight shared; an
    agency whose bidang no rumpun lists joins the `other` rumpun. Rebuilt each time."""
    name, groups_of, other_name = PRESETS[key]
    rumpun_set, _created = RumpunSet.objects.update_or_create(
        region=region, name=name, defaults={"kind": SetKind.PRESET}
    )
    # Rebuilt in place: each rumpun keeps its row (and the addresses of its profile).
    RumpunMember.objects.filter(rumpun__set=rumpun_set).delete()
    groups = [
        Rumpun.objects.update_or_create(set=rumpun_set, order=order, defaults={"name": group_name})[
            0
        ]
        for order, (group_name, _bidang) in enumerate(groups_of, start=1)
    ]
    by_name = {group.name: group for group in groups}
    other = (
        by_name.get(other_name)
        or Rumpun.objects.update_or_create(
            set=rumpun_set, order=len(groups) + 1, defaults={"name": other_name}
        )[0]
    )
    rumpun_set.rumpun.exclude(pk__in=[g.pk for g in [*groups, other]]).delete()
    where = {
        bidang: group
        for group, (_name, codes_) in zip(groups, groups_of, strict=True)
        for bidang in (codes_.split() if isinstance(codes_, str) else codes_)
    }
    members = []
    for agency in Agency.objects.filter(region=region):
        targets = [
            where.get(b, other) for b in (agency.bidang_1, agency.bidang_2, agency.bidang_3) if b
        ]
        targets = list(dict.fromkeys(targets)) or [other]
        weight = Decimal(1) / len(targets)
        members += [
            RumpunMember(rumpun=target, agency=agency, weight=weight.quantize(Decimal("0.0001")))
            for target in targets
        ]
    RumpunMember.objects.bulk_create(members)
    return rumpun_set


# Analysis ----------------------------------------------------------------------------------

AKUN_GROUPS = [
    ("5.1.01", "Belanja pegawai"),
    ("5.1.02", "Belanja barang dan jasa"),
    ("5.1.05", "Hibah"),
    ("5.1.06", "Bantuan sosial"),
    ("5.2", "Belanja modal"),
    ("5.3", "Belanja tidak terduga"),
    ("5.4", "Belanja transfer"),
]


def akun_group(akun: str) -> str:
    for prefix, name in AKUN_GROUPS:
        if akun == prefix or akun.startswith(prefix + "."):
            return name
    return "Lainnya" if akun else "Tanpa rekening"


@dataclass
class Line:
    pk: int
    agency: int
    sub_kegiatan: str
    bidang: str
    program: str
    is_penunjang: bool
    akun: str
    sumber_dana: str
    amount: Decimal
    tags: frozenset[str] = frozenset()


def budget_lines(budget: Budget) -> list[Line]:
    tags = tags_of(budget.region)
    return [
        Line(*row, tags=tags.get(row[2], frozenset()))
        for row in BudgetLine.objects.filter(budget=budget).values_list(
            "pk",
            "agency_id",
            "sub_kegiatan",
            "bidang",
            "program",
            "is_penunjang",
            "akun",
            "sumber_dana",
            "amount",
        )
    ]


@dataclass
class SharedItem:
    """A sub kegiatan funded by two or more agencies (program 01 excluded)."""

    code: str
    name: str
    amounts: dict[int, Decimal]  # agency pk → amount
    # Every funder holds the code's bidang: units doing the same work by design (the
    # kecamatan under 7.01, a dinas and its hospital). Shown apart from real overlaps.
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
    holds = {
        a.pk: {a.bidang_1, a.bidang_2, a.bidang_3} - {""}
        for a in Agency.objects.filter(region=budget.region)
    }
    for line in lines if lines is not None else budget_lines(budget):
        agency, code, bidang = line.agency, line.sub_kegiatan, line.bidang
        if not line.is_penunjang:
            per_code[code][agency] += line.amount
        if bidang not in holds.get(agency, set()):
            entry = misplaced.setdefault((agency, bidang), Misplaced(agency, bidang, Decimal(0)))
            entry.amount += line.amount
            if code not in entry.codes:
                entry.codes.append(code)
    names = dict(
        NomenclatureItem.objects.filter(
            version=budget.nomenclature, code__in=[c for c, a in per_code.items() if len(a) > 1]
        ).values_list("code", "name")
    )
    shared = [
        SharedItem(
            code,
            names.get(code, ""),
            dict(amounts),
            expected=all(code[:4] in holds.get(agency, set()) for agency in amounts),
        )
        for code, amounts in sorted(per_code.items())
        if len(amounts) > 1
    ]
    return shared, sorted(misplaced.values(), key=lambda m: (-m.amount, m.agency, m.bidang))


TAG_PREFIX = "#"  # a tag among the items agencies share, apart from codes


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
        for tag in line.tags:
            amounts[tag][line.agency] += line.amount
            codes_[tag].add(line.sub_kegiatan)
    return [
        SharedTag(tag, dict(per), sorted(codes_[tag]))
        for tag, per in sorted(amounts.items())
        if len(per) > 1
    ]


def amounts_by_item(lines: list[Line]) -> dict[str, dict[int, Decimal]]:
    """Each agency's money per bidang urusan, per program (program 01 left out) and per
    thematic tag (as "#tag")."""
    amounts: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        amounts[line.bidang][line.agency] += line.amount
        if not line.is_penunjang:
            amounts[line.program][line.agency] += line.amount
        for tag in line.tags:
            amounts[TAG_PREFIX + tag][line.agency] += line.amount
    return amounts


def item_name(code: str, names: dict[str, str]) -> str:
    """What a shared item is called: a tag, a program or a bidang urusan."""
    if code.startswith(TAG_PREFIX):
        return _("Theme: %(tag)s") % {"tag": code[len(TAG_PREFIX) :]}
    return names.get(code) or BIDANG_URUSAN.get(code, code)


def link_graph(budget: Budget, lines: list[Line] | None = None) -> networkx.Graph:
    """Agencies linked by what they fund in common: for each bidang, each (non-penunjang)
    program and each thematic tag, the smaller of two agencies' amounts there; the weights
    add up."""
    lines = lines if lines is not None else budget_lines(budget)
    graph = networkx.Graph()
    graph.add_nodes_from(line.agency for line in lines)
    for per_agency in amounts_by_item(lines).values():
        agencies = sorted(per_agency)
        for i, a in enumerate(agencies):
            for b in agencies[i + 1 :]:
                weight = float(min(per_agency[a], per_agency[b]))
                if graph.has_edge(a, b):
                    graph[a][b]["weight"] += weight
                else:
                    graph.add_edge(a, b, weight=weight)
    return graph


@dataclass
class RumpunMeasure:
    rumpun: Rumpun
    agencies: list[int]
    total: Decimal
    cohesion: float | None  # share of inner link weight among all links of its agencies
    coupling: float | None  # share of link weight going outside; both None without links


def partition(rumpun_set: RumpunSet) -> dict[int, int]:
    """agency → rumpun, each agency where its weight is largest (ties: the first rumpun)."""
    best: dict[int, tuple[Decimal, int, int]] = {}
    for member in RumpunMember.objects.filter(rumpun__set=rumpun_set).select_related("rumpun"):
        key = (member.weight, -member.rumpun.order, member.rumpun_id)
        if member.agency_id not in best or key > best[member.agency_id]:
            best[member.agency_id] = key
    return {agency: key[2] for agency, key in best.items()}


def synergy(
    rumpun_set: RumpunSet,
    budget: Budget,
    lines: list[Line] | None = None,
    *,
    graph: networkx.Graph | None = None,
) -> tuple[list[RumpunMeasure], float]:
    """Per rumpun: budget, cohesion and coupling; for the whole set, the modularity of the
    agency-link graph under the set's partition (higher is better; comparable between sets
    on the same budget)."""
    lines = lines if lines is not None else budget_lines(budget)
    graph = graph if graph is not None else link_graph(budget, lines)
    where = partition(rumpun_set)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.agency] += line.amount
    measures = []
    for rumpun in rumpun_set.rumpun.all():
        agencies = sorted(a for a, r in where.items() if r == rumpun.pk)
        inside = outside = 0.0
        for a in agencies:
            for b, data in graph[a].items() if a in graph else []:
                if where.get(b) == rumpun.pk:
                    inside += data["weight"] / 2  # each inner edge is seen from both ends
                else:
                    outside += data["weight"]
        links = inside + outside
        measures.append(
            RumpunMeasure(
                rumpun=rumpun,
                agencies=agencies,
                total=sum((totals[a] for a in agencies), Decimal(0)),
                cohesion=inside / links if links else None,
                coupling=outside / links if links else None,
            )
        )
    communities = defaultdict(set)
    for node in graph.nodes:
        communities[where.get(node, -node)].add(node)  # agencies outside the set: alone
    score = (
        networkx.community.modularity(graph, communities.values(), weight="weight")
        if graph.number_of_edges()
        else 0.0
    )
    return measures, score


# Suggested rumpun ---------------------------------------------------------------------------


@dataclass
class Suggestion:
    rumpun_set: RumpunSet
    reasons: dict[int, list[tuple[str, Decimal]]]  # rumpun pk → strongest shared items


def shared_items(lines: list[Line], agencies: set[int]) -> list[tuple[str, Decimal]]:
    """Bidang and programs funded by two or more of these agencies, strongest first."""
    amounts = amounts_by_item([line for line in lines if line.agency in agencies])
    shared = [
        (code, sum(per.values(), Decimal(0)) - max(per.values()))
        for code, per in amounts.items()
        if len(per) > 1
    ]
    return sorted(shared, key=lambda item: (-item[1], item[0]))


@transaction.atomic
def suggest(
    budget: Budget,
    *,
    count: int | None = None,
    max_size: int | None = None,
    together: list[tuple[int, int]] = (),
    apart: list[tuple[int, int]] = (),
    name: str = "",
) -> Suggestion:
    """Group agencies by the money they fund in common (greedy modularity on the link graph):
    `count` rumpun, or as many as give the best modularity; at most `max_size` agencies
    each; pairs that must stay together are merged first, pairs that must stay apart are
    separated after. Agencies with no link to any other form one rumpun of their own."""
    lines = budget_lines(budget)
    full = link_graph(budget, lines)
    full.add_nodes_from(Agency.objects.filter(region=budget.region).values_list("pk", flat=True))
    graph = full
    # Together: contract each pair into one node, remembering who is inside.
    inside = {node: {node} for node in graph.nodes}
    for a, b in together:
        keep, gone = _find(inside, a), _find(inside, b)
        if keep != gone:
            graph = networkx.contracted_nodes(graph, keep, gone, self_loops=False)
            inside[keep] |= inside.pop(gone)
    linked = graph.subgraph([n for n in graph.nodes if graph.degree(n, weight="weight") > 0])
    loose = [n for n in graph.nodes if n not in linked]
    groups: list[set[int]] = []
    if linked.number_of_nodes():
        target = min(count, linked.number_of_nodes()) if count else None
        communities = networkx.community.greedy_modularity_communities(
            linked, weight="weight", cutoff=target or 1, best_n=target
        )
        groups = [set(c) for c in communities]
    groups = [{agency for node in group for agency in inside[node]} for group in groups]
    if max_size:
        groups = [part for group in groups for part in _split(full, group, max_size)]
    for a, b in apart:
        for group in groups:
            if a in group and b in group:
                group.discard(b)
                groups.append({b})
                break
    spent: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        spent[line.agency] += line.amount
    # The largest budgets first; the agencies linked to nobody last.
    groups = sorted((g for g in groups if g), key=lambda g: (-sum(spent[a] for a in g), min(g)))
    if loose:  # linked to nobody: together, in chunks when a size is set
        unlinked = sorted(agency for node in loose for agency in inside[node])
        step = max_size or len(unlinked)
        groups += [set(unlinked[i : i + step]) for i in range(0, len(unlinked), step)]
    rumpun_set = RumpunSet.objects.create(
        region=budget.region,
        name=name or f"Usulan: {len(groups)} rumpun ({budget})",
        kind=SetKind.SUGGESTED,
    )
    names = dict(
        NomenclatureItem.objects.filter(version=budget.nomenclature).values_list("code", "name")
    )
    reasons = {}
    for order, group in enumerate(groups, start=1):
        items = shared_items(lines, group)[:3]
        if items:
            title = item_name(items[0][0], names)
        elif len(group) == 1:
            title = Agency.objects.get(pk=next(iter(group))).short_name
        else:
            title = _("No links")
        title = title.capitalize() if title.isupper() else title
        group_rumpun = Rumpun.objects.create(
            set=rumpun_set, name=f"{order}. {title}"[:200], order=order
        )
        RumpunMember.objects.bulk_create(
            RumpunMember(rumpun=group_rumpun, agency_id=agency) for agency in sorted(group)
        )
        reasons[group_rumpun.pk] = items
    return Suggestion(rumpun_set, reasons)


def _find(inside: dict[int, set[int]], agency: int) -> int:
    return next(node for node, members in inside.items() if agency in members)


def _split(graph, group: set[int], max_size: int) -> list[set[int]]:
    """Split a group larger than max_size in two halves of (nearly) equal size that cut as
    little money in common as they can (Kernighan-Lin bisection, seeded), again until each
    part fits. Halving, rather than community detection inside the group, keeps the parts
    of even size: no agency is left alone while its links go elsewhere."""
    if len(group) <= max_size:
        return [group]
    sub = graph.subgraph(sorted(group))
    first, second = networkx.algorithms.community.kernighan_lin_bisection(
        sub, weight="weight", seed=1
    )
    return _split(graph, set(first), max_size) + _split(graph, set(second), max_size)


def agreement(first: RumpunSet, second: RumpunSet) -> float:
    """Adjusted Rand index of two sets' partitions over the agencies both place: 1 means
    the same grouping, about 0 what chance would give."""
    a, b = partition(first), partition(second)
    agencies = sorted(set(a) & set(b))
    n = len(agencies)
    if n < 2:
        return 1.0

    def pairs(x: int) -> int:
        return x * (x - 1) // 2

    table: dict[tuple[int, int], int] = defaultdict(int)
    rows: dict[int, int] = defaultdict(int)
    cols: dict[int, int] = defaultdict(int)
    for agency in agencies:
        table[(a[agency], b[agency])] += 1
        rows[a[agency]] += 1
        cols[b[agency]] += 1
    index = sum(pairs(v) for v in table.values())
    row_pairs = sum(pairs(v) for v in rows.values())
    col_pairs = sum(pairs(v) for v in cols.values())
    expected = row_pairs * col_pairs / pairs(n)
    best = (row_pairs + col_pairs) / 2
    if best == expected:
        return 1.0
    return (index - expected) / (best - expected)


# Budget per rumpun ----------------------------------------------------------------------------


@dataclass
class RumpunBudget:
    rumpun: Rumpun
    total: Decimal
    share: float  # of the stage's total
    by_akun: dict[str, Decimal]
    by_bidang: dict[str, Decimal]
    by_sumber_dana: dict[str, Decimal]
    by_tag: dict[str, Decimal] = field(default_factory=dict)


def budget_by_rumpun(
    rumpun_set: RumpunSet, budget: Budget, lines: list[Line] | None = None
) -> list[RumpunBudget]:
    """Each rumpun's money on the stage, by akun group, bidang urusan, source of funds and
    thematic tag (a line with two tags counts under each); an agency in several rumpun
    counts in each by its weight."""
    weights: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for member in RumpunMember.objects.filter(rumpun__set=rumpun_set):
        weights[member.agency_id].append((member.rumpun_id, member.weight))
    figures = {
        r.pk: RumpunBudget(
            r,
            Decimal(0),
            0.0,
            defaultdict(Decimal),
            defaultdict(Decimal),
            defaultdict(Decimal),
            defaultdict(Decimal),
        )
        for r in rumpun_set.rumpun.all()
    }
    lines = lines if lines is not None else budget_lines(budget)
    for line in lines:
        for rumpun_pk, weight in weights.get(line.agency, []):
            part = (line.amount * weight).quantize(Decimal("0.01"))
            entry = figures[rumpun_pk]
            entry.total += part
            entry.by_akun[akun_group(line.akun)] += part
            entry.by_bidang[line.bidang] += part
            entry.by_sumber_dana[line.sumber_dana or "-"] += part
            for tag in line.tags:
                entry.by_tag[tag] += part
    grand = sum((line.amount for line in lines), Decimal(0))
    for entry in figures.values():
        entry.share = float(entry.total / grand) if grand else 0.0
        entry.by_akun, entry.by_bidang = dict(entry.by_akun), dict(entry.by_bidang)
        entry.by_sumber_dana, entry.by_tag = dict(entry.by_sumber_dana), dict(entry.by_tag)
    return list(figures.values())


# Similar names under different codes ----------------------------------------------------------

# Words every second name carries: they say what kind of activity it is, not what it is about,
# and would make unrelated items look alike.
GENERIC_WORDS = {
    "dan",
    "di",
    "ke",
    "dari",
    "yang",
    "untuk",
    "atau",
    "serta",
    "dalam",
    "pada",
    "bagi",
    "penyediaan",
    "pengelolaan",
    "pelaksanaan",
    "penyelenggaraan",
    "koordinasi",
    "fasilitasi",
    "pembinaan",
    "pengembangan",
    "peningkatan",
    "penyusunan",
    "pengadaan",
    "pemeliharaan",
    "kegiatan",
    "program",
    "daerah",
    "kabupaten",
    "kota",
    "kabupaten/kota",
    "provinsi",
    "urusan",
    "pemerintahan",
    "perangkat",
    "layanan",
    "pelayanan",
    "sarana",
    "prasarana",
}


@dataclass
class SimilarPair:
    first: str
    second: str
    first_name: str
    second_name: str
    similarity: float
    agencies: tuple[set[int], set[int]]


def _core(name: str) -> str:
    words = [w for w in re.split(r"[^\w/]+", name.lower()) if w and w not in GENERIC_WORDS]
    return " ".join(words)


def similar_names(
    budget: Budget, *, threshold: float = 0.8, lines: list[Line] | None = None
) -> list[SimilarPair]:
    """Sub kegiatan with different codes but nearly the same name, funded by different
    agencies: character n-gram TF-IDF, cosine similarity at or above `threshold`. Program
    01 is left out and generic words are removed first, or they would flood the list."""
    funded: dict[str, set[int]] = defaultdict(set)
    for line in lines if lines is not None else budget_lines(budget):
        if not line.is_penunjang:
            funded[line.sub_kegiatan].add(line.agency)
    names = dict(
        NomenclatureItem.objects.filter(version=budget.nomenclature, code__in=funded).values_list(
            "code", "name"
        )
    )
    return similar_pairs(names, funded, threshold=threshold)


def similar_pairs(
    names: dict[str, str], funded: dict[str, set[int]], *, threshold: float
) -> list[SimilarPair]:
    """All pairs of names whose cosine is at least `threshold`. The product of the TF-IDF
    matrix with itself is taken by sparse_dot_topn, which keeps only the values above the
    threshold as it goes, on every core (scipy's product would build the nearly dense
    matrix of all pairs first: ADR 0019, docs/benchmarks.md)."""
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sparse_dot_topn import sp_matmul_topn

    codes_ = sorted(c for c in names if _core(names[c]))
    if len(codes_) < 2:
        return []
    matrix = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=numpy.float32
    ).fit_transform([_core(names[c]) for c in codes_])
    # Rows are L2-normalised: the product is the cosine. "Greater than" in the library:
    # a hair below the threshold keeps the pairs exactly at it.
    right = matrix.T.tocsr()

    def product(top_n: int):
        return sp_matmul_topn(
            matrix,
            right,
            top_n=top_n,
            threshold=threshold - 1e-6,
            n_threads=min(4, os.cpu_count() or 1),
        )

    # Room for 512 matches a name is quicker to allocate than room for all; a name that
    # fills it might have more, and then all are computed again with room for every name.
    similarity = product(min(512, len(codes_)))
    if len(codes_) > 512 and numpy.diff(similarity.indptr).max(initial=0) >= 512:
        similarity = product(len(codes_))
    similarity = similarity.tocoo()
    upper = similarity.row < similarity.col
    pairs = []
    for i, j, value in zip(
        similarity.row[upper].tolist(),
        similarity.col[upper].tolist(),
        similarity.data[upper].tolist(),
        strict=True,
    ):
        a, b = codes_[i], codes_[j]
        if len(funded.get(a, set()) | funded.get(b, set())) > 1:  # different agencies
            pairs.append(
                SimilarPair(
                    a,
                    b,
                    names[a],
                    names[b],
                    round(min(value, 1.0), 3),
                    (funded.get(a, set()), funded.get(b, set())),
                )
            )
    return sorted(pairs, key=lambda p: (-p.similarity, p.first, p.second))

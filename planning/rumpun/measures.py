"""What a rumpun set measures on a budget stage: its partition of the agencies, cohesion
and coupling per rumpun, the set's modularity, the agreement of two sets, and the budget
per rumpun by akun group, bidang, source of funds and theme."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from planning.models import Budget, Rumpun, RumpunMember, RumpunSet
from planning.rumpun.graph import link_graph
from planning.rumpun.lines import Line, akun_group, budget_lines

if TYPE_CHECKING:
    import networkx  # imported where used: planning.rumpun.graph says why


def partition(rumpun_set: RumpunSet) -> dict[int, int]:
    """agency → rumpun, each agency where its weight is largest (ties: the first rumpun)."""
    best: dict[int, tuple[Decimal, int, int]] = {}
    for member in RumpunMember.objects.filter(rumpun__set=rumpun_set).select_related("rumpun"):
        key = (member.weight, -member.rumpun.order, member.rumpun_id)
        if member.agency_id not in best or key > best[member.agency_id]:
            best[member.agency_id] = key
    return {agency: key[2] for agency, key in best.items()}


@dataclass
class RumpunMeasure:
    rumpun: Rumpun
    agencies: list[int]
    total: Decimal
    cohesion: float | None  # share of inner link weight among all links of its agencies
    coupling: float | None  # share of link weight going outside; both None without links


def synergy(
    rumpun_set: RumpunSet,
    budget: Budget,
    lines: list[Line] | None = None,
    *,
    graph: "networkx.Graph | None" = None,
) -> tuple[list[RumpunMeasure], float]:
    """Per rumpun: budget, cohesion and coupling; for the whole set, the modularity of the
    agency-link graph under the set's partition (higher is better; comparable between sets
    on the same budget)."""
    import networkx

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


def partition_scores(rumpun_set: RumpunSet, graph: "networkx.Graph") -> tuple[float, float]:
    """(coverage, performance) of the set's partition of the linked agencies (networkx):
    coverage, the share of all link weight kept inside rumpun; performance, the share of
    all pairs of agencies placed right (linked and together, or unlinked and apart), which
    counts every agency, an unlinked one too. Agencies the set leaves out stand alone."""
    import networkx

    if graph.number_of_nodes() < 2 or not graph.number_of_edges():
        return 0.0, 0.0
    where = partition(rumpun_set)
    communities = defaultdict(set)
    for node in graph.nodes:
        communities[where.get(node, -node)].add(node)
    _coverage, performance = networkx.community.partition_quality(graph, communities.values())
    total = graph.size(weight="weight")
    inside = sum(
        data["weight"]
        for a, b, data in graph.edges(data=True)
        if where.get(a, -a) == where.get(b, -b)
    )
    return (inside / total if total else 0.0), performance


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

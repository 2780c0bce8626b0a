"""What the analysis and comparison pages show, each assembled as one object: a stage's
overlaps, similar names and, under a rumpun set, its measures against the presets and its
pictures (`budget_analyse`); two to four sets side by side (`sets_compare`)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from org.models import Agency
from planning import scenarios
from planning.models import Budget, RumpunMember, RumpunSet, SetKind
from planning.rumpun.graph import SOURCES, item_name, link_graph, shared_items
from planning.rumpun.lines import AKUN_GROUPS, Line, budget_lines
from planning.rumpun.measures import (
    RumpunBudget,
    RumpunMeasure,
    agreement,
    budget_by_rumpun,
    partition,
    partition_scores,
    synergy,
)
from planning.rumpun.overlaps import overlaps, shared_tags
from planning.rumpun.similar import similar_names

if TYPE_CHECKING:
    import networkx  # imported where used: planning.rumpun.graph says why

SIMILAR_SHOWN = 100  # the most similar pairs listed


@dataclass(frozen=True)
class SetAnalysis:
    """A rumpun set on the stage: per rumpun its measures, money, members and what its
    agencies fund together most; the set against every other preset; three pictures, each
    with its data table; the themes several agencies fund."""

    rows: list  # (RumpunMeasure, RumpunBudget, [(Agency, weight)], [item name])
    modularity: float
    coverage: float  # share of all link weight kept inside rumpun
    performance: float  # share of all pairs of agencies the set gets right (every agency)
    against_presets: list  # (preset, modularity, agreement with this set, coverage, performance)
    placements: list  # Placement, the least sure first
    unlinked: list  # Agency with money and no link at all: a finding
    sources: list  # (key, label, on) of the link sources
    network: SafeString
    links: list  # (Agency, rumpun name, Agency, rumpun name, money in common, [per source])
    groups: list[str]  # akun groups present, in AKUN_GROUPS order
    bars: SafeString
    akun_rows: list  # (Rumpun, [amount per akun group])
    heat_columns: list[str]  # bidang urusan
    heat_map: SafeString
    heat_rows: list  # (Agency, rumpun name, [amount per bidang or None])
    shared_tags: list  # (SharedTag, [(Agency, amount, rumpun name)])


@dataclass(frozen=True)
class BudgetAnalysis:
    """A stage's analysis: overlaps with their evidence and similar names, read with a
    scenario's money changes when the set is one; under a set, its `grouping`."""

    agencies: dict[int, Agency]
    shared: list  # (SharedItem, [(Agency, amount)]), real overlaps
    expected: list  # the same, shared by units of the same bidang
    misplaced: list  # (Agency, Misplaced)
    similar: list  # (SimilarPair, [(short name, amount)], [(short name, amount)])
    threshold: float
    grouping: SetAnalysis | None


@dataclass(frozen=True)
class Placement:
    """How sure a set is of one agency's place: the share of its link weight that stays
    inside its rumpun, and where the rest goes most."""

    agency: Agency
    rumpun: str
    inside: float | None  # None: no link at all
    elsewhere: str  # the rumpun its strongest outside links go to, or ""

    @property
    def confidence(self) -> str:
        if self.inside is None:
            return "none"
        return "high" if self.inside >= 0.6 else "medium" if self.inside >= 0.3 else "low"


def budget_analyse(
    *,
    budget: Budget,
    rumpun_set: RumpunSet | None,
    threshold: float,
    sources: tuple[str, ...] = tuple(SOURCES),
) -> BudgetAnalysis:
    """Everything the analysis page shows of `budget` under `rumpun_set` (or none), with
    similar names at or above `threshold` and the agency links from `sources`. Reads only."""
    agencies = {a.pk: a for a in Agency.objects.filter(region=budget.region)}
    # Read once, used by every measure below; a scenario's money changes applied.
    if rumpun_set is not None and rumpun_set.kind == SetKind.SCENARIO:
        lines = scenarios.adjusted_lines(rumpun_set, budget)
    else:
        lines = budget_lines(budget)
    shared, misplaced = overlaps(budget, lines)

    def with_agencies(items):
        return [
            (item, [(agencies[a], amount) for a, amount in sorted(item.amounts.items())])
            for item in items
        ]

    money: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for line in lines:
        money[(line.sub_kegiatan, line.agency)] += line.amount

    def short_names(code, pks):
        """Each funder of a code with its money there, by short name."""
        return sorted((agencies[a].short_name, money[(code, a)]) for a in pks if a in agencies)

    similar = similar_names(budget, threshold=threshold, lines=lines)[:SIMILAR_SHOWN]
    return BudgetAnalysis(
        agencies=agencies,
        shared=with_agencies(item for item in shared if not item.expected),
        expected=with_agencies(item for item in shared if item.expected),
        misplaced=[(agencies[m.agency], m) for m in misplaced],
        similar=[
            (
                pair,
                short_names(pair.first, pair.agencies[0]),
                short_names(pair.second, pair.agencies[1]),
            )
            for pair in similar
        ],
        threshold=threshold,
        grouping=None
        if rumpun_set is None
        else _grouping(budget, rumpun_set, lines, agencies, sources),
    )


def _grouping(
    budget: Budget,
    rumpun_set: RumpunSet,
    lines: list[Line],
    agencies: dict[int, Agency],
    sources: tuple[str, ...],
) -> SetAnalysis:
    graph = link_graph(budget, lines, sources=sources)  # once for every set and picture
    measures, score = synergy(rumpun_set, budget, lines, graph=graph)
    coverage, performance = partition_scores(rumpun_set, graph)
    money = {f.rumpun.pk: f for f in budget_by_rumpun(rumpun_set, budget, lines)}
    presets = RumpunSet.objects.filter(region=budget.region, kind=SetKind.PRESET).exclude(
        pk=rumpun_set.pk
    )
    return SetAnalysis(
        rows=_rows(budget, rumpun_set, lines, agencies, measures, money),
        modularity=score,
        coverage=coverage,
        performance=performance,
        against_presets=[
            (
                preset,
                synergy(preset, budget, lines, graph=graph)[1],
                agreement(rumpun_set, preset),
                *partition_scores(preset, graph),
            )
            for preset in presets
        ],
        placements=_placements(rumpun_set, graph, agencies, measures),
        unlinked=sorted(
            (agencies[a] for a in graph.nodes if graph.degree(a) == 0 and a in agencies),
            key=lambda agency: agency.name,
        ),
        sources=[(key, label, key in sources) for key, label in SOURCES.items()],
        **_pictures(rumpun_set, graph, lines, agencies, measures, money),
    )


def _rows(
    budget: Budget,
    rumpun_set: RumpunSet,
    lines: list[Line],
    agencies: dict[int, Agency],
    measures: list[RumpunMeasure],
    money: dict[int, RumpunBudget],
) -> list:
    """Per rumpun: its measures, money, members (by name) and the two items its agencies
    fund together most."""
    members: dict[int, list] = defaultdict(list)
    for member in RumpunMember.objects.filter(rumpun__set=rumpun_set).order_by(
        "agency__short_name"
    ):
        members[member.rumpun_id].append((agencies[member.agency_id], member.weight))
    reasons = {
        m.rumpun.pk: shared_items(lines, {a.pk for a, _w in members[m.rumpun.pk]})[:2]
        for m in measures
    }
    names = dict(
        budget.nomenclature_items()
        .filter(code__in={code for items in reasons.values() for code, _a in items})
        .values_list("code", "name")
    )
    return [
        (
            m,
            money[m.rumpun.pk],
            members[m.rumpun.pk],
            [item_name(code, names) for code, _amount in reasons[m.rumpun.pk]],
        )
        for m in measures
    ]


def _placements(rumpun_set, graph, agencies, measures) -> list[Placement]:
    """Each agency of the set with money: the share of its links inside its rumpun."""
    where = partition(rumpun_set)
    names = {m.rumpun.pk: m.rumpun.name for m in measures}
    placements = []
    for agency in graph.nodes:
        if agency not in agencies:
            continue
        inside, outside = 0.0, defaultdict(float)
        for other, data in graph[agency].items():
            if where.get(other) is not None and where.get(other) == where.get(agency):
                inside += data["weight"]
            else:
                outside[where.get(other)] += data["weight"]
        total = inside + sum(outside.values())
        strongest = max(outside, key=outside.get) if outside else None
        placements.append(
            Placement(
                agency=agencies[agency],
                rumpun=names.get(where.get(agency), "-"),
                inside=inside / total if total else None,
                elsewhere=names.get(strongest, "-") if outside else "",
            )
        )
    return sorted(placements, key=lambda p: (-1 if p.inside is None else p.inside, p.agency.name))


def _pictures(
    rumpun_set: RumpunSet,
    graph: "networkx.Graph",
    lines: list[Line],
    agencies: dict[int, Agency],
    measures: list[RumpunMeasure],
    money: dict[int, RumpunBudget],
) -> dict:
    """The three pictures of the analysis and the data tables beside them."""
    from planning import charts  # imports networkx (planning.rumpun.graph says why)

    where = partition(rumpun_set)
    order = [(m.rumpun.pk, m.rumpun.name) for m in measures]
    rumpun_name = dict(order)
    spent: dict[int, Decimal] = defaultdict(Decimal)
    cells: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for line in lines:
        spent[line.agency] += line.amount
        cells[(line.agency, line.bidang)] += line.amount
    links = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))[:20]
    present = {group for figures in money.values() for group in figures.by_akun}
    groups = [name for _prefix, name in AKUN_GROUPS if name in present]
    groups += sorted(present - set(groups))
    # Rows of the heat map: agencies grouped by rumpun, largest budget first within each.
    rank = {pk: i for i, (pk, _name) in enumerate(order)}
    rows = sorted(spent, key=lambda a: (rank.get(where.get(a), len(rank)), -spent[a]))
    columns = sorted({bidang for _agency, bidang in cells})
    return {
        "network": charts.network(
            graph,
            where,
            order,
            {pk: a.short_name for pk, a in agencies.items()},
            spent,
            label=_("Agencies linked by what they fund in common, coloured by rumpun"),
        ),
        "links": [
            (
                agencies[a],
                rumpun_name.get(where.get(a), "-"),
                agencies[b],
                rumpun_name.get(where.get(b), "-"),
                Decimal(data["weight"]).quantize(Decimal(1)),
                [
                    Decimal(data["by_source"].get(source, 0)).quantize(Decimal(1))
                    for source in SOURCES
                ],
            )
            for a, b, data in links
        ],
        "groups": groups,
        "bars": charts.stacked_bars(
            [(m.rumpun.name, money[m.rumpun.pk].by_akun) for m in measures],
            groups,
            label=_("Budget per rumpun by akun group"),
        ),
        "akun_rows": [
            (m.rumpun, [money[m.rumpun.pk].by_akun.get(g, Decimal(0)) for g in groups])
            for m in measures
        ],
        "heat_columns": columns,
        "heat_map": charts.heat_map(
            [(a, agencies[a].short_name) for a in rows],
            columns,
            cells,
            label=_("Money of each agency per bidang urusan"),
            breaks=[i for i in range(1, len(rows)) if where.get(rows[i]) != where.get(rows[i - 1])],
        ),
        "heat_rows": [
            (agencies[a], rumpun_name.get(where.get(a), "-"), [cells.get((a, c)) for c in columns])
            for a in rows
        ],
        "shared_tags": [
            (
                item,
                [
                    (agencies[a], amount, rumpun_name.get(where.get(a), "-"))
                    for a, amount in sorted(item.amounts.items(), key=lambda x: -x[1])
                ],
            )
            for item in shared_tags(lines)
        ],
    }


@dataclass(frozen=True)
class Comparison:
    """Two to four sets on one stage: each one's evaluation and differences from the
    first, the akun groups, the budget per rumpun matched by name, and the agencies not
    placed alike in every set."""

    columns: list  # (Evaluation, differences from the first)
    groups: list[str]
    rumpun_rows: list  # (rumpun name, [(total or None, difference from the first or None)])
    moved: list  # (Agency, [rumpun name in each set])


def sets_compare(*, budget: Budget, sets: list[RumpunSet]) -> Comparison:
    """The comparison of `sets` (two to four, else ValidationError) on `budget`. Reads
    only."""
    columns = scenarios.compare(sets, budget)
    groups = sorted({g for evaluation, _diff in columns for g in evaluation.akun_shares})
    # Rumpun by name across the sets (a scenario keeps its base's names), and the agencies
    # each set places differently from the first.
    names = list(dict.fromkeys(f.rumpun.name for e, _d in columns for f in e.rumpun))
    totals = [{f.rumpun.name: f.total for f in e.rumpun} for e, _d in columns]
    placed = []
    for evaluation, _diff in columns:
        where = partition(evaluation.rumpun_set)
        title = {f.rumpun.pk: f.rumpun.name for f in evaluation.rumpun}
        placed.append({agency: title.get(r, "-") for agency, r in where.items()})
    agencies = {a.pk: a for a in Agency.objects.filter(region=budget.region)}
    return Comparison(
        columns=columns,
        groups=groups,
        rumpun_rows=[
            (
                name,
                [
                    (
                        t.get(name),
                        None
                        if t.get(name) is None or totals[0].get(name) is None
                        else t[name] - totals[0][name],
                    )
                    for t in totals
                ],
            )
            for name in names
        ],
        moved=[
            (agencies[agency], [where.get(agency, "-") for where in placed])
            for agency in sorted(agencies, key=lambda a: agencies[a].short_name)
            if len({where.get(agency, "-") for where in placed}) > 1
        ],
    )

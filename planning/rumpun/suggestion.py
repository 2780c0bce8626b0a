"""The suggested rumpun set: agencies grouped by how strongly their work is linked (Louvain
communities at a resolution the planner sets, or greedy modularity for a count), within the
planner's count, size and pair limits; no catch-all group of the unlinked."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from org.models import Agency
from planning.models import Budget, Rumpun, RumpunMember, RumpunSet, SetKind
from planning.rumpun.graph import item_name, link_graph, shared_items
from planning.rumpun.lines import Line, budget_lines

if TYPE_CHECKING:
    import networkx  # imported where used: planning.rumpun.graph says why


@dataclass
class Suggestion:
    rumpun_set: RumpunSet
    reasons: dict[int, list[tuple[str, Decimal]]]  # rumpun pk → strongest shared items


@transaction.atomic
def suggestion_build(
    *,
    budget: Budget,
    count: int | None = None,
    max_size: int | None = None,
    together: list[tuple[int, int]] = (),
    apart: list[tuple[int, int]] = (),
    name: str = "",
    resolution: float = 1.0,
) -> Suggestion:
    """Write a new set of kind "suggested" (named `name`, or after its size and the
    stage), its rumpun and members: agencies grouped by the money they fund in common
    (the link graph's communities): `count` rumpun by greedy modularity, or else Louvain
    communities at `resolution` (above 1: more, smaller rumpun; below 1: fewer, larger);
    at most `max_size` agencies each, a larger group split in halves that cut the least;
    pairs that must stay together are merged first, pairs that must stay apart are separated
    after. An agency linked to nobody joins the group holding most agencies of its own
    bidang, where that fits, or stands alone: never one catch-all group."""
    lines = budget_lines(budget)
    full = link_graph(budget, lines)
    agencies = {a.pk: a for a in Agency.objects.filter(region=budget.region)}
    full.add_nodes_from(agencies)
    graph, inside = _merged(full, together)
    communities, loose = _communities(graph, count, resolution)
    groups = [_agencies(community, inside) for community in communities]
    if max_size:
        groups = [part for group in groups for part in _split(full, group, max_size)]
    _separate(groups, apart)
    groups = _largest_first(groups, lines)
    groups += _placed_by_bidang(sorted(_agencies(loose, inside)), groups, agencies, max_size)
    return _saved(budget, lines, groups, name=name)


def _merged(
    graph: "networkx.Graph", together: Iterable[tuple[int, int]]
) -> tuple["networkx.Graph", dict[int, set[int]]]:
    """The graph with each pair that must stay together contracted into one node, and the
    agencies inside each node."""
    import networkx

    inside = {node: {node} for node in graph.nodes}
    for a, b in together:
        keep, gone = _find(inside, a), _find(inside, b)
        if keep != gone:
            graph = networkx.contracted_nodes(graph, keep, gone, self_loops=False)
            inside[keep] |= inside.pop(gone)
    return graph, inside


def _communities(
    graph: "networkx.Graph", count: int | None, resolution: float = 1.0
) -> tuple[list[set[int]], list[int]]:
    """The linked nodes grouped (into `count` groups by greedy modularity, or by Louvain at
    `resolution`, seeded so the same budget gives the same groups), and the nodes linked to
    nobody."""
    import networkx

    linked = graph.subgraph([n for n in graph.nodes if graph.degree(n, weight="weight") > 0])
    loose = [n for n in graph.nodes if n not in linked]
    if not linked.number_of_nodes():
        return [], loose
    if count:
        target = min(count, linked.number_of_nodes())
        communities = networkx.community.greedy_modularity_communities(
            linked, weight="weight", cutoff=target, best_n=target
        )
    else:
        communities = networkx.community.louvain_communities(
            linked, weight="weight", resolution=resolution, seed=1
        )
    return [set(c) for c in communities], loose


def _agencies(nodes: Iterable[int], inside: dict[int, set[int]]) -> set[int]:
    return {agency for node in nodes for agency in inside[node]}


def _find(inside: dict[int, set[int]], agency: int) -> int:
    return next(node for node, members in inside.items() if agency in members)


def _split(graph, group: set[int], max_size: int) -> list[set[int]]:
    """Split a group larger than max_size in two halves of (nearly) equal size that cut as
    little money in common as they can (Kernighan-Lin bisection, seeded), again until each
    part fits. Halving, rather than community detection inside the group, keeps the parts
    of even size: no agency is left alone while its links go elsewhere."""
    import networkx

    if len(group) <= max_size:
        return [group]
    sub = graph.subgraph(sorted(group))
    first, second = networkx.algorithms.community.kernighan_lin_bisection(
        sub, weight="weight", seed=1
    )
    return _split(graph, set(first), max_size) + _split(graph, set(second), max_size)


def _separate(groups: list[set[int]], apart: Iterable[tuple[int, int]]) -> None:
    """Take the second agency of each pair that must stay apart out of their shared group,
    into a group of its own."""
    for a, b in apart:
        for group in groups:
            if a in group and b in group:
                group.discard(b)
                groups.append({b})
                break


def _largest_first(groups: list[set[int]], lines: list[Line]) -> list[set[int]]:
    spent: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        spent[line.agency] += line.amount
    return sorted((g for g in groups if g), key=lambda g: (-sum(spent[a] for a in g), min(g)))


def _placed_by_bidang(
    loose: list[int], groups: list[set[int]], agencies: dict, max_size: int | None
) -> list[set[int]]:
    """Agencies linked to nobody, by their strongest signal left, their bidang: each joins
    the group holding most agencies of its first bidang (while it has room); the others
    stand alone, each its own group, listed as unlinked."""
    alone = []
    for agency in loose:
        bidang = getattr(agencies.get(agency), "bidang_1", "")
        mates = [
            (sum(1 for a in group if getattr(agencies.get(a), "bidang_1", None) == bidang), i)
            for i, group in enumerate(groups)
            if bidang and (not max_size or len(group) < max_size)
        ]
        best = max(mates, default=(0, None))
        if best[0]:
            groups[best[1]].add(agency)
        else:
            alone.append({agency})
    return alone


def _saved(budget: Budget, lines: list[Line], groups: list[set[int]], *, name: str) -> Suggestion:
    """The groups as a set of kind "suggested", each rumpun named after its strongest
    shared item."""
    rumpun_set = RumpunSet.objects.create(
        region=budget.region,
        name=name or f"Usulan: {len(groups)} rumpun ({budget})",
        kind=SetKind.SUGGESTED,
    )
    names = dict(budget.nomenclature_items().values_list("code", "name"))
    reasons = {}
    money: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        money[line.agency][line.bidang] += line.amount
    for order, group in enumerate(groups, start=1):
        items = shared_items(lines, group)[:3]
        title = _title(group, items, names, money)
        group_rumpun = Rumpun.objects.create(
            set=rumpun_set, name=f"{order}. {title}"[:200], order=order
        )
        RumpunMember.objects.bulk_create(
            RumpunMember(rumpun=group_rumpun, agency_id=agency) for agency in sorted(group)
        )
        reasons[group_rumpun.pk] = items
    return Suggestion(rumpun_set, reasons)


def _title(group: set[int], items: list[tuple[str, Decimal]], names: dict[str, str], money) -> str:
    """A group's name: its strongest shared item; for a group linked by meaning or services
    alone, the bidang where it spends the most; for one agency linked to nobody, "No links: "
    and its name."""
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for agency in group:
        for bidang, amount in money.get(agency, {}).items():
            spent[bidang] += amount
    if items:
        title = item_name(items[0][0], names)
    elif len(group) > 1 and spent:
        title = item_name(max(spent, key=spent.get), names)
    elif len(group) == 1:
        title = _("No links: %(agency)s") % {
            "agency": Agency.objects.get(pk=next(iter(group))).short_name
        }
    else:
        title = _("No links")
    return title.capitalize() if title.isupper() else title

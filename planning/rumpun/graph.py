"""The agency-link graph: agencies linked by the money they fund in common per bidang
urusan, program (01 left out) and thematic tag, and the items a group of agencies shares."""

from collections import defaultdict
from decimal import Decimal

import networkx
from django.utils.translation import gettext as _

from org.urusan import BIDANG_URUSAN
from planning.models import Budget
from planning.rumpun.lines import Line, budget_lines

TAG_PREFIX = "#"  # a tag among the items agencies share, apart from codes


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


def shared_items(lines: list[Line], agencies: set[int]) -> list[tuple[str, Decimal]]:
    """Bidang and programs funded by two or more of these agencies, strongest first."""
    amounts = amounts_by_item([line for line in lines if line.agency in agencies])
    shared = [
        (code, sum(per.values(), Decimal(0)) - max(per.values()))
        for code, per in amounts.items()
        if len(per) > 1
    ]
    return sorted(shared, key=lambda item: (-item[1], item[0]))


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

"""A budget stage's analysis under a rumpun set: overlaps, similar names, the set's
measures against the presets, the pictures; and its actions: a suggestion, a copy of the
set into a scenario or an own set, the stage as open data."""

import math
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.views import roles_required
from backoffice.planning.common import PLANNING_ROLES, _budget, _holds, _refused, _whole
from org.models import Agency, Role
from planning import charts, scenarios
from planning.export import fiscal_data_package
from planning.models import NomenclatureItem, RumpunMember, RumpunSet, SetKind
from planning.rumpun.graph import item_name, link_graph, shared_items
from planning.rumpun.lines import AKUN_GROUPS, budget_lines
from planning.rumpun.measures import agreement, budget_by_rumpun, partition, synergy
from planning.rumpun.overlaps import overlaps, shared_tags
from planning.rumpun.presets import PP18_NAME
from planning.rumpun.similar import similar_names
from planning.rumpun.suggestion import suggestion_build


@roles_required(*PLANNING_ROLES)
def budget_analysis(request, pk: int):
    budget = _budget(request, pk)
    sets = RumpunSet.objects.filter(region=request.region)
    asked = request.GET.get("set", "")
    if asked:
        if _whole(asked) is None:
            return _refused(
                request,
                _("A set is chosen by its number; %(value)s is not one.") % {"value": asked},
                status=400,
            )
        chosen = sets.filter(pk=_whole(asked)).first()
        if chosen is None:
            return _refused(
                request,
                _("This region has no rumpun set number %(value)s.") % {"value": asked},
                status=404,
            )
    else:
        chosen = sets.filter(name=PP18_NAME).first() or sets.first()
    agencies = {a.pk: a for a in Agency.objects.filter(region=request.region)}
    # Read once, used by every measure below; a scenario's money changes applied.
    if chosen is not None and chosen.kind == SetKind.SCENARIO:
        lines = scenarios.adjusted_lines(chosen, budget)
    else:
        lines = budget_lines(budget)
    shared, misplaced = overlaps(budget, lines)
    try:
        threshold = float(request.GET.get("kemiripan", "0.8").replace(",", "."))
    except ValueError:
        threshold = 0.8
    # float() also reads "nan" and "inf"; nan would pass any clamp unchanged.
    threshold = min(max(threshold, 0.5), 1.0) if not math.isnan(threshold) else 0.8

    def with_agencies(items):
        return [
            (item, [(agencies[a], amount) for a, amount in sorted(item.amounts.items())])
            for item in items
        ]

    def short_names(pks):
        return sorted(agencies[a].short_name for a in pks if a in agencies)

    context = {
        "budget": budget,
        "sets": sets,
        "chosen": chosen,
        "agencies": agencies,
        "shared": with_agencies(item for item in shared if not item.expected),
        "expected": with_agencies(item for item in shared if item.expected),
        "misplaced": [(agencies[m.agency], m) for m in misplaced],
        "similar": [
            (pair, short_names(pair.agencies[0]), short_names(pair.agencies[1]))
            for pair in similar_names(budget, threshold=threshold, lines=lines)[:100]
        ],
        "threshold": threshold,
        "may_edit": _holds(request, Role.PLANNER),
        "editable": chosen is not None and chosen.kind in scenarios.EDITABLE,
    }
    if chosen is not None:
        graph = link_graph(budget, lines)  # built once for every set and picture
        measures, score = synergy(chosen, budget, lines, graph=graph)
        money = {f.rumpun.pk: f for f in budget_by_rumpun(chosen, budget, lines)}
        members: dict[int, list] = defaultdict(list)
        for member in RumpunMember.objects.filter(rumpun__set=chosen).order_by(
            "agency__short_name"
        ):
            members[member.rumpun_id].append((agencies[member.agency_id], member.weight))
        reasons = {
            m.rumpun.pk: shared_items(lines, {a.pk for a, _w in members[m.rumpun.pk]})[:2]
            for m in measures
        }
        names = dict(
            NomenclatureItem.objects.filter(
                version=budget.nomenclature,
                code__in={code for items in reasons.values() for code, _a in items},
            ).values_list("code", "name")
        )
        context["rows"] = [
            (
                m,
                money[m.rumpun.pk],
                members[m.rumpun.pk],
                [item_name(code, names) for code, _amount in reasons[m.rumpun.pk]],
            )
            for m in measures
        ]
        context["modularity"] = score
        context["against_presets"] = [
            (
                preset,
                synergy(preset, budget, lines, graph=graph)[1],
                agreement(chosen, preset),
            )
            for preset in sets
            if preset.kind == SetKind.PRESET and preset != chosen
        ]
        context.update(_pictures(chosen, graph, lines, agencies, measures, money))
    return render(request, "backoffice/budget_analysis.html", context)


def _pictures(chosen, graph, lines, agencies, measures, money) -> dict:
    """The three pictures of the analysis and the data tables beside them."""
    where = partition(chosen)
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


@require_POST
@roles_required(Role.PLANNER)
def suggestion_create(request, pk: int):
    budget = _budget(request, pk)
    count = request.POST.get("count", "")
    size = request.POST.get("max_size", "")
    taken = set(RumpunSet.objects.filter(region=request.region).values_list("name", flat=True))
    stem = _("Suggestion %(time)s") % {"time": request.region.today().isoformat()}
    number = 1
    while f"{stem} #{number}" in taken:  # a name not used yet, even after deletions
        number += 1
    suggestion = suggestion_build(
        budget=budget,
        count=_whole(count) or None,  # empty, not a number or 0: as many as fit best
        max_size=_whole(size) or None,
        name=f"{stem} #{number}",
    )
    messages.success(
        request,
        _("Suggested %(count)s rumpun.") % {"count": suggestion.rumpun_set.rumpun.count()},
    )
    return redirect(
        reverse("backoffice:budget_analysis", args=[pk]) + f"?set={suggestion.rumpun_set.pk}"
    )


@roles_required(*PLANNING_ROLES)
def budget_fiscal_data_package(request, pk: int):
    """The stage as open data: a Fiscal Data Package (datapackage.json + CSV) in a zip."""
    budget = _budget(request, pk)
    response = HttpResponse(fiscal_data_package(budget), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="anggaran-{budget.year}-{budget.stage}.zip"'
    )
    return response


@require_POST
@roles_required(Role.PLANNER)
def scenario_create(request, pk: int):
    """A scenario, or the region's own set, copied from the set on screen."""
    _budget(request, pk)  # the stage must be the region's
    base = RumpunSet.objects.filter(
        pk=_whole(request.POST.get("set", "")) or 0, region=request.region
    ).first()
    if base is None:
        raise Http404
    kind = SetKind.CUSTOM if request.POST.get("kind") == SetKind.CUSTOM else SetKind.SCENARIO
    default = _("Own set from %(set)s") if kind == SetKind.CUSTOM else _("Scenario from %(set)s")
    try:
        scenario = scenarios.scenario_create(
            base=base,
            name=request.POST.get("name", "").strip()[:200] or default % {"set": base},
            kind=kind,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("backoffice:budget_analysis", args=[pk]) + f"?set={base.pk}")
    return redirect("backoffice:scenario", pk=pk, scenario=scenario.pk)

"""A budget stage's analysis under a rumpun set (assembled by planning.analysis), and its
actions: a suggestion, a copy of the set into a scenario or an own set, the stage as open
data."""

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.rules import planning_may_edit
from access.views import roles_required
from backoffice.planning.common import (
    PLANNING_ROLES,
    _budget,
    _fields,
    _refused,
    _whole,
)
from org.models import Role
from planning import scenarios
from planning.analysis import budget_analyse
from planning.budget import ImportReport
from planning.export import fiscal_data_package
from planning.models import RumpunSet, SetKind
from planning.rumpun.graph import SOURCES
from planning.rumpun.presets import PP18_NAME
from planning.rumpun.suggestion import suggestion_build

SIMILARITY = 0.8  # the similar names' threshold unless the planner sets one


@roles_required(*PLANNING_ROLES)
def budget_analysis(request, pk: int):
    budget = _budget(request, pk)
    sets = RumpunSet.objects.filter(region=request.region)
    asked = request.GET.get("set", "")
    if asked and _whole(asked) is None:
        return _refused(
            request,
            _("A set is chosen by its number; %(value)s is not one.") % {"value": asked},
            status=400,
        )
    if asked:
        chosen = sets.filter(pk=_whole(asked)).first()
        if chosen is None:
            return _refused(
                request,
                _("This region has no rumpun set number %(value)s.") % {"value": asked},
                status=404,
            )
    else:
        chosen = sets.filter(name=PP18_NAME).first() or sets.first()
    analysis = budget_analyse(
        budget=budget,
        rumpun_set=chosen,
        threshold=_threshold(request),
        sources=_sources(request),
    )
    report = ImportReport.from_json(budget.report)
    names = dict(
        budget.nomenclature_items()
        .filter(code__in=set(report.renamed.values()))
        .values_list("code", "name")
    )
    return render(
        request,
        "backoffice/budget_analysis.html",
        {
            "budget": budget,
            "import_summary": report.summary(),
            "renamed": [(old, new, names.get(new, "")) for old, new in report.renamed.items()],
            "retired": sorted(report.retired),
            "sets": sets,
            "chosen": chosen,
            "may_edit": planning_may_edit(request.user, request.region),
            "editable": chosen is not None and chosen.kind in scenarios.EDITABLE,
            **_fields(analysis),
            **(_fields(analysis.grouping) if analysis.grouping else {}),
        },
    )


def _resolution(text: str) -> float:
    """Louvain's resolution as the planner wrote it (a comma allowed), kept between 0.1 and
    5; 1 when empty or not a number."""
    try:
        value = float(text.replace(",", ".")) if text.strip() else 1.0
    except ValueError:
        return 1.0
    return 1.0 if math.isnan(value) else min(max(value, 0.1), 5.0)


def _sources(request) -> tuple[str, ...]:
    """The link sources asked for (?sumber=code&sumber=meaning…): all when the address
    names none; only the known ones it names otherwise (none ticked: no links at all)."""
    if "sumber" not in request.GET:
        return tuple(SOURCES)
    return tuple(source for source in SOURCES if source in request.GET.getlist("sumber"))


def _threshold(request) -> float:
    """The similarity asked for (?kemiripan=, a comma allowed), kept between 0.5 and 1."""
    try:
        threshold = float(request.GET.get("kemiripan", str(SIMILARITY)).replace(",", "."))
    except ValueError:
        return SIMILARITY
    # float() also reads "nan" and "inf"; nan would pass any clamp unchanged.
    return min(max(threshold, 0.5), 1.0) if not math.isnan(threshold) else SIMILARITY


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
        resolution=_resolution(request.POST.get("resolution", "")),
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

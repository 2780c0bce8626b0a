"""A scenario or one of the region's own sets on a stage: its rumpun, moves and (for
scenarios) money changes, measured; and one POST view per action on it (move an agency,
add a rumpun, add or remove an adjustment, delete the set), each redirecting back or
re-rendering the page with what was refused."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from access.rules import planning_may_edit
from access.views import roles_required
from backoffice.planning.common import PLANNING_ROLES, _budget, _whole, planning_action
from backoffice.planning.forms import AdjustmentForm, MoveForm, RumpunForm
from planning import scenarios
from planning.models import Budget, RumpunSet, SetKind


@roles_required(*PLANNING_ROLES)
def scenario(request, pk: int, scenario: int):
    """A scenario or one of the region's own sets: its rumpun, moves and (for scenarios)
    adjustments, measured on the stage."""
    budget = _budget(request, pk)
    chosen = get_object_or_404(
        RumpunSet, pk=scenario, region=request.region, kind__in=scenarios.EDITABLE
    )
    return _scenario_page(request, budget, chosen)


def _scenario_page(
    request,
    budget: Budget,
    chosen: RumpunSet,
    *,
    move_form=None,
    adjustment_form=None,
    rumpun_form=None,
):
    """The scenario page, with the forms as given (bound and refused) or empty."""
    adjustment_form = adjustment_form or AdjustmentForm(scenario=chosen, budget=budget, prefix="a")
    labels = {
        value: label
        for _group, options in adjustment_form.fields["applies_to"].choices
        for value, label in options
    }
    return render(
        request,
        "backoffice/scenario.html",
        {
            "budget": budget,
            "scenario": chosen,
            "is_scenario": chosen.kind == SetKind.SCENARIO,
            "evaluation": scenarios.evaluate(chosen, budget),
            "members": {
                r.pk: [
                    (m.agency.short_name, m.weight)
                    for m in r.members.select_related("agency").order_by("agency__short_name")
                ]
                for r in chosen.rumpun.all()
            },
            "adjustments": [
                (a, labels.get(f"{a.scope}:{a.target}", a.target)) for a in chosen.adjustments.all()
            ],
            "move_form": move_form or MoveForm(scenario=chosen, prefix="m"),
            "adjustment_form": adjustment_form,
            "rumpun_form": rumpun_form or RumpunForm(prefix="r"),
            "may_edit": planning_may_edit(request.user, request.region),
            "others": RumpunSet.objects.filter(region=request.region).exclude(pk=chosen.pk),
        },
    )


def _editing(request, pk: int, scenario: int, *, kinds=scenarios.EDITABLE):
    """The stage and the set a planner changes, or 404."""
    budget = _budget(request, pk)
    chosen = get_object_or_404(RumpunSet, pk=scenario, region=request.region, kind__in=kinds)
    return budget, chosen


@planning_action
def scenario_move(request, pk: int, scenario: int):
    budget, chosen = _editing(request, pk, scenario)
    form = MoveForm(request.POST, scenario=chosen, prefix="m")
    if not form.is_valid():
        return _scenario_page(request, budget, chosen, move_form=form)
    scenarios.scenario_move(
        scenario=chosen,
        agency=form.cleaned_data["agency"],
        to=form.cleaned_data["to"],
        weight=form.cleaned_data["weight"],
    )
    messages.success(request, _("Moved."))
    return redirect("backoffice:scenario", pk=budget.pk, scenario=chosen.pk)


@planning_action
def scenario_rumpun_add(request, pk: int, scenario: int):
    budget, chosen = _editing(request, pk, scenario)
    form = RumpunForm(request.POST, prefix="r")
    if form.is_valid():
        try:
            scenarios.rumpun_add(rumpun_set=chosen, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("The rumpun is added."))
            return redirect("backoffice:scenario", pk=budget.pk, scenario=chosen.pk)
    return _scenario_page(request, budget, chosen, rumpun_form=form)


@planning_action
def adjustment_add(request, pk: int, scenario: int):
    budget, chosen = _editing(request, pk, scenario, kinds=[SetKind.SCENARIO])
    form = AdjustmentForm(request.POST, scenario=chosen, budget=budget, prefix="a")
    if not form.is_valid():
        return _scenario_page(request, budget, chosen, adjustment_form=form)
    data = form.cleaned_data
    try:
        scenarios.adjustment_add(
            scenario=chosen,
            scope=data["scope"],
            target=data["target"],
            percent=data["percent"],
            amount=data["amount"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _scenario_page(request, budget, chosen, adjustment_form=form)
    messages.success(request, _("The adjustment is added."))
    return redirect("backoffice:scenario", pk=budget.pk, scenario=chosen.pk)


@planning_action
def adjustment_remove(request, pk: int, scenario: int):
    budget, chosen = _editing(request, pk, scenario)
    value = request.POST.get("remove-adjustment", "")
    scenarios.adjustment_remove(scenario=chosen, pk=_whole(value) or 0)
    messages.success(request, _("The adjustment is removed."))
    return redirect("backoffice:scenario", pk=budget.pk, scenario=chosen.pk)


@planning_action
def scenario_delete(request, pk: int, scenario: int):
    budget, chosen = _editing(request, pk, scenario)
    name = chosen.name
    scenarios.scenario_delete(scenario=chosen)
    messages.success(request, _("%(name)s is deleted.") % {"name": name})
    return redirect("backoffice:budget_analysis", pk=budget.pk)

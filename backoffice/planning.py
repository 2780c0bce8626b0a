"""Planning screens: import the nomenclature and budget stages, map agencies into rumpun,
analyse a stage under a set, ask for a suggestion."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from org.access import roles_of, roles_required
from org.models import Agency, Role
from planning import rumpun, scenarios
from planning.budget import BudgetRefusedError, budget_import
from planning.export import fiscal_data_package
from planning.models import Adjustment, Budget, NomenclatureVersion, RumpunSet, SetKind, Stage
from planning.nomenclature import nomenclature_import

PLANNING_ROLES = (Role.PLANNER, Role.LEADERSHIP)
MAX_FILE = 50 * 1_048_576


class NomenclatureForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Version name"), max_length=200)
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)
    nomenclature = forms.ModelChoiceField(
        label=gettext_lazy("Nomenclature version"),
        queryset=NomenclatureVersion.objects.all(),
        empty_label=None,  # the newest version is chosen
    )
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))


def _holds(request, role) -> bool:
    return role in roles_of(request.user, request.region)


def _refusal(request, error) -> list:
    messages.error(request, " ".join(error.messages))
    return getattr(error, "problems", [])


@roles_required(*PLANNING_ROLES)
def planning_home(request):
    region = request.region
    problems, unknown = [], {}
    nomenclature_form = NomenclatureForm(prefix="n")
    budget_form = BudgetForm(prefix="b", initial={"year": region.today().year + 1})
    if request.method == "POST":
        if not _holds(request, Role.PLANNER):
            raise Http404
        if "n-name" in request.POST:
            nomenclature_form = NomenclatureForm(request.POST, request.FILES, prefix="n")
            if nomenclature_form.is_valid():
                upload = nomenclature_form.cleaned_data["file"]
                try:
                    version = nomenclature_import(
                        name=nomenclature_form.cleaned_data["name"],
                        file=upload,
                        filename=upload.name,
                        actor=request.user,
                    )
                except ValidationError as error:
                    problems = _refusal(request, error)
                else:
                    messages.success(
                        request,
                        _("%(name)s: %(count)s codes imported.")
                        % {"name": version.name, "count": version.items.count()},
                    )
                    return redirect("backoffice:planning")
        else:
            budget_form = BudgetForm(request.POST, request.FILES, prefix="b")
            if budget_form.is_valid():
                data = budget_form.cleaned_data
                try:
                    budget = budget_import(
                        region=region,
                        year=data["year"],
                        stage=data["stage"],
                        nomenclature=data["nomenclature"],
                        file=data["file"],
                        filename=data["file"].name,
                        actor=request.user,
                    )
                except BudgetRefusedError as error:
                    problems = _refusal(request, error)
                    unknown = error.unknown_agencies
                except ValidationError as error:
                    problems = _refusal(request, error)
                else:
                    messages.success(
                        request,
                        _("%(budget)s: %(count)s lines imported.")
                        % {"budget": budget, "count": budget.line_count},
                    )
                    return redirect("backoffice:budget_analysis", pk=budget.pk)
    return render(
        request,
        "backoffice/planning.html",
        {
            "budgets": Budget.objects.filter(region=region),
            "versions": NomenclatureVersion.objects.annotate(codes=Count("items")),
            "sets": RumpunSet.objects.filter(region=region).annotate(size=Count("rumpun")),
            "nomenclature_form": nomenclature_form,
            "budget_form": budget_form,
            "problems": problems,
            "unknown_agencies": sorted(unknown.items()),
            "may_edit": _holds(request, Role.PLANNER),
        },
    )


@require_POST
@roles_required(Role.PLANNER)
def preset_create(request):
    preset = rumpun.preset_pp18(request.region)
    messages.success(request, _("The set %(name)s is ready.") % {"name": preset.name})
    return redirect("backoffice:planning")


@roles_required(*PLANNING_ROLES)
def budget_analysis(request, pk: int):
    budget = Budget.objects.filter(pk=pk, region=request.region).select_related("nomenclature")
    budget = budget.first()
    if budget is None:
        raise Http404
    sets = RumpunSet.objects.filter(region=request.region)
    chosen = sets.filter(pk=request.GET.get("set") or 0).first() or sets.first()
    agencies = {a.pk: a for a in Agency.objects.filter(region=request.region)}
    lines = rumpun.budget_lines(budget)  # read once, used by every measure below
    shared, misplaced = rumpun.overlaps(budget, lines)
    try:
        threshold = min(max(float(request.GET.get("kemiripan", "0.8")), 0.5), 1.0)
    except ValueError:
        threshold = 0.8

    def with_agencies(items):
        return [
            (item, [(agencies[a], amount) for a, amount in sorted(item.amounts.items())])
            for item in items
        ]

    context = {
        "budget": budget,
        "sets": sets,
        "chosen": chosen,
        "agencies": agencies,
        "shared": with_agencies(item for item in shared if not item.expected),
        "expected": with_agencies(item for item in shared if item.expected),
        "misplaced": [(agencies[m.agency], m) for m in misplaced],
        "similar": rumpun.similar_names(budget, threshold=threshold, lines=lines)[:100],
        "threshold": threshold,
        "may_edit": _holds(request, Role.PLANNER),
    }
    if chosen is not None:
        measures, score = rumpun.synergy(chosen, budget, lines)
        money = {f.rumpun.pk: f for f in rumpun.budget_by_rumpun(chosen, budget, lines)}
        context["rows"] = [
            (m, money[m.rumpun.pk], [agencies[a] for a in m.agencies]) for m in measures
        ]
        context["modularity"] = score
    return render(request, "backoffice/budget_analysis.html", context)


@require_POST
@roles_required(Role.PLANNER)
def suggestion_create(request, pk: int):
    budget = Budget.objects.filter(pk=pk, region=request.region).first()
    if budget is None:
        raise Http404
    count = request.POST.get("count", "")
    size = request.POST.get("max_size", "")
    suggestion = rumpun.suggest(
        budget,
        count=int(count) if count.isdigit() and int(count) > 0 else None,
        max_size=int(size) if size.isdigit() and int(size) > 0 else None,
        name=_("Suggestion %(time)s") % {"time": request.region.today().isoformat()}
        + f" #{RumpunSet.objects.filter(region=request.region).count() + 1}",
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
    budget = Budget.objects.filter(pk=pk, region=request.region).first()
    if budget is None:
        raise Http404
    response = HttpResponse(fiscal_data_package(budget), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="anggaran-{budget.year}-{budget.stage}.zip"'
    )
    return response


@require_POST
@roles_required(Role.PLANNER)
def scenario_create(request, pk: int):
    """A scenario copied from the set on screen."""
    budget = Budget.objects.filter(pk=pk, region=request.region).first()
    base = RumpunSet.objects.filter(pk=request.POST.get("set") or 0, region=request.region).first()
    if budget is None or base is None:
        raise Http404
    try:
        scenario = scenarios.scenario_create(
            base=base, name=request.POST.get("name", "").strip()[:200] or f"Skenario dari {base}"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("backoffice:budget_analysis", args=[pk]) + f"?set={base.pk}")
    return redirect("backoffice:scenario", pk=pk, scenario=scenario.pk)


class MoveForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Agency.objects.none())
    to = forms.ModelChoiceField(label=gettext_lazy("Into rumpun"), queryset=Agency.objects.none())

    def __init__(self, *args, scenario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(region=scenario.region)
        self.fields["to"].queryset = scenario.rumpun.all()


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = Adjustment
        fields = ["scope", "target", "percent", "amount"]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("percent") is None) == (cleaned.get("amount") is None):
            raise ValidationError(_("Give either a percent or an amount."))
        return cleaned


@roles_required(*PLANNING_ROLES)
def scenario(request, pk: int, scenario: int):
    budget = Budget.objects.filter(pk=pk, region=request.region).first()
    chosen = RumpunSet.objects.filter(
        pk=scenario, region=request.region, kind=SetKind.SCENARIO
    ).first()
    if budget is None or chosen is None:
        raise Http404
    move_form = MoveForm(scenario=chosen, prefix="m")
    adjustment_form = AdjustmentForm(prefix="a")
    if request.method == "POST":
        if not _holds(request, Role.PLANNER):
            raise Http404
        if "m-agency" in request.POST:
            move_form = MoveForm(request.POST, scenario=chosen, prefix="m")
            if move_form.is_valid():
                scenarios.scenario_move(
                    scenario=chosen,
                    agency=move_form.cleaned_data["agency"],
                    to=move_form.cleaned_data["to"],
                )
                messages.success(request, _("Moved."))
                return redirect(request.path)
        else:
            adjustment_form = AdjustmentForm(request.POST, prefix="a")
            if adjustment_form.is_valid():
                adjustment = adjustment_form.save(commit=False)
                adjustment.scenario = chosen
                adjustment.save()
                messages.success(request, _("The adjustment is added."))
                return redirect(request.path)
    evaluation = scenarios.evaluate(chosen, budget)
    return render(
        request,
        "backoffice/scenario.html",
        {
            "budget": budget,
            "scenario": chosen,
            "evaluation": evaluation,
            "members": {
                r.pk: [m.agency.short_name for m in r.members.select_related("agency")]
                for r in chosen.rumpun.all()
            },
            "move_form": move_form,
            "adjustment_form": adjustment_form,
            "may_edit": _holds(request, Role.PLANNER),
            "others": RumpunSet.objects.filter(region=request.region).exclude(pk=chosen.pk),
        },
    )


@roles_required(*PLANNING_ROLES)
def compare(request, pk: int):
    """Two to four sets side by side on the same stage, with their differences."""
    budget = Budget.objects.filter(pk=pk, region=request.region).first()
    if budget is None:
        raise Http404
    wanted = [value for value in request.GET.getlist("set") if value.isdigit()][:4]
    found = {s.pk: s for s in RumpunSet.objects.filter(region=request.region, pk__in=wanted)}
    sets = [found[int(value)] for value in wanted if int(value) in found]
    try:
        columns = scenarios.compare(sets, budget)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("backoffice:budget_analysis", pk=pk)
    groups = sorted({g for evaluation, _diff in columns for g in evaluation.akun_shares})
    return render(
        request,
        "backoffice/compare.html",
        {"budget": budget, "columns": columns, "groups": groups},
    )

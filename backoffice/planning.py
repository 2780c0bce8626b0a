"""Planning screens: import the nomenclature and budget stages, map agencies into rumpun,
analyse a stage under a set, ask for a suggestion."""

import math
from collections import defaultdict
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from access.rules import roles_of
from access.views import roles_required
from org.models import Agency, Role
from planning import charts, reports, scenarios
from planning import codes as planning_codes
from planning.budget import BudgetRefusedError, budget_import
from planning.export import fiscal_data_package
from planning.imports import check_file_size
from planning.jobs import import_job_create
from planning.models import (
    Adjustment,
    AdjustmentScope,
    Budget,
    ConstraintRule,
    ImportJob,
    ImportKind,
    NomenclatureItem,
    NomenclatureVersion,
    Rumpun,
    RumpunMember,
    RumpunSet,
    SetKind,
    Stage,
    SubKegiatanTag,
)
from planning.nomenclature import nomenclature_import
from planning.profile import rumpun_profile
from planning.rumpun.graph import item_name, link_graph, shared_items
from planning.rumpun.lines import AKUN_GROUPS, budget_lines
from planning.rumpun.measures import agreement, budget_by_rumpun, partition, synergy
from planning.rumpun.overlaps import overlaps, shared_tags
from planning.rumpun.presets import PP18_NAME, PRESETS, preset_build
from planning.rumpun.similar import similar_names
from planning.rumpun.suggestion import suggestion_build
from planning.tags import tags_import

PLANNING_ROLES = (Role.PLANNER, Role.LEADERSHIP)
MAX_ID = 2**63 - 1  # the largest value of a database id (bigint)


def _whole(value: str) -> int | None:
    """A whole number (an id, a count) as written in a URL or a form, or None if it is not
    one. ASCII digits only: str.isdigit() alone also accepts "²", which int() refuses. A
    number past any database id is 0, which no row has."""
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value) if len(value) <= 19 and int(value) <= MAX_ID else 0


def _refused(request, message: str, *, status: int) -> HttpResponse:
    """A parameter the page cannot use: the status it deserves, and why, in words."""
    return render(request, "backoffice/planning_refused.html", {"message": message}, status=status)


def _not_too_large(upload) -> None:
    check_file_size(upload.size)  # SATUPINTU_IMPORT_MAX_MB, the limit the import keeps


def _queued(request, *, kind: str, upload, options: dict):
    """A file too large to import within the request goes to the worker: its page shows
    the progress, then the outcome. None when the file is small enough to import now."""
    if upload.size <= settings.SATUPINTU_IMPORT_INLINE_MAX_BYTES:
        return None
    job = import_job_create(
        region=request.region, kind=kind, upload=upload, options=options, actor=request.user
    )
    return redirect("backoffice:import_job", pk=job.pk)


def _upload_field():
    return forms.FileField(label=gettext_lazy("File (CSV or XLSX)"), validators=[_not_too_large])


class NomenclatureForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Version name"), max_length=200)
    file = _upload_field()


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)
    nomenclature = forms.ModelChoiceField(
        label=gettext_lazy("Nomenclature version"),
        queryset=NomenclatureVersion.objects.all(),
        empty_label=None,  # the newest version is chosen
    )
    file = _upload_field()


class RuleForm(forms.ModelForm):
    class Meta:
        model = ConstraintRule
        fields = ["name", "akun_group", "max_share"]
        widgets = {"max_share": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["akun_group"] = forms.ChoiceField(
            label=gettext_lazy("Akun group"),
            choices=[(name, name) for _prefix, name in AKUN_GROUPS],
        )
        self.fields["max_share"].localize = True
        self.fields["max_share"].min_value = 0
        self.fields["max_share"].max_value = 100


class TagsForm(forms.Form):
    file = _upload_field()


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
    budget_form = BudgetForm(
        prefix="b", initial={"year": region.today().year + 1, "stage": Stage.APBD}
    )
    tags_form = TagsForm(prefix="t")
    rule_form = RuleForm(prefix="c")
    if request.method == "POST":
        if not _holds(request, Role.PLANNER):
            raise Http404
        if "remove-rule" in request.POST:
            value = request.POST["remove-rule"]
            ConstraintRule.objects.filter(region=region, pk=_whole(value) or 0).delete()
            messages.success(request, _("The rule is removed."))
            return redirect("backoffice:planning")
        if "c-name" in request.POST:
            rule_form = RuleForm(request.POST, prefix="c")
            if rule_form.is_valid():
                rule = rule_form.save(commit=False)
                rule.region = region
                rule.save()
                messages.success(request, _("The rule is added."))
                return redirect("backoffice:planning")
        elif "t-submit" in request.POST:
            tags_form = TagsForm(request.POST, request.FILES, prefix="t")
            if tags_form.is_valid():
                upload = tags_form.cleaned_data["file"]
                if queued := _queued(request, kind=ImportKind.TAGS, upload=upload, options={}):
                    return queued
                try:
                    count = tags_import(region=region, file=upload, filename=upload.name)
                except ValidationError as error:
                    problems = _refusal(request, error)
                else:
                    messages.success(request, _("%(count)s tags imported.") % {"count": count})
                    return redirect("backoffice:planning")
        elif "n-name" in request.POST:
            nomenclature_form = NomenclatureForm(request.POST, request.FILES, prefix="n")
            if nomenclature_form.is_valid():
                upload = nomenclature_form.cleaned_data["file"]
                options = {"name": nomenclature_form.cleaned_data["name"]}
                if queued := _queued(
                    request, kind=ImportKind.NOMENCLATURE, upload=upload, options=options
                ):
                    return queued
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
                options = {
                    "year": data["year"],
                    "stage": data["stage"],
                    "nomenclature": data["nomenclature"].pk,
                }
                if queued := _queued(
                    request, kind=ImportKind.BUDGET, upload=data["file"], options=options
                ):
                    return queued
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
            "latest": Budget.objects.filter(region=region).first(),
            "editable_kinds": scenarios.EDITABLE,
            "versions": NomenclatureVersion.objects.annotate(codes=Count("items")),
            "sets": RumpunSet.objects.filter(region=region).annotate(size=Count("rumpun")),
            "nomenclature_form": nomenclature_form,
            "budget_form": budget_form,
            "tags_form": tags_form,
            "rule_form": rule_form,
            "rules": ConstraintRule.objects.filter(region=region),
            "tags": SubKegiatanTag.objects.filter(region=region)
            .values("tag")
            .annotate(codes=Count("pk"))
            .order_by("tag"),
            "presets": [
                (key, name, RumpunSet.objects.filter(region=region, name=name).exists())
                for key, (name, _groups, _other) in PRESETS.items()
            ],
            "problems": problems,
            "unknown_agencies": sorted(unknown.items()),
            "may_edit": _holds(request, Role.PLANNER),
        },
    )


@roles_required(*PLANNING_ROLES)
def import_job(request, pk: int):
    """A queued import: its progress (the page reloads itself while it runs), then the
    outcome with each bad row, as an import in the request shows them."""
    job = get_object_or_404(
        ImportJob.objects.select_related("budget"), pk=_whole(str(pk)) or 0, region=request.region
    )
    response = render(
        request,
        "backoffice/planning_import_job.html",
        {
            "job": job,
            "problems": [
                {"row": row, "code": code, "message": message}
                for row, code, message in job.problems
            ],
            "unknown_agencies": job.unknown_agencies,
        },
    )
    if not job.finished:
        response["Refresh"] = "3"  # meta refresh as a header: no inline script under our CSP
    return response


@require_POST
@roles_required(Role.PLANNER)
def preset_create(request):
    if request.POST.get("preset", "pp18") not in PRESETS:
        raise Http404
    built = preset_build(region=request.region, key=request.POST.get("preset", "pp18"))
    messages.success(request, _("The set %(name)s is ready.") % {"name": built.name})
    return redirect("backoffice:planning")


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


def _budget(request, pk: int) -> Budget:
    """A budget stage of the request's region, or 404."""
    return get_object_or_404(
        Budget.objects.select_related("nomenclature"), pk=pk, region=request.region
    )


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


class MoveForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"), queryset=Agency.objects.none(), empty_label=None
    )
    to = forms.ModelChoiceField(
        label=gettext_lazy("Into rumpun"), queryset=Rumpun.objects.none(), empty_label=None
    )
    weight = forms.DecimalField(
        localize=True,  # "0,5" as Indonesians write it
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        label=gettext_lazy("Weight there (1: wholly; less: also stays where it is)"),
        min_value=Decimal("0.01"),
        max_value=1,
        decimal_places=2,
        initial=1,
    )

    def __init__(self, *args, scenario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(region=scenario.region)
        self.fields["to"].queryset = scenario.rumpun.all()


class RumpunForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the new rumpun"), max_length=200)


NEEDS_CODE = (AdjustmentScope.SUB_KEGIATAN, AdjustmentScope.LINE)


class AdjustmentForm(forms.Form):
    """What to change, picked from lists (akun group, rumpun, agency, tag) or, for a sub
    kegiatan or a single line, written as its code or number."""

    applies_to = forms.ChoiceField(label=gettext_lazy("Applies to"))
    code = forms.CharField(
        label=gettext_lazy("Sub kegiatan code or line number (only for those two)"),
        max_length=200,
        required=False,
    )
    percent = forms.DecimalField(
        label=gettext_lazy("Percent"),
        max_digits=6,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (rupiah)"),
        max_digits=18,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, scenario, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        region = scenario.region
        groups = [name for _prefix, name in AKUN_GROUPS]
        tags = (
            SubKegiatanTag.objects.filter(region=region)
            .values_list("tag", flat=True)
            .distinct()
            .order_by("tag")
        )
        self.fields["applies_to"].choices = [
            (_("Akun group"), [(f"akun_group:{g}", g) for g in groups]),
            (_("Rumpun"), [(f"rumpun:{r.pk}", r.name) for r in scenario.rumpun.all()]),
            (
                _("Agency"),
                [(f"agency:{a.pk}", a.short_name) for a in Agency.objects.filter(region=region)],
            ),
            (_("Tag"), [(f"tag:{t}", t) for t in tags]),
            (
                _("Written below"),
                [
                    ("sub_kegiatan:", _("A sub kegiatan (its code below)")),
                    ("line:", _("One budget line (its number below)")),
                ],
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("percent") is None) == (cleaned.get("amount") is None):
            raise ValidationError(_("Give either a percent or an amount."))
        scope, _sep, target = cleaned.get("applies_to", "").partition(":")
        if scope in NEEDS_CODE:
            target = self._target(scope, cleaned.get("code", "").strip())
        cleaned["scope"], cleaned["target"] = scope, target
        return cleaned

    def _target(self, scope: str, written: str) -> str:
        """A sub kegiatan code in any written form, or a line number, that the budget has."""
        lines = self.budget.lines
        if scope == AdjustmentScope.LINE:
            if not (written.isdigit() and lines.filter(pk=int(written)).exists()):
                self.add_error("code", _("This budget has no line %(n)s.") % {"n": written})
            return written
        try:
            code = planning_codes.parse(written).code
        except ValidationError:
            code = written
        if not lines.filter(sub_kegiatan=code).exists():
            self.add_error(
                "code", _("This budget funds no sub kegiatan %(code)s.") % {"code": written}
            )
        return code


@roles_required(*PLANNING_ROLES)
def scenario(request, pk: int, scenario: int):
    """A scenario or one of the region's own sets: its rumpun, moves and (for scenarios)
    adjustments, measured on the stage."""
    budget = _budget(request, pk)
    chosen = get_object_or_404(
        RumpunSet, pk=scenario, region=request.region, kind__in=scenarios.EDITABLE
    )
    is_scenario = chosen.kind == SetKind.SCENARIO
    move_form = MoveForm(scenario=chosen, prefix="m")
    adjustment_form = AdjustmentForm(scenario=chosen, budget=budget, prefix="a")
    rumpun_form = RumpunForm(prefix="r")
    if request.method == "POST":
        if not _holds(request, Role.PLANNER):
            raise Http404
        if "remove-adjustment" in request.POST:
            value = request.POST["remove-adjustment"]
            chosen.adjustments.filter(pk=_whole(value) or 0).delete()
            messages.success(request, _("The adjustment is removed."))
            return redirect(request.path)
        if "delete-set" in request.POST:
            name = chosen.name
            chosen.delete()
            messages.success(request, _("%(name)s is deleted.") % {"name": name})
            return redirect("backoffice:budget_analysis", pk=budget.pk)
        if "m-agency" in request.POST:
            move_form = MoveForm(request.POST, scenario=chosen, prefix="m")
            if move_form.is_valid():
                scenarios.scenario_move(
                    scenario=chosen,
                    agency=move_form.cleaned_data["agency"],
                    to=move_form.cleaned_data["to"],
                    weight=move_form.cleaned_data["weight"],
                )
                messages.success(request, _("Moved."))
                return redirect(request.path)
        elif "r-name" in request.POST:
            rumpun_form = RumpunForm(request.POST, prefix="r")
            if rumpun_form.is_valid():
                try:
                    scenarios.rumpun_add(rumpun_set=chosen, name=rumpun_form.cleaned_data["name"])
                except ValidationError as error:
                    rumpun_form.add_error("name", error)
                else:
                    messages.success(request, _("The rumpun is added."))
                    return redirect(request.path)
        elif is_scenario:
            adjustment_form = AdjustmentForm(
                request.POST, scenario=chosen, budget=budget, prefix="a"
            )
            if adjustment_form.is_valid():
                data = adjustment_form.cleaned_data
                Adjustment.objects.create(
                    scenario=chosen,
                    scope=data["scope"],
                    target=data["target"][:200],
                    percent=data["percent"],
                    amount=data["amount"],
                )
                messages.success(request, _("The adjustment is added."))
                return redirect(request.path)
    evaluation = scenarios.evaluate(chosen, budget)
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
            "is_scenario": is_scenario,
            "evaluation": evaluation,
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
            "move_form": move_form,
            "adjustment_form": adjustment_form,
            "rumpun_form": rumpun_form,
            "may_edit": _holds(request, Role.PLANNER),
            "others": RumpunSet.objects.filter(region=request.region).exclude(pk=chosen.pk),
        },
    )


@roles_required(*PLANNING_ROLES)
def compare(request, pk: int):
    """Two to four sets side by side on the same stage, with their differences; also as
    XLSX (?format=xlsx) and PDF (?format=pdf)."""
    budget = _budget(request, pk)
    wanted = [pk for pk in dict.fromkeys(map(_whole, request.GET.getlist("set"))) if pk]
    found = {s.pk: s for s in RumpunSet.objects.filter(region=request.region, pk__in=wanted)}
    sets = [found[pk] for pk in wanted if pk in found]
    try:
        columns = scenarios.compare(sets, budget)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = _whole(request.GET.get("dari", ""))  # the scenario page it came from
        if (
            back
            and RumpunSet.objects.filter(
                pk=back, region=request.region, kind__in=scenarios.EDITABLE
            ).exists()
        ):
            return redirect("backoffice:scenario", pk=pk, scenario=back)
        return redirect("backoffice:budget_analysis", pk=pk)
    groups = sorted({g for evaluation, _diff in columns for g in evaluation.akun_shares})
    name = f"perbandingan-rumpun-{budget.year}-{budget.stage}"
    match request.GET.get("format"):
        case "xlsx":
            response = HttpResponse(
                reports.comparison_xlsx(budget, columns, groups),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        case "pdf":
            response = HttpResponse(
                reports.comparison_pdf(budget, columns, groups, region=request.region),
                content_type="application/pdf",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            return response
    # Rumpun by name across the sets (a scenario keeps its base's names), and the agencies
    # each set places differently from the first.
    names = list(dict.fromkeys(f.rumpun.name for e, _d in columns for f in e.rumpun))
    totals = [{f.rumpun.name: f.total for f in e.rumpun} for e, _d in columns]
    placed = []
    for evaluation, _diff in columns:
        where = partition(evaluation.rumpun_set)
        title = {f.rumpun.pk: f.rumpun.name for f in evaluation.rumpun}
        placed.append({agency: title.get(r, "-") for agency, r in where.items()})
    agencies = {a.pk: a for a in Agency.objects.filter(region=request.region)}
    moved = [
        (agencies[agency], [where.get(agency, "-") for where in placed])
        for agency in sorted(agencies, key=lambda a: agencies[a].short_name)
        if len({where.get(agency, "-") for where in placed}) > 1
    ]
    return render(
        request,
        "backoffice/compare.html",
        {
            "budget": budget,
            "columns": columns,
            "groups": groups,
            "rumpun_rows": [
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
            "moved": moved,
            "query": request.GET.urlencode(),
        },
    )


@roles_required(*PLANNING_ROLES)
def rumpun_profile_view(request, pk: int, rumpun_pk: int):
    """One rumpun on one stage: agencies, money, programs, what they share, overlaps, and
    the PTSP services its agencies deliver."""
    budget = _budget(request, pk)
    group = get_object_or_404(
        Rumpun.objects.select_related("set"), pk=rumpun_pk, set__region=request.region
    )
    agencies = {a.pk: a for a in Agency.objects.filter(region=request.region)}
    if group.set.kind == SetKind.SCENARIO:  # its money changes apply here too
        lines = scenarios.adjusted_lines(group.set, budget)
    else:
        lines = budget_lines(budget)
    profile = rumpun_profile(group, budget, lines, today=request.region.today())
    return render(
        request,
        "backoffice/rumpun_profile.html",
        {
            "budget": budget,
            "profile": profile,
            "short": {pk: a.short_name for pk, a in agencies.items()},
            "members": [(agencies[a], w) for a, w in profile.members],
            "akun": sorted(profile.by_akun.items(), key=lambda kv: -kv[1]),
            "sources": sorted(profile.by_sumber_dana.items(), key=lambda kv: -kv[1]),
            "themes": sorted(profile.by_tag.items(), key=lambda kv: -kv[1]),
            "overlaps": [
                (
                    item,
                    [
                        (agencies[a], amount, a in dict(profile.members))
                        for a, amount in sorted(item.amounts.items())
                    ],
                )
                for item in profile.overlaps
            ],
        },
    )

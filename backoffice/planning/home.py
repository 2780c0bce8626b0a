"""The planning page: the stages, sets, rules and tags of the region, and one POST view per
action on it (import a budget stage, nomenclature codes or tags; add or remove a rule;
build a preset), each redirecting back or re-rendering the page with what was refused."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from access.rules import planning_may_edit
from access.views import roles_required
from backoffice.planning.common import PLANNING_ROLES, _queued, _refusal, _whole, planning_action
from backoffice.planning.forms import (
    NEW_AGENCY,
    AgenciesForm,
    AgencyMappingFormSet,
    BudgetForm,
    NomenclatureForm,
    RuleForm,
    TagsForm,
)
from core.formatting import number
from org.models import Agency, Role
from planning import scenarios
from planning.agencies import CHOSEN_FROM, Mapping, agencies_import, agencies_map
from planning.budget import BudgetRefusedError, budget_import
from planning.models import (
    Budget,
    ConstraintRule,
    ImportJob,
    ImportKind,
    NomenclatureVersion,
    RumpunSet,
    Stage,
    SubKegiatanTag,
)
from planning.nomenclature import nomenclature_import
from planning.rumpun.presets import PRESETS, preset_build
from planning.tags import tags_import


@require_safe
@roles_required(*PLANNING_ROLES)
def planning_home(request):
    return _home_page(request)


def _home_page(
    request,
    *,
    nomenclature_form=None,
    budget_form=None,
    tags_form=None,
    rule_form=None,
    agencies_form=None,
    problems=(),
    unknown=None,
    mapping=None,
):
    """The planning page, with the forms as given (bound and refused) or empty."""
    region = request.region
    return render(
        request,
        "backoffice/planning.html",
        {
            "budgets": Budget.objects.filter(region=region),
            "latest": Budget.objects.filter(region=region).first(),
            "editable_kinds": scenarios.EDITABLE,
            "versions": NomenclatureVersion.objects.annotate(codes=Count("items")),
            "sets": RumpunSet.objects.filter(region=region).annotate(size=Count("rumpun")),
            "nomenclature_form": nomenclature_form or NomenclatureForm(prefix="n"),
            "budget_form": budget_form
            or BudgetForm(
                prefix="b", initial={"year": region.today().year + 1, "stage": Stage.APBD}
            ),
            "tags_form": tags_form or TagsForm(prefix="t"),
            "agencies_form": agencies_form or AgenciesForm(prefix="o"),
            "agency_count": Agency.objects.filter(region=region).count(),
            "rule_form": rule_form or RuleForm(prefix="c"),
            "rules": ConstraintRule.objects.filter(region=region),
            "tags": SubKegiatanTag.objects.filter(region=region)
            .values("tag")
            .annotate(codes=Count("pk"))
            .order_by("tag"),
            "presets": [
                (key, name, RumpunSet.objects.filter(region=region, name=name).exists())
                for key, (name, _groups, _other) in PRESETS.items()
            ],
            "problems": list(problems),
            "unknown_agencies": unknown or [],
            "mapping": mapping or agency_mapping(region, unknown or []),
            "may_edit": planning_may_edit(request.user, request.region),
        },
    )


@planning_action
def budget_upload(request):
    """Import a budget stage (a large file goes to the worker); then its analysis."""
    form = BudgetForm(request.POST, request.FILES, prefix="b")
    if not form.is_valid():
        return _home_page(request, budget_form=form)
    data = form.cleaned_data
    options = {
        "year": data["year"],
        "stage": data["stage"],
        "nomenclature": data["nomenclature"].pk,
        "sheet": data["sheet"],
    }
    if queued := _queued(request, kind=ImportKind.BUDGET, upload=data["file"], options=options):
        return queued
    try:
        budget = budget_import(
            region=request.region,
            year=data["year"],
            stage=data["stage"],
            nomenclature=data["nomenclature"],
            file=data["file"],
            filename=data["file"].name,
            actor=request.user,
            sheet=data["sheet"],
        )
    except BudgetRefusedError as error:
        problems = _refusal(request, error)
        return _home_page(
            request,
            budget_form=form,
            problems=problems,
            unknown=[agency.as_json() for agency in error.unknown_agencies],
        )
    except ValidationError as error:
        return _home_page(request, budget_form=form, problems=_refusal(request, error))
    report = budget.import_report.summary()
    messages.success(
        request,
        _("%(budget)s: %(count)s lines imported.")
        % {"budget": budget, "count": number(budget.line_count)}
        + (f" {report}." if report else ""),
    )
    return redirect("backoffice:budget_analysis", pk=budget.pk)


@planning_action
def nomenclature_upload(request):
    """Import a version of the nomenclature codes (a large file goes to the worker)."""
    form = NomenclatureForm(request.POST, request.FILES, prefix="n")
    if not form.is_valid():
        return _home_page(request, nomenclature_form=form)
    upload, name = form.cleaned_data["file"], form.cleaned_data["name"]
    kind = ImportKind.NOMENCLATURE
    if queued := _queued(request, kind=kind, upload=upload, options={"name": name}):
        return queued
    try:
        version = nomenclature_import(
            name=name, file=upload, filename=upload.name, actor=request.user
        )
    except ValidationError as error:
        return _home_page(request, nomenclature_form=form, problems=_refusal(request, error))
    messages.success(
        request,
        _("%(name)s: %(count)s codes imported.")
        % {"name": version.name, "count": version.items.count()},
    )
    return redirect("backoffice:planning")


@planning_action
def tags_upload(request):
    """Replace the region's thematic tags with a file's (a large file goes to the worker)."""
    form = TagsForm(request.POST, request.FILES, prefix="t")
    if not form.is_valid():
        return _home_page(request, tags_form=form)
    upload = form.cleaned_data["file"]
    if queued := _queued(request, kind=ImportKind.TAGS, upload=upload, options={}):
        return queued
    try:
        count = tags_import(region=request.region, file=upload, filename=upload.name)
    except ValidationError as error:
        return _home_page(request, tags_form=form, problems=_refusal(request, error))
    messages.success(request, _("%(count)s tags imported.") % {"count": count})
    return redirect("backoffice:planning")


@planning_action
def agencies_upload(request):
    """Create the region's agencies from a list, all or none (planning.agencies)."""
    form = AgenciesForm(request.POST, request.FILES, prefix="o")
    if not form.is_valid():
        return _home_page(request, agencies_form=form)
    upload = form.cleaned_data["file"]
    try:
        created, skipped = agencies_import(region=request.region, file=upload, filename=upload.name)
    except ValidationError as error:
        return _home_page(request, agencies_form=form, problems=_refusal(request, error))
    messages.success(
        request,
        _("%(created)s agencies created; %(skipped)s were there already.")
        % {"created": number(created), "skipped": number(skipped)},
    )
    return redirect("backoffice:planning")


@planning_action
def rule_add(request):
    form = RuleForm(request.POST, prefix="c")
    if not form.is_valid():
        return _home_page(request, rule_form=form)
    try:
        scenarios.constraint_rule_add(region=request.region, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _home_page(request, rule_form=form)
    messages.success(request, _("The rule is added."))
    return redirect("backoffice:planning")


@planning_action
def rule_remove(request):
    value = request.POST.get("remove-rule", "")
    scenarios.constraint_rule_remove(region=request.region, pk=_whole(value) or 0)
    messages.success(request, _("The rule is removed."))
    return redirect("backoffice:planning")


@require_POST
@roles_required(Role.PLANNER)
def preset_create(request):
    if request.POST.get("preset", "pp18") not in PRESETS:
        raise Http404
    built = preset_build(region=request.region, key=request.POST.get("preset", "pp18"))
    messages.success(request, _("The set %(name)s is ready.") % {"name": built.name})
    return redirect("backoffice:planning")


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
            "mapping": agency_mapping(request.region, job.unknown_agencies),
        },
    )
    if not job.finished:
        response["Refresh"] = "3"  # meta refresh as a header: no inline script under our CSP
    return response


def agency_mapping(region, unknown: list[dict]):
    """The form to map or create the agencies an import did not find (UnknownAgency.as_json),
    the closest suggestion chosen where it is close enough, otherwise "new"."""
    if not unknown:
        return None
    initial = [
        {
            "name": agency["name"],
            "code": agency["code"],
            "bidang": agency["bidang"],
            "target": next(
                (str(pk) for pk, _name, score in agency["suggestions"][:1] if score >= CHOSEN_FROM),
                NEW_AGENCY,
            ),
        }
        for agency in unknown
    ]
    formset = AgencyMappingFormSet(
        prefix="a",
        initial=initial,
        agencies=Agency.objects.filter(region=region).order_by("name"),
        suggestions={index: agency["suggestions"] for index, agency in enumerate(unknown)},
    )
    shown = [agency | {"amount": Decimal(agency["amount"])} for agency in unknown]
    return list(zip(formset.forms, shown, strict=True)), formset.management_form


@planning_action
def agencies_map_save(request):
    """Save the planner's mapping of a file's agencies: remembered names and codes, new
    agencies created, all or none; then the file is uploaded again."""
    formset = AgencyMappingFormSet(
        request.POST, prefix="a", agencies=Agency.objects.filter(region=request.region)
    )
    if not formset.is_valid():
        messages.error(request, _("The mapping could not be read; import the file again."))
        return redirect("backoffice:planning")
    mappings = [
        Mapping(
            code=form.cleaned_data["code"].strip(),
            name=form.cleaned_data["name"].strip(),
            bidang=form.cleaned_data["bidang"].strip(),
            agency=form.cleaned_data["agency"],
        )
        for form in formset.forms
    ]
    try:
        created, remembered = agencies_map(
            region=request.region, mappings=mappings, actor=request.user
        )
    except ValidationError as error:
        messages.error(
            request,
            _("Nothing was saved: %(errors)s") % {"errors": "; ".join(error.messages)},
        )
        return redirect("backoffice:planning")
    messages.success(
        request,
        _(
            "%(created)s agencies created and %(remembered)s names or codes remembered. "
            "Import the file again."
        )
        % {"created": created, "remembered": remembered},
    )
    return redirect(reverse("backoffice:planning") + "#import-budget")

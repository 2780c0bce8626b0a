"""Staff pages. Every view declares the roles it allows (access.views.roles_required)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from access.rules import (
    may_confirm_payment,
    may_revoke_permit,
    staff_cases,
    tasks_to_act_on,
    unpaid_bills,
)
from access.views import roles_required
from catalog.models import Service
from core.audit import personal_data_viewed
from core.http import client_address
from core.money import parse_rupiah
from licensing import domain, history, issuance, retribusi
from licensing.models import (
    Application,
    Bill,
    CaseTask,
    Inspection,
    Permit,
    SlaState,
    TaskStatus,
)
from org.models import CASE_READERS, CASE_ROLES, Role, held_roles

INBOX_PAGE_SIZE = 50
# Which of the inbox's counts is the number of tasks a time filter shows.
INBOX_COUNT_OF_SLA = {
    "": "all",
    TaskStatus.PAUSED: "paused",
    SlaState.AT_RISK: "at_risk",
    SlaState.OVERDUE: "overdue",
}


class InboxFilter(forms.Form):
    layanan = forms.ModelChoiceField(
        label=gettext_lazy("Service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=gettext_lazy("All services"),
    )
    tahap = forms.IntegerField(label=gettext_lazy("Stage"), min_value=1, required=False)
    sla = forms.ChoiceField(
        label=gettext_lazy("Time"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            (SlaState.AT_RISK, SlaState.AT_RISK.label),
            (SlaState.OVERDUE, SlaState.OVERDUE.label),
            (TaskStatus.PAUSED, TaskStatus.PAUSED.label),
        ],
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = Service.objects.filter(region=region).order_by("name")


@roles_required(*Role.values)
def home(request):
    """My inbox: open tasks of my agencies for my roles, most urgent first."""
    region = request.region
    today = region.today()
    tasks = CaseTask.objects.inbox(request.user, region)
    paused = CaseTask.objects.inbox(request.user, region, status=TaskStatus.PAUSED)
    counts = {
        "all": tasks.count(),
        "at_risk": tasks.at_risk(today).count(),
        "overdue": tasks.overdue(today).count(),
        "paused": paused.count(),
    }
    form = InboxFilter(request.GET or None, region=region)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    if filters.get("sla") == TaskStatus.PAUSED:
        tasks = paused  # returned to the applicant: the clock waits, nothing is due
    elif filters.get("sla") == SlaState.AT_RISK:
        tasks = tasks.at_risk(today)
    elif filters.get("sla") == SlaState.OVERDUE:
        tasks = tasks.overdue(today)
    if service := filters.get("layanan"):
        tasks = tasks.filter(application__service_version__service=service)
    if stage := filters.get("tahap"):
        tasks = tasks.filter(stage=stage)
    paginator = Paginator(
        tasks.select_related("application__service_version__service", "agency").order_by(
            "due_on", "pk"
        ),
        INBOX_PAGE_SIZE,
    )
    if not service and not stage:
        # Counted above already: counting tens of thousands of open tasks twice is the
        # inbox's largest cost (docs/benchmarks.md).
        paginator.count = counts[INBOX_COUNT_OF_SLA[filters.get("sla") or ""]]
    page = paginator.get_page(request.GET.get("halaman"))
    rows = [(task, task.sla_state(today)) for task in page]
    query = request.GET.copy()
    query.pop("halaman", None)
    staff_roles = held_roles(request.user, region)
    return render(
        request,
        "backoffice/home.html",
        {
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "counts": counts,
            "form": form,
            "held_roles": staff_roles,
            "is_treasurer": any(held.role == Role.TREASURER for held in staff_roles),
            "today": today,
        },
    )


def _case(request, pk: int) -> Application:
    """A case I work on (a task of my agency and role), or 404: others do not exist for me."""
    application = (
        staff_cases(request.user, request.region)
        .select_related("service_version__service", "person", "business", "region")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


@roles_required(*CASE_READERS)
def case(request, pk: int):
    application = _case(request, pk)
    personal_data_viewed(request, object_type="licensing.application", object_id=application.pk)
    today = request.region.today()
    form = application.service_version.application_form_class()(application.form_data)
    tasks = list(application.tasks.select_related("agency", "completed_by"))
    inspections = {
        i.task_id: i
        for i in Inspection.objects.filter(task__application=application).prefetch_related("photos")
    }
    return render(
        request,
        "backoffice/case.html",
        {
            "application": application,
            "answers": application.service_version.answers(application.form_data),
            "documents": application.documents.select_related(
                "requirement__document_type", "document"
            ),
            "tasks": [(task, task.sla_state(today), inspections.get(task.pk)) for task in tasks],
            "my_tasks": [
                (task, inspections.get(task.pk))
                for task in tasks_to_act_on(request.user, application)
            ],
            "requirements": application.service_version.requirements.select_related(
                "document_type"
            ),
            "fields": list(form.fields.items()),
            "history": history.case_history(application),
            "correction": application.corrections.filter(resolved_at__isnull=True).first(),
            "today": today,
            "permit": Permit.objects.filter(application=application).first(),
            "bill": Bill.objects.filter(application=application).select_related("payment").first(),
            "fee": application.fee_due() if application.status == "approved" else None,
            "is_treasurer": may_confirm_payment(request.user, request.region),
            "may_revoke": may_revoke_permit(request.user, request.region),
        },
    )


@require_POST
@roles_required(*CASE_ROLES)
def task_action(request, pk: int, task_pk: int, action: str):
    """One action on one of my open tasks; the domain decides whether it still applies."""
    application = _case(request, pk)
    task = CaseTask.objects.filter(pk=task_pk, application=application).first()
    if task is None:
        raise Http404
    client = client_address(request)
    post = request.POST
    try:
        match action:
            case "terima":
                domain.application_accept(task=task, actor=request.user, client_address=client)
                done = _("The application is accepted and goes to the technical stage.")
            case "kembalikan":
                items = [
                    {"requirement": r, "note": post.get(f"req-{r.pk}", "")}
                    for r in application.service_version.requirements.all()
                ] + [
                    {"field_key": key, "note": post.get(f"field-{key}", "")}
                    for key in application.service_version.fields.values_list("key", flat=True)
                ]
                domain.application_return(
                    task=task, actor=request.user, items=items, client_address=client
                )
                done = _("The application is returned to the applicant; the clock is paused.")
            case "rekomendasi":
                domain.review_recommend(
                    task=task,
                    actor=request.user,
                    approve=post.get("decision") == "approve",
                    reason=post.get("reason", ""),
                    client_address=client,
                )
                done = _("Your recommendation is recorded.")
            case "minta-pemeriksaan":
                domain.inspection_request(
                    task=task,
                    actor=request.user,
                    note=post.get("reason", ""),
                    client_address=client,
                )
                done = _("A field inspection is requested.")
            case "bap":
                done = _file_bap(request, task, client)
            case "putuskan":
                domain.application_decide(
                    task=task,
                    actor=request.user,
                    approve=post.get("decision") == "approve",
                    reason=post.get("reason", ""),
                    client_address=client,
                )
                done = _("The decision is recorded.")
            case "skrd":
                bill = retribusi.bill_issue(task=task, actor=request.user, client_address=client)
                done = _("SKRD %(number)s is issued; the applicant is told what to pay.") % {
                    "number": bill.number
                }
            case "tandatangani":
                permit = issuance.permit_issue(
                    task=task,
                    actor=request.user,
                    passphrase=post.get("passphrase", ""),
                    client_address=client,
                )
                done = _("Signed: permit %(number)s is issued.") % {"number": permit.number}
            case _:
                raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("backoffice:case", pk=application.pk)


@require_POST
@roles_required(Role.SIGNING_OFFICIAL)
def permit_revoke(request, pk: int):
    """Pencabutan: the permit shows as revoked on its verification page at once."""
    permit = Permit.objects.filter(pk=pk, region=request.region).first()
    if permit is None:
        raise Http404
    _case(request, permit.application_id)  # 404 unless the case is visible to this officer
    try:
        issuance.permit_revoke(
            permit=permit,
            actor=request.user,
            reason=request.POST.get("reason", "")[:1000],
            client_address=client_address(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Permit %(number)s is revoked.") % {"number": permit.number})
    return redirect("backoffice:case", pk=permit.application_id)


@require_POST
@roles_required(Role.TREASURER)
def payment_confirm(request, pk: int):
    """The treasurer confirms a payment seen on the bank statement, with its reference."""
    bill = Bill.objects.filter(pk=pk, region=request.region).first()
    if bill is None:
        raise Http404
    _case(request, bill.application_id)  # 404 unless the case is visible to this officer
    try:
        amount = parse_rupiah(request.POST.get("amount", ""))
        retribusi.payment_confirm(
            bill=bill,
            actor=request.user,
            reference=request.POST.get("reference", "")[:64],
            amount=amount,
            client_address=client_address(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The payment is recorded; the permit goes to signature."))
    return redirect("backoffice:case", pk=bill.application_id)


@roles_required(Role.TREASURER)
def bills(request):
    """SKRD waiting for payment on my cases, the earliest due first."""
    paginator = Paginator(
        unpaid_bills(request.user, request.region)
        .select_related("application__service_version__service")
        .order_by("due_on", "pk"),
        INBOX_PAGE_SIZE,
    )
    return render(
        request,
        "backoffice/bills.html",
        {"page": paginator.get_page(request.GET.get("halaman")), "today": request.region.today()},
    )


@require_POST
@roles_required(Role.TREASURER)
def bill_cancel(request, pk: int):
    """The treasurer cancels an unpaid SKRD when the decision is reversed, with a reason."""
    bill = Bill.objects.filter(pk=pk, region=request.region).first()
    if bill is None:
        raise Http404
    _case(request, bill.application_id)  # 404 unless the case is visible to this officer
    try:
        retribusi.bill_cancel(
            bill=bill,
            actor=request.user,
            reason=request.POST.get("reason", "")[:1000],
            client_address=client_address(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("SKRD %(number)s is cancelled; the application is closed.") % {"number": bill.number},
        )
    return redirect("backoffice:bills")


def _file_bap(request, task, client) -> str:
    try:
        inspected_on = datetime.date.fromisoformat(request.POST.get("inspected_on", ""))
    except ValueError:
        raise ValidationError(_("Enter the inspection date.")) from None
    # The photos are stored by the domain, once the report is accepted.
    domain.inspection_file(
        task=task,
        actor=request.user,
        inspected_on=inspected_on,
        inspectors=request.POST.get("inspectors", ""),
        findings=request.POST.get("findings", ""),
        photos=request.FILES.getlist("photos"),
        client_address=client,
    )
    return _("The inspection report (BAP) is filed.")


@require_POST
@roles_required(Role.FRONT_OFFICE)
def document_verify(request, pk: int, document_pk: int):
    application = _case(request, pk)
    use = application.documents.filter(document_id=document_pk).select_related("document").first()
    if use is None:
        raise Http404
    domain.document_verify(
        document=use.document, actor=request.user, accept=request.POST.get("accept") == "1"
    )
    messages.success(request, _("The document's verification is recorded."))
    return redirect("backoffice:case", pk=application.pk)

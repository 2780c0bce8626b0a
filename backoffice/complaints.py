"""Complaints at the office: the region's complaint admin verifies and routes; the agency's
liaison posts the follow-up plan and the answer. A liaison sees only complaints routed to
their agencies, and never the identity of a confidential complainant."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.rules import (
    complainant_identity_visible,
    complaint_attachment_visible,
    may_answer_complaint,
    may_route_complaint,
    staff_complaints,
)
from access.views import roles_required
from core.files import private_file
from feedback import complaints
from feedback.models import (
    CLOSED_COMPLAINT,
    STATUS_FROM_URL,
    STATUS_IN_URL,
    ComplaintAttachment,
    ComplaintStatus,
    Tier,
)
from org.models import Agency, Role

ROLES = (Role.COMPLAINT_ADMIN, Role.COMPLAINT_LIAISON)


@roles_required(*ROLES)
def inbox(request):
    status = request.GET.get("status", "")  # a word of STATUS_IN_URL, or "terlambat"
    found = staff_complaints(request.user, request.region).select_related("agency", "service")
    if status in STATUS_FROM_URL:
        found = found.filter(status=STATUS_FROM_URL[status])
    elif status == "terlambat":
        found = found.filter(escalated=True).exclude(status__in=CLOSED_COMPLAINT)
    return render(
        request,
        "backoffice/complaints.html",
        {
            "complaints": found[:200],
            "status": status,
            "statuses": [(STATUS_IN_URL[value], label) for value, label in ComplaintStatus.choices],
            "today": request.region.today(),
        },
    )


class RouteForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency that answers"), queryset=None)
    tier = forms.ChoiceField(
        label=gettext_lazy("Tier"),
        choices=[("", gettext_lazy("— choose —")), *Tier.choices],  # no default: decide
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the agency and the complainant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(region=region).order_by("name")


class CloseForm(forms.Form):
    to = forms.ChoiceField(
        label=gettext_lazy("Instead"),
        choices=[
            (ComplaintStatus.POSTPONED, gettext_lazy("Postpone (more information needed)")),
            (ComplaintStatus.NOT_AUTHORITY, gettext_lazy("Not our authority")),
            (ComplaintStatus.ARCHIVED, gettext_lazy("Archive")),
        ],
    )
    note = forms.CharField(
        label=gettext_lazy("Reason (the complainant reads it)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 4}))


@roles_required(*ROLES)
def detail(request, pk: int):
    complaint = (
        staff_complaints(request.user, request.region)
        .filter(pk=pk)
        .select_related("agency", "service", "application")
        .first()
    )
    if complaint is None:
        raise Http404
    is_admin = may_route_complaint(request.user, complaint)
    route_form = RouteForm(
        prefix="r",
        region=request.region,
        initial={"agency": complaint.service.responsible_agency_id if complaint.service else None},
    )
    close_form = CloseForm(prefix="c")
    answer_form = AnswerForm(prefix="t")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "route" and is_admin:
                route_form = RouteForm(request.POST, prefix="r", region=request.region)
                if route_form.is_valid():
                    complaints.complaint_route(
                        complaint=complaint, actor=request.user, **route_form.cleaned_data
                    )
                    messages.success(request, _("Sent to the agency."))
                    return redirect(request.path)
            elif action == "close" and is_admin:
                close_form = CloseForm(request.POST, prefix="c")
                if close_form.is_valid():
                    complaints.complaint_close_early(
                        complaint=complaint, actor=request.user, **close_form.cleaned_data
                    )
                    messages.success(request, _("Saved."))
                    return redirect(request.path)
            elif action == "send_back":
                answer_form = AnswerForm(request.POST, prefix="t")
                if answer_form.is_valid():
                    complaints.complaint_send_back(
                        complaint=complaint,
                        actor=request.user,
                        reason=answer_form.cleaned_data["text"],
                    )
                    messages.success(request, _("Sent back to the complaint administrator."))
                    return redirect("backoffice:complaints")
            elif action in ("plan", "resolve"):
                answer_form = AnswerForm(request.POST, prefix="t")
                if answer_form.is_valid():
                    text = answer_form.cleaned_data["text"]
                    if action == "plan":
                        complaints.complaint_follow_up(
                            complaint=complaint, actor=request.user, plan=text
                        )
                    else:
                        complaints.complaint_resolve(
                            complaint=complaint, actor=request.user, answer=text
                        )
                    messages.success(
                        request,
                        _("Saved.")
                        if complaint.anonymous
                        else _("Saved; the complainant is told."),
                    )
                    return redirect(request.path)
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    # The agency never sees who a confidential complainant is.
    show_identity = complainant_identity_visible(complaint, request.user)
    is_liaison = may_answer_complaint(request.user, complaint)
    return render(
        request,
        "backoffice/complaint.html",
        {
            "complaint": complaint,
            "events": complaint.events.select_related("actor"),
            "attachments": complaint.attachments.all(),
            "show_identity": show_identity,
            "is_admin": is_admin,
            "is_liaison": is_liaison,
            "route_form": route_form,
            "close_form": close_form,
            "answer_form": answer_form,
            "today": request.region.today(),
        },
    )


@roles_required(*ROLES)
def attachment(request, pk: int, attachment_pk: int):
    found = ComplaintAttachment.objects.filter(pk=attachment_pk, complaint_id=pk).first()
    if found is None or not complaint_attachment_visible(found, request.user, request.region):
        raise Http404
    return private_file(
        found.file,
        request=request,
        object_type="feedback.complaintattachment",
        object_id=found.pk,
        sha256=found.sha256 or None,  # attachments filed before digests were kept: by size
        size=found.size,
        content_type=found.content_type,
        filename=found.name,
        as_attachment=False,
    )

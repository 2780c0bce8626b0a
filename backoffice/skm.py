"""Satisfaction surveys at the office: the kiosk for walk-in respondents and the IKM report
(page, XLSX, PDF) of a service, an agency or the region for a period."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.rules import roles_of
from access.views import roles_required
from catalog.models import Service
from feedback import exports
from feedback.domain import NO_ELEMENTS, elements_for, survey_submit
from feedback.forms import SurveyForm
from feedback.models import Channel
from feedback.report import Period, ikm_report
from org.models import Agency, Role, StaffRole

REPORT_ROLES = (
    Role.LEADERSHIP,
    Role.PLANNER,
    Role.REGION_ADMIN,
    Role.COMPLAINT_ADMIN,
    Role.FRONT_OFFICE,
    Role.SIGNING_OFFICIAL,
)
# These read every agency's figures; the others only their own agencies'.
REGION_WIDE = {Role.LEADERSHIP, Role.PLANNER, Role.REGION_ADMIN, Role.COMPLAINT_ADMIN}


class KioskServiceForm(forms.Form):
    service = forms.ModelChoiceField(
        label=gettext_lazy("Service the respondent used"),
        queryset=Service.objects.none(),
        empty_label=gettext_lazy("— choose —"),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(region=region, is_active=True)


@roles_required(Role.FRONT_OFFICE)
def kiosk(request):
    """A walk-in respondent answers on the counter's tablet; the officer never sees the
    answers of one person (the form starts blank again after each)."""
    elements = elements_for(request.region)
    if not elements:
        return render(
            request, "backoffice/skm_kiosk.html", {"unavailable": NO_ELEMENTS}, status=503
        )
    chooser = KioskServiceForm(request.POST or None, region=request.region, prefix="k")
    form = SurveyForm(request.POST or None, elements=elements)
    if request.method == "POST" and chooser.is_valid() and form.is_valid():
        try:
            survey_submit(
                region=request.region,
                service=chooser.cleaned_data["service"],
                channel=Channel.KIOSK,
                gender=form.cleaned_data["gender"],
                education=form.cleaned_data["education"],
                occupation=form.cleaned_data["occupation"],
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the answers are saved. Next respondent."))
            return redirect("backoffice:skm_kiosk")
    return render(request, "backoffice/skm_kiosk.html", {"chooser": chooser, "form": form})


class ReportForm(forms.Form):
    service = forms.ModelChoiceField(
        label=gettext_lazy("Service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=gettext_lazy("(all)"),
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=gettext_lazy("(all)"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Period"),
        choices=[
            ("triwulan", gettext_lazy("Quarter")),
            ("semester", gettext_lazy("Semester")),
            ("tahun", gettext_lazy("Year")),
        ],
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=gettext_lazy("Quarter or semester number (not for a year)"),
        min_value=1,
        max_value=4,
        required=False,
    )
    legacy = forms.BooleanField(
        label=gettext_lazy("Weigh each element 0,111 as old spreadsheets did (for comparison)"),
        required=False,
    )

    def __init__(self, *args, services, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["agency"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        kind, number = cleaned.get("kind"), cleaned.get("number")
        if kind == "semester" and number and number > 2:
            self.add_error("number", _("A year has two semesters."))
        if kind == "tahun":
            cleaned["number"] = 1
        elif kind and not number:
            self.add_error("number", _("Which quarter or semester?"))
        service, agency = cleaned.get("service"), cleaned.get("agency")
        if service and agency and service.responsible_agency_id != agency.pk:
            self.add_error(
                "service",
                _("%(service)s is a service of %(agency)s; leave the agency empty or pick it.")
                % {"service": service, "agency": service.responsible_agency.short_name},
            )
        return cleaned


@roles_required(*REPORT_ROLES)
def report(request):
    region = request.region
    held = roles_of(request.user, region)
    agencies = Agency.objects.filter(region=region)
    if not held & REGION_WIDE:
        agencies = agencies.filter(
            pk__in=StaffRole.objects.held(request.user, region).values("agency")
        )
    services = Service.objects.filter(region=region, responsible_agency__in=agencies)
    current = Period.containing(region.today())
    form = ReportForm(
        request.GET or None,
        services=services,
        agencies=agencies,
        initial={"kind": current.kind, "year": current.year, "number": current.number},
    )
    context = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = Period(data["kind"], data["year"], data["number"])
        agency = data["agency"]
        # Staff of agencies read their own agencies together, never the region's.
        own = None if agency is not None or held & REGION_WIDE else list(agencies)
        result = ikm_report(
            region,
            period,
            service=data["service"],
            agency=agency,
            agencies=own,
            legacy=data["legacy"],
        )
        scope = (
            data["service"] or agency or (", ".join(a.short_name for a in own) if own else region)
        )
        context.update({"result": result, "scope": scope, "query": request.GET.urlencode()})
        what = (
            data["service"].code
            if data["service"]
            else slugify(agency.short_name)
            if agency
            else "daerah"
        )
        name = f"ikm-{what}-{period.year}-{period.kind}-{period.number}"
        match request.GET.get("format"):
            case "xlsx":
                response = HttpResponse(
                    exports.report_xlsx(result, scope=scope),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
                return response
            case "pdf":
                response = HttpResponse(
                    exports.report_pdf(result, scope=scope, region=region),
                    content_type="application/pdf",
                )
                response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
                return response
    return render(request, "backoffice/skm_report.html", context)

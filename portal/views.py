"""Public pages: home, the service catalog and a service's published standard."""

import hmac
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.static import serve

from access.rules import roles_of
from catalog.models import Category, Service, VersionStatus
from core import ratelimit
from core.http import client_address
from feedback.report import latest_by_service, sample_short
from licensing.domain import pin_digest
from licensing.models import Application, Bill, BillStatus, Permit
from org.second_factor import second_factor_redirect
from portal.forms import CatalogSearchForm, TrackingForm


def _services(region):
    return (
        Service.objects.filter(region=region)
        .published()
        .select_related("responsible_agency")
        .distinct()
    )


def _involving(**agency_lookup) -> Q:
    """Services whose responsible agency, or an agency in the published workflow, matches."""
    responsible = {f"responsible_agency__{key}": value for key, value in agency_lookup.items()}
    in_workflow = {f"versions__tasks__agency__{key}": value for key, value in agency_lookup.items()}
    return Q(**responsible) | Q(versions__status=VersionStatus.PUBLISHED, **in_workflow)


@login_not_required
def home(request):
    region = request.region
    services = _services(region) if region else Service.objects.none()
    counts = dict(
        services.order_by().values_list("category").annotate(count=Count("pk", distinct=True))
    )
    categories = [
        (code, label, counts[code]) for code, label in Category.choices if counts.get(code)
    ]
    return render(
        request,
        "portal/home.html",
        {
            "service_count": sum(counts.values()),
            "categories": categories,
            "form": CatalogSearchForm(region=region),
        },
    )


@login_not_required
def service_list(request):
    region = request.region
    if region is None:
        raise Http404
    form = CatalogSearchForm(request.GET or None, region=region)
    services = _services(region)
    form.is_valid()  # a filter that does not validate is left out; the others still apply
    filters = getattr(form, "cleaned_data", {})
    if keyword := filters.get("q", "").strip():
        services = services.filter(
            Q(name__icontains=keyword)
            | Q(code__icontains=keyword)
            | _involving(name__icontains=keyword)
            | _involving(short_name__icontains=keyword)
        )
    if agency := filters.get("instansi"):
        services = services.filter(_involving(pk=agency.pk))
    if category := filters.get("kategori"):
        services = services.filter(category=category)
    services = services.order_by("name")
    return render(
        request,
        "portal/service_list.html",
        {"form": form, "services": services, "filtered": bool(request.GET)},
    )


@login_not_required
def service_detail(request, code: str):
    region = request.region
    service = (
        Service.objects.filter(region=region, code=code, is_active=True)
        .select_related("responsible_agency")
        .first()
    )
    version = service.published_version if service else None
    if version is None:
        raise Http404
    ikm = latest_by_service(region, [service], today=region.today()).get(service.pk)
    return render(
        request,
        "portal/service_detail.html",
        {
            "service": service,
            "version": version,
            "requirements": version.requirements.select_related("document_type"),
            "stages": version.stages(),
            "legal_basis": [line for line in version.legal_basis.splitlines() if line.strip()],
            "ikm": ikm,
            "ikm_sample_short": ikm is not None
            and sample_short(region, service, ikm, today=region.today()),
        },
    )


def account(request):
    """Who am I: the applicant profiles and staff roles of the signed-in user."""
    return render(
        request,
        "portal/account.html",
        {
            "roles": request.user.staff_roles.filter(active=True).select_related("agency"),
            "people": request.user.applicant_profiles.all(),
            "has_staff_role": bool(roles_of(request.user, request.region)),
        },
    )


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's too."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@login_not_required
def admin_login(request):
    """The configuration screens sign in through the same page as everyone else, and pass
    the same second factor as the staff pages."""
    target = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/admin/"
    if request.user.is_authenticated:
        held = roles_of(request.user, request.region)
        factor = second_factor_redirect(request, held, next_url=target)
        if factor is not None:
            return redirect(factor)
        raise PermissionDenied  # signed in, but not allowed into the configuration screens
    return redirect_to_login(target)


@login_not_required
def region_logo(request, path: str):
    """The demo's way to show an uploaded region logo (production: the reverse proxy)."""
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "region-logos")


@login_not_required
def track(request):
    """Public tracking by registration number and PIN; wrong PINs are rate-limited."""
    form = TrackingForm(request.POST or None)
    application = None
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"].strip().upper()
        limits = ratelimit.guess_limits("track", number=number, address=client_address(request))
        if ratelimit.limits_reached(request, limits):
            form.add_error(None, _("Too many wrong attempts. Try again in 15 minutes."))
        else:
            candidate = Application.objects.filter(
                region=request.region, registration_number=number
            ).first()
            digest = pin_digest(number, form.cleaned_data["pin"])
            if candidate is None or not hmac.compare_digest(candidate.pin_digest, digest):
                ratelimit.failure_record(request, limits)
                form.add_error(None, _("The registration number and PIN do not match."))
            else:
                application = candidate
    context = {"form": form, "application": application}
    if application is not None:
        context.update(tracking_view(application))
    return render(request, "portal/track.html", context)


def tracking_view(application) -> dict:
    """What the public may see of a case: stages, dates, who holds it, what to do. No names."""
    tasks = list(application.tasks.select_related("agency"))
    stages = []
    for number in sorted({task.stage for task in tasks}):
        stage_tasks = [task for task in tasks if task.stage == number]
        stages.append(
            {
                "number": number,
                "name": stage_tasks[0].stage_name,
                "tasks": stage_tasks,
                "open": any(task.status == "open" for task in stage_tasks),
                "done": all(task.status == "done" for task in stage_tasks),
            }
        )
    correction = application.corrections.filter(resolved_at__isnull=True).first()
    return {
        "stages": stages,
        "correction": correction,
        "bill": Bill.objects.filter(application=application, status=BillStatus.UNPAID).first(),
        "permit": Permit.objects.filter(application=application).first(),
        "masked_name": application.person.masked_name,
    }

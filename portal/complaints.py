"""Complaints in public: file one (signed in or not, anonymous if wished), follow it with
its number and secret, rate the handling, and read the public ones without personal data."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.http import client_address
from feedback.complaints import (
    complaint_add_information,
    complaint_file,
    complaint_find,
    complaint_rate,
)
from feedback.forms import ComplaintForm, InformationForm, RatingForm, TrackComplaintForm
from feedback.models import Classification, Complaint


@login_not_required
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    form = ComplaintForm(
        request.POST or None,
        request.FILES or None,
        region=request.region,
        user=request.user,
        initial=_initial(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint, secret = complaint_file(
                region=request.region,
                classification=data["classification"],
                title=data["title"],
                what_happened=data["what_happened"],
                remedy_wanted=data["remedy_wanted"],
                service=data["service"],
                application=data.get("application"),
                anonymous=data["anonymous"],
                confidential=data["confidential"],
                user=request.user if request.user.is_authenticated else None,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                attachments=data["attachments"],
                address=data["address"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Shown once on the next page; a reload there files nothing again.
            request.session["complaint_filed"] = {"pk": complaint.pk, "secret": secret}
            return redirect("portal:complaint_filed")
    return render(request, "feedback/complaint_new.html", {"form": form})


def _initial(request) -> dict:
    """The signed-in applicant's name and contacts, and the service or case the link names."""
    initial = {"classification": Classification.COMPLAINT}
    if request.user.is_authenticated:
        person = request.user.applicant_profiles.filter(region=request.region).first()
        if person is not None:
            initial |= {"name": person.name, "email": person.email, "phone": person.phone}
    for key in ("service", "application"):
        value = request.GET.get(key, "")
        if value.isdigit():
            initial[key] = int(value)
    return initial


@login_not_required
def complaint_filed(request):
    shown = request.session.pop("complaint_filed", None)
    complaint = (
        Complaint.objects.filter(region=request.region, pk=shown["pk"]).first() if shown else None
    )
    if complaint is None:
        return redirect("portal:complaint_track")
    return render(
        request,
        "feedback/complaint_filed.html",
        {"complaint": complaint, "secret": shown["secret"]},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def complaint_track(request):
    """The complainant's view: every step with its note, and the rating at the end. The
    number and secret travel in the POST body, never in an address."""
    form = TrackComplaintForm(request.POST or None)
    complaint = rating_form = information_form = None
    if request.method == "POST" and form.is_valid():
        limits = ratelimit.guess_limits(
            "complaint",
            number=form.cleaned_data["number"].strip().upper(),
            address=client_address(request),
        )
        if ratelimit.limits_reached(request, limits):
            # Refused before the secret is checked: while limited, the right one is too.
            form.add_error(None, _("Too many wrong attempts. Try again in 15 minutes."))
        else:
            complaint = complaint_find(
                region=request.region,
                number=form.cleaned_data["number"],
                secret=form.cleaned_data["secret"],
            )
            if complaint is None:
                ratelimit.failure_record(request, limits)
                form.add_error(None, _("No report has this number and secret."))
        if complaint is not None and "information" in request.POST:
            information_form = InformationForm(request.POST)
            if information_form.is_valid():
                try:
                    complaint = complaint_add_information(
                        complaint=complaint, text=information_form.cleaned_data["information"]
                    )
                except ValidationError as error:
                    information_form.add_error(None, error)
                else:
                    information_form = None
        elif complaint is not None and "rate" in request.POST:
            rating_form = RatingForm(request.POST)
            if rating_form.is_valid():
                try:
                    complaint = complaint_rate(
                        complaint=complaint,
                        rating=rating_form.cleaned_data["rating"],
                        comment=rating_form.cleaned_data["comment"],
                    )
                except ValidationError as error:
                    rating_form.add_error(None, error)
                else:
                    rating_form = None
    if complaint is not None and rating_form is None:
        rating_form = RatingForm()
    if complaint is not None and information_form is None:
        information_form = InformationForm()
    return render(
        request,
        "feedback/complaint_track.html",
        {
            "form": form,
            "complaint": complaint,
            "events": complaint.events.filter(public=True) if complaint else [],
            "attachments": complaint.attachments.all() if complaint else [],
            "rating_form": rating_form,
            "information_form": information_form,
        },
    )


def _public(request):
    return Complaint.objects.public().filter(region=request.region)


def my_complaints(request):
    """The reports the signed-in user filed under their name, with their state: followed
    here without the secret."""
    found = (
        Complaint.objects.filter(region=request.region, user=request.user)
        .select_related("agency")
        .prefetch_related("events")
    )
    return render(request, "feedback/my_complaints.html", {"complaints": found})


@login_not_required
def complaint_list(request):
    page = Paginator(_public(request).select_related("service", "agency"), 20).get_page(
        request.GET.get("halaman")
    )
    return render(request, "feedback/complaint_list.html", {"page": page})


@login_not_required
def complaint_public(request, number: str):
    complaint = _public(request).filter(number=number).select_related("service", "agency").first()
    if complaint is None:
        raise Http404
    return render(
        request,
        "feedback/complaint_public.html",
        {"complaint": complaint, "events": complaint.events.filter(public=True)},
    )

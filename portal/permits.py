"""Permits: the holder's list and downloads, and the public verification page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from access.rules import permit_visible
from core.files import private_file
from core.formatting import mask_name
from core.http import client_address
from core.uploads import check_upload
from licensing import issuance
from licensing.models import Permit


class PermitCheckForm(forms.Form):
    file = forms.FileField(label=_("The permit's PDF file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        checked = check_upload(upload)
        if checked.content_type != "application/pdf":
            raise ValidationError(_("Upload the permit as a PDF file."))
        return upload


def my_permits(request):
    permits = (
        Permit.objects.filter(application__owner=request.user, region=request.region)
        .select_related("application__service_version__service")
        .order_by("-issued_at")
    )
    today = request.region.today()
    return render(
        request,
        "portal/permits.html",
        {"permits": [(permit, permit.status_on(today)) for permit in permits]},
    )


@require_POST
def permit_follow_up(request, pk: int):
    """Renewal (perpanjangan) or amendment (perubahan): a new draft from the permit."""
    permit = Permit.objects.filter(
        pk=pk, region=request.region, application__owner=request.user
    ).first()
    if permit is None:
        raise Http404
    try:
        application = issuance.application_start_from_permit(
            permit=permit, owner=request.user, purpose=request.POST.get("purpose", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:permits")
    messages.info(request, _("Filled in from your permit: change what changed, then submit."))
    return redirect("portal:application_edit", pk=application.pk)


def permit_download(request, pk: int):
    """The signed PDF, to its holder and to staff of agencies on the case; 404 to others."""
    permit = (
        Permit.objects.filter(pk=pk, region=request.region).select_related("application").first()
    )
    if permit is None or not permit_visible(permit, request.user, request.region):
        raise Http404
    return private_file(
        permit.pdf,
        request=request,
        sha256=permit.sha256,
        object_type="licensing.permit",
        object_id=permit.pk,
        content_type="application/pdf",
        filename=f"izin-{permit.number.replace('/', '-')}.pdf",
    )


@login_not_required
def verify(request, code: str):
    """Public: is this permit genuine and still in force? Upload a PDF to check it."""
    permit = (
        Permit.objects.filter(code=code, region=request.region)
        .select_related("application__service_version__service")
        .first()
    )
    if permit is None:
        raise Http404
    form = PermitCheckForm(request.POST or None, request.FILES or None)
    check = same_file = None
    # Every check counts, right or wrong: the limit bounds the work of checking signatures.
    if request.method == "POST" and is_ratelimited(
        request,
        group="permit-check",
        key=lambda _group, req: client_address(req),
        rate="30/10m",
        increment=True,
    ):
        form.add_error(None, _("Too many checks from your address; try again in a few minutes."))
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        check, same_file = issuance.permit_check(permit, upload.read())
    return render(
        request,
        "portal/verify.html",
        {
            "permit": permit,
            "status": permit.status_on(request.region.today()),
            "masked_holder": mask_name(permit.holder_name),
            "form": form,
            "check": check,
            "same_file": same_file,
        },
    )

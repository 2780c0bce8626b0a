"""Staff second factor pages: set up, verify, recovery codes, and resets (org.second_factor)."""

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from access.rules import roles_of
from access.views import roles_required
from core.http import client_address
from org import second_factor
from org.models import Role, StaffRole


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, digits_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if digits_only:
            self.fields["code"].widget.attrs.update({"inputmode": "numeric", "maxlength": "6"})


class ResetForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


def _next(request) -> str:
    """Where to go after the code: the page asked for, never another site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("backoffice:home")


def _sign_in(request, device) -> None:
    # A new session key for the raised privilege, as Django does at password sign-in.
    request.session.cycle_key()
    django_otp.login(request, device)


def _with_next(name: str, next_url: str):
    query = QueryDict(mutable=True)
    query["next"] = next_url
    return redirect(f"{reverse(name)}?{query.urlencode(safe='/')}")


def _codes_page(request, codes: list[str], next_url: str, *, replaced: bool = False):
    return render(
        request,
        "backoffice/second_factor/codes.html",
        {"recovery_codes": codes, "next": next_url, "replaced": replaced},
    )


@never_cache
@roles_required(*Role.values, ask_second_factor=False)
def setup(request):
    """Link an authenticator app: QR code and key, confirmed with a first code."""
    user = request.user
    next_url = _next(request)
    if second_factor.has_device(user):
        # Set-up again is never a way around the existing device.
        if second_factor.is_verified(user):
            return redirect("backoffice:second_factor")
        return _with_next("backoffice:second_factor_verify", next_url)
    device = second_factor.totp_device_pending(user=user)
    form = CodeForm(request.POST or None, digits_only=True)
    if form.is_valid():
        try:
            codes = second_factor.totp_device_confirm(
                user=user,
                device=device,
                code=form.cleaned_data["code"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _sign_in(request, device)
            return _codes_page(request, codes, next_url)
    qr = segno.make(device.config_url, error="m")
    groups = second_factor.secret_groups(device)
    return render(
        request,
        "backoffice/second_factor/setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": qr.svg_data_uri(scale=5, border=2),
            "secret": "".join(groups),
            "secret_groups": groups,
        },
    )


@never_cache
@roles_required(*Role.values, ask_second_factor=False)
def verify(request):
    """The second step of signing in: the app's code, or a recovery code."""
    user = request.user
    next_url = _next(request)
    if second_factor.is_verified(user):
        return redirect(next_url)
    if not second_factor.has_device(user):
        return _with_next("backoffice:second_factor_setup", next_url)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = second_factor.second_factor_verify(
                user=user, code=form.cleaned_data["code"], client_address=client_address(request)
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _sign_in(request, device)
            if isinstance(device, StaticDevice):
                left = second_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(left)d is left. Each works once: make "
                        "new ones on the two-step verification page.",
                        "You used a recovery code; %(left)d are left. Each works once: make "
                        "new ones on the two-step verification page when few are left.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    return render(request, "backoffice/second_factor/verify.html", {"form": form, "next": next_url})


def _status_page(request, *, codes_form=None, reset_form=None):
    user = request.user
    return render(
        request,
        "backoffice/second_factor/status.html",
        {
            "has_device": second_factor.has_device(user),
            "required": bool(
                second_factor.roles_needing_it(
                    region=request.region, held=roles_of(user, request.region)
                )
            ),
            "codes_left": second_factor.recovery_codes_left(user),
            "codes_form": codes_form or CodeForm(prefix="codes"),
            "reset_form": reset_form or CodeForm(prefix="reset"),
        },
    )


def _current_code_passes(request, form: CodeForm) -> bool:
    """A current code (app or recovery) before changing one's own second factor; a wrong
    one is put on the form."""
    if not form.is_valid():
        return False
    try:
        second_factor.second_factor_verify(
            user=request.user,
            code=form.cleaned_data["code"],
            client_address=client_address(request),
        )
    except ValidationError as error:
        form.add_error("code", error)
        return False
    return True


@never_cache
@roles_required(*Role.values)
def status(request):
    """My two-step verification: whether it is on, recovery codes left, and a reset."""
    return _status_page(request)


@never_cache
@require_POST
@roles_required(*Role.values)
def codes(request):
    """New recovery codes (the old ones stop working), after a current code."""
    form = CodeForm(request.POST, prefix="codes")
    if _current_code_passes(request, form):
        new = second_factor.recovery_codes_replace(
            user=request.user, client_address=client_address(request)
        )
        return _codes_page(request, new, reverse("backoffice:second_factor"), replaced=True)
    return _status_page(request, codes_form=form)


@require_POST
@roles_required(*Role.values)
def reset(request):
    """Remove my own authenticator (a new phone), after a current code."""
    form = CodeForm(request.POST, prefix="reset")
    if _current_code_passes(request, form):
        second_factor.second_factor_reset(
            user=request.user, actor=request.user, client_address=client_address(request)
        )
        messages.success(request, _("Two-step verification was removed. Set it up again."))
        return redirect("backoffice:second_factor_setup")
    return _status_page(request, reset_form=form)


@roles_required(Role.REGION_ADMIN)
def staff(request):
    """The region's staff and whether each has set up two-step verification."""
    return render(
        request,
        "backoffice/second_factor/staff.html",
        {
            "rows": second_factor.staff_second_factors(request.region),
            "roles_needing_it": [
                label
                for value, label in Role.choices
                if value in request.region.second_factor_roles
            ],
            "form": ResetForm(),
        },
    )


@require_POST
@roles_required(Role.REGION_ADMIN)
def staff_reset(request, pk: int):
    """Reset a staff member's device (a lost phone), for staff of this region only."""
    role = (
        StaffRole.objects.filter(user_id=pk, agency__region=request.region)
        .select_related("user")
        .first()
    )
    if role is None:
        raise Http404
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason for the reset."))
        return redirect("backoffice:second_factor_staff")
    second_factor.second_factor_reset(
        user=role.user,
        actor=request.user,
        client_address=client_address(request),
        reason=form.cleaned_data["reason"],
    )
    messages.success(
        request,
        _("Two-step verification of %(name)s was reset: they set it up at their next sign-in.")
        % {"name": role.user.get_full_name() or role.user.get_username()},
    )
    return redirect("backoffice:second_factor_staff")

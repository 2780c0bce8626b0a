"""Staff second factor: who must pass it, TOTP devices and single-use recovery codes."""

import math
from base64 import b32encode
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit_record
from org.models import Region, StaffRole

RECOVERY_CODE_COUNT = 10
SETUP_URL = "backoffice:second_factor_setup"
VERIFY_URL = "backoffice:second_factor_verify"


def is_verified(user) -> bool:
    """Whether this session passed a second factor (django_otp's OTPMiddleware sets it)."""
    return getattr(user, "otp_device", None) is not None


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def roles_needing_it(*, region: Region | None, held: set[str]) -> set[str]:
    """The roles of `held` for which the region asks a second factor."""
    if region is None:
        return set()
    return held & set(region.second_factor_roles or ())


def second_factor_redirect(request, held: set[str], *, next_url: str | None = None) -> str | None:
    """Where a staff member must go before a staff page, or None when they may go on.

    Asked of those holding a role the region names, and of anyone who set up a device of
    their own accord: a device once set up protects its owner on every sign-in.
    """
    user = request.user
    if is_verified(user):
        return None
    if roles_needing_it(region=request.region, held=held):
        target = VERIFY_URL if has_device(user) else SETUP_URL
    elif has_device(user):
        target = VERIFY_URL
    else:
        return None
    query = QueryDict(mutable=True)
    query["next"] = next_url or request.get_full_path()
    return f"{reverse(target)}?{query.urlencode(safe='/')}"


def secret_groups(device: TOTPDevice) -> list[str]:
    """The key as an authenticator app asks for it by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


def totp_device_pending(*, user) -> TOTPDevice:
    """The device being set up; kept until confirmed, so a reload shows the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def _normalize(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _check(*, user, device: Device, code: str) -> None:
    """Verify `code` on `device` through django-otp (row lock, throttle), or refuse."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        seconds = math.ceil((details["locked_until"] - timezone.now()).total_seconds())
        raise ValidationError(
            ngettext(
                "Too many wrong codes. Try again in %(seconds)d second.",
                "Too many wrong codes. Try again in %(seconds)d seconds.",
                seconds,
            )
            % {"seconds": seconds},
            code="throttled",
        )
    # Its own transaction: a wrong code's throttle count must be saved even when the caller
    # goes on to refuse the request.
    if verify_token(user, device.persistent_id, code) is None:
        raise ValidationError(
            _("Wrong code. Check your phone's clock and try again."), code="wrong"
        )


def second_factor_verify(*, user, code: str, client_address: str | None) -> Device:
    """The device that accepts `code`: the authenticator app's 6 digits, or a recovery code
    (used up, and audited)."""
    code = _normalize(code)
    # Recovery codes are 8 characters, so 6 digits can only be the app's code.
    if code.isdigit() and len(code) == 6:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError(
            _("Wrong code. Check your phone's clock and try again."), code="wrong"
        )
    _check(user=user, device=device, code=code)
    if isinstance(device, StaticDevice):
        audit_record(
            actor=user,
            object_type="auth.user",
            object_id=user.pk,
            action="second_factor_recovery_code_used",
            client_address=client_address,
            data={"codes_left": device.token_set.count()},
        )
    return device


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def recovery_codes_replace(*, user, client_address: str | None) -> list[str]:
    """Ten new single-use codes in place of any left; shown once, as XXXX-XXXX."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    tokens = set()
    while len(tokens) < RECOVERY_CODE_COUNT:
        tokens.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    audit_record(
        actor=user,
        object_type="auth.user",
        object_id=user.pk,
        action="second_factor_recovery_codes_issued",
        client_address=client_address,
        data={"count": RECOVERY_CODE_COUNT},
    )
    return sorted(f"{t[:4]}-{t[4:]}".upper() for t in tokens)


def totp_device_confirm(
    *, user, device: TOTPDevice, code: str, client_address: str | None
) -> list[str]:
    """Confirm the device being set up with its first code; its recovery codes."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("This set-up has expired. Start again."), code="stale")
    _check(user=user, device=device, code=_normalize(code))
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        audit_record(
            actor=user,
            object_type="auth.user",
            object_id=user.pk,
            action="second_factor_set_up",
            client_address=client_address,
        )
        codes = recovery_codes_replace(user=user, client_address=client_address)
    device.confirmed = True
    return codes


@dataclass(frozen=True)
class StaffSecondFactor:
    user: object
    roles: list[str]
    has_device: bool
    required: bool


def staff_second_factors(region: Region) -> list[StaffSecondFactor]:
    """Every staff member of the region with their roles and second factor, by username."""
    held: dict = {}
    for staff_role in (
        StaffRole.objects.filter(agency__region=region, active=True)
        .select_related("user", "agency")
        .order_by("user__username", "role")
    ):
        held.setdefault(staff_role.user, []).append(staff_role)
    with_device = set(
        TOTPDevice.objects.filter(user__in=held, confirmed=True).values_list("user", flat=True)
    )
    return [
        StaffSecondFactor(
            user=user,
            roles=[f"{r.get_role_display()} ({r.agency.short_name})" for r in roles],
            has_device=user.pk in with_device,
            required=bool(roles_needing_it(region=region, held={r.role for r in roles})),
        )
        for user, roles in held.items()
    ]


@transaction.atomic
def second_factor_reset(*, user, actor, client_address: str | None, reason: str = "") -> None:
    """Remove a staff member's authenticator and recovery codes; they set up anew.

    Their sessions lose the second factor at once: django_otp forgets a session's device
    when the device no longer exists.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        object_type="auth.user",
        object_id=user.pk,
        action="second_factor_reset",
        reason=reason,
        client_address=client_address,
    )

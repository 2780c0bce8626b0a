"""Locked sign-ins of the region's users, and the region admin's unlock (django-axes)."""

import ipaddress

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.views import roles_required
from core.audit import audit_record
from core.http import client_address
from org.models import Region, Role


def _limit(parameters) -> int:
    """The failure limit of one lockout parameter set ("username", "ip_address" or both)."""
    for candidate, limit in zip(
        settings.AXES_LOCKOUT_PARAMETERS, settings.SATUPINTU_LOGIN_FAILURE_LIMITS, strict=True
    ):
        if sorted([candidate] if isinstance(candidate, str) else candidate) == parameters:
            return limit
    return 10**9  # a set that is not configured never locks


def region_usernames(region: Region) -> set[str]:
    """The sign-in names (lower case, as axes counts them) of the region's staff and
    applicants."""
    users = get_user_model().objects.filter(
        Q(staff_roles__agency__region=region) | Q(applicant_profiles__region=region)
    )
    return {name.lower() for name in users.values_list("username", flat=True)}


def lockout_rows(region: Region) -> list[dict]:
    """The failed sign-ins of the region's users within the cool-off, each with whether the
    account or the address is locked now."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = list(
        AccessAttempt.objects.filter(
            attempt_time__gte=since, username__in=region_usernames(region)
        ).order_by("-attempt_time")
    )
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    by_user = dict(
        recent.filter(username__in={a.username for a in attempts})
        .values_list("username")
        .annotate(total=Sum("failures_since_start"))
    )
    by_address = dict(
        recent.filter(ip_address__in={a.ip_address for a in attempts})
        .values_list("ip_address")
        .annotate(total=Sum("failures_since_start"))
    )
    return [
        {
            "attempt": attempt,
            "account_locked": by_user[attempt.username] >= _limit(["username"])
            or attempt.failures_since_start >= _limit(["ip_address", "username"]),
            "address_locked": by_address.get(attempt.ip_address, 0) >= _limit(["ip_address"]),
        }
        for attempt in attempts
    ]


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def lockout_reset(
    *, actor, region: Region, username: str = "", address: str = "", client: str
) -> int:
    """Unlock an account or an address of the region's sign-ins (axes' reset), audited.

    An address is unlocked only when it failed on one of the region's accounts; its count
    is cleared everywhere, since an address belongs to no region.
    """
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    ours = AccessAttempt.objects.filter(
        attempt_time__gte=since, username__in=region_usernames(region)
    )
    if username and ours.filter(username=username).exists():
        subject = {"username": username}
    elif _is_address(address) and ours.filter(ip_address=address).exists():
        subject = {"ip": address}
    else:
        raise Http404
    with transaction.atomic():
        count = reset(**subject)
        audit_record(
            actor=actor,
            object_type="axes.lockout",
            object_id=username or address,
            action="unlock",
            client_address=client,
            data={"attempts_removed": count, **subject},
        )
    return count


@roles_required(Role.REGION_ADMIN)
@require_http_methods(["GET", "POST"])
def lockouts(request):
    if request.method == "POST":
        lockout_reset(
            actor=request.user,
            region=request.region,
            username=request.POST.get("username", "")[:255],
            address=request.POST.get("address", "")[:45],
            client=client_address(request),
        )
        messages.success(request, _("Unlocked: signing in works again."))
        return redirect("backoffice:lockouts")
    return render(
        request,
        "backoffice/lockouts.html",
        {
            "rows": lockout_rows(request.region),
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )

"""Attach the served region to each request, show times in its zone, and keep the user's
roles for the length of the request (org.models.held_roles)."""

import copy
import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from org.models import HELD_ROLES_MEMO, Agency, Region, StaffRole

# The served region changes rarely (its name, logo, kop surat, number pattern) and is read
# on every request, so each process keeps it for SATUPINTU_REGION_CACHE_SECONDS. A change
# saved in this process is seen at once; other processes see it within that time.
_cache: dict = {}
_lock = threading.Lock()


def served_region() -> Region | None:
    code = settings.DEFAULT_REGION_CODE
    now = time.monotonic()
    with _lock:
        entry = _cache.get(code)
    if entry is None or now - entry[0] > settings.SATUPINTU_REGION_CACHE_SECONDS:
        entry = (now, Region.objects.filter(code=code).first())
        with _lock:
            _cache[code] = entry
    # Each request gets its own copy, so nothing a request does to it reaches another one.
    return copy.copy(entry[1])


@receiver(post_save, sender=Region)
@receiver(post_delete, sender=Region)
def forget_region(**kwargs) -> None:
    with _lock:
        _cache.clear()


@receiver(post_save, sender=StaffRole)
@receiver(post_delete, sender=StaffRole)
@receiver(post_save, sender=Agency)
def forget_held_roles(**kwargs) -> None:
    """A role granted or withdrawn within a request is seen by the rest of it."""
    memo = HELD_ROLES_MEMO.get()
    if memo is not None:
        memo.clear()


class RegionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.region = served_region()
        if request.region is not None:
            timezone.activate(request.region.zone)
        memo = HELD_ROLES_MEMO.set({})
        try:
            return self.get_response(request)
        finally:
            HELD_ROLES_MEMO.reset(memo)
            timezone.deactivate()

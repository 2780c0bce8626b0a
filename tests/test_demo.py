"""The demo region loads completely, and loading it twice changes nothing."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest

from catalog.domain import version_errors
from catalog.models import Service, ServiceVersion, VersionStatus
from demo import data
from demo.loader import DEMO_PASSWORD, load_demo
from org.models import Agency, Region, Role, StaffRole

pytestmark = pytest.mark.django_db


def _snapshot():
    """Every row of every model, so a second load can be compared with the first."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in ("org", "catalog", "auth", "licensing"):
            rows[model._meta.label] = sorted(
                tuple(sorted((k, str(v)) for k, v in row.items() if k != "last_login"))
                for row in model.objects.values()
            )
    return rows


def test_demo_loads_a_region_with_its_agencies_services_and_people():
    region = load_demo()
    assert (region.code, region.kind, region.time_zone, region.is_demo) == (
        "35.73",
        "kota",
        "Asia/Jakarta",
        True,
    )
    assert Agency.objects.filter(region=region).count() == len(data.AGENCIES) >= 25
    published = ServiceVersion.objects.filter(
        service__region=region, status=VersionStatus.PUBLISHED
    )
    assert published.count() == len(data.SERVICES) >= 15
    for version in published:
        assert version_errors(version) == [], version.service.code
        assert version.requirements.exists(), version.service.code
    held = set(StaffRole.objects.filter(agency__region=region).values_list("role", flat=True))
    assert held == set(Role.values)


def test_demo_covers_every_category_and_fee_kind():
    load_demo()
    assert set(Service.objects.values_list("category", flat=True)) == {
        "perizinan_berusaha",
        "perizinan_non_berusaha",
        "non_perizinan",
    }
    assert set(
        ServiceVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list(
            "fee_kind", flat=True
        )
    ) == {"free", "flat", "formula"}


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
    assert Region.objects.count() == 1


def test_every_printed_demo_login_works():
    load_demo()
    usernames = [spec["username"] for spec in data.STAFF + data.APPLICANTS]
    assert [
        username
        for username in usernames
        # Axes counts sign-ins per request: one outside a view passes one.
        if authenticate(HttpRequest(), username=username, password=DEMO_PASSWORD) is None
    ] == []

"""Pages are never kept by a browser's or a proxy's cache: a shared computer's back button
or a caching proxy would otherwise show one person's application, case or complaint to the
next. Every response says `Cache-Control: private, no-store` unless its view chose its own
caching."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.cache import cache_control

from core.middleware import no_store
from feedback import complaints
from feedback.models import Classification
from licensing import domain
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

pytestmark = pytest.mark.django_db
PRIVATE = "private, no-store"


@pytest.fixture
def draft(reklame, siti, applicant):
    return domain.application_start(owner=applicant, person=siti, service=reklame)


def test_the_applicants_own_pages_are_not_stored(client, applicant, draft):
    client.force_login(applicant)
    pages = [
        reverse("portal:applications"),
        reverse("portal:application_detail", args=[draft.pk]),
        reverse("portal:application_edit", args=[draft.pk]),
        reverse("portal:profile"),
        reverse("portal:locker"),
        reverse("portal:permits"),
        reverse("portal:my_complaints"),
    ]
    answers = [(page, client.get(page)) for page in pages]
    assert [(page, r.status_code, r.get("Cache-Control")) for page, r in answers] == [
        (page, 200, PRIVATE) for page in pages
    ]


def test_the_staff_case_page_is_not_stored(client, approved_reklame, front_office):
    client.force_login(front_office)
    response = client.get(reverse("backoffice:case", args=[approved_reklame.pk]))
    assert (response.status_code, response.get("Cache-Control")) == (200, PRIVATE)
    assert "Siti Rahmawati" in response.text  # the personal data the header protects


def test_a_complainants_tracking_page_is_not_stored(client, region):
    complaint, secret = complaints.complaint_file(
        region=region,
        classification=Classification.COMPLAINT,
        title="Lampu jalan mati",
        what_happened="Lampu jalan di Jl. Tugu mati sejak seminggu.",
        name="Budi Santoso",
        email="budi@example.id",
    )
    response = client.post(
        reverse("portal:complaint_track"), {"number": complaint.number, "secret": secret}
    )
    assert (response.status_code, response.get("Cache-Control")) == (200, PRIVATE)
    assert "Lampu jalan di Jl. Tugu mati sejak seminggu." in response.text


def test_public_pages_are_not_stored_either(client, region):
    response = client.get(reverse("portal:home"))
    assert (response.status_code, response.get("Cache-Control")) == (200, PRIVATE)


def test_a_view_that_chooses_its_own_caching_keeps_it():
    @cache_control(public=True, max_age=300)
    def public_view(request):
        return HttpResponse("ok")

    response = no_store(public_view)(RequestFactory().get("/"))
    assert response["Cache-Control"] == "public, max-age=300"

"""Stored values are English snake_case; rows stored in Indonesian are converted by a
migration (and back), and URLs keep their readable Indonesian words."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from feedback import complaints
from feedback.domain import survey_submit
from feedback.models import (
    STATUS_IN_URL,
    Channel,
    Classification,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Education,
    Gender,
    Occupation,
    SurveyResponse,
    Tier,
)
from org.models import Role
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

pytestmark = pytest.mark.django_db

CONVERSION = importlib.import_module("feedback.migrations.0009_english_values_data")


@pytest.fixture
def admin(dpmptsp):
    return factories.make_staff("admin.aduan", dpmptsp, Role.COMPLAINT_ADMIN)


def _routed(region, admin, dinkes) -> Complaint:
    complaint, _secret = complaints.complaint_file(
        region=region,
        classification=Classification.ASPIRATION,
        title="Taman",
        what_happened="Mohon taman.",
        anonymous=True,
    )
    return complaints.complaint_route(
        complaint=complaint, actor=admin, agency=dinkes, tier=Tier.UNSUPERVISED
    )


def _stored(complaint) -> tuple:
    complaint.refresh_from_db()
    events = list(
        ComplaintEvent.objects.filter(complaint=complaint).values_list("status", flat=True)
    )
    return complaint.status, complaint.tier, complaint.classification, events


def test_the_migration_converts_stored_words_both_ways(region, admin, dinkes, reklame):
    complaint = _routed(region, admin, dinkes)
    survey_submit(
        region=region,
        service=reklame,
        channel=Channel.KIOSK,
        gender=Gender.MALE,
        education=Education.SMA,
        occupation=Occupation.OTHER,
        answers={f"U{n}": 3 for n in range(1, 10)},
    )
    english = ("routed", "unsupervised", "aspiration", ["received", "routed"])
    assert _stored(complaint) == english

    CONVERSION.backwards(django_apps, None)
    assert _stored(complaint) == (
        "didisposisi",
        "tidak_berkadar",
        "aspirasi",
        ["diterima", "didisposisi"],
    )
    assert list(SurveyResponse.objects.values_list("gender", "occupation")) == [("L", "lainnya")]

    CONVERSION.forwards(django_apps, None)
    assert _stored(complaint) == english
    assert list(SurveyResponse.objects.values_list("gender", "occupation")) == [("male", "other")]


def test_the_inbox_filters_by_the_readable_word(client, region, admin, dinkes):
    routed = _routed(region, admin, dinkes)
    waiting, _secret = complaints.complaint_file(
        region=region, classification=Classification.COMPLAINT, title="Air",
        what_happened="Keruh.", anonymous=True,
    )  # fmt: skip
    client.force_login(admin)
    inbox = reverse("backoffice:complaints")
    shown = client.get(inbox, {"status": STATUS_IN_URL[ComplaintStatus.ROUTED]})
    assert STATUS_IN_URL[ComplaintStatus.ROUTED] == "didisposisi"
    assert [c.number for c in shown.context["complaints"]] == [routed.number]
    assert [c.number for c in client.get(inbox, {"status": "diterima"}).context["complaints"]] == [
        waiting.number
    ]
    assert '<option value="didisposisi" selected>' in shown.text
    assert [c.number for c in client.get(inbox, {"status": "routed"}).context["complaints"]] == [
        waiting.number,
        routed.number,
    ]  # a stored value is no URL word: unfiltered, as any unknown word

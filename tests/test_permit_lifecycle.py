"""After issuance: reminders before expiry, renewal that continues the validity, amendment
that replaces the old permit."""

import datetime

import pytest
from django.urls import reverse

from catalog import domain as catalog_domain
from core.models import Notification
from licensing import domain, issuance
from licensing.models import Application, Purpose, Status
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PASSPHRASE, pdf


@pytest.fixture
def yearly(parkir):
    """The parkir service, now valid for 12 months."""
    draft = catalog_domain.service_version_draft(service=parkir)
    draft.validity_months = 12
    draft.save()
    catalog_domain.service_version_publish(version=draft, actor=None)
    return parkir


def _issue(application, people):
    """Push a draft with its answers and documents through every stage to a signed permit."""
    front_office, reviewers, official = people
    application, _pin = domain.application_submit(application=application, actor=application.owner)
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    for task, reviewer in zip(
        application.tasks.filter(stage=2).order_by("pk"), reviewers, strict=True
    ):
        domain.review_recommend(task=task, actor=reviewer, approve=True)
    domain.application_decide(task=application.tasks.get(stage=3), actor=official, approve=True)
    return issuance.permit_issue(
        task=application.tasks.get(stage=4), actor=official, passphrase=PASSPHRASE
    )


@pytest.fixture
def people(front_office, reviewer_dpupr, reviewer_dishub, signing_official, signing_key):
    return front_office, [reviewer_dpupr, reviewer_dishub], signing_official


@pytest.fixture
def permit(yearly, siti, applicant, people):
    application = domain.application_start(owner=applicant, person=siti, service=yearly)
    domain.application_fill(
        application=application,
        actor=applicant,
        values={"lokasi": "Jl. Ijen 10", "luas_m2": "120"},
        attachments={r: pdf() for r in application.service_version.requirement_list()},
    )
    return _issue(application, people)


def test_a_yearly_permit_is_valid_twelve_months_less_a_day(permit):
    start = permit.valid_from
    assert permit.valid_until == datetime.date(start.year + 1, start.month, start.day) - (
        datetime.timedelta(days=1)
    )


def test_the_holder_is_reminded_30_and_7_days_before_expiry_once_each(permit):
    end = permit.valid_until
    for day in (end - datetime.timedelta(days=31), end - datetime.timedelta(days=30)):
        issuance.permit_expiry_reminders(today=day)
    issuance.permit_expiry_reminders(today=end - datetime.timedelta(days=29))  # again: no new
    reminders = Notification.objects.filter(dedup_key__startswith=f"expiry:{permit.pk}:")
    assert sorted(reminders.values_list("dedup_key", flat=True)) == [
        f"expiry:{permit.pk}:30:email:siti@example.id",
        f"expiry:{permit.pk}:30:whatsapp:+6281234567890",
    ]
    assert reminders.first().subject == (
        f"Izin {permit.number} berakhir pada {end.day} {_month(end)} {end.year}"
    )
    issuance.permit_expiry_reminders(today=end - datetime.timedelta(days=7))
    assert reminders.count() == 4
    assert issuance.permit_expiry_reminders(today=end + datetime.timedelta(days=1)) == 0


def test_a_revoked_permit_gets_no_reminder(permit, signing_official):
    issuance.permit_revoke(permit=permit, actor=signing_official, reason="Pelanggaran.")
    assert issuance.permit_expiry_reminders(today=permit.valid_until) == 0


def test_renewal_starts_filled_in_and_its_validity_follows_on(client, permit, applicant, people):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:permit_follow_up", args=[permit.pk]), {"purpose": "renewal"}
    )
    renewal = Application.objects.get(predecessor=permit)
    assert response["Location"] == f"/permohonan/{renewal.pk}/isi/"
    assert (renewal.purpose, renewal.status, renewal.form_data) == (
        Purpose.RENEWAL,
        Status.DRAFT,
        {"lokasi": "Jl. Ijen 10", "luas_m2": "120"},
    )
    assert domain.application_errors(renewal) == {}  # documents attached again
    again = client.post(
        reverse("portal:permit_follow_up", args=[permit.pk]), {"purpose": "renewal"}
    )
    assert again["Location"] == response["Location"]  # one draft, however often

    renewed = _issue(renewal, people)
    assert renewed.valid_from == permit.valid_until + datetime.timedelta(days=1)
    today = permit.region.today()
    assert (renewed.status_on(today), renewed.status_on(renewed.valid_from)) == (
        "pending",
        "active",
    )
    permit.refresh_from_db()
    assert permit.revoked_at is None  # the old one runs until its own end
    # Renewed: no reminders about the old permit's end.
    assert issuance.permit_expiry_reminders(today=permit.valid_until) == 0


def test_an_amendment_replaces_the_old_permit(permit, applicant, people):
    amendment = issuance.application_start_from_permit(
        permit=permit, owner=applicant, purpose="amendment"
    )
    domain.application_fill(
        application=amendment, actor=applicant, values={"lokasi": "Jl. Ijen 12"}
    )
    new = _issue(amendment, people)
    permit.refresh_from_db()
    assert permit.revocation_reason == f"Diganti oleh izin {new.number} (perubahan)."
    assert permit.status_on(permit.valid_from) == "revoked"


def test_someone_elses_permit_cannot_be_renewed(client, permit, region):
    from tests import factories

    client.force_login(factories.make_user("budi"))
    response = client.post(
        reverse("portal:permit_follow_up", args=[permit.pk]), {"purpose": "renewal"}
    )
    assert response.status_code == 404
    assert not Application.objects.filter(predecessor=permit).exists()


def _month(day: datetime.date) -> str:
    return [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ][day.month - 1]

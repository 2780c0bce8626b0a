"""A revoked permit reads as revoked everywhere: Izin saya, the case pages, tracking."""

import html
import re

import pytest
from django.urls import reverse

from catalog import domain as catalog_domain
from core.formatting import long_date
from licensing import domain, issuance
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PASSPHRASE, pdf

REASON = "Lokasi dipakai untuk jalur sepeda."


@pytest.fixture
def revoked(
    parkir,
    siti,
    applicant,
    front_office,
    reviewer_dpupr,
    reviewer_dishub,
    signing_official,
    signing_key,
):
    """Siti's parkir permit, issued for a year, then revoked by the signing official.
    Returns the permit and the case's PIN."""
    draft = catalog_domain.service_version_draft(service=parkir)
    draft.validity_months = 12
    draft.save()
    catalog_domain.service_version_publish(version=draft, actor=None)
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    domain.application_fill(
        application=application,
        actor=applicant,
        values={"lokasi": "Jl. Ijen 10", "luas_m2": "120"},
        attachments={r: pdf() for r in application.service_version.requirement_list()},
    )
    application, pin = domain.application_submit(application=application, actor=applicant)
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    for task, reviewer in zip(
        application.tasks.filter(stage=2).order_by("pk"),
        [reviewer_dpupr, reviewer_dishub],
        strict=True,
    ):
        domain.review_recommend(task=task, actor=reviewer, approve=True)
    domain.application_decide(
        task=application.tasks.get(stage=3), actor=signing_official, approve=True
    )
    permit = issuance.permit_issue(
        task=application.tasks.get(stage=4), actor=signing_official, passphrase=PASSPHRASE
    )
    assert permit.valid_until is not None  # a validity there to be shown wrongly
    permit = issuance.permit_revoke(permit=permit, actor=signing_official, reason=REASON)
    return permit, pin


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _revoked_on(permit) -> str:
    """The day of the revocation in the region's zone, as the pages write it."""
    return long_date(permit.revoked_at.astimezone(permit.region.zone).date())


def _status(page) -> str:
    return _text(re.search(r'<dd class="status">(.*?)</dd>', page.text, re.S).group(1))


def test_my_permits_shows_a_revoked_permit_with_its_date_and_reason_not_its_validity(
    client, revoked, applicant
):
    permit, _pin = revoked
    client.force_login(applicant)

    page = client.get(reverse("portal:permits"))

    meta = re.search(r'<p class="meta">(.*?)</p>', page.text, re.S).group(1)
    assert _text(meta) == (
        f"Dicabut {permit.number} · dicabut pada {_revoked_on(permit)}: {REASON}"
    )
    assert "berlaku sampai" not in page.text


def test_the_applicants_case_says_the_permit_was_revoked(client, revoked, applicant):
    permit, _pin = revoked
    client.force_login(applicant)

    detail = client.get(reverse("portal:application_detail", args=[permit.application_id]))
    listing = client.get(reverse("portal:applications"))

    assert _status(detail) == "Izin dicabut"
    assert f"Dicabut pada {_revoked_on(permit)}: {REASON}" in _text(detail.text)
    badge = re.search(r'<span class="badge status-[\w-]+">(.*?)</span>', listing.text).group(1)
    assert badge == "Izin dicabut"


def test_the_staff_case_says_the_permit_was_revoked(client, revoked, front_office):
    permit, _pin = revoked
    client.force_login(front_office)

    page = client.get(reverse("backoffice:case", args=[permit.application_id]))

    assert _status(page) == "Izin dicabut"


def test_public_tracking_says_the_permit_was_revoked(client, revoked):
    permit, pin = revoked

    page = client.post(
        reverse("portal:track"), {"number": permit.application.registration_number, "pin": pin}
    )

    assert _status(page) == "Izin dicabut"
    assert f"Izin {permit.number} dicabut pada {_revoked_on(permit)}." in _text(page.text)
    assert "terbit sebagai izin" not in page.text

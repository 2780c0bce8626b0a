"""A returned application: each note of the correction names the document or field it is about."""

import html
import re

import pytest
from django.urls import reverse

from core.formatting import long_date
from core.models import Notification
from licensing import domain
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import pdf


@pytest.fixture
def returned(parkir, siti, applicant, front_office):
    """The parkir application, returned for its site plan and its address."""
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    domain.application_fill(
        application=application,
        actor=applicant,
        values={"lokasi": "Jl. Ijen", "luas_m2": "120"},
        attachments={r: pdf() for r in application.service_version.requirement_list()},
    )
    application, _pin = domain.application_submit(application=application, actor=applicant)
    denah = application.service_version.requirements.get(document_type__code="denah")
    domain.application_return(
        task=application.tasks.get(stage=1),
        actor=front_office,
        items=[
            {"requirement": denah, "note": "Tidak terbaca, unggah ulang."},
            {"field_key": "lokasi", "note": "Tulis nomor rumahnya."},
        ],
    )
    return application


def _items(page, section_id: str) -> list[str]:
    section = re.search(rf'id="{section_id}".*?<ul>(.*?)</ul>', page.text, re.S).group(1)
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", section, re.S)
    ]


EXPECTED = ["Denah lokasi: Tidak terbaca, unggah ulang.", "Alamat lokasi: Tulis nomor rumahnya."]


def test_the_applicants_case_page_names_the_document_or_field_of_each_note(
    client, returned, applicant
):
    client.force_login(applicant)

    page = client.get(reverse("portal:application_detail", args=[returned.pk]))

    assert _items(page, "fix") == EXPECTED


def test_the_correction_form_names_the_document_or_field_of_each_note(client, returned, applicant):
    client.force_login(applicant)

    page = client.get(reverse("portal:application_edit", args=[returned.pk]))

    assert _items(page, "fix") == EXPECTED


def test_the_message_names_the_document_or_field_of_each_note(returned):
    message = Notification.objects.filter(recipient="siti@example.id").order_by("pk").last()
    due = long_date(returned.corrections.get().due_on)

    assert message.body.splitlines()[0] == (
        f"Izin Tempat Khusus Parkir, nomor registrasi {returned.registration_number}: "
        f"dikembalikan: mohon perbaiki paling lambat {due} "
        "(Denah lokasi: Tidak terbaca, unggah ulang.; Alamat lokasi: Tulis nomor rumahnya.)."
    )


def test_the_staff_case_page_names_the_field_of_a_note(client, returned, front_office):
    client.force_login(front_office)

    page = client.get(reverse("backoffice:case", args=[returned.pk]))

    assert _items(page, "corr") == EXPECTED

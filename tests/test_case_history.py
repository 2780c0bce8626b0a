"""A case's history in words: staff and applicant read sentences, never the audit's codes."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from licensing import domain
from licensing.history import event_sentence
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import pdf


@pytest.fixture
def inspected(reklame, siti, applicant, front_office, reviewer_dpupr, signing_official):
    """The reklame case: filed, accepted, inspected in the field, recommended, approved."""
    application = domain.application_start(owner=applicant, person=siti, service=reklame)
    domain.application_fill(
        application=application,
        actor=applicant,
        values={"naskah": "Toko Roti Ijen"},
        attachments={r: pdf() for r in application.service_version.requirement_list()},
    )
    application, _pin = domain.application_submit(application=application, actor=applicant)
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    review = application.tasks.get(stage=2)
    domain.inspection_request(task=review, actor=reviewer_dpupr, note="Cek tiang malam hari")
    domain.inspection_file(
        task=review,
        actor=reviewer_dpupr,
        inspected_on=datetime.date(2026, 3, 2),
        inspectors="Agus, Fajar",
        findings="Tiang kokoh",
    )
    domain.review_recommend(task=review, actor=reviewer_dpupr, approve=True)
    domain.application_decide(
        task=application.tasks.get(stage=3), actor=signing_official, approve=True
    )
    application.refresh_from_db()
    return application


def _timeline(page) -> list[str]:
    """Each entry of the page's history, without its time."""
    history = re.search(r'<ol class="timeline">(.*?)</ol>', page.text, re.S).group(1)
    return [
        html.unescape(re.sub(r"<[^>]+>", "", entry)).strip()
        for entry in re.findall(r"<li>\s*<time[^>]*>[^<]*</time>\s*·\s*(.*?)</li>", history, re.S)
    ]


def test_the_staff_case_history_is_written_in_sentences(client, inspected, front_office):
    client.force_login(front_office)

    page = client.get(reverse("backoffice:case", args=[inspected.pk]))

    assert _timeline(page) == [
        "siti · Status berubah dari draf menjadi diajukan.",
        "dewi.fo · Tugas tahap 1 di DPMPTSP selesai: Lengkap dan diterima.",
        "dewi.fo · Status berubah dari diajukan menjadi sedang diproses.",
        "agus.dpupr · Pemeriksaan lapangan diminta. Keterangan: Cek tiang malam hari",
        "agus.dpupr · Berita acara pemeriksaan lapangan (BAP) dibuat, pemeriksaan tanggal "
        "2 Maret 2026. Keterangan: Tiang kokoh",
        "agus.dpupr · Tugas tahap 2 di DPUPR selesai: Direkomendasikan.",
        "kepala.dpmptsp · Tugas tahap 3 di DPMPTSP selesai: Disetujui.",
        "kepala.dpmptsp · Status berubah dari sedang diproses menjadi disetujui.",
    ]


def test_the_applicant_reads_the_status_history_without_staff_notes_or_names(
    client, inspected, applicant
):
    client.force_login(applicant)

    page = client.get(reverse("portal:application_detail", args=[inspected.pk]))

    assert _timeline(page) == [
        "Status berubah dari draf menjadi diajukan.",
        "Status berubah dari diajukan menjadi sedang diproses.",
        "Status berubah dari sedang diproses menjadi disetujui.",
    ]
    # The staff's notes and user names are there to leak, and do not.
    for internal in ("Cek tiang malam hari", "Tiang kokoh", "agus.dpupr", "dewi.fo"):
        assert internal not in page.text


def test_a_deemed_approval_says_what_was_done_not_its_code():
    event = AuditEvent(action="deemed_approval", reason="approve")

    assert event_sentence(event) == (
        "Batas waktu keputusan terlewati (fiktif positif): setujui otomatis."
    )

"""In Chromium: an applicant files a confidential complaint about her case on a phone; the
complaint admin routes it; the agency's liaison answers within the tier without ever
seeing who filed it; the complainant rates it; the public page never shows it."""

import re

import pytest

from feedback.models import Complaint, ComplaintStatus, Tier
from org.models import Role
from tests import factories
from tests.browser.pages import sign_in
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_confidential_complaint_from_filing_to_rating(
    live_server, browser, rejected, applicant, dpmptsp, dpupr, region
):
    admin = factories.make_staff("admin.aduan", dpmptsp, Role.COMPLAINT_ADMIN)
    liaison = factories.make_staff("penghubung.dpupr", dpupr, Role.COMPLAINT_LIAISON)

    # The applicant, signed in on her phone, files about her own case.
    page = sign_in(browser, live_server.url, applicant.username)
    page.goto(live_server.url + "/pengaduan/baru/")
    page.get_by_label("Pengaduan", exact=True).check()
    page.get_by_label("Permohonan Anda yang terkait (tidak wajib)").select_option(index=1)
    page.get_by_label("Judul").fill("Petugas meminta uang tambahan")
    page.get_by_label("Apa yang terjadi").fill("Di loket 3 saya diminta Rp50.000 agar cepat.")
    page.locator("#id_confidential").check()
    page.get_by_label("Nama Anda").fill("Siti Rahmawati")
    page.get_by_label("E-mail").fill("siti@example.id")
    page.get_by_role("button", name="Kirim laporan").click()
    number = page.locator("#complaint-number").inner_text()
    secret = page.locator("#complaint-secret").inner_text()
    assert re.fullmatch(r"ADU-3573-\d{4}-00001", number)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    complaint = Complaint.objects.get(number=number)
    assert (complaint.application, complaint.confidential) == (rejected, True)

    # The admin verifies it and sends it to DPUPR as "ringan" (two working days).
    office = sign_in(browser, live_server.url, admin.username)
    office.goto(live_server.url + "/kantor/pengaduan/")
    office.get_by_role("link", name=number).click()
    assert office.locator("#complainant").inner_text().startswith("Siti Rahmawati")
    office.get_by_label("Perangkat daerah yang menjawab").select_option(label=dpupr.name)
    office.get_by_label("Kategori").select_option(Tier.LIGHT)
    office.get_by_role("button", name="Kirim ke perangkat daerah").click()
    assert office.locator("#complaint-status").inner_text().startswith("Diverifikasi")

    # The liaison answers; the complainant's identity never reaches the agency's screen.
    agency = sign_in(browser, live_server.url, liaison.username)
    agency.goto(live_server.url + "/kantor/pengaduan/")
    agency.get_by_role("link", name=number).click()
    shown = agency.locator("main").inner_text()
    assert "Siti" not in shown
    assert "siti@example.id" not in shown
    assert rejected.registration_number not in shown
    assert (
        agency.locator("#complainant").inner_text()
        == "rahasia: disembunyikan dari perangkat daerah"
    )
    agency.get_by_label("Teks").fill("Kami periksa rekaman CCTV loket 3 hari ini.")
    agency.get_by_role("button", name="Kirim rencana").click()
    agency.get_by_label("Teks").fill("Petugas ditegur; uang dikembalikan hari ini.")
    agency.get_by_role("button", name="Kirim jawaban dan selesaikan").click()
    assert agency.locator("#complaint-status").inner_text() == "Selesai"
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED
    assert complaint.resolved_at.date() <= complaint.due_on  # within the tier

    # The complainant follows it with number and secret, and rates it.
    page.goto(live_server.url + "/pengaduan/lacak/")
    page.get_by_label("Nomor laporan").fill(number)
    page.get_by_label("Kode rahasia").fill(secret)
    page.get_by_role("button", name="Tampilkan").click()
    assert page.locator("#complaint-status").inner_text() == "Selesai"
    assert "Petugas ditegur; uang dikembalikan hari ini." in page.locator("main").inner_text()
    page.get_by_label("★★★★ 4: baik", exact=True).check()
    page.get_by_role("button", name="Kirim penilaian").click()
    assert page.locator("#rated").inner_text() == "Penilaian Anda: 4/5"

    # Confidential: the public list does not show it.
    page.goto(live_server.url + "/pengaduan/")
    assert number not in page.locator("main").inner_text()
    assert page.goto(live_server.url + f"/pengaduan/{number}/").status == 404

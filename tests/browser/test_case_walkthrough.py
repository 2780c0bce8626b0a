"""The whole case in Chromium: sign-up, apply with uploads, return, fix from the locker,
parallel reviews with a field inspection, decision, tracking, outbox and audit chain."""

import re

import pytest

from catalog import domain as catalog_domain
from catalog.models import Requirement
from core.audit import audit_verify
from core.models import AuditEvent, Notification
from licensing.models import Application, Status
from org.models import Role
from tests import factories
from tests.browser.pages import sign_in
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A real 1 × 1 PNG (its checksums right): uploads are opened to be checked.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def world(
    parkir,
    region,
    settings,
    front_office,
    reviewer_dpupr,
    reviewer_dishub,
    inspector_dpupr,
    dpmptsp,
):
    """The case stories' parkir service, with an optional NPWP the front office may ask for."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    draft = catalog_domain.service_version_draft(service=parkir)
    npwp = factories.make_document_type(region, "npwp", "NPWP", is_identity=True)
    Requirement.objects.create(version=draft, order=3, document_type=npwp, mandatory=False)
    catalog_domain.service_version_publish(version=draft, actor=None)
    factories.make_staff("kepala", dpmptsp, Role.SIGNING_OFFICIAL)


def _files(tmp_path):
    paths = {}
    for name, content in {
        "ktp.pdf": PDF,
        "npwp.pdf": PDF,
        "denah.pdf": PDF,
        "foto.png": PNG,
    }.items():
        path = tmp_path / name
        path.write_bytes(content)
        paths[name] = str(path)
    return paths


def _open_case(page, base, number):
    page.goto(base + "/kantor/")
    page.get_by_role("link", name=number).click()
    page.wait_for_url("**/kantor/berkas/*/")


def test_a_whole_case_in_the_browser(live_server, browser, world, tmp_path):
    base = live_server.url
    files = _files(tmp_path)

    # 1. Sign up and confirm the e-mail through the link that sits in the outbox.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(base + "/daftar/")
    page.get_by_label("Nama lengkap").fill("Siti Rahmawati")
    page.get_by_label("Email").fill("siti@example.id")
    page.get_by_label("Kata sandi", exact=True).fill("parkir-aman-2026")
    page.get_by_label("Ulangi kata sandi").fill("parkir-aman-2026")
    page.get_by_role("button", name="Buat akun").click()
    page.get_by_role("heading", name="Periksa email Anda").wait_for()
    link = re.search(r"https?://\S+", Notification.objects.get(recipient="siti@example.id").body)[0]
    page.goto(link)
    page.wait_for_url("**/masuk/")
    page.get_by_label("Nama pengguna").fill("siti@example.id")
    page.get_by_label("Kata sandi").fill("parkir-aman-2026")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/")

    # 2. Profile, and the NPWP kept in the locker for later.
    page.get_by_role("link", name="Lengkapi profil saya").click()
    page.get_by_label("NIK").fill("3573 0145 0890 0002")
    page.get_by_label("Nama lengkap").fill("Siti Rahmawati")
    page.get_by_label("Alamat").first.fill("Jl. Ijen 10, Malang")
    page.get_by_label("Telepon").fill("0812-3456-7890")
    page.get_by_role("button", name="Simpan profil").click()
    page.get_by_text("Profil Anda tersimpan.").wait_for()
    page.goto(base + "/akun/dokumen/")
    page.get_by_label("Dokumen").select_option(label="NPWP")
    page.get_by_label("Berkas (PDF, JPEG, atau PNG)").set_input_files(files["npwp.pdf"])
    page.get_by_role("button", name="Unggah").click()
    page.get_by_text("Dokumen tersimpan di loker Anda.").wait_for()

    # 3. Apply with uploads; submit; the receipt shows the number and the PIN.
    page.goto(base + "/layanan/izin-parkir/")
    page.get_by_role("button", name="Ajukan permohonan daring").click()
    page.get_by_label("Alamat lokasi").fill("Jl. Ijen 10")
    page.get_by_label("Luas", exact=True).fill("120,5")
    page.get_by_label("Unggah berkas (PDF, JPEG, atau PNG)").nth(0).set_input_files(
        files["ktp.pdf"]
    )
    page.get_by_label("Unggah berkas (PDF, JPEG, atau PNG)").nth(1).set_input_files(
        files["denah.pdf"]
    )
    page.get_by_role("button", name="Tinjau dan ajukan").click()
    page.get_by_role("heading", name="Tinjau permohonan Anda").wait_for()
    page.get_by_role("button", name="Ajukan permohonan").click()
    number = page.locator(".reg-number").inner_text()
    pin = page.locator(".pin").inner_text()
    assert number == f"REG/35.73/{Application.objects.get().submitted_on.year}/000001"
    assert re.fullmatch(r"\d{6}", pin)
    application = Application.objects.get(registration_number=number)
    assert application.status == Status.SUBMITTED

    # 4. The front office returns it: the NPWP is needed for this location.
    fo = sign_in(browser, base, "dewi.fo")
    _open_case(fo, base, number)
    fo.get_by_label("NPWP").fill("NPWP wajib untuk lokasi usaha ini.")
    fo.get_by_role("button", name="Kembalikan kepada pemohon").click()
    fo.locator(".messages").get_by_text("Permohonan dikembalikan kepada pemohon").wait_for()

    # 5. The applicant picks the NPWP from the locker and resubmits.
    page.goto(base + f"/permohonan/{application.pk}/")
    page.get_by_text("NPWP: NPWP wajib untuk lokasi usaha ini.", exact=True).wait_for()
    page.get_by_role("link", name="Perbaiki sekarang").click()
    page.get_by_label("Pakai dokumen dari loker saya").select_option(
        label="npwp.pdf (Belum diverifikasi)"
    )
    page.get_by_role("button", name="Tinjau dan ajukan").click()
    page.get_by_role("button", name="Ajukan perbaikan").click()
    page.locator(".messages").get_by_text("Perbaikan Anda terkirim").wait_for()

    # 6. Accepted; two agencies in parallel; DPUPR asks for an inspection; the BAP is filed.
    fo.reload()
    fo.get_by_role("button", name="Lengkap: terima").click()
    fo.locator(".messages").get_by_text("Permohonan diterima").wait_for()
    dpupr = sign_in(browser, base, "agus.dpupr")
    _open_case(dpupr, base, number)
    dpupr.get_by_role("button", name="Minta pemeriksaan lapangan").click()
    dpupr.locator(".messages").get_by_text("Pemeriksaan lapangan diminta.").wait_for()
    surveyor = sign_in(browser, base, "fajar.dpupr")
    surveyor.goto(base + f"/kantor/berkas/{application.pk}/")
    surveyor.get_by_label("Tanggal pemeriksaan").fill(application.region.today().isoformat())
    surveyor.get_by_label("Pemeriksa", exact=True).fill("Fajar, Eko")
    surveyor.get_by_label("Temuan").fill("Lokasi sesuai denah; akses kendaraan aman.")
    surveyor.get_by_label("Foto (JPEG atau PNG, paling banyak 10)").set_input_files(
        files["foto.png"]
    )
    surveyor.get_by_role("button", name="Simpan BAP").click()
    surveyor.locator(".messages").get_by_text(
        "Berita acara pemeriksaan (BAP) sudah diisi."
    ).wait_for()
    dpupr.reload()
    dpupr.get_by_role("button", name="Rekomendasikan persetujuan").click()
    dpupr.locator(".messages").get_by_text("Rekomendasi Anda tercatat.").wait_for()
    dishub = sign_in(browser, base, "rudi.dishub")
    _open_case(dishub, base, number)
    dishub.get_by_role("button", name="Rekomendasikan persetujuan").click()
    dishub.locator(".messages").get_by_text("Rekomendasi Anda tercatat.").wait_for()

    # 7. The signing official approves.
    kepala = sign_in(browser, base, "kepala")
    _open_case(kepala, base, number)
    kepala.get_by_role("button", name="Setujui").click()
    kepala.locator(".messages").get_by_text("Keputusan tercatat.").wait_for()
    assert kepala.questions == ["Setujui permohonan ini? Keputusan bersifat final."]
    application.refresh_from_db()
    assert application.status == Status.APPROVED

    # 8. Public tracking shows every stage with its dates; no personal data but a masked name.
    visitor = browser.new_context(locale="id-ID").new_page()
    visitor.goto(base + "/lacak/")
    visitor.get_by_label("Nomor registrasi").fill(number)
    visitor.get_by_label("PIN").fill(pin)
    visitor.get_by_role("button", name="Lacak").click()
    visitor.locator(".stages").wait_for()
    text = visitor.locator("main").inner_text()
    assert "Disetujui" in text
    assert "S*** R********" in text
    assert "Rahmawati" not in text
    assert "3573" not in text
    # Three stages of the template, then issuance: the signing official's task is open.
    assert visitor.locator(".stages > li").count() == 4
    assert visitor.locator(".stages .note").count() == 5  # every task with its dates

    # 9. The outbox holds what everyone was told; the audit chain holds and detects tampering.
    told_siti = Notification.objects.filter(
        recipient__in=["siti@example.id", "+6281234567890"], object_id=str(application.pk)
    )
    assert told_siti.count() == 2 * 5  # submitted, returned, resubmitted, in review, approved
    for username in ("dewi.fo", "agus.dpupr", "rudi.dishub", "kepala"):
        assert Notification.objects.filter(recipient=f"{username}@example.id").exists()
    assert audit_verify() is None
    victim = AuditEvent.objects.filter(action="status:approved").get()
    AuditEvent.objects.filter(pk=victim.pk).update(reason="diubah")
    assert audit_verify().message == f"entry #{victim.pk} was changed"

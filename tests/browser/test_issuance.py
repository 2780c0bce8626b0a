"""After the decision, in Chromium: the SKRD, payment at the simulated bank, the signature,
the download, an independent check of the signature and the QR code, public verification
of genuine and altered copies, and revocation."""

import shutil
import subprocess

import pytest

from core import signing
from licensing import issuance
from licensing.models import Permit, Status
from tests.browser.pages import sign_in
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PASSPHRASE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved(approved_reklame):
    """The paid service's case, decided: the application issue's story ends here."""
    return approved_reklame


def _run(*command: str) -> str:
    return subprocess.run(  # noqa: S603 - fixed programs, our own files
        [shutil.which(command[0]), *command[1:]], capture_output=True, text=True, check=True
    ).stdout


def test_skrd_payment_signature_download_verification_and_revocation(
    live_server,
    browser,
    approved,
    treasurer,
    signing_official,
    signing_key,
    settings,
    tmp_path,
):
    base = live_server.url
    settings.SATUPINTU_BASE_URL = base  # links and the QR code point at this server
    case_url = f"{base}/kantor/berkas/{approved.pk}/"

    # 1. The treasurer issues the SKRD from the case page.
    bendahara = sign_in(browser, base, treasurer.username)
    bendahara.goto(case_url)
    bendahara.get_by_text("Aturan tarif layanan ini menghasilkan Rp150.000").wait_for()
    bendahara.get_by_role("button", name="Terbitkan SKRD").click()
    bendahara.get_by_text("terbit; pemohon diberi tahu apa yang harus dibayar").wait_for()

    # 2. The applicant sees what to pay and pays at the simulated bank.
    siti = sign_in(browser, base, "siti")
    siti.goto(f"{base}/permohonan/{approved.pk}/")
    siti.get_by_role("heading", name="Bayar retribusi").wait_for()
    code = siti.locator(".billing-code").inner_text()
    assert len(code) == 16
    siti.get_by_role("link", name="Bayar di bank simulasi (demo)").click()
    assert siti.get_by_label("Kode bayar").input_value() == code
    siti.get_by_label("Jumlah (Rp)").fill("150.000")
    siti.get_by_role("button", name="Bayar").click()
    siti.get_by_text("Lunas. Bank sudah memberi tahu sistem daerah.").wait_for()
    approved.refresh_from_db()
    assert approved.status == Status.PAID

    # 3. The signing official signs: a wrong passphrase first, then the right one.
    kepala = sign_in(browser, base, signing_official.username)
    kepala.goto(case_url)
    kepala.get_by_label("Frasa sandi penandatanganan Anda").fill("salah")
    kepala.get_by_role("button", name="Tanda tangani dan terbitkan").click()
    kepala.get_by_text("Frasa sandi penandatanganan salah.").wait_for()
    assert Permit.objects.count() == 0
    kepala.get_by_label("Frasa sandi penandatanganan Anda").fill(PASSPHRASE)
    kepala.get_by_role("button", name="Tanda tangani dan terbitkan").click()
    kepala.get_by_text("Ditandatangani: izin").wait_for()
    permit = Permit.objects.get()

    # 4. The applicant downloads the signed PDF.
    siti.goto(f"{base}/izin/")
    with siti.expect_download() as download:
        siti.get_by_role("link", name="Unduh PDF bertanda tangan").click()
    path = tmp_path / "izin.pdf"
    download.value.save_as(path)
    data = path.read_bytes()

    # 5. Valid for poppler's pdfsig and for pyHanko; the QR code holds the verification URL.
    report = _run("pdfsig", str(path))
    assert "Signature Validation: Signature is Valid." in report
    assert "Signer Certificate Common Name: Drs. Hadi Santoso" in report
    check = signing.pdf_check(data, trust_roots=issuance.trust_roots())
    assert (check.ok, check.covers_whole_file) == (True, True)
    _run("pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "page"))
    pages = sorted(str(p) for p in tmp_path.glob("page*.png"))
    (url,) = _run("zbarimg", "--quiet", "--raw", *pages).split()
    assert url == f"{base}/verifikasi/{permit.code}/"

    # 6. Anyone opens the QR code's address: active; the genuine file checks out, and a
    # copy with one byte changed does not.
    visitor = browser.new_context(locale="id-ID").new_page()
    visitor.set_default_timeout(20_000)
    visitor.goto(url)
    assert visitor.locator("#permit-status").inner_text() == "Izin ini asli dan masih berlaku."
    visitor.get_by_label("Berkas PDF izin").set_input_files(str(path))
    visitor.get_by_role("button", name="Periksa berkas").click()
    visitor.get_by_text("Tanda tangan sah dan berkas ini persis izin yang diterbitkan.").wait_for()
    changed = bytearray(data)
    changed[len(data) // 4] ^= 0x01
    altered = tmp_path / "izin-diubah.pdf"
    altered.write_bytes(bytes(changed))
    visitor.get_by_label("Berkas PDF izin").set_input_files(str(altered))
    visitor.get_by_role("button", name="Periksa berkas").click()
    visitor.get_by_text("Berkas ini BUKAN salinan yang sah").wait_for()
    assert "Isi berkas diubah setelah ditandatangani." in visitor.locator("main").inner_text()

    # 7. The signing official revokes it; the verification page says so at once.
    kepala.goto(case_url)
    kepala.get_by_label("Alasan pencabutan").fill("Reklame melanggar ketentuan jarak.")
    kepala.get_by_role("button", name="Cabut izin ini").click()
    kepala.get_by_text("dicabut.").first.wait_for()
    assert kepala.questions == [
        "Cabut izin ini? Halaman verifikasi akan langsung menampilkannya sebagai dicabut."
    ]
    visitor.goto(url)
    assert visitor.locator("#permit-status").inner_text() == "Izin ini telah dicabut."
    assert "Reklame melanggar ketentuan jarak." in visitor.locator("main").inner_text()

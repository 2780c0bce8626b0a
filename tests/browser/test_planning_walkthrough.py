"""A planner, in Chromium, on the demo region: imports a budget stage (a bad file first),
reads the analysis, asks for a suggestion, builds a scenario that moves an agency and cuts
belanja pegawai, compares it side by side and downloads the comparison and the open data."""

import csv
import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from demo.loader import DEMO_PASSWORD, load_demo
from planning.models import Budget, BudgetLine, RumpunSet, SetKind
from planning.rumpun.presets import PP18_NAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEFAULT_REGION_CODE = "35.73"
    return load_demo()


def _apbd_p(demo_budget) -> bytes:
    """The demo APBD as a SIPD-style APBD-P file, Dishub's lines raised by 10%."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kode_skpd", "kode_sub_kegiatan", "kode_rekening", "nama_sumber_dana", "pagu"])
    for line in BudgetLine.objects.filter(budget=demo_budget).select_related("agency"):
        amount = line.amount * Decimal("1.1") if line.agency.short_name == "Dishub" else line.amount
        writer.writerow(
            [line.agency.unit_code, line.sub_kegiatan, line.akun, line.sumber_dana, amount]
        )
    return out.getvalue().encode()


def _number(text: str) -> float:
    return float(text.replace(",", "."))  # Indonesian decimal comma


def test_planner_imports_analyses_suggests_simulates_compares_and_exports(
    live_server, browser, demo, tmp_path
):
    apbd = Budget.objects.get()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/masuk/")
    page.get_by_label("Nama pengguna").fill("perencana")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/")

    # Import: a file with three kinds of bad rows is refused whole, with a report.
    page.goto(live_server.url + "/kantor/perencanaan/")
    assert page.get_by_role("heading", level=1).inner_text() == "Perencanaan: rumpun"
    page.locator("#id_b-stage").select_option("apbd_p")
    page.locator("#id_b-file").set_input_files(
        {
            "name": "apbd-p-salah.csv",
            "mimeType": "text/csv",
            "buffer": (
                b"kode_skpd,kode_sub_kegiatan,pagu\n"
                b"1.02.0.00.0.00.01.0000,1.02.02.2.02.0015,-5\n"
                b"9.99.0.00.0.00.01.0000,1.02.02.2.02.0015,10\n"
                b"1.02.0.00.0.00.01.0000,1.02.02.2.02.0015,sepuluh\n"
            ),
        }
    )
    page.get_by_role("button", name="Impor anggaran").click()
    report = page.locator("#report + table tbody tr")
    assert report.count() == 2
    assert "jumlahnya negatif" in report.nth(0).inner_text()
    assert "bukan angka" in report.nth(1).inner_text()
    # The agency the region does not have is offered for mapping, not listed as a bad row.
    to_map = page.locator("#agencies-to-map ~ form tbody tr")
    assert to_map.count() == 1
    assert "9.99.0.00.0.00.01.0000" in to_map.nth(0).inner_text()
    assert to_map.nth(0).get_by_role("combobox").input_value() == "new"
    assert Budget.objects.count() == 1

    # A clean file imports and opens its analysis.
    page.locator("#id_b-stage").select_option("apbd_p")
    page.locator("#id_b-file").set_input_files(
        {"name": "apbd-p.csv", "mimeType": "text/csv", "buffer": _apbd_p(apbd)}
    )
    page.get_by_role("button", name="Impor anggaran").click()
    page.wait_for_url(re.compile(r".*/kantor/perencanaan/anggaran/\d+/$"))
    changed = Budget.objects.get(stage="apbd_p")
    assert changed.line_count == apbd.line_count
    assert page.get_by_role("heading", level=1).inner_text() == str(changed)

    # Analysis under the PP 18/2016 set: measures, pictures with tables, overlaps.
    page.get_by_label("Set rumpun").select_option(label=PP18_NAME)
    page.get_by_role("button", name="Tampilkan").first.click()
    preset_score = _number(page.locator("#modularity").inner_text())
    assert page.locator("svg.chart").count() == 3
    assert page.locator("#shared ~ ul.overlaps li").count() >= 4  # the planted overlaps
    assert "Stunting" in page.locator("#themes ~ ul").inner_text()

    # A suggestion: shown at once, scored on the same budget.
    page.get_by_role("button", name="Usulkan").click()
    page.wait_for_url(re.compile(r".*\?set=\d+$"))
    suggestion = RumpunSet.objects.get(kind=SetKind.SUGGESTED)
    assert _number(page.locator("#modularity").inner_text()) >= preset_score

    # A scenario from the PP 18/2016 set: Dishub moves, belanja pegawai is cut by 10%.
    page.get_by_label("Set rumpun").select_option(label=PP18_NAME)
    page.get_by_role("button", name="Tampilkan").first.click()
    page.get_by_label("Nama skenario").fill("Skenario uji")
    page.get_by_role("button", name="Salin set ini menjadi skenario").click()
    page.wait_for_url(re.compile(r".*/skenario/\d+/$"))
    scenario = RumpunSet.objects.get(kind=SetKind.SCENARIO)
    before = page.locator("#scenario-total").inner_text()
    page.locator("#id_m-agency").select_option(label="Dinas Perhubungan")
    page.locator("#id_m-to").select_option(index=1)  # the second rumpun
    page.get_by_role("button", name="Pindahkan", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text() == "Sudah dipindah."
    second = page.locator("table.data tbody tr").nth(1).inner_text()
    assert "Dishub" in second
    page.get_by_label("Berlaku untuk").select_option("akun_group:Belanja pegawai")
    page.get_by_label("Persen").fill("-10")
    page.get_by_role("button", name="Tambahkan penyesuaian").click()
    page.wait_for_load_state()
    after = page.locator("#scenario-total").inner_text()
    assert after != before

    # Side by side with the preset and the suggestion.
    page.get_by_label(suggestion.name).check()
    page.get_by_role("button", name="Bandingkan berdampingan").click()
    page.wait_for_url(re.compile(r".*/banding/\?.*"))
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert headers[1:] == [PP18_NAME, suggestion.name, "Skenario uji"]  # the base first
    moved = page.locator("#moved + table tbody tr").all_inner_texts()
    assert any(row.startswith("Dishub") for row in moved)
    assert "Belanja pegawai" in page.locator("table.compare").inner_text()

    # Export: the comparison as XLSX and PDF, the stage as a Fiscal Data Package.
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Unduh sebagai XLSX").click()
    xlsx = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(xlsx)
    sheet = load_workbook(xlsx).worksheets[0]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Ukuran"] == (PP18_NAME, suggestion.name, "Skenario uji")
    assert rows["Total"][0] == rows["Total"][1] == changed.total
    assert rows["Total"][2] < changed.total  # belanja pegawai cut
    assert rows["Selisih total"][2] == rows["Total"][2] - changed.total
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Unduh sebagai PDF").click()
    name = pdf_download.value.suggested_filename
    assert name == f"perbandingan-rumpun-{changed.year}-apbd_p.pdf"
    assert pdf_download.value.path().read_bytes()[:5] == b"%PDF-"

    page.goto(live_server.url + f"/kantor/perencanaan/anggaran/{changed.pk}/")
    with page.expect_download() as fdp_download:
        page.get_by_role("link", name=re.compile("Unduh sebagai data terbuka")).click()
    package = tmp_path / "fdp"
    with zipfile.ZipFile(fdp_download.value.path()) as archive:
        archive.extractall(package)
    from frictionless import validate

    descriptor = json.loads((package / "datapackage.json").read_text())
    assert descriptor["model"]["measures"]["pagu"]["phase"] == "apbd_p"
    assert validate(str(package / "datapackage.json")).valid
    assert scenario.adjustments.count() == 1
    assert errors == []
    context.close()

"""A planner of a province, in Chromium: imports the real 2022 Jawa Barat budget as it was
published (agencies named, not coded), maps its agency names on the page, imports it again,
reads the analysis under the PP 18/2016 set, and asks for a suggestion of at most eight
agencies a rumpun."""

import re

import pytest

from org.models import Agency, Role
from planning.models import Budget, RumpunSet, SetKind
from planning.nomenclature import nomenclature_import
from planning.rumpun.presets import PP18_NAME
from tests import factories
from tests.shared_data import shared_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(settings):
    settings.DEFAULT_REGION_CODE = "32"
    region = factories.make_region(code="32", name="Provinsi Jawa Barat", kind="provinsi")
    bappeda = factories.make_agency(
        region,
        short_name="Bappeda",
        name="Badan Perencanaan Pembangunan Daerah",
        unit_code="5.01.0.00.0.00.01.0000",
        kind="badan",
    )
    factories.make_staff("perencana.jabar", bappeda, Role.PLANNER)
    with shared_file("nomenklatur-nasional/nomenklatur-2027.xlsx").open("rb") as file:
        nomenclature_import(name="Nomenklatur 2027", file=file, filename="nomenklatur-2027.xlsx")
    return region


def _upload(page):
    page.locator("#id_b-year").fill("2022")
    page.locator("#id_b-stage").select_option("apbd")
    page.locator("#id_b-file").set_input_files(str(shared_file("apbd-jabar-2022/subkegiatan.csv")))
    page.get_by_role("button", name="Impor anggaran").click()


def test_planner_maps_the_agencies_of_a_real_budget_and_reads_its_analysis(
    live_server, browser, province
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/masuk/")
    page.get_by_label("Nama pengguna").fill("perencana.jabar")
    page.get_by_label("Kata sandi").fill(factories.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/")

    # The file names 47 agencies; the region has one of them (Bappeda, found by its name).
    page.goto(live_server.url + "/kantor/perencanaan/")
    _upload(page)
    alert = page.locator(".messages").inner_text()
    assert "46 perangkat daerah dalam berkas belum menjadi milik daerah ini" in alert
    rows = page.locator("#agencies-to-map ~ form tbody tr")
    assert rows.count() == 46
    assert "Dinas Pendidikan" in page.locator("#agencies-to-map ~ form").inner_text()
    assert rows.first.get_by_role("combobox").input_value() == "new"
    page.get_by_role("button", name="Simpan pemetaan").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text() == (
        "46 perangkat daerah dibuat dan 0 nama atau kode diingat. Impor berkasnya lagi."
    )
    assert Agency.objects.filter(region=province).count() == 47

    # Imported again: every line, and the analysis opens.
    _upload(page)
    page.wait_for_url(re.compile(r".*/kantor/perencanaan/anggaran/\d+/$"))
    budget = Budget.objects.get(region=province)
    assert budget.line_count == 1767
    assert "1.767 baris diimpor" in page.locator(".messages").inner_text()
    # What the import read differently is kept with the stage: older codes and their reading.
    page.locator("details.import-report summary").click()
    renamed = page.locator("details.import-report table tbody tr")
    assert renamed.count() == len(budget.report["renamed"])

    # Under the PP 18/2016 set: scores, how sure each placement is, real overlaps.
    page.goto(live_server.url + "/kantor/perencanaan/")
    page.get_by_role("button", name=PP18_NAME).click()
    page.wait_for_load_state()
    page.goto(live_server.url + f"/kantor/perencanaan/anggaran/{budget.pk}/")
    page.get_by_label("Set rumpun").select_option(label=PP18_NAME)
    page.get_by_role("button", name="Tampilkan").first.click()
    assert float(page.locator("#performance").inner_text().replace(",", ".")) > 0
    placements = page.locator("#placements ~ table tbody tr")
    assert placements.count() == 47
    assert page.locator("#unlinked").count() == 0  # every agency linked to another
    assert page.locator("#shared ~ ul.overlaps li").count() >= 1

    # A suggestion of at most eight agencies a rumpun, shown at once.
    page.get_by_label("Paling banyak perangkat daerah per rumpun").fill("8")
    page.get_by_role("button", name="Usulkan").click()
    page.wait_for_url(re.compile(r".*\?set=\d+$"))
    suggestion = RumpunSet.objects.get(region=province, kind=SetKind.SUGGESTED)
    sizes = [group.members.count() for group in suggestion.rumpun.all()]
    assert max(sizes) <= 8
    assert sum(sizes) == 47
    shown = page.locator("#measures ~ table").first.locator("tbody tr")
    assert shown.count() == len(sizes)
    assert errors == []
    context.close()

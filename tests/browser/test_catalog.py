"""A visitor on a phone searches the catalog, opens a service and reads its standard."""

import pytest

from demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEFAULT_REGION_CODE = "35.73"
    return load_demo()


def test_visitor_finds_a_service_and_reads_its_standard(live_server, demo, phone):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    phone.goto(live_server.url + "/")
    assert phone.locator("html").get_attribute("lang") == "id"
    assert phone.get_by_role("note").inner_text().startswith("Data demo")

    phone.get_by_label("Layanan apa yang Anda perlukan?").fill("reklame")
    phone.get_by_role("button", name="Cari").click()
    phone.wait_for_url("**/layanan/?q=reklame")
    results = phone.locator(".service-card h2")
    assert results.all_inner_texts() == ["Izin Penyelenggaraan Reklame"]

    results.get_by_role("link").click()
    phone.wait_for_url("**/layanan/izin-reklame/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Izin Penyelenggaraan Reklame"
    headings = phone.locator("section.standard h2").all_inner_texts()
    assert headings == [
        "1. Persyaratan",
        "2. Sistem, mekanisme, dan prosedur",
        "3. Jangka waktu penyelesaian",
        "4. Biaya/tarif",
        "5. Produk pelayanan",
        "6. Penanganan pengaduan, saran, dan masukan",
        "Dasar hukum",
    ]
    assert phone.locator(".summary .sla").inner_text() == "7 hari kerja"
    assert "Rp1.500" in phone.locator("table.tariff").inner_text()
    stages = phone.locator("ol.stages > li h3").all_inner_texts()
    assert stages[0] == "Pemeriksaan kelengkapan"
    # Nothing spills sideways on a 360-px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []


UNLABELLED_CONTROLS = """
[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))
  .map(e => e.name)
"""


@pytest.mark.parametrize("path", ["/", "/layanan/", "/layanan/izin-reklame/", "/masuk/"])
def test_pages_are_usable_on_a_phone_and_every_control_has_a_label(live_server, demo, phone, path):
    phone.goto(live_server.url + path)
    assert phone.evaluate(UNLABELLED_CONTROLS) == []
    assert phone.locator("h1").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # The skip link is the first thing a keyboard reaches (unless a field has autofocus).
    if phone.locator("[autofocus]").count() == 0:
        phone.keyboard.press("Tab")
        assert phone.evaluate("document.activeElement.className") == "skip-link"


def test_visitor_filters_by_category_and_sees_free_services(live_server, demo, phone):
    phone.goto(live_server.url + "/layanan/")
    phone.get_by_label("Kategori").select_option("non_perizinan")
    phone.get_by_role("button", name="Tampilkan").click()
    phone.wait_for_url("**kategori=non_perizinan**")
    names = phone.locator(".service-card h2").all_inner_texts()
    assert names
    assert phone.locator(".result-count").inner_text() == f"{len(names)} layanan ditemukan"

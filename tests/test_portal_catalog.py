"""The public catalog: search, filters, and a service's published standard."""

import pytest
from django.urls import reverse

from catalog import domain
from tests import factories


@pytest.fixture
def catalog(region, dpmptsp, dinkes, dpupr):
    """Three published services, one draft, and a service of another region."""
    sip = factories.make_service(
        region,
        code="sip-dokter",
        name="Surat Izin Praktik Dokter",
        agency=dpmptsp,
        tasks=[
            (1, "Pemeriksaan kelengkapan", dpmptsp, "front_office", 1),
            (2, "Verifikasi teknis", dinkes, "technical_reviewer", 3),
            (3, "Keputusan", dpmptsp, "signing_official", 1),
        ],
    )
    reklame = factories.make_service(
        region,
        code="izin-reklame",
        name="Izin Penyelenggaraan Reklame",
        agency=dpmptsp,
        category="perizinan_berusaha",
        sla_days=7,
        tasks=[
            (1, "Pemeriksaan kelengkapan", dpmptsp, "front_office", 1),
            (2, "Kajian teknis", dpupr, "technical_reviewer", 4),
            (3, "Keputusan", dpmptsp, "signing_official", 2),
        ],
        fields=[
            {"key": "luas_m2", "label": "Luas bidang reklame", "kind": "area_m2", "min_value": 1},
            {"key": "lama_hari", "label": "Lama (hari)", "kind": "number", "min_value": 1},
            {
                "key": "kelas",
                "label": "Kelas jalan",
                "kind": "choice",
                "choices": "a|Kelas A\nb|Kelas B",
            },
        ],
        fee={
            "fee_kind": "formula",
            "fee_formula": "luas_m2 * lama_hari * tarif[kelas]",
            "fee_tables": {"tarif": {"a": 1500, "b": 1000}},
            "fee_table_labels": {"tarif": "Tarif per m² per hari"},
        },
    )
    trayek = factories.make_service(
        region,
        code="izin-trayek",
        name="Izin Trayek Angkutan Kota",
        agency=dpmptsp,
        category="perizinan_berusaha",
        fee={"fee_kind": "flat", "fee_amount": 1_250_000},
    )
    factories.make_draft(region, code="izin-baru", name="Izin Rahasia Draf", agency=dpmptsp)
    elsewhere = factories.make_agency(
        factories.make_region(code="35.07", name="Kabupaten Lain", kind="kabupaten"),
        short_name="DPMPTSP",
        unit_code="2.18.0.00.0.00.01.0000",
    )
    factories.make_service(
        elsewhere.region, code="izin-lain", name="Izin Praktik Daerah Lain", agency=elsewhere
    )
    return {"sip": sip, "reklame": reklame, "trayek": trayek}


def _names(response):
    return [service.name for service in response.context["services"]]


def test_catalog_lists_only_published_services_of_this_region(client, catalog):
    response = client.get(reverse("portal:service_list"))
    assert _names(response) == [
        "Izin Penyelenggaraan Reklame",
        "Izin Trayek Angkutan Kota",
        "Surat Izin Praktik Dokter",
    ]
    assert "Izin Rahasia Draf" not in response.text
    assert "Daerah Lain" not in response.text


def test_catalog_search_by_keyword_is_case_insensitive(client, catalog):
    response = client.get(reverse("portal:service_list"), {"q": "PRAKTIK"})
    assert _names(response) == ["Surat Izin Praktik Dokter"]
    assert "1 layanan ditemukan" in response.text


def test_catalog_filter_by_category(client, catalog):
    response = client.get(reverse("portal:service_list"), {"kategori": "perizinan_berusaha"})
    assert _names(response) == ["Izin Penyelenggaraan Reklame", "Izin Trayek Angkutan Kota"]


def test_catalog_filter_by_technical_agency(client, catalog, dinkes):
    response = client.get(reverse("portal:service_list"), {"instansi": dinkes.pk})
    assert _names(response) == ["Surat Izin Praktik Dokter"]


def test_catalog_ignores_filters_it_cannot_read(client, catalog):
    response = client.get(reverse("portal:service_list"), {"instansi": "x'; drop", "kategori": "?"})
    assert response.status_code == 200
    assert len(_names(response)) == 3
    assert "Beberapa saringan tidak dipahami" in response.text


def test_service_page_shows_the_six_published_components(client, catalog):
    response = client.get(reverse("portal:service_detail", args=["sip-dokter"]))
    text = response.text
    for heading in [
        "1. Persyaratan",
        "2. Sistem, mekanisme, dan prosedur",
        "3. Jangka waktu penyelesaian",
        "4. Biaya/tarif",
        "5. Produk pelayanan",
        "6. Penanganan pengaduan, saran, dan masukan",
        "Dasar hukum",
    ]:
        assert heading in text
    assert "5 hari kerja" in text
    assert "Tidak dipungut biaya" in text
    assert [(s.name, s.budget_days) for s in response.context["stages"]] == [
        ("Pemeriksaan kelengkapan", 1),
        ("Verifikasi teknis", 3),
        ("Keputusan", 1),
    ]
    assert "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik" in text


def test_service_page_shows_a_flat_fee_in_rupiah(client, catalog):
    response = client.get(reverse("portal:service_detail", args=["izin-trayek"]))
    assert "Rp1.250.000" in response.text


def test_service_page_explains_a_fee_formula_with_its_tariffs(client, catalog):
    response = client.get(reverse("portal:service_detail", args=["izin-reklame"]))
    assert response.context["version"].fee_description() == (
        "Luas bidang reklame × Lama (hari) × Tarif per m² per hari (Kelas jalan)"
    )
    assert "Rp1.500" in response.text
    assert "Kelas A" in response.text


def test_service_page_of_a_draft_or_another_region_is_not_found(client, catalog):
    assert client.get(reverse("portal:service_detail", args=["izin-baru"])).status_code == 404
    assert client.get(reverse("portal:service_detail", args=["izin-lain"])).status_code == 404


def test_service_page_keeps_showing_the_published_version_while_a_draft_is_edited(client, catalog):
    draft = domain.service_version_draft(service=catalog["sip"])
    draft.product = "Produk baru belum terbit"
    draft.save()
    response = client.get(reverse("portal:service_detail", args=["sip-dokter"]))
    assert response.context["version"].number == 1
    assert "Produk baru belum terbit" not in response.text


def test_pages_speak_english_when_asked(client, catalog):
    response = client.get(
        reverse("portal:service_detail", args=["sip-dokter"]), headers={"accept-language": "en"}
    )
    assert "Free of charge" in response.text
    assert "1. Requirements" in response.text


def test_home_counts_services_by_category(client, catalog):
    response = client.get(reverse("portal:home"))
    assert response.context["categories"] == [
        ("perizinan_berusaha", "Perizinan berusaha", 2),
        ("perizinan_non_berusaha", "Perizinan non-berusaha", 1),
    ]
    assert "Kota Uji memiliki 3 layanan dalam katalognya." in response.text


def test_catalog_keyword_finds_services_a_technical_agency_takes_part_in(client, catalog):
    response = client.get(reverse("portal:service_list"), {"q": "kesehatan"})
    assert _names(response) == ["Surat Izin Praktik Dokter"]

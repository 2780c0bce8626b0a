"""The national sub kegiatan nomenclature, imported as it circulates: the 2027 list (code and
name in one cell, provinsi and kab/kota) and the kab/kota annex of Kepmendagri
900.1.15.5-1317/2023 (code over five columns), both read unchanged from the shared data."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from org.models import Agency
from org.urusan import BIDANG_URUSAN
from planning import codes
from planning.models import NomenclatureItem, NomenclatureVersion
from planning.nomenclature import nomenclature_import, successors, successors_by_name
from tests.shared_data import shared_file

LIST_2027 = "Nomenklatur sub kegiatan, pemutakhiran 2027"
ANNEX_2023 = "Kepmendagri 900.1.15.5-1317/2023 (kab/kota)"
# The bidang the kab/kota level does not have: DKI's kota and kabupaten administrasi, the
# province's liaison office, and Papua's special autonomy.
PROVINCE_ONLY = {"5.07", "7.02", "7.03", "9.02", "9.03"}


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """Both files imported once for the module (the 2027 list takes seconds), then removed."""
    # With the default limits: two DEFINISI OPERASIONAL cells hold 14,410 and 14,550
    # characters, within SATUPINTU_IMPORT_MAX_CELL_CHARS (Excel's own 32,767).
    with django_db_blocker.unblock():
        with shared_file("nomenklatur-nasional/subkeg900.xlsx").open("rb") as file:
            annex = nomenclature_import(
                name=ANNEX_2023, file=file, filename="subkeg900.xlsx", government_level="regency"
            )
        with shared_file("nomenklatur-nasional/nomenklatur-2027.xlsx").open("rb") as file:
            current = nomenclature_import(
                name=LIST_2027, file=file, filename="nomenklatur-2027.xlsx"
            )
    yield {"2027": current, "2023": annex}
    with django_db_blocker.unblock():
        NomenclatureVersion.objects.filter(pk__in=[current.pk, annex.pk]).delete()


pytestmark = pytest.mark.django_db


def _levels(version) -> Counter:
    return Counter(version.items.values_list("government_level", "level"))


def _item(version, code: str, government_level: str) -> NomenclatureItem:
    return version.items.get(code=code, government_level=government_level)


def test_2027_list_imports_every_row_at_its_level_with_program_01_under_each_bidang(national):
    # Rows of the file: 4,031 PROV (109 of them X.XX) and 3,550 KABKOT (111 X.XX); each X.XX
    # sub kegiatan is stored under each of the level's 49 and 44 bidang.
    assert _levels(national["2027"]) == {
        ("province", "bidang_urusan"): 49,
        ("province", "program"): 216 + 49,
        ("province", "kegiatan"): 894 + 18 * 49,
        ("province", "sub_kegiatan"): 3922 + 109 * 49,
        ("regency", "bidang_urusan"): 44,
        ("regency", "program"): 188 + 44,
        ("regency", "kegiatan"): 695 + 18 * 44,
        ("regency", "sub_kegiatan"): 3439 + 111 * 44,
    }


def test_2027_list_keeps_kinerja_indikator_satuan_tags_and_spm(national):
    usb = _item(national["2027"], "1.01.02.1.01.0001", "province")
    assert (
        usb.name,
        usb.parent_code,
        usb.kinerja,
        usb.indikator,
        usb.satuan,
        usb.tags,
        usb.spm,
        usb.is_penunjang,
        usb.previous_code,
    ) == (
        "Pembangunan USB (Unit Sekolah Baru)",
        "1.01.02.1.01",
        "Sekolah Baru yang Terbangun",
        "Jumlah Sekolah Baru yang Telah Dibangun",
        "Unit",
        [],
        True,
        False,
        "",
    )
    ibu = _item(national["2027"], "1.02.02.2.02.0002", "regency")
    assert (ibu.name, ibu.tags, ibu.spm) == (
        "Pengelolaan Pelayanan Kesehatan Ibu Bersalin",
        [
            "RESPONSIF ANAK",
            "KESPRO",
            "KEMISKINAN EKSTREM (ASTACITA)",
            "KABUPATEN/KOTA LAYAK ANAK",
            "ANGGARAN RESPONSIF GENDER (ASTACITA)",
        ],
        True,
    )
    pangan = _item(national["2027"], "2.09.04.1.02.0006", "province")
    assert (pangan.tags, pangan.spm) == (["KEMISKINAN EKSTREM (ASTACITA)", "STUNTING"], False)
    tagged = national["2027"].items.filter(level="sub_kegiatan").exclude(tags=[]).count()
    assert tagged == 1621  # 1,578 rows of the file, and 43 X.XX rows under every bidang


def test_2027_list_has_every_authority_digit_and_every_bidang(national):
    sub_kegiatan = national["2027"].items.filter(level="sub_kegiatan")
    digits = {
        level: sorted(
            {
                code.split(".")[3]
                for code in sub_kegiatan.filter(government_level=level).values_list(
                    "code", flat=True
                )
            }
        )
        for level in ("province", "regency")
    }
    assert digits == {
        "province": ["1", "3", "4", "5", "6", "7", "8"],
        "regency": ["2", "3", "4", "5", "7"],
    }
    bidang = {
        level: sorted(
            national["2027"]
            .items.filter(level="bidang_urusan", government_level=level)
            .values_list("code", flat=True)
        )
        for level in ("province", "regency")
    }
    assert bidang == {
        "province": sorted(BIDANG_URUSAN),
        "regency": sorted(set(BIDANG_URUSAN) - PROVINCE_ONLY),
    }
    assert [
        (item.code, item.name)
        for item in sub_kegiatan.filter(
            code__in=["2.22.09.8.01.0001", "5.06.02.1.01.0001", "7.02.02.6.03.0001"]
        )
    ] == [
        ("2.22.09.8.01.0001", "Pembinaan Pemerintahan Desa Adat"),
        ("5.06.02.1.01.0001", "Koordinasi, Integrasi, dan Sinkronisasi Kebijakan Otonomi Daerah"),
        ("7.02.02.6.03.0001", "Peningkatan Kapasitas Lembaga Kemasyarakatan Kota Administrasi"),
    ]
    aceh = sub_kegiatan.filter(code="9.01.02.7.01.0001")
    assert sorted(aceh.values_list("government_level", "name")) == [
        ("province", "Pelatihan Mawaris"),
        ("regency", "Pelatihan Mawaris"),
    ]


def test_one_code_names_a_different_kegiatan_at_each_level(national):
    kegiatan = national["2027"].items.filter(code="1.01.02.3.03")
    assert sorted(kegiatan.values_list("government_level", "name")) == [
        ("province", "Pengelolaan Pendidikan Khusus"),
        ("regency", "Pengelolaan Pendidikan Anak Usia Dini (PAUD)"),
    ]


def test_program_01_written_once_as_x_xx_is_under_every_bidang_of_its_level(national):
    version = national["2027"]
    planning_doc = _item(version, "1.01.01.1.01.0001", "province")
    assert (
        planning_doc.name,
        planning_doc.parent_code,
        planning_doc.is_penunjang,
        planning_doc.kinerja,
    ) == (
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "1.01.01.1.01",
        True,
        "Tersusunnya Dokumen Perencanaan Perangkat Daerah",
    )
    assert _item(version, "1.01.01", "province").name == (
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI"
    )
    assert _item(version, "1.01.01", "regency").name == (
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    )
    # Papua's bidang is a province's only: its program 01 is the provinsi one.
    assert sorted(
        version.items.filter(code__startswith="9.02.01").values_list("government_level", flat=True)
    ) == ["province"] * (1 + 18 + 109)
    assert version.items.filter(code__startswith="X").count() == 0


def test_annex_of_2023_with_the_code_over_five_columns_imports_as_published(national):
    annex = national["2023"]
    assert _levels(annex) == {
        ("regency", "urusan"): 9,
        ("regency", "bidang_urusan"): 44,
        ("regency", "program"): 187 + 44,
        ("regency", "kegiatan"): 713 + 16 * 44,
        ("regency", "sub_kegiatan"): 3294 + 101 * 44,
    }
    rka = _item(annex, "1.02.01.2.01.0002", "regency")
    assert (rka.name, rka.kinerja, rka.indikator, rka.satuan, rka.is_penunjang) == (
        "Koordinasi dan Penyusunan Dokumen RKA-SKPD",
        "Tersedianya Dokumen RKA- SKPD dan Laporan Hasil Koordinasi Penyusunan Dokumen RKA-SKPD",
        "Jumlah Dokumen RKA-SKPD dan Laporan Hasil Koordinasi Penyusunan Dokumen RKA-SKPD",
        "Dokumen",
        True,
    )
    assert _item(annex, "1.03.02.2.01.0100", "regency").name == (
        "Peningkatan Pintu Air/Bendung Pengendali Banjir"
    )
    assert _item(annex, "9.01.02.7.01", "regency").name == "Peningkatan Pemahaman Wawasan Islam"
    assert _item(annex, "9", "regency").name == "UNSUR KEKHUSUSAN"


def test_previous_codes_of_the_2027_list_are_read_as_their_successors(national):
    mapped = successors(national["2027"], government_level="province")
    # 170 provinsi rows name their previous code; 11 of those codes are still in use (for
    # another sub kegiatan) and keep their own meaning.
    assert len(mapped) == 159
    assert (
        mapped["1.02.02.1.02.0013"],
        mapped["2.07.04.1.04.0003"],
        mapped[codes.parse("1.02.02.1.02.13").code],  # the 2019 annex's 2-digit form
        mapped.get("3.29.03.1.04.0004"),
    ) == ("1.02.02.1.02.0035", "2.07.04.1.04.0005", "1.02.02.1.02.0035", None)


def test_older_sub_kegiatan_are_read_by_their_identical_name(national):
    by_name = successors_by_name(national["2027"], [national["2023"]], government_level="regency")
    assert len(by_name) == 132
    assert (
        by_name["1.01.02.2.01.0021"],  # Penyediaan Biaya Personil Peserta Didik Sekolah Dasar
        by_name["1.03.02.2.02.0003"],  # Pembangunan Bendung Irigasi
        by_name.get("1.02.02.2.02.0002"),  # still a code of 2027: not a successor
    ) == ("1.01.02.2.01.0054", "1.03.02.2.02.0051", None)
    mapped = successors(national["2027"], government_level="regency")
    assert (mapped["1.03.02.2.02.0003"], mapped["1.02.02.2.02.0028"]) == (
        "1.03.02.2.02.0051",  # by name
        "1.02.02.2.02.0053",  # by the previous code the 2027 list gives
    )


def test_the_same_list_imported_twice_is_refused(national):
    with (
        shared_file("nomenklatur-nasional/nomenklatur-2027.xlsx").open("rb") as file,
        pytest.raises(ValidationError) as twice,
    ):
        nomenclature_import(name=LIST_2027, file=file, filename="nomenklatur-2027.xlsx")
    assert twice.value.messages == [f"Versi bernama {LIST_2027} sudah ada."]
    assert NomenclatureVersion.objects.filter(name=LIST_2027).count() == 1


def test_agency_with_a_repeated_bidang_in_its_unit_code_is_read(region):
    agency = Agency(
        region=region,
        name="Dinas Kelautan dan Perikanan",
        short_name="DKP",
        kind="dinas",
        unit_code="3.25.3.25.3.25.01.0000",
    )
    agency.full_clean()
    agency.save()
    assert (agency.bidang_1, agency.bidang_2, agency.bidang_3) == ("3.25", "", "")

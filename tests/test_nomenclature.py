"""The Permendagri 90 nomenclature: codes in every written form, and imports that take all
rows or none."""

import hashlib
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from planning import codes
from planning.models import NomenclatureItem, NomenclatureVersion
from planning.nomenclature import (
    ImportRefusedError,
    nomenclature_import,
    successors,
    successors_by_name,
)

ROOT = Path(__file__).resolve().parents[1]
SUBSET_SHA1 = "315beb48a81cc0ae36e7741e4e274b02bca3e166"


def _subset() -> Path:
    """The real subset: from the shared reference data beside the project, else the copy
    the project ships (the same bytes: the test checks the hash)."""
    for path in (
        ROOT.parent / "shared/data/nomenklatur-kabkota-subset/nomenklatur.csv",
        ROOT / "planning/data/nomenklatur-kabkota.csv",
    ):
        if path.exists():
            return path
    raise AssertionError("the nomenclature subset is missing")


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "code", "level"),
    [
        ("1", "1", "urusan"),
        ("1.02", "1.02", "bidang_urusan"),
        ("1.02.01", "1.02.01", "program"),
        ("1.02.02.2.01", "1.02.02.2.01", "kegiatan"),
        ("1.02.02.02.01", "1.02.02.2.01", "kegiatan"),
        ("1.02.02.2.01.0001", "1.02.02.2.01.0001", "sub_kegiatan"),
        ("1.02.02.2.01.01", "1.02.02.2.01.0001", "sub_kegiatan"),  # the 2019 annex's form
        ("2.22.09.8.01.0001", "2.22.09.8.01.0001", "sub_kegiatan"),  # authority 8 (desa adat)
        ("1.03.13.05.01", "1.03.13.5.01", "kegiatan"),  # authority 5 (DIY)
        (" 1.02.02.02.01.01 ", "1.02.02.2.01.0001", "sub_kegiatan"),
    ],
)
def test_codes_are_read_in_every_form_and_kept_in_one(raw, code, level):
    parsed = codes.parse(raw)
    assert (parsed.code, parsed.level) == (code, level)


def test_code_parts_parent_and_the_penunjang_program():
    sub = codes.parse("1.02.01.2.02.0005")
    assert (sub.bidang, sub.program, sub.parent, sub.is_penunjang) == (
        "1.02",
        "1.02.01",
        "1.02.01.2.02",
        True,
    )
    assert codes.parse("1.02.01.2.02").parent == "1.02.01"
    assert codes.parse("1.02.02.2.01.0001").is_penunjang is False
    assert codes.short_form("1.02.02.2.01.0001") == "1.02.02.2.01.01"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1.02.x", "1.02.x bukan kode: angka dipisah titik, seperti 1.02.02.2.01.0001."),
        ("1.02.02.2", "1.02.02.2 berhenti pada digit kewenangan."),
        (
            "1.02.02.9.01",
            "1.02.02.9.01: digit kewenangan harus 1 sampai 8 (1 provinsi, 2 kab/kota).",
        ),
        ("1.2.02", "1.2.02: bagian 2 seharusnya 2 digit."),
        ("1.02.02.2.01.0001.9", "1.02.02.2.01.0001.9 terlalu banyak bagian."),
    ],
)
def test_bad_codes_say_what_is_wrong(raw, message):
    with pytest.raises(ValidationError) as error:
        codes.parse(raw)
    assert error.value.messages == [message]


def test_the_real_subset_imports_cleanly():
    subset = _subset()
    assert hashlib.sha1(subset.read_bytes()).hexdigest() == SUBSET_SHA1  # noqa: S324 - an id
    with subset.open("rb") as file:
        version = nomenclature_import(
            name="Subset kab/kota (AldiAlfatih/BAPPEDA)", file=file, filename="nomenklatur.csv"
        )
    levels = Counter(version.items.values_list("level", flat=True))
    assert levels == {
        "urusan": 8,
        "bidang_urusan": 38,
        "program": 138,
        "kegiatan": 483,
        "sub_kegiatan": 1881,
    }
    assert version.items.filter(level="sub_kegiatan", is_penunjang=True).count() == 974
    item = version.items.get(code="1.02.02.2.01.0001")
    assert (item.parent_code, item.is_penunjang) == ("1.02.02.2.01", False)


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row():
    content = (
        b"level,kode,nomenklatur\n"
        b"bidang_urusan,1.02,URUSAN PEMERINTAHAN BIDANG KESEHATAN\n"
        b"program,1.02.02,PROGRAM PEMENUHAN UPAYA KESEHATAN\n"
        b"program,1.02.0X,PROGRAM RUSAK\n"
        b"kegiatan,1.02.02,BUKAN KEGIATAN\n"
        b"sub_kegiatan,1.02.02.2.01.0001,\n"
        b"program,1.02.02,PROGRAM GANDA\n"
    )
    with pytest.raises(ImportRefusedError) as refused:
        nomenclature_import(name="Uji", file=io.BytesIO(content), filename="uji.csv")
    assert [(p.row, p.code, p.message) for p in refused.value.problems] == [
        (4, "1.02.0X", "1.02.0X bukan kode: angka dipisah titik, seperti 1.02.02.2.01.0001."),
        (5, "1.02.02", "Kolom level menyebut kegiatan, tetapi kodenya program."),
        (6, "1.02.02.2.01.0001", "Namanya kosong."),
        (7, "1.02.02", "Kode 1.02.02 muncul dua kali (pertama di baris 3)."),
    ]
    assert (NomenclatureVersion.objects.count(), NomenclatureItem.objects.count()) == (0, 0)


def test_xlsx_with_two_digit_sub_kegiatan_and_metadata():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kode", "nama", "kinerja", "indikator", "satuan"])
    sheet.append(
        ["1.02.02.02.01.02", "Penyediaan Alat Kesehatan", "Alkes tersedia", "Jumlah", "Unit"]
    )
    sheet.append(["1", "URUSAN WAJIB PELAYANAN DASAR", None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    version = nomenclature_import(name="Uji XLSX", file=buffer, filename="kode.xlsx")
    item = version.items.get(level="sub_kegiatan")
    assert (item.code, item.kinerja, item.indikator, item.satuan) == (
        "1.02.02.2.01.0002",
        "Alkes tersedia",
        "Jumlah",
        "Unit",
    )


def test_other_files_and_names_are_refused_with_a_message():
    with pytest.raises(ValidationError) as wrong_type:
        nomenclature_import(name="Uji", file=io.BytesIO(b"x"), filename="kode.pdf")
    assert wrong_type.value.messages == ["Unggah berkas CSV atau XLSX."]
    nomenclature_import(name="Uji", file=io.BytesIO(b"kode,nama\n1,URUSAN\n"), filename="a.csv")
    with pytest.raises(ValidationError) as twice:
        nomenclature_import(name="Uji", file=io.BytesIO(b"kode,nama\n1,URUSAN\n"), filename="a.csv")
    assert twice.value.messages == ["Versi bernama Uji sudah ada."]


def test_the_command_imports_or_lists_the_bad_rows(tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "kode.csv"
    bad.write_text("kode,nama\n1.02,KESEHATAN\n1.0X,RUSAK\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_nomenclature", str(bad), name="Uji", stderr=errors)
    assert str(refused.value) == "Tidak ada yang diimpor: 1 baris perlu diperbaiki."
    assert errors.getvalue() == (
        "row 3 (1.0X): 1.0X bukan kode: angka dipisah titik, seperti 1.02.02.2.01.0001.\n"
    )
    good = tmp_path / "baik.csv"
    good.write_text("kode,nama\n1.02,KESEHATAN\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_nomenclature", str(good), name="Uji", stdout=out)
    assert out.getvalue() == "Uji: 1 codes imported.\n"


def _xlsx(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


NATIONAL_HEADER = [
    "JENIS PEMDA",
    "BIDANG",
    "PROGRAM",
    "KEGIATAN",
    "SUBKEGIATAN",
    "KINERJA",
    "INDIKATOR",
    "SATUAN",
    "TAG",
    "SPM",
    "SUBKEGIATAN SEBELUMNYA",
]
KESEHATAN = "1.02 URUSAN PEMERINTAHAN BIDANG KESEHATAN"
UPAYA = "1.02.02 PROGRAM PEMENUHAN UPAYA KESEHATAN"
PENUNJANG = ["X.XX URUSAN PEMERINTAHAN BIDANG XX", "X.XX.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN"]


def test_national_form_keeps_levels_tags_spm_previous_codes_and_spreads_program_01():
    file = _xlsx(
        [
            ["Nomenklatur sub kegiatan versi pemutakhiran"],  # a title above the header
            NATIONAL_HEADER,
            [
                "PROV",
                *PENUNJANG,
                "X.XX.01.1.01 Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                "X.XX.01.1.01.0001 Penyusunan Dokumen Perencanaan Perangkat Daerah",
                "Tersusunnya Dokumen Perencanaan",
                "Jumlah Dokumen",
                "Dokumen",
                "[null]",
                "NON-SPM",
                None,
            ],
            [
                "PROV",
                KESEHATAN,
                UPAYA,
                "1.02.02.1.02 Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan",
                "1.02.02.1.02.0035 Pengelolaan  Pelayanan\nKesehatan Jiwa",
                "Terlaksananya Pengelolaan",
                "Jumlah Dokumen",
                "Dokumen",
                '["STUNTING", "KESPRO", "STUNTING"]',
                "SPM",
                "1.02.02.1.02.0013 Pengelolaan Pelayanan Kesehatan ODMK",
            ],
            [
                "KABKOT",
                KESEHATAN,
                UPAYA,
                "1.02.02.2.02 Penyediaan Layanan Kesehatan untuk UKM dan UKP",
                "1.02.02.2.02.0001 Pengelolaan Pelayanan Kesehatan Ibu Hamil",
                "Terkelolanya Pelayanan",
                "Jumlah Ibu Hamil",
                "Orang",
                '["STUNTING"]',
                "SPM",
                None,
            ],
        ]
    )
    version = nomenclature_import(name="Nasional", file=file, filename="nasional.xlsx")
    assert list(version.items.values_list("government_level", "code", "is_penunjang")) == [
        ("province", "1.02", False),
        ("regency", "1.02", False),
        ("province", "1.02.01", True),  # X.XX.01 under the province's only bidang
        ("province", "1.02.01.1.01", True),
        ("province", "1.02.01.1.01.0001", True),
        ("province", "1.02.02", False),
        ("regency", "1.02.02", False),
        ("province", "1.02.02.1.02", False),
        ("province", "1.02.02.1.02.0035", False),
        ("regency", "1.02.02.2.02", False),
        ("regency", "1.02.02.2.02.0001", False),
    ]
    jiwa = version.items.get(code="1.02.02.1.02.0035")
    assert (jiwa.name, jiwa.tags, jiwa.spm, jiwa.previous_code) == (
        "Pengelolaan Pelayanan Kesehatan Jiwa",
        ["STUNTING", "KESPRO"],
        True,
        "1.02.02.1.02.0013",
    )
    spread = version.items.get(code="1.02.01.1.01.0001")
    assert (spread.name, spread.parent_code, spread.kinerja, spread.tags, spread.spm) == (
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "1.02.01.1.01",
        "Tersusunnya Dokumen Perencanaan",
        [],
        False,
    )


def test_annex_form_with_the_code_over_five_columns():
    content = (
        "URUSAN/UNSUR,BIDANG URUSAN/BIDANG UNSUR,PROGRAM,KEGIATAN,SUB KEGIATAN,"
        "NOMENKLATUR URUSAN,KINERJA,INDIKATOR,SATUAN\n"
        "X,,,,,URUSAN X.XX,,,\n"
        "X,XX,,,,URUSAN  PEMERINTAHAN BIDANG XX,,,\n"
        "X,XX,1,,,PROGRAM  PENUNJANG URUSAN,,,\n"
        "X,XX,1,2.01,,Perencanaan Perangkat Daerah,,,\n"
        'X,XX,1,2.01,1,"Penyusunan       Dokumen\nPerencanaan",'
        "Tersusunnya  Dokumen,Jumlah,Dokumen\n"
        "1,,,,,URUSAN WAJIB PELAYANAN DASAR,,,\n"
        "1,2,,,,KESEHATAN,,,\n"
        "1,2,2,,,PROGRAM PEMENUHAN UPAYA KESEHATAN,,,\n"
        "1,2,2,2.1,,Penyediaan Layanan Kesehatan,,,\n"  # 2.10 saved as a number
        "1,2,2,2.1,101,Pengelolaan Pelayanan Kesehatan,Terkelolanya,Jumlah,Orang\n"
    )
    version = nomenclature_import(
        name="Lampiran",
        file=io.BytesIO(content.encode()),
        filename="lampiran.csv",
        government_level="regency",
    )
    assert list(version.items.values_list("government_level", "code", "name")) == [
        ("regency", "1", "URUSAN WAJIB PELAYANAN DASAR"),
        ("regency", "1.02", "KESEHATAN"),
        ("regency", "1.02.01", "PROGRAM PENUNJANG URUSAN"),
        ("regency", "1.02.01.2.01", "Perencanaan Perangkat Daerah"),
        ("regency", "1.02.01.2.01.0001", "Penyusunan Dokumen Perencanaan"),
        ("regency", "1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN"),
        ("regency", "1.02.02.2.10", "Penyediaan Layanan Kesehatan"),
        ("regency", "1.02.02.2.10.0101", "Pengelolaan Pelayanan Kesehatan"),
    ]
    assert version.items.get(code="1.02.01.2.01.0001").kinerja == "Tersusunnya Dokumen"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "nama,pagu\nDinas Kesehatan,100\n",
            "Berkas tidak memiliki kolom kode. Tuliskan sebagai KODE dan NAMA; sebagai BIDANG, "
            "PROGRAM, KEGIATAN dan SUBKEGIATAN (kode dan nama dalam satu sel); atau sebagai "
            "URUSAN, BIDANG URUSAN, PROGRAM, KEGIATAN dan SUB KEGIATAN di samping NOMENKLATUR. "
            "Kolom yang ditemukan: nama, pagu.",
        ),
        (
            "Urusan,Bidang Urusan,Program,Kegiatan,Sub Kegiatan\n1,2,2,2.01,1\n",
            "Berkas tidak memiliki kolom NOMENKLATUR. Kolom yang ditemukan: urusan, "
            "bidang_urusan, program, kegiatan, sub_kegiatan.",
        ),
        (
            "JENIS PEMDA,BIDANG,SUBKEGIATAN\nPROV,1.02 KESEHATAN,1.02.02.1.01.0001 Nama\n",
            "Berkas tidak memiliki kolom PROGRAM, KEGIATAN. Kolom yang ditemukan: jenis_pemda, "
            "bidang, subkegiatan.",
        ),
    ],
)
def test_a_missing_column_is_named_with_the_columns_found(content, message):
    with pytest.raises(ValidationError) as refused:
        nomenclature_import(name="Uji", file=io.BytesIO(content.encode()), filename="k.csv")
    assert refused.value.messages == [message]


def test_national_form_rows_that_contradict_themselves_are_each_named():
    def row(level, kegiatan, sub, tag="[null]", spm="NON-SPM", program=UPAYA):
        return [level, KESEHATAN, program, kegiatan, sub, "", "", "", tag, spm, None]

    keg = "1.02.02.1.01 Penyediaan Fasilitas"
    file = _xlsx(
        [
            NATIONAL_HEADER,
            row("PROV", keg, "1.02.02.1.01.0001 Pembangunan Rumah Sakit"),
            row("DESA", keg, "1.02.02.1.01.0002 Pembangunan Puskesmas"),
            row("PROV", keg, "1.02.02.1.01.0003 Rehabilitasi", tag='["STUNTING"'),
            row("PROV", keg, "1.02.02.1.01.0004 Pengadaan Alat", spm="MUNGKIN"),
            row("PROV", "1.02.03.1.01 Lain", "1.02.03.1.01.0001 Lain"),
            row("PROV", "1.02.02.1.01 Nama Lain", "1.02.02.1.01.0005 Pengadaan Obat"),
            row("PROV", keg, "1.02.02.1.01 Bukan Sub Kegiatan"),
            row("PROV", keg, "1.02.02.1.01.0001 Pembangunan Rumah Sakit"),
        ]
    )
    with pytest.raises(ImportRefusedError) as refused:
        nomenclature_import(name="Uji", file=file, filename="nasional.xlsx")
    assert [(p.row, p.code, p.message) for p in refused.value.problems] == [
        (3, "DESA", "JENIS PEMDA berisi DESA; tulis PROV (provinsi) atau KABKOT (kab/kota)."),
        (4, '["STUNTING"', 'Kolom TAG bukan daftar seperti ["STUNTING", "KESPRO"].'),
        (5, "MUNGKIN", "Kolom SPM berisi MUNGKIN; tulis SPM atau NON-SPM."),
        (
            6,
            "1.02.03.1.01",
            "1.02.03.1.01 tidak berada di bawah 1.02.02 yang tertulis sebelumnya pada baris ini.",
        ),
        (
            7,
            "1.02.02.1.01",
            "1.02.02.1.01 bernama “Nama Lain” di sini tetapi “Penyediaan Fasilitas” di baris 2.",
        ),
        (8, "1.02.02.1.01", "Kolom sub_kegiatan memuat 1.02.02.1.01, sebuah kode kegiatan."),
        (9, "1.02.02.1.01.0001", "Kode 1.02.02.1.01.0001 muncul dua kali (pertama di baris 2)."),
    ]
    assert (NomenclatureVersion.objects.count(), NomenclatureItem.objects.count()) == (0, 0)


def test_the_refusal_counts_every_bad_row_and_lists_the_first_200():
    content = "kode,nama\n" + "".join(f"1.x{n},RUSAK\n" for n in range(250))
    with pytest.raises(ImportRefusedError) as refused:
        nomenclature_import(name="Uji", file=io.BytesIO(content.encode()), filename="k.csv")
    assert refused.value.messages == ["Tidak ada yang diimpor: 250 baris perlu diperbaiki."]
    assert (refused.value.bad_rows, len(refused.value.problems)) == (250, 200)


def _version(name: str, content: str) -> NomenclatureVersion:
    return nomenclature_import(name=name, file=io.BytesIO(content.encode()), filename="k.csv")


def test_successors_from_previous_codes_and_identical_names():
    older = _version(
        "2019",
        "kode,nama\n"
        "1.02.02.2.01.01,Pengelolaan Pelayanan Kesehatan Ibu Hamil\n"
        "1.02.02.2.01.02,Pengelolaan  pelayanan kesehatan ibu bersalin\n"
        "1.02.02.2.01.03,Pengadaan Obat\n"
        "1.03.02.2.01.01,Pengadaan Obat\n"  # another bidang's: no successor there
        "1.02.02.2.01.04,Pembinaan\n",
    )
    current = _version(
        "2027",
        "kode,nama,kode_sebelumnya\n"
        "1.02.02.2.02.0001,Pengelolaan Pelayanan Kesehatan Ibu Hamil,1.02.02.2.01.01\n"
        "1.02.02.2.02.0002,Pengelolaan Pelayanan Kesehatan Ibu Bersalin,\n"
        "1.02.02.2.02.0003,Pengadaan Obat,\n"
        "1.02.02.2.02.0004,Pembinaan,\n"
        "1.02.02.2.02.0005,Pembinaan,\n",  # two codes of one name: neither is a successor
    )
    assert successors(current) == {
        "1.02.02.2.01.0001": "1.02.02.2.02.0001",
        "1.02.02.2.01.0002": "1.02.02.2.02.0002",
        "1.02.02.2.01.0003": "1.02.02.2.02.0003",
    }
    assert successors_by_name(current, [older]) == {
        "1.02.02.2.01.0001": "1.02.02.2.02.0001",
        "1.02.02.2.01.0002": "1.02.02.2.02.0002",
        "1.02.02.2.01.0003": "1.02.02.2.02.0003",
    }
    lookup = successors(current)
    assert lookup[codes.parse("1.02.02.02.01.02").code] == "1.02.02.2.02.0002"


def test_the_command_imports_a_file_at_the_level_it_is_given(tmp_path):
    from django.core.management import call_command

    annex = tmp_path / "lampiran.csv"
    annex.write_text(
        "URUSAN,BIDANG URUSAN,PROGRAM,KEGIATAN,SUB KEGIATAN,NOMENKLATUR\n"
        "1,2,2,2.01,1,Pengelolaan Pelayanan Kesehatan Ibu Hamil\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_nomenclature", str(annex), name="Lampiran", level="regency", stdout=out)
    assert out.getvalue() == "Lampiran: 1 codes imported.\n"
    assert list(NomenclatureItem.objects.values_list("government_level", "code")) == [
        ("regency", "1.02.02.2.01.0001")
    ]

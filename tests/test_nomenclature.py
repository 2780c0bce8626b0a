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
from planning.nomenclature import ImportRefusedError, nomenclature_import

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

"""Budget imports: SIPD "data anggaran" files taken whole or refused whole, with a report."""

import io
from decimal import Decimal

import pytest

from planning.budget import BudgetRefusedError, budget_import, parse_amount
from planning.models import Budget, BudgetLine, Stage
from planning.nomenclature import nomenclature_import

pytestmark = pytest.mark.django_db

HEADER = (
    "tahun,kode_urusan,nama_urusan,kode_skpd,nama_skpd,kode_sub_unit,nama_sub_unit,"
    "kode_bidang_urusan,nama_bidang_urusan,kode_program,nama_program,kode_kegiatan,"
    "nama_kegiatan,kode_sub_kegiatan,nama_sub_kegiatan,kode_sumber_dana,nama_sumber_dana,"
    "kode_rekening,nama_rekening,pagu\n"
)


def _line(skpd, sub, akun, pagu, sumber="DAU"):
    bidang = ".".join(sub.split(".")[:2])
    return (
        f"2027,{sub[0]},U,{skpd},Dinas,{skpd},Dinas,{bidang},B,{sub[:7]},P,{sub[:12]},K,"
        f"{sub},S,1,{sumber},{akun},R,{pagu}\n"
    )


@pytest.fixture
def codes():
    content = (
        b"kode,nomenklatur\n"
        b"1.02.02.2.01.0001,Pengelolaan Pelayanan Kesehatan Ibu Hamil\n"
        b"1.02.02.2.01.0002,Pengelolaan Pelayanan Kesehatan Ibu Bersalin\n"
        b"1.02.01.2.02.0001,Penyusunan Dokumen Perencanaan Perangkat Daerah\n"
        b"2.18.02.2.01.0001,Penyusunan Rencana Umum Penanaman Modal\n"
    )
    return nomenclature_import(name="Uji 2027", file=io.BytesIO(content), filename="k.csv")


def _import(region, codes, text, stage=Stage.APBD):
    return budget_import(
        region=region,
        year=2027,
        stage=stage,
        nomenclature=codes,
        file=io.BytesIO(text.encode()),
        filename="apbd.csv",
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1250000", "1250000"),
        ("1.250.000", "1250000"),
        ("1250000.00", "1250000.00"),
        ("1.250.000,50", "1250000.50"),
        ("1,250,000.50", "1250000.50"),
        ("Rp 300.000", "300000"),
        ("12,5", "12.5"),
    ],
)
def test_amounts_are_read_as_exports_write_them(text, amount):
    assert parse_amount(text) == Decimal(amount)


def test_a_clean_sipd_file_imports_and_a_second_import_replaces_the_stage(
    region, dinkes, dpmptsp, codes
):
    text = HEADER + (
        _line("1.02.0.00.0.00.01.0000", "1.02.02.2.01.0001", "5.1.02.01.01.0001", "150000000")
        + _line("1.02.0.00.0.00.01.0000", "1.02.02.2.01.0001", "5.2.02.05.01.0001", "1.250.000")
        + _line("1.02.0.00.0.00.01.0000", "1.02.01.2.02.0001", "5.1.01.01.01.0001", "80000000")
        + _line("2.18.0.00.0.00.01.0000", "2.18.02.2.01.01", "5.1.02.01.01.0001", "45000000")
    )
    budget = _import(region, codes, text)
    assert (budget.line_count, budget.total) == (4, Decimal("276250000"))
    line = budget.lines.get(agency=dpmptsp)
    assert (line.sub_kegiatan, line.bidang, line.program, line.is_penunjang) == (
        "2.18.02.2.01.0001",
        "2.18",
        "2.18.02",
        False,
    )
    assert budget.lines.filter(is_penunjang=True).count() == 1
    again = _import(
        region,
        codes,
        HEADER + _line("1.02.0.00.0.00.01.0000", "1.02.02.2.01.0002", "5.1.02.01.01.0001", "1000"),
    )
    assert list(Budget.objects.values_list("pk", "line_count")) == [(again.pk, 1)]
    assert BudgetLine.objects.count() == 1


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row(region, dinkes, codes):
    text = HEADER + (
        _line("1.02.0.00.0.00.01.0000", "1.02.02.2.01.0001", "5.1.02.01.01.0001", "150000000")
        + _line("1.02.0.00.0.00.01.0000", "1.05.02.2.01.0099", "5.1.02.01.01.0001", "1000")
        + _line("1.02.0.00.0.00.01.0000", "1.02.02.2.01.0002", "5.1.02.01.01.0001", "-5000")
        + _line("3.25.0.00.0.00.01.0000", "1.02.02.2.01.0002", "5.1.02.01.01.0001", "1000")
        + _line("1.02.0.00.0.00.01.0000", "1.02.02.2.01.0002", "5.1.02.01.01.0001", "12x")
        + _line("1.02.0.00.0.00.01.0000", "1.02.02.2.01.0001", "5.1.02.01.01.0001", "99")
    )
    with pytest.raises(BudgetRefusedError) as refused:
        _import(region, codes, text)
    assert [(p.row, p.message) for p in refused.value.problems] == [
        (3, "sub kegiatan 1.05.02.2.01.0099 tidak ada dalam Uji 2027"),
        (4, "jumlahnya negatif"),
        (6, "jumlah 12x bukan angka"),
        (7, "baris yang sama dengan baris 2"),
    ]
    # Rows of an agency the region lacks are counted under that agency, to map or create.
    assert [agency.as_json() for agency in refused.value.unknown_agencies] == [
        {
            "code": "3.25.0.00.0.00.01.0000",
            "name": "Dinas",
            "lines": 1,
            "amount": "1000",
            "bidang": "1.02",
            "suggestions": [
                [dinkes.pk, dinkes.name, refused.value.unknown_agencies[0].suggestions[0][2]]
            ],
        }
    ]
    assert refused.value.messages == [
        "Tidak ada yang diimpor. 4 baris perlu diperbaiki. 1 perangkat daerah dalam berkas "
        "belum menjadi milik daerah ini: petakan atau buat di bawah."
    ]
    assert (Budget.objects.count(), BudgetLine.objects.count()) == (0, 0)

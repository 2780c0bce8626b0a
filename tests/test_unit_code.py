"""Agency unit codes name their bidang urusan; bad codes are refused where entered."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from org.models import Agency
from org.urusan import UnitCode, parse_unit_code


def test_unit_code_with_one_bidang():
    assert parse_unit_code("1.03.0.00.0.00.01.0000") == UnitCode(
        bidang=("1.03",), serial="01", sub_unit="0000"
    )


def test_unit_code_of_a_merged_dinas_names_three_bidang():
    code = parse_unit_code("2.17.3.30.3.31.01.0000")
    assert code.bidang == ("2.17", "3.30", "3.31")


def test_unit_code_with_its_bidang_repeated_names_it_once():
    assert parse_unit_code("3.25.3.25.3.25.01.0000") == UnitCode(
        bidang=("3.25",), serial="01", sub_unit="0000"
    )
    assert parse_unit_code("1.03.1.03.0.00.01.0000").bidang == ("1.03",)


def test_unit_code_of_a_special_status_bidang():
    assert parse_unit_code("9.01.1.05.0.00.01.0000").bidang == ("9.01", "1.05")
    assert parse_unit_code("7.02.0.00.0.00.01.0000").bidang == ("7.02",)


def test_unit_code_of_a_sub_unit():
    code = parse_unit_code("1.02.0.00.0.00.01.0001")
    assert (code.bidang, code.is_sub_unit) == (("1.02",), True)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "1.03.01",
            "Kode unit 1.03.01 tidak mengikuti pola B1.B1.B2.B2.B3.B3.NN.UUUU, "
            "misalnya 1.03.0.00.0.00.01.0000.",
        ),
        (
            "1.99.0.00.0.00.01.0000",
            "Kode unit 1.99.0.00.0.00.01.0000 memuat bidang urusan 1.99 yang tidak dikenal.",
        ),
        ("0.00.0.00.0.00.01.0000", "Kode unit 0.00.0.00.0.00.01.0000 tidak memuat bidang urusan."),
        (
            "1.03.0.00.0.00.00.0000",
            "Kode unit 1.03.0.00.0.00.00.0000 bernomor urut 00; nomor dimulai dari 01.",
        ),
        (
            "0.00.1.03.0.00.01.0000",
            "Kode unit 0.00.1.03.0.00.01.0000 memuat bidang urusan 1.03 setelah slot kosong "
            "(0.00); isilah slot dari kiri.",
        ),
    ],
)
def test_bad_unit_codes_are_explained_in_indonesian(code, message):
    with pytest.raises(ValidationError) as raised:
        parse_unit_code(code)
    assert raised.value.messages == [message]


def test_agency_save_derives_its_bidang(region):
    agency = Agency(
        region=region,
        name="Dinas Pendidikan dan Kebudayaan",
        short_name="Disdikbud",
        kind="dinas",
        unit_code="1.01.2.22.0.00.01.0000",
    )
    agency.full_clean()
    agency.save()
    agency.refresh_from_db()
    assert (agency.bidang_1, agency.bidang_2, agency.bidang_3) == ("1.01", "2.22", "")
    assert agency.bidang_urusan == [("1.01", "Pendidikan"), ("2.22", "Kebudayaan")]
    assert list(Agency.objects.with_bidang("2.22")) == [agency]


def test_admin_refuses_an_agency_with_a_bad_unit_code_and_saves_nothing(
    client, region, region_admin
):
    client.force_login(region_admin)
    before = Agency.objects.count()
    response = client.post(
        reverse("admin:org_agency_add"),
        {
            "region": region.pk,
            "name": "Dinas Perhubungan",
            "short_name": "Dishub",
            "kind": "dinas",
            "unit_code": "2.15.0.00",
            "staff_roles-TOTAL_FORMS": "0",
            "staff_roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit_code"] == [
        "Kode unit 2.15.0.00 tidak mengikuti pola B1.B1.B2.B2.B3.B3.NN.UUUU, "
        "misalnya 1.03.0.00.0.00.01.0000."
    ]
    assert Agency.objects.count() == before

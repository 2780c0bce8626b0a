"""NIK, NIB, NPWP and phone numbers are validated as regulations.md §6 says."""

import pytest
from django.core.exceptions import ValidationError

from org import identity


def test_nik_accepts_sixteen_digits_with_a_real_birth_date():
    assert identity.normalize_nik("3573 0145 0890 0002") == "3573014508900002"


def test_nik_for_a_woman_carries_day_plus_forty():
    # 45 = day 5 + 40: born 5 August 1990.
    assert identity.normalize_nik("3573014508900002") == "3573014508900002"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("357301450890000", "NIK terdiri atas tepat 16 digit."),
        ("35730145089000AB", "NIK terdiri atas tepat 16 digit."),
        ("3573013213900002", "NIK tidak memuat tanggal lahir yang sah (digit 7 sampai 12)."),
        ("3573017299900002", "NIK tidak memuat tanggal lahir yang sah (digit 7 sampai 12)."),
    ],
)
def test_nik_rejects_bad_length_and_dates_in_indonesian(value, message):
    with pytest.raises(ValidationError) as raised:
        identity.normalize_nik(value)
    assert raised.value.messages == [message]


def test_nik_with_an_unknown_region_is_valid_but_flagged():
    # 95 is not in python-stdnum's province table (new Papua provinces are missing too).
    assert identity.normalize_nik("9571011708450001") == "9571011708450001"
    assert identity.nik_region_is_known("9571011708450001") is False
    assert identity.nik_region_is_known("3573014508900002") is True


def test_nib_has_thirteen_digits():
    assert identity.normalize_nib("9120 0012 3456 7") == "9120001234567"
    with pytest.raises(ValidationError) as raised:
        identity.normalize_nib("91200012345")
    assert raised.value.messages == ["NIB terdiri atas tepat 13 digit."]


def test_npwp_old_format_checks_its_luhn_digit():
    assert identity.normalize_npwp("31.459.876.4-623.000") == "314598764623000"
    with pytest.raises(ValidationError) as raised:
        identity.normalize_npwp("31.459.876.5-623.000")
    assert raised.value.messages == [
        "Digit pemeriksa NPWP (digit kesembilan dari 15 digit lama) salah."
    ]


def test_npwp_sixteen_digits_is_zero_plus_old_or_a_nik():
    assert identity.normalize_npwp("0314598764623000") == "0314598764623000"
    assert identity.normalize_npwp("3573014508900002") == "3573014508900002"
    with pytest.raises(ValidationError) as raised:
        identity.normalize_npwp("3573011513900002")
    assert raised.value.messages == [
        "NPWP 16 digit yang tidak diawali 0 harus berupa NIK yang sah."
    ]


def test_npwp_of_wrong_length_is_refused():
    with pytest.raises(ValidationError) as raised:
        identity.normalize_npwp("12345")
    assert raised.value.messages == ["NPWP terdiri atas 15 atau 16 digit."]


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("(0812) 3456 7890", "+6281234567890"),
        ("812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("62 812-3456-7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("0062-812-3456-7890", "+6281234567890"),
        # Shorter mobile numbers: phonenumbers alone read 62… as a Sumatran 062x area code.
        ("62812345678", "+62812345678"),
        ("62 811-234-567", "+62811234567"),
        ("0811-234-567", "+62811234567"),
        ("6285645678912", "+6285645678912"),
        # Landlines, with the area code in brackets or before a dash.
        ("0341-123456", "+62341123456"),
        ("(0341) 123456", "+62341123456"),
        ("0341 123 456", "+62341123456"),
        ("62341123456", "+62341123456"),
        ("+62 341 123456", "+62341123456"),
        ("0062 341 123456", "+62341123456"),
        ("021-5551234", "+62215551234"),
        ("(021) 555 1234", "+62215551234"),
        ("62215551234", "+62215551234"),
        # A foreign number keeps its own country code.
        ("+1 202 555 0123", "+12025550123"),
    ],
)
def test_phone_is_stored_in_e164_however_it_is_written(value, stored):
    assert identity.normalize_phone(value) == stored


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+6281234567890", "0812-3456-7890"),
        ("+62812345678", "0812-345-678"),
        ("+62341123456", "(0341) 123456"),
        ("+62215551234", "(021) 5551234"),
        ("+12025550123", "+1 202-555-0123"),
    ],
)
def test_phone_is_shown_in_national_format(stored, shown):
    assert identity.format_phone(stored) == shown


@pytest.mark.parametrize("value", ["0812", "12", "abc", "62", "0062", "0812-3456-7890-1234-5678"])
def test_phone_that_is_not_a_number_is_refused_in_indonesian(value):
    with pytest.raises(ValidationError) as raised:
        identity.normalize_phone(value)
    assert raised.value.messages == [
        f"{value} bukan nomor telepon yang sah; tuliskan seperti 0812-3456-7890."
    ]

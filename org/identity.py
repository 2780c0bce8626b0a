"""Validation of Indonesian identity numbers and phone numbers (regulations.md §6)."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch not in " .-")


def normalize_nik(value: str) -> str:
    """A 16-digit NIK with a valid birth date (day + 40 for women)."""
    number = _digits(value)
    if not number.isdigit() or len(number) != 16:
        raise ValidationError(_("A NIK has exactly 16 digits."), code="nik_length")
    try:
        stdnum_nik.get_birth_date(number)
    except StdnumError:
        raise ValidationError(
            _("The NIK does not hold a valid birth date (digits 7 to 12)."), code="nik_date"
        ) from None
    return number


def nik_region_is_known(number: str) -> bool:
    """Whether the NIK's kabupaten/kota is in python-stdnum's table.

    The table predates the 2022 Papua provinces, so an unknown region is only a warning.
    """
    try:
        stdnum_nik.validate(number)
    except StdnumError:
        return False
    return True


def normalize_nib(value: str) -> str:
    number = _digits(value)
    if not number.isdigit() or len(number) != 13:
        raise ValidationError(_("A NIB has exactly 13 digits."), code="nib_length")
    return number


def normalize_npwp(value: str) -> str:
    """An NPWP of 15 digits (Luhn check over the first nine) or 16 digits (NIK or 0 + old)."""
    number = _digits(value)
    if not number.isdigit() or len(number) not in (15, 16):
        raise ValidationError(_("An NPWP has 15 or 16 digits."), code="npwp_length")
    if len(number) == 16 and not number.startswith("0"):
        try:
            return normalize_nik(number)
        except ValidationError:
            raise ValidationError(
                _("A 16-digit NPWP that does not start with 0 must be a valid NIK."),
                code="npwp_nik",
            ) from None
    old = number[-15:]
    if not luhn.is_valid(old[:9]):
        raise ValidationError(
            _("The NPWP's check digit (the ninth of the old 15 digits) is wrong."),
            code="npwp_check",
        )
    return number


def format_npwp(number: str) -> str:
    if len(number) == 15:
        return f"{number[:2]}.{number[2:5]}.{number[5:8]}.{number[8]}-{number[9:12]}.{number[12:]}"
    return number


# What people put between the digits of a phone number: 0812-3456-7890, (0341) 123456.
_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")


def normalize_phone(value: str) -> str:
    """Store E.164 (`+6281234567890`) however an Indonesian writes the number.

    0812…, 812…, 62812…, +62 812…, 0062 812…, (0341) 123456. Digits starting 62 are the
    country code: phonenumbers alone reads 62812345678 as a national number of a Sumatran
    062x area and keeps the code twice (+6262…). No area code is written without its 0.
    """
    raw = value.strip()
    compact = _PHONE_SEPARATORS.sub("", raw)
    if compact.isdigit() and compact.startswith("0062"):
        raw = "+" + compact[2:]
    elif compact.isdigit() and compact.startswith("62"):
        raw = "+" + compact
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("%(value)s is not a valid phone number; write it as 0812-3456-7890."),
            code="phone_invalid",
            params={"value": value},
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """The national format for Indonesian numbers (`0812-3456-7890`), international otherwise."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164  # kept as typed before numbers were normalised
    if parsed.country_code == 62:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

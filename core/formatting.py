"""Indonesian formats for money and dates (Babel), shared by every page and document."""

import datetime
import functools
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from django.utils import timezone, translation


def _babel_locale() -> str:
    return "en_US" if (translation.get_language() or "id").startswith("en") else "id_ID"


def rupiah(amount: int | Decimal) -> str:
    """`Rp1.250.000`: the official spelling, no space, dot for thousands."""
    if isinstance(amount, float):
        raise TypeError("money is never a float")
    return format_currency(amount, "IDR", locale="id_ID", format="¤#,##0", currency_digits=False)


def number(value: int | Decimal) -> str:
    return format_decimal(value, locale=_babel_locale())


def long_date(value: datetime.date | datetime.datetime) -> str:
    """`17 Agustus 2025`; datetimes are shown in the active (region's) zone."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return _long_date(value, _babel_locale())


@functools.lru_cache(maxsize=4096)
def _long_date(value: datetime.date, locale: str) -> str:
    # A list page shows the same few dates many times; Babel takes about 0.1 ms for each.
    return format_date(value, format="long", locale=locale)


def mask_name(name: str) -> str:
    """Siti Rahmawati → S*** R********: enough to recognise, not to identify."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())

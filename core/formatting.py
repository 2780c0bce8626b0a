"""Indonesian formats for money, figures and dates (Babel), shared by every page and file."""

import datetime
import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

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


def _exact(value: int | float | Decimal | Fraction) -> Decimal:
    """A float as written (2.675, not its binary neighbour 2.67499…); a fraction to 28 digits."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def rounded(value: int | float | Decimal | Fraction, places: int) -> Decimal:
    """The value with exactly `places` decimals, halves away from zero (as the IKM is
    rounded); what a spreadsheet cell holds, the page and the PDF show."""
    result = _exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(result) if result == 0 else result  # never "-0,000"


def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def decimal(value: int | float | Decimal | Fraction, places: int) -> str:
    """`3,667`: a figure (a score, an index, a share in percent) with exactly `places`
    decimals, so the page, the PDF and the spreadsheet show the same digits."""
    return format_decimal(rounded(value, places), format=_pattern(places), locale=_babel_locale())


def percent(share: int | float | Decimal | Fraction, places: int) -> str:
    """`6,7%` for a share of 0.067, with exactly `places` decimals (`2,0%`, never `2%`)."""
    return f"{decimal(_exact(share) * 100, places)}%"


@dataclass(frozen=True)
class Figure:
    """A figure in a file: a PDF prints it as the page does (`str`), a spreadsheet keeps the
    rounded number and shows the same places (`number_format`)."""

    value: Decimal  # rounded; a share as a fraction of one
    places: int
    is_share: bool = False

    def __str__(self) -> str:
        if self.is_share:
            return percent(self.value, self.places)
        return decimal(self.value, self.places)

    @property
    def number_format(self) -> str:
        return _pattern(self.places) + ("%" if self.is_share else "")


def figure(value: int | float | Decimal | Fraction, places: int) -> Figure:
    return Figure(rounded(value, places), places)


def share(value: int | float | Decimal | Fraction, places: int) -> Figure:
    """A share of one shown in percent: share(0.067, 1) is 6,7%."""
    return Figure(rounded(value, places + 2), places, is_share=True)


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

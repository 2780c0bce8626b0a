"""Money, figures and dates in Indonesian formats; times stored in UTC, shown in the region's
zone."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from catalog.models import ServiceVersion
from core import formatting
from tests import factories


def test_rupiah_is_written_the_official_way():
    assert formatting.rupiah(1_250_000) == "Rp1.250.000"
    assert formatting.rupiah(Decimal(0)) == "Rp0"


def test_rupiah_refuses_a_float():
    with pytest.raises(TypeError):
        formatting.rupiah(1.5)


def test_long_date_is_indonesian():
    assert formatting.long_date(datetime.date(2025, 8, 17)) == "17 Agustus 2025"


def test_datetime_is_shown_in_the_region_zone(region):
    moment = datetime.datetime(2026, 3, 31, 18, 30, tzinfo=datetime.UTC)  # 01.30 WIB next day
    with timezone.override(region.zone):
        assert formatting.long_date(moment) == "1 April 2026"
        rendered = Template(
            "{% load satupintu %}{{ moment|tanggal }} {{ moment|time:'H.i' }}"
        ).render(Context({"moment": moment}))
    assert rendered == "1 April 2026 01.30"
    assert region.zone_abbreviation == "WIB"


def test_pages_show_times_in_the_region_zone(client, region, dpmptsp):
    service = factories.make_service(region, code="sip-bidan", name="SIP Bidan", agency=dpmptsp)
    moment = datetime.datetime(2026, 3, 31, 18, 30, tzinfo=datetime.UTC)  # 1 April, 01.30 WIB
    ServiceVersion.objects.filter(service=service).update(published_at=moment)
    response = client.get(reverse("portal:service_detail", args=["sip-bidan"]))
    assert "Standar versi 1, diterbitkan 1 April 2026." in response.text
    assert timezone.get_current_timezone_name() == "UTC"  # reset after the request


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Fraction(11, 3), 3, "3,667"),
        (Fraction(7, 3), 3, "2,333"),
        (Decimal("3.6590"), 4, "3,6590"),
        (Decimal("78.7"), 2, "78,70"),
        (2, 1, "2,0"),
        (0.0005, 3, "0,001"),  # half up, as the IKM is rounded, not half to even
        (2.675, 2, "2,68"),  # the float as written, not its binary neighbour 2,67499…
        (-0.0005, 3, "-0,001"),
        (1234567.891, 2, "1.234.567,89"),
        (Fraction(1, 3), 0, "0"),
    ],
)
def test_decimal_has_a_fixed_number_of_places_and_a_comma(value, places, shown):
    assert formatting.decimal(value, places) == shown


@pytest.mark.parametrize(
    ("share", "places", "shown"),
    [
        (0.02, 1, "2,0%"),
        (Fraction(1, 15), 1, "6,7%"),
        (Decimal("0.5"), 0, "50%"),
        (1, 1, "100,0%"),
    ],
)
def test_percent_of_a_share_keeps_its_places(share, places, shown):
    assert formatting.percent(share, places) == shown


def test_figures_follow_the_language_of_the_page():
    with translation.override("en"):
        assert (formatting.decimal(Fraction(11, 3), 3), formatting.percent(0.067, 1)) == (
            "3.667",
            "6.7%",
        )


def test_template_filters_show_figures_as_the_files_do():
    rendered = Template(
        "{% load satupintu %}{{ nrr|desimal:3 }} {{ share|persen:1 }} [{{ none|desimal:2 }}]"
    ).render(Context({"nrr": Fraction(11, 3), "share": 0.02, "none": None}))
    assert rendered == "3,667 2,0% []"

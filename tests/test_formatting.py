"""Money and dates in Indonesian formats; times stored in UTC, shown in the region's zone."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

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

"""Parameters as an attacker writes them: a set that is not a number, ids too large for the
database, Open311 dates at the calendar's ends. Each is refused with a 400 or a 404 and a
message saying why, never a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from planning.models import Adjustment, Budget, ConstraintRule, RumpunSet
from planning.nomenclature import nomenclature_import
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"  # past a 64-bit integer


@pytest.fixture
def budget(client, planner, dinkes, dpupr):
    codes = nomenclature_import(
        name="Uji",
        file=io.BytesIO(
            b"kode,nomenklatur\n1.02.02.2.01.0001,Pelayanan Kesehatan Ibu Hamil\n"
            b"1.03.03.2.01.0001,Pembangunan Jalan\n"
        ),
        filename="k.csv",
    )
    client.force_login(planner)
    client.post(
        reverse("backoffice:budget_upload"),
        {
            "b-year": "2027",
            "b-stage": "apbd",
            "b-nomenclature": codes.pk,
            "b-file": SimpleUploadedFile(
                "apbd.csv",
                b"kode_skpd,kode_sub_kegiatan,pagu\n"
                b"1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,100\n"
                b"1.03.1.04.0.00.01.0000,1.03.03.2.01.0001,200\n",
            ),
        },
    )
    client.post(reverse("backoffice:preset_create"))
    return Budget.objects.get()


def _message(response) -> str:
    """The reason the page gives, after checking that the page shows it."""
    message = response.context["message"]
    assert message in response.text
    return message


@pytest.mark.parametrize(
    ("value", "status", "message"),
    [
        ("abc", 400, "Set dipilih dengan nomornya; abc bukan nomor."),
        ("1.5", 400, "Set dipilih dengan nomornya; 1.5 bukan nomor."),
        ("²", 400, "Set dipilih dengan nomornya; ² bukan nomor."),
        (HUGE, 404, f"Daerah ini tidak punya set rumpun nomor {HUGE}."),
        ("424242", 404, "Daerah ini tidak punya set rumpun nomor 424242."),
    ],
)
def test_the_analysis_refuses_a_set_that_is_not_one(client, budget, value, status, message):
    response = client.get(reverse("backoffice:budget_analysis", args=[budget.pk]), {"set": value})
    assert (response.status_code, _message(response)) == (status, message)


def test_the_analysis_still_opens_the_set_asked_for(client, budget):
    preset = RumpunSet.objects.get(kind="preset")
    response = client.get(
        reverse("backoffice:budget_analysis", args=[budget.pk]), {"set": str(preset.pk)}
    )
    assert (response.status_code, response.context["chosen"]) == (200, preset)


def test_a_similarity_that_is_not_a_number_falls_back_to_the_default(client, budget):
    response = client.get(
        reverse("backoffice:budget_analysis", args=[budget.pk]), {"kemiripan": "nan"}
    )
    assert (response.status_code, response.context["threshold"]) == (200, 0.8)


@pytest.mark.parametrize("name", ["budget_analysis", "compare", "budget_fdp"])
def test_a_budget_id_past_the_database_is_not_found(client, budget, name):
    url = reverse(f"backoffice:{name}", args=[1]).replace("/1/", f"/{HUGE}/")
    response = client.get(url)
    assert (response.status_code, "Halaman tidak ditemukan" in response.text) == (404, True)


def test_a_scenario_or_rumpun_id_past_the_database_is_not_found(client, budget):
    scenario = reverse("backoffice:scenario", args=[budget.pk, 1]).replace("/1/", f"/{HUGE}/")
    profile = reverse("backoffice:rumpun_profile", args=[budget.pk, 1]).replace("/1/", f"/{HUGE}/")
    assert [client.get(url).status_code for url in (scenario, profile)] == [404, 404]


@pytest.mark.parametrize("value", ["abc", "²", HUGE, ""])
def test_a_scenario_from_a_set_that_is_not_one_is_refused(client, budget, value):
    response = client.post(
        reverse("backoffice:scenario_create", args=[budget.pk]), {"set": value, "name": "X"}
    )
    assert (response.status_code, RumpunSet.objects.filter(name="X").count()) == (404, 0)


@pytest.mark.parametrize("value", ["²", HUGE])
def test_the_comparison_ignores_set_values_that_are_not_ids(client, budget, value):
    preset = RumpunSet.objects.get(kind="preset")
    response = client.get(
        reverse("backoffice:compare", args=[budget.pk]),
        {"set": [str(preset.pk), value], "dari": value},
    )
    # One set is left: fewer than two to compare, said on the analysis page.
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("backoffice:budget_analysis", args=[budget.pk]),
    )


@pytest.mark.parametrize("value", ["²", HUGE, "abc"])
def test_removing_a_rule_or_adjustment_that_is_not_an_id_removes_nothing(client, budget, value):
    rule = ConstraintRule.objects.create(
        region=budget.region, name="Modal", akun_group="Belanja modal", max_share=40
    )
    preset = RumpunSet.objects.get(kind="preset")
    client.post(
        reverse("backoffice:scenario_create", args=[budget.pk]), {"set": preset.pk, "name": "S"}
    )
    scenario = RumpunSet.objects.get(name="S")
    adjustment = Adjustment.objects.create(
        scenario=scenario, scope="akun_group", target="Belanja modal", percent=-10
    )
    page = reverse("backoffice:adjustment_remove", args=[budget.pk, scenario.pk])
    answers = [
        client.post(reverse("backoffice:rule_remove"), {"remove-rule": value}).status_code,
        client.post(page, {"remove-adjustment": value}).status_code,
    ]
    assert answers == [302, 302]
    assert (
        list(ConstraintRule.objects.all()),
        list(Adjustment.objects.all()),
    ) == ([rule], [adjustment])


@pytest.mark.parametrize("value", ["²", HUGE])
def test_a_suggestion_with_a_count_that_is_not_a_number_uses_the_default(client, budget, value):
    response = client.post(
        reverse("backoffice:suggestion_create", args=[budget.pk]),
        {"count": value, "max_size": value},
    )
    suggestion = RumpunSet.objects.get(kind="suggested")
    assert response["Location"].endswith(f"?set={suggestion.pk}")


# Open311 -----------------------------------------------------------------------------------


@pytest.fixture
def api() -> Client:
    return Client(enforce_csrf_checks=True)


BEYOND = "%s berada di luar tanggal yang dapat dicari."
NOT_A_DATE = "%s bukan tanggal dan waktu seperti 2026-01-31T00:00:00+07:00."


@pytest.mark.parametrize(
    ("params", "message"),
    [
        # The 90-day window from a single date would leave the calendar.
        ({"end_date": "0001-01-01T00:00:00Z"}, BEYOND % "end_date"),
        ({"start_date": "9999-12-31T23:59:59Z"}, BEYOND % "start_date"),
        # A bare date is read in the region's zone (WIB): in UTC it is year 0.
        ({"start_date": "0001-01-01"}, BEYOND % "start_date"),
        ({"end_date": "0001-01-01T00:00:00+07:00"}, BEYOND % "end_date"),
        ({"start_date": "2026-13-45T99:00:00Z"}, NOT_A_DATE % "start_date"),
        ({"end_date": "\x00'; DROP TABLE"}, NOT_A_DATE % "end_date"),
        ({"start_date": "+10000-01-01T00:00:00Z"}, NOT_A_DATE % "start_date"),
    ],
)
def test_open311_dates_at_the_calendars_ends_are_the_specs_400(api, region, params, message):
    response = api.get(reverse("open311:service_requests", kwargs={"fmt": "json"}), params)
    assert (response.status_code, response.json()) == (
        400,
        [{"code": 400, "description": message}],
    )


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "0001-01-01T00:00:00Z"},
        {"end_date": "9999-12-31T23:59:59Z"},
        {"start_date": "9999-12-31T00:00:00Z", "end_date": "9999-12-31T23:59:59Z"},
        {"start_date": "1900-01-01T00:00:00Z"},
    ],
)
def test_open311_dates_far_off_that_the_calendar_holds_are_answered(api, region, params):
    response = api.get(reverse("open311:service_requests", kwargs={"fmt": "json"}), params)
    assert (response.status_code, response.json()) == (200, [])

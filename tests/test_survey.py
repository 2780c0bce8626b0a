"""The satisfaction survey: invited once when a case ends, one answer per link, the kiosk at
the counter, the IKM report scoped to the reader's agencies, and the public figure."""

import importlib
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Notification
from feedback.domain import elements_for, survey_elements_ensure, survey_submit
from feedback.models import (
    Channel,
    Education,
    Gender,
    Occupation,
    SurveyAnswer,
    SurveyElement,
    SurveyInvitation,
    SurveyResponse,
)
from feedback.report import Period
from org.models import Role
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.pdf_strings import pdf_strings

pytestmark = pytest.mark.django_db

PROFILE = {
    "gender": Gender.FEMALE,
    "education": Education.D4_S1,
    "occupation": Occupation.ENTREPRENEUR,
}


def _answers(*scores) -> dict[str, str]:
    return {f"U{n}": str(score) for n, score in enumerate(scores, start=1)}


def test_a_case_that_ends_invites_its_applicant_once(rejected):
    invitation = SurveyInvitation.objects.get(application=rejected)
    link = "http://testserver" + reverse("portal:survey", args=[invitation.token])
    messages = Notification.objects.filter(dedup_key__startswith=f"survey:{rejected.pk}")
    assert sorted(m.medium for m in messages) == ["email", "whatsapp"]
    assert all(link.removeprefix("http://testserver") in m.body for m in messages)
    assert len(invitation.token) >= 40


def test_the_link_takes_one_answer_then_refuses_the_second(client, rejected):
    invitation = SurveyInvitation.objects.get(application=rejected)
    url = reverse("portal:survey", args=[invitation.token])
    page = client.get(url)
    assert page.text.count('<fieldset class="question') == 9
    assert "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif" in page.text
    done = client.post(url, {**_answers(4, 3, 2, 4, 3, 3, 4, 2, 3), **PROFILE})
    assert done.context["done"] == "Terima kasih: jawaban Anda tersimpan."
    response = SurveyResponse.objects.get()
    assert (response.service, response.application, response.channel) == (
        rejected.service_version.service,
        rejected,
        Channel.ONLINE,
    )
    assert sorted(response.answers.values_list("element__code", "score")) == [
        ("U1", 4), ("U2", 3), ("U3", 2), ("U4", 4), ("U5", 3), ("U6", 3), ("U7", 4),
        ("U8", 2), ("U9", 3),
    ]  # fmt: skip
    again = client.post(url, {**_answers(1, 1, 1, 1, 1, 1, 1, 1, 1), **PROFILE})
    assert again.status_code == 410
    assert again.context["done"] == "Survei ini sudah diisi. Terima kasih."
    assert SurveyAnswer.objects.count() == 9


def test_an_answer_out_of_range_or_missing_saves_nothing(client, rejected):
    url = reverse("portal:survey", args=[SurveyInvitation.objects.get().token])
    refused = client.post(url, {**_answers(4, 3, 2, 4, 5, 3, 4, 2), **PROFILE})
    assert refused.context["form"].errors == {
        "U5": ["Masukkan pilihan yang valid. 5 bukan salah satu dari pilihan yang tersedia."],
        "U9": ["Pilih satu jawaban."],
    }
    assert SurveyResponse.objects.count() == 0
    assert SurveyInvitation.objects.get().used_at is None


def test_a_survey_link_of_another_region_is_not_found(client, rejected, settings):
    other = factories.make_region(code="35.07", name="Kabupaten Lain")
    settings.DEFAULT_REGION_CODE = other.code
    url = reverse("portal:survey", args=[SurveyInvitation.objects.get().token])
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:survey", args=["tidak-ada"])).status_code == 404


def test_the_kiosk_records_a_walk_in_answer_under_the_chosen_service(
    client, front_office, reklame, region
):
    client.force_login(front_office)
    saved = client.post(
        reverse("backoffice:skm_kiosk"),
        {"k-service": reklame.pk, **_answers(3, 3, 3, 3, 3, 3, 3, 3, 3), **PROFILE},
        follow=True,
    )
    assert [str(m) for m in saved.context["messages"]] == [
        "Terima kasih: jawaban tersimpan. Silakan responden berikutnya."
    ]
    response = SurveyResponse.objects.get()
    assert (response.service, response.channel, response.recorded_by, response.application) == (
        reklame,
        Channel.KIOSK,
        front_office,
        None,
    )


def _respond(region, service, scores, count=1):
    elements_for(region)
    for _ in range(count):
        survey_submit(
            region=region,
            service=service,
            channel=Channel.KIOSK,
            answers={f"U{n}": s for n, s in enumerate(scores, start=1)},
            **PROFILE,
        )


def test_the_report_shows_the_ikm_band_sample_and_exports_it(client, region, reklame, parkir):
    leader = factories.make_staff("walikota", reklame.responsible_agency, Role.LEADERSHIP)
    _respond(region, reklame, [4, 3, 2, 4, 3, 3, 4, 2, 3], count=2)
    _respond(region, reklame, [3, 3, 3, 4, 4, 3, 4, 3, 2])
    _respond(region, parkir, [1, 1, 1, 1, 1, 1, 1, 1, 1])  # another service: not counted
    period = Period.containing(region.today())
    client.force_login(leader)
    query = f"?service={reklame.pk}&kind=triwulan&year={period.year}&number={period.number}"
    page = client.get(reverse("backoffice:skm_report") + query)
    result = page.context["result"]
    # NRR: U1 11/3, U2 3, U3 7/3, U4 4, U5 10/3, U6 3, U7 4, U8 7/3, U9 8/3 → Σ 85/3 … /9 × 25
    assert result.index.konversi == Decimal("78.70")
    assert (result.index.band.mutu, result.respondents) == ("B", 3)
    assert [e.code for e in result.index.priorities()] == ["U3", "U8", "U9"]
    assert result.profile["Jenis kelamin"] == [("Laki-laki", 0), ("Perempuan", 3)]
    assert (result.population, result.minimum, result.sample_enough) == (0, 0, True)
    assert '<dd id="ikm">78,70</dd>' in page.text
    xlsx = client.get(reverse("backoffice:skm_report") + query + "&format=xlsx")
    rows = {}
    for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True):
        if row and row[0]:
            rows.setdefault(row[0], row[1:])  # the element table before the priorities
    assert rows["IKM dikonversi (25 sampai 100)"][0] == 78.7
    assert rows["Mutu"][0] == "B (Baik)"
    assert rows["U3"][:4] == ("Waktu Penyelesaian", 3, 7, 2.333)  # three places, as the page
    pdf_file = client.get(reverse("backoffice:skm_report") + query + "&format=pdf")
    assert pdf_file.content.startswith(b"%PDF-")


def test_agency_staff_read_only_their_own_agencys_figures(client, region, reklame, parkir, dinkes):
    """The front office of Dinkes may not read DPMPTSP's services, which have answers."""
    _respond(region, reklame, [4, 4, 4, 4, 4, 4, 4, 4, 4])
    officer = factories.make_staff("fo.dinkes", dinkes, Role.FRONT_OFFICE)
    period = Period.containing(region.today())
    client.force_login(officer)
    base = f"?kind=tahun&year={period.year}&number=1"
    refused = client.get(reverse("backoffice:skm_report") + base + f"&service={reklame.pk}")
    assert "service" in refused.context["form"].errors
    assert "result" not in refused.context
    own = client.get(reverse("backoffice:skm_report") + base)
    assert own.context["scope"] == "Dinkes"  # the agencies the officer works in
    assert own.context["result"].index is None  # Dinkes has no answers; DPMPTSP's stay hidden


def test_the_public_service_page_shows_the_latest_ikm(client, region, reklame):
    _respond(region, reklame, [4, 4, 4, 4, 4, 4, 4, 4, 3], count=2)
    page = client.get(reverse("portal:service_detail", args=[reklame.code]))
    ikm = page.context["ikm"]
    assert (ikm.konversi, ikm.band.mutu, ikm.respondents) == (Decimal("97.22"), "A", 2)
    assert "97.22" in page.text.replace(",", ".")


def test_a_region_admin_adds_an_element_and_sees_only_own_regions(client, region, region_admin):
    other = factories.make_region(code="35.07", name="Kabupaten Lain")
    elements_for(other)  # nine elements that must not show
    elements_for(region)
    client.force_login(region_admin)
    listing = client.get(reverse("admin:feedback_surveyelement_changelist"))
    assert listing.context["cl"].result_count == 9
    added = client.post(
        reverse("admin:feedback_surveyelement_add"),
        {
            "region": region.pk,
            "code": "U10",
            "name": "Kemudahan aplikasi daring",
            "question": "Bagaimana pendapat Saudara tentang kemudahan aplikasi daring?",
            "answer_1": "Tidak mudah",
            "answer_2": "Kurang mudah",
            "answer_3": "Mudah",
            "answer_4": "Sangat mudah",
            "order": 10,
            "active": "on",
        },
    )
    assert added.status_code == 302
    assert [e.code for e in elements_for(region)][-1] == "U10"
    assert len(elements_for(other)) == 9


def test_the_public_figure_warns_when_its_sample_is_too_small(
    client, region, reklame, rejected, approved_reklame
):
    # Two applications in the last 12 months need two respondents (Krejcie-Morgan).
    _respond(region, reklame, [4, 4, 4, 4, 4, 4, 4, 4, 4])
    page = client.get(reverse("portal:service_detail", args=[reklame.code]))
    assert page.context["ikm_sample_short"] is True
    assert "baca dengan hati-hati" in page.text
    _respond(region, reklame, [3, 3, 3, 3, 3, 3, 3, 3, 3])
    page = client.get(reverse("portal:service_detail", args=[reklame.code]))
    assert page.context["ikm_sample_short"] is False
    assert "baca dengan hati-hati" not in page.text


def test_the_report_form_reads_a_year_without_a_number_and_refuses_a_mismatch(
    client, region, reklame, dinkes
):
    leader = factories.make_staff("walikota", reklame.responsible_agency, Role.LEADERSHIP)
    elements_for(region)
    survey_submit(
        region=region,
        service=reklame,
        channel=Channel.KIOSK,
        answers={f"U{n}": 3 for n in range(1, 10)},
        comment="Hubungi saya di 0812-3456-7890, NIK 3573014508900002.",
        **PROFILE,
    )
    client.force_login(leader)
    year = region.today().year
    page = client.get(reverse("backoffice:skm_report") + f"?kind=tahun&year={year}")
    assert page.context["result"].respondents == 1
    assert page.context["result"].comments == ["Hubungi saya di […], NIK […]."]
    mismatch = client.get(
        reverse("backoffice:skm_report")
        + f"?kind=tahun&year={year}&service={reklame.pk}&agency={dinkes.pk}"
    )
    assert "result" not in mismatch.context
    assert mismatch.context["form"].errors["service"] == [
        f"{reklame.name} adalah layanan DPMPTSP; kosongkan perangkat daerah atau pilih yang itu."
    ]


def test_a_new_region_starts_with_the_nine_standard_elements():
    region = factories.make_region(code="35.07", name="Kabupaten Lain")
    assert [e.code for e in elements_for(region)] == [f"U{n}" for n in range(1, 10)]


def test_the_migration_gives_a_region_the_standard_elements_it_lacks(region):
    SurveyElement.objects.filter(region=region, code__in=["U2", "U9"]).delete()
    SurveyElement.objects.filter(region=region, code="U1").update(name="Syarat", active=False)
    migration = importlib.import_module("feedback.migrations.0006_survey_elements_for_regions")
    migration.ensure(django_apps, None)
    kept = SurveyElement.objects.filter(region=region)
    assert sorted(kept.values_list("code", flat=True)) == [f"U{n}" for n in range(1, 10)]
    assert kept.get(code="U1").name == "Syarat"  # the region's edit stays
    assert survey_elements_ensure(region=region) == 0


def test_reading_the_survey_the_kiosk_and_the_report_writes_nothing(
    client, rejected, front_office, region
):
    """Survey elements are created when the region is set up, never when a page is read."""
    _respond(region, rejected.service_version.service, [4, 3, 2, 4, 3, 3, 4, 2, 3])
    leader = factories.make_staff(
        "walikota", rejected.service_version.service.responsible_agency, Role.LEADERSHIP
    )
    survey = reverse("portal:survey", args=[SurveyInvitation.objects.get().token])
    year = region.today().year
    client.force_login(leader)
    client.get(reverse("backoffice:skm_report") + f"?kind=tahun&year={year}")  # warm up
    with CaptureQueriesContext(connection) as queries:
        page = client.get(survey)
        report = client.get(reverse("backoffice:skm_report") + f"?kind=tahun&year={year}")
    assert (page.status_code, report.context["result"].respondents) == (200, 1)
    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")] == []
    client.force_login(front_office)
    with CaptureQueriesContext(connection) as queries:
        kiosk = client.get(reverse("backoffice:skm_kiosk"))
    assert kiosk.status_code == 200
    assert [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")] == []


def test_a_region_that_asks_nothing_says_so_and_saves_nothing(
    client, rejected, front_office, region
):
    SurveyElement.objects.filter(region=region).update(active=False)
    survey = reverse("portal:survey", args=[SurveyInvitation.objects.get().token])
    page = client.get(survey)
    assert (page.status_code, page.context["unavailable"]) == (
        503,
        "Survei ini belum memiliki pertanyaan. Tautan Anda tetap berlaku: silakan coba lagi nanti.",
    )
    client.force_login(front_office)
    kiosk = client.get(reverse("backoffice:skm_kiosk"))
    assert (kiosk.status_code, str(kiosk.context["unavailable"])) == (
        503,
        "Survei belum memiliki pertanyaan: admin daerah menyiapkan unsur survei di layar "
        "konfigurasi.",
    )
    with pytest.raises(ValidationError):
        survey_submit(
            region=region,
            service=rejected.service_version.service,
            channel=Channel.KIOSK,
            answers={},
            **PROFILE,
        )
    assert (SurveyResponse.objects.count(), SurveyInvitation.objects.get().used_at) == (0, None)


def test_the_ikm_pdf_and_xlsx_show_every_figure_as_the_page_does(client, region, reklame):
    leader = factories.make_staff("walikota", reklame.responsible_agency, Role.LEADERSHIP)
    _respond(region, reklame, [4, 3, 2, 4, 3, 3, 4, 2, 3], count=2)
    _respond(region, reklame, [3, 3, 3, 4, 4, 3, 4, 3, 2])
    period = Period.containing(region.today())
    client.force_login(leader)
    query = f"?service={reklame.pk}&kind=triwulan&year={period.year}&number={period.number}"
    url = reverse("backoffice:skm_report") + query

    page = client.get(url).text
    # U3: NRR 7/3, weighted 7/27; IKM 85/27 (1 to 4), converted 78,70.
    assert re.search(
        r"<tr><td>U3</td><td>[^<]*</td><td>3</td><td>([^<]*)</td><td>([^<]*)</td>", page
    ).groups() == ("2,333", "0,259")
    assert re.search(r"<li>U3 [^<]*\(([^)]*)\)</li>", page).group(1) == "2,333"
    assert re.search(r'<dd id="ikm">([^<]*)</dd>', page).group(1) == "78,70"
    assert re.search(r"<dt>IKM \(1 sampai 4\)</dt><dd>([^<]*)</dd>", page).group(1) == "3,1481"

    shown = pdf_strings(client.get(url + "&format=pdf").content)
    assert shown[shown.index("IKM (1 sampai 4)") + 1] == "3,1481"
    assert shown[shown.index("IKM dikonversi (25 sampai 100)") + 1] == "78,70"
    u3 = shown.index("U3")
    assert shown[u3 : u3 + 6] == ["U3", "Waktu Penyelesaian", "3", "7", "2,333", "0,259"]
    assert "U3 Waktu Penyelesaian: NRR 2,333" in shown

    sheet = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content)).active
    rows = {}
    for row in sheet.iter_rows():
        if row[0].value:
            rows.setdefault(row[0].value, row[1:])  # the element table before the priorities
    assert [(c.value, c.number_format) for c in rows["U3"][3:5]] == [
        (2.333, "#,##0.000"),
        (0.259, "#,##0.000"),
    ]
    assert [(c.value, c.number_format) for c in rows["IKM (1 sampai 4)"][:1]] == [
        (3.1481, "#,##0.0000")
    ]
    assert [(c.value, c.number_format) for c in rows["IKM dikonversi (25 sampai 100)"][:1]] == [
        (78.7, "#,##0.00")
    ]

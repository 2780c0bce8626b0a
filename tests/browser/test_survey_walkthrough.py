"""In Chromium: the applicant of a case that has ended opens the survey link from the
message, answers on a phone, cannot answer twice; the leader's IKM report shows it."""

import re

import pytest

from core.models import Notification
from feedback.report import Period
from org.models import Role
from tests import factories
from tests.browser.pages import sign_in
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERS = {
    "U1": "Sangat sesuai",
    "U2": "Mudah",
    "U3": "Kurang cepat",
    "U4": "Gratis",
    "U5": "Sesuai",
    "U6": "Kompeten",
    "U7": "Sangat sopan dan ramah",
    "U8": "Baik",
    "U9": "Berfungsi kurang maksimal",
}


def test_applicant_answers_the_survey_and_the_report_shows_it(
    live_server,
    browser,
    phone,
    rejected,
    region,
):
    message = Notification.objects.get(dedup_key__startswith="survey:", medium="email")
    path = re.search(r"/survei/[\w-]+/", message.body).group(0)

    phone.goto(live_server.url + path)
    assert phone.get_by_role("heading", level=1).inner_text() == "Survei kepuasan"
    questions = phone.locator("fieldset.question")
    assert questions.count() == 9
    for number, answer in enumerate(ANSWERS.values()):
        questions.nth(number).get_by_label(answer, exact=True).check()
    phone.get_by_label("Perempuan").check()
    phone.get_by_label("Pendidikan").select_option(label="SMA")
    phone.get_by_label("Pekerjaan").select_option(label="Wirausaha")
    phone.get_by_label("Kritik atau saran (tidak wajib)").fill("Antrean loket pagi panjang.")
    phone.get_by_role("button", name="Kirim jawaban saya").click()
    assert phone.get_by_role("status").inner_text() == "Terima kasih: jawaban Anda tersimpan."
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.goto(live_server.url + path)  # the link works once
    assert phone.get_by_role("status").inner_text() == "Survei ini sudah diisi. Terima kasih."

    leader = factories.make_staff(
        "walikota", rejected.service_version.service.responsible_agency, Role.LEADERSHIP
    )
    page = sign_in(browser, live_server.url, leader.username)
    page.goto(live_server.url + "/kantor/skm/")
    period = Period.containing(region.today())
    page.get_by_label("Layanan").select_option(label=rejected.service_version.service.name)
    page.get_by_label("Periode").select_option("triwulan")
    page.locator("#id_year").fill(str(period.year))
    page.locator("#id_number").fill(str(period.number))
    page.get_by_role("button", name="Tampilkan").click()
    # 4+3+2+4+3+3+4+3+3 = 29 → 29/9 × 25 = 80,56: B (Baik)
    assert page.locator("#ikm").inner_text() in ("80,56", "80.56")
    assert page.locator("#mutu").inner_text() == "B (Baik)"
    assert page.locator("#respondents").inner_text() == "1"
    assert "Antrean loket pagi panjang." in page.locator("main").inner_text()
    priorities = page.locator("ol li").all_inner_texts()
    assert priorities[0].startswith("U3 Waktu Penyelesaian")

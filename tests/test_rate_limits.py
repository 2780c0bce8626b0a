"""Guessing limits on the complaint secret and the tracking PIN, and limits on mails sent."""

import threading

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_ratelimit.core import get_usage

from core.models import Notification
from core.ratelimit import Limit, failure_record
from feedback import complaints
from feedback.models import Classification
from licensing import domain, issuance
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PASSPHRASE, pdf

FIRST = "203.0.113.10"
SECOND = "198.51.100.77"
LIMITED = "Terlalu banyak percobaan yang salah. Coba lagi 15 menit lagi."


@pytest.fixture(autouse=True)
def empty_cache(db, time_machine):
    """Rate-limit counts live in the cache: no test sees another's. The clock stands still,
    because django-ratelimit's windows are fixed: a burst that crossed a window's end would
    start counting again, and the test would see five more refusals than it expects."""
    time_machine.move_to(timezone.now(), tick=False)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def complaint(region):
    return complaints.complaint_file(
        region=region,
        classification=Classification.COMPLAINT,
        title="Antrean lama",
        what_happened="Tiga jam menunggu.",
        anonymous=True,
    )


@pytest.fixture
def approved(
    parkir, siti, applicant, front_office, reviewer_dpupr, reviewer_dishub, signing_official
):
    """An approved application waiting for the official's signature."""
    application, _pin = _submitted(parkir, siti, applicant)
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    for task, reviewer in zip(
        application.tasks.filter(stage=2).order_by("pk"),
        [reviewer_dpupr, reviewer_dishub],
        strict=True,
    ):
        domain.review_recommend(task=task, actor=reviewer, approve=True)
    domain.application_decide(
        task=application.tasks.get(stage=3), actor=signing_official, approve=True
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def case(parkir, siti, applicant):
    """A submitted application and its PIN."""
    return _submitted(parkir, siti, applicant)


def _submitted(parkir, siti, applicant):
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    application.form_data = {"lokasi": "Jl. Ijen 10", "luas_m2": "120"}
    application.save()
    for requirement in application.service_version.requirements.all():
        document = domain.document_upload(
            owner=applicant, document_type=requirement.document_type, upload=pdf()
        )
        domain.application_attach(
            application=application, requirement=requirement, document=document
        )
    return domain.application_submit(application=application, actor=applicant)


def _track_complaint(client, number, secret, address):
    response = client.post(
        reverse("portal:complaint_track"), {"number": number, "secret": secret}, REMOTE_ADDR=address
    )
    return response.context["complaint"], response.context["form"].non_field_errors()


def test_a_burst_of_wrong_secrets_is_refused_and_the_right_one_too_while_limited(client, complaint):
    report, secret = complaint
    answers = [
        _track_complaint(client, report.number, "AAAA-BBBB-CCCC", FIRST)[1] for _ in range(60)
    ]
    assert (
        answers == [["Tidak ada laporan dengan nomor dan kode rahasia ini."]] * 5 + [[LIMITED]] * 55
    )
    assert _track_complaint(client, report.number, secret, FIRST) == (None, [LIMITED])


def test_a_second_address_is_not_limited_by_the_first_ones_failures(client, complaint):
    report, secret = complaint
    for _ in range(60):
        _track_complaint(client, report.number, "AAAA-BBBB-CCCC", FIRST)
    assert _track_complaint(client, report.number, secret, SECOND) == (report, [])


def test_many_addresses_together_are_bounded_per_number(client, complaint):
    report, secret = complaint
    for number in range(50):
        _track_complaint(client, report.number, "AAAA-BBBB-CCCC", f"192.0.2.{number + 1}")
    assert _track_complaint(client, report.number, secret, SECOND) == (None, [LIMITED])


def _track_case(client, number, pin, address):
    response = client.post(
        reverse("portal:track"), {"number": number, "pin": pin}, REMOTE_ADDR=address
    )
    return response.context["application"], response.context["form"].non_field_errors()


def test_wrong_pins_from_one_address_do_not_lock_the_number_for_its_owner(client, case):
    application, pin = case
    wrong = "000000" if pin != "000000" else "111111"
    for _ in range(10):
        _track_case(client, application.registration_number, wrong, FIRST)
    assert _track_case(client, application.registration_number, pin, FIRST) == (None, [LIMITED])
    assert _track_case(client, application.registration_number, pin, SECOND) == (application, [])


def test_a_burst_of_password_resets_queues_at_most_three_mails_for_the_address(
    client, region, applicant
):
    for _ in range(20):
        response = client.post(
            reverse("password_reset"), {"email": "siti@example.id"}, REMOTE_ADDR=FIRST
        )
        assert response.url == reverse("password_reset_done")
    assert Notification.objects.filter(recipient="siti@example.id").count() == 3


def test_a_password_reset_answers_the_same_for_an_unknown_address(client, region, applicant):
    known = client.post(reverse("password_reset"), {"email": "siti@example.id"})
    unknown = client.post(reverse("password_reset"), {"email": "tidak.ada@example.id"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert list(Notification.objects.values_list("recipient", flat=True)) == ["siti@example.id"]


def test_one_address_asking_mails_for_many_addresses_stops_at_twenty(client, region):
    for number in range(40):
        client.post(
            reverse("portal:signup"),
            {
                "name": "Orang Baru",
                "email": f"orang{number}@example.id",
                "password1": "kopi-tubruk-88",
                "password2": "kopi-tubruk-88",
            },
            REMOTE_ADDR=FIRST,
        )
    assert Notification.objects.count() == 20


def test_a_burst_of_sign_ups_queues_at_most_three_confirmations_for_the_address(client, region):
    for _ in range(20):
        response = client.post(
            reverse("portal:signup"),
            {
                "name": "Ani Wijaya",
                "email": "ani@example.id",
                "password1": "kopi-tubruk-88",
                "password2": "kopi-tubruk-88",
            },
            REMOTE_ADDR=FIRST,
        )
        assert response.templates[0].name == "portal/signup_sent.html"
    assert Notification.objects.filter(recipient="ani@example.id").count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
)
def test_failures_arriving_together_are_all_counted():
    """A burst in parallel connections: the database cache's stock increment lost most."""
    limits = [Limit(group="burst", key="203.0.113.10", rate="1000/h")]
    barrier = threading.Barrier(8)

    def burst():
        try:
            barrier.wait()
            for _ in range(25):
                failure_record(RequestFactory().post("/"), limits)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=burst) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    usage = get_usage(
        RequestFactory().post("/"), group="burst", key=lambda *_: "203.0.113.10", rate="1000/h"
    )
    assert usage["count"] == 200


def test_permit_checks_are_limited_per_address(client, approved, signing_official, signing_key):
    permit = issuance.permit_issue(
        task=approved.tasks.get(stage=4), actor=signing_official, passphrase=PASSPHRASE
    )
    url = reverse("portal:verify", args=[permit.code])
    limited = "Terlalu banyak pemeriksaan dari alamat Anda; coba lagi beberapa menit lagi."

    def check(address):
        upload = SimpleUploadedFile("izin.pdf", b"bukan pdf")
        response = client.post(url, {"file": upload}, REMOTE_ADDR=address)
        return response.context["form"].non_field_errors()

    answers = [check(FIRST) for _ in range(31)]
    assert (answers[29], answers[30]) == ([], [limited])
    assert check(SECOND) == []

"""Retribusi: the SKRD after approval, payment by the treasurer or by the gateway's signed
callback (once, whatever is replayed or forged), then the signature."""

import json
import re
import time

import pytest
from django.urls import reverse

from core.audit import audit_verify
from core.models import AuditEvent, RefusedCallback
from licensing import bank, issuance, retribusi
from licensing.models import (
    BillStatus,
    GatewayCallback,
    PauseReason,
    Payment,
    Status,
    TaskStatus,
)
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PASSPHRASE

CALLBACK = "/api/pembayaran/notifikasi/"


@pytest.fixture
def approved(approved_reklame):
    return approved_reklame


@pytest.fixture
def billed(approved, treasurer):
    return retribusi.bill_issue(task=approved.tasks.get(stage=4), actor=treasurer)


def _post(client, body: bytes, headers: dict):
    return client.post(
        CALLBACK,
        body,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if k != "Content-Type"},
    )


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "nol rupiah"),
        (1, "satu rupiah"),
        (10, "sepuluh rupiah"),
        (11, "sebelas rupiah"),
        (12, "dua belas rupiah"),
        (19, "sembilan belas rupiah"),
        (20, "dua puluh rupiah"),
        (99, "sembilan puluh sembilan rupiah"),
        (100, "seratus rupiah"),
        (101, "seratus satu rupiah"),
        (110, "seratus sepuluh rupiah"),
        (111, "seratus sebelas rupiah"),
        (200, "dua ratus rupiah"),
        (1000, "seribu rupiah"),
        (1001, "seribu satu rupiah"),
        (1100, "seribu seratus rupiah"),
        (2000, "dua ribu rupiah"),
        (10_000, "sepuluh ribu rupiah"),
        (11_000, "sebelas ribu rupiah"),
        (100_000, "seratus ribu rupiah"),
        (101_000, "seratus satu ribu rupiah"),
        (111_111, "seratus sebelas ribu seratus sebelas rupiah"),
        (150_000, "seratus lima puluh ribu rupiah"),
        (1_000_000, "satu juta rupiah"),
        (1_001_000, "satu juta seribu rupiah"),
        (1_250_000, "satu juta dua ratus lima puluh ribu rupiah"),
        (2_001_000, "dua juta seribu rupiah"),
        (11_011_000, "sebelas juta sebelas ribu rupiah"),
        (100_000_000, "seratus juta rupiah"),
        (1_000_000_000, "satu miliar rupiah"),
        (1_000_001_000, "satu miliar seribu rupiah"),
        (1_001_001_001, "satu miliar satu juta seribu satu rupiah"),
        (100_000_000_000, "seratus miliar rupiah"),
        (
            999_999_999_999,
            "sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh "
            "sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus "
            "sembilan puluh sembilan rupiah",
        ),
        (1_000_000_000_000, "satu triliun rupiah"),
        (1_000_000_001_000, "satu triliun seribu rupiah"),
    ],
)
def test_terbilang_reads_amounts_as_documents_write_them(amount, words):
    assert retribusi.terbilang(amount) == words


def test_approval_of_a_paid_service_asks_the_treasurer_for_the_skrd(approved):
    task = approved.tasks.get(stage=4)
    assert approved.status == Status.APPROVED
    assert (task.name, task.role, task.status) == ("Terbitkan SKRD", "treasurer", TaskStatus.OPEN)
    assert not approved.tasks.filter(role="signing_official", stage=5).exists()


def test_the_skrd_has_number_amount_code_due_date_and_pauses_the_clock(billed, settings):
    application = billed.application
    application.refresh_from_db()
    assert billed.number == f"973/00001/SKRD/{billed.issued_at.year}"
    assert (billed.amount, billed.status) == (150_000, BillStatus.UNPAID)
    assert re.fullmatch(r"\d{16}", billed.billing_code)
    assert (billed.due_on - application.region.today()).days == settings.SATUPINTU_PAYMENT_DUE_DAYS
    assert application.status == Status.AWAITING_PAYMENT
    assert application.pauses.get(ended_on__isnull=True).reason == PauseReason.PAYMENT
    with billed.pdf.open("rb") as file:
        assert file.read().startswith(b"%PDF-")


def test_the_gateway_pays_once_however_often_it_calls(client, billed, settings):
    body, headers = bank.callback_request(
        secret=settings.SATUPINTU_PAYMENT_GATEWAY_SECRET,
        billing_code=billed.billing_code,
        amount=150_000,
        reference="BNI-778812",
    )
    first = _post(client, body, headers)
    again = _post(client, body, headers)
    assert (first.status_code, first.json()["status"]) == (200, "accepted")
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    assert list(Payment.objects.values_list("reference", "amount", "method")) == [
        ("BNI-778812", 150_000, "gateway")
    ]
    application = billed.application
    application.refresh_from_db()
    assert application.status == Status.PAID
    assert application.pauses.filter(ended_on__isnull=True).count() == 0
    signing = application.tasks.get(stage=5)
    assert (signing.role, signing.status) == ("signing_official", TaskStatus.OPEN)
    # Only the accepted call is kept with the payments; the replay goes to the bounded log.
    assert list(GatewayCallback.objects.values_list("outcome", flat=True)) == ["accepted"]
    assert list(RefusedCallback.objects.values_list("outcome", flat=True)) == ["duplicate"]


@pytest.mark.parametrize(
    ("tamper", "status", "outcome"),
    [
        ("signature", 401, "forged"),
        ("stale", 401, "stale"),
        ("amount", 409, "refused"),
        ("code", 404, "refused"),
    ],
)
def test_forged_stale_or_wrong_callbacks_change_nothing_and_are_logged(
    client, billed, settings, tamper, status, outcome
):
    secret = settings.SATUPINTU_PAYMENT_GATEWAY_SECRET
    amount = 15_000 if tamper == "amount" else 150_000
    code = "0" * 16 if tamper == "code" else billed.billing_code
    body, headers = bank.callback_request(secret=secret, billing_code=code, amount=amount)
    if tamper == "signature":
        headers["X-Signature"] = retribusi.callback_signature(
            secret="not-the-secret", timestamp=headers["X-Timestamp"], body=body
        )
    if tamper == "stale":
        old = str(int(time.time()) - 3600)
        headers["X-Timestamp"] = old
        headers["X-Signature"] = retribusi.callback_signature(
            secret=secret, timestamp=old, body=body
        )
    response = _post(client, body, headers)
    assert (response.status_code, response.json()["status"]) == (status, outcome)
    billed.refresh_from_db()
    assert (billed.status, Payment.objects.count()) == (BillStatus.UNPAID, 0)
    # Refusals are logged apart, never in the audit chain (issue 11, defect 7).
    assert RefusedCallback.objects.get().body == body.decode()
    assert AuditEvent.objects.filter(action__startswith="callback_").count() == 0
    assert audit_verify() is None


def test_the_treasurer_confirms_a_payment_with_its_reference(client, billed, treasurer):
    client.force_login(treasurer)
    url = reverse("backoffice:payment_confirm", args=[billed.pk])
    wrong = client.post(url, {"reference": "TRF-1", "amount": "15.000"}, follow=True)
    assert [str(m) for m in wrong.context["messages"]] == [
        "Jumlah Rp15.000 tidak sama dengan tagihan SKRD Rp150.000."
    ]
    paid = client.post(url, {"reference": "TRF-1", "amount": "150.000"}, follow=True)
    assert [str(m) for m in paid.context["messages"]] == [
        "Pembayaran tercatat; izin diteruskan untuk ditandatangani."
    ]
    billed.refresh_from_db()
    assert (billed.status, billed.payment.reference, billed.payment.recorded_by) == (
        BillStatus.PAID,
        "TRF-1",
        treasurer,
    )
    again = client.post(url, {"reference": "TRF-2", "amount": "150.000"}, follow=True)
    assert [str(m) for m in again.context["messages"]] == ["SKRD ini sudah lunas."]
    assert Payment.objects.count() == 1


def test_paid_then_signed_the_case_is_issued_and_the_story_is_audited(
    client, billed, settings, signing_official, signing_key
):
    body, headers = bank.callback_request(
        secret=settings.SATUPINTU_PAYMENT_GATEWAY_SECRET,
        billing_code=billed.billing_code,
        amount=150_000,
    )
    assert _post(client, body, headers).status_code == 200
    application = billed.application
    permit = issuance.permit_issue(
        task=application.tasks.get(stage=5), actor=signing_official, passphrase=PASSPHRASE
    )
    application.refresh_from_db()
    assert (application.status, permit.number) == (
        Status.ISSUED,
        f"503/0001/izin-reklame/{permit.valid_from.year}",
    )
    moves = list(
        AuditEvent.objects.filter(action__startswith="status:").values_list("to_state", flat=True)
    )
    assert moves[-4:] == ["approved", "awaiting_payment", "paid", "issued"]
    assert audit_verify() is None


def test_the_simulated_bank_speaks_the_same_protocol_over_http(live_server, billed, settings):
    status, answer = bank.pay(
        base_url=live_server.url,
        secret=settings.SATUPINTU_PAYMENT_GATEWAY_SECRET,
        billing_code=billed.billing_code,
        amount=150_000,
    )
    assert (status, answer["status"]) == (200, "accepted")
    billed.refresh_from_db()
    assert billed.status == BillStatus.PAID
    assert json.loads(GatewayCallback.objects.get().body)["amount"] == 150_000


def test_the_simulated_bank_page_explains_a_refusal_in_indonesian(live_server, billed, settings):
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client(SERVER_NAME=live_server.url.split("//")[1].split(":")[0])
    response = client.post(
        "/bank-simulasi/",
        {"billing_code": "1" * 16, "amount": "150.000"},
        HTTP_HOST=live_server.url.split("//")[1],
    )
    assert response.context["form"].non_field_errors() == [
        "Sistem daerah menolak pembayaran: tidak ada SKRD dengan kode bayar ini"
    ]
    billed.refresh_from_db()
    assert billed.status == BillStatus.UNPAID

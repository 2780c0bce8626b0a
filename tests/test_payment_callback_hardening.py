"""The payment callback under attack: forgeries never reach the audit chain, their log stays
bounded and rate-limited per address, and only a plain whole-rupiah amount is believed."""

import json
import time

import pytest

from core.models import AuditEvent, AuditHead, RefusedCallback
from licensing import bank, retribusi
from licensing.models import Bill, BillStatus, GatewayCallback, Payment
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

CALLBACK = "/api/pembayaran/notifikasi/"


@pytest.fixture
def billed(approved_reklame, treasurer):
    return retribusi.bill_issue(task=approved_reklame.tasks.get(stage=4), actor=treasurer)


def _post(client, body: bytes, headers: dict, address: str = "198.51.100.7"):
    return client.post(
        CALLBACK,
        body,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if k != "Content-Type"},
        REMOTE_ADDR=address,
    )


def _forged(billed) -> tuple[bytes, dict]:
    body, headers = bank.callback_request(
        secret="not-the-secret", billing_code=billed.billing_code, amount=150_000
    )
    return body, headers


def _signed(secret: str, payload: dict) -> tuple[bytes, dict]:
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()))
    return body, {
        "X-Timestamp": timestamp,
        "X-Signature": retribusi.callback_signature(secret=secret, timestamp=timestamp, body=body),
    }


def test_a_hundred_forgeries_never_touch_the_audit_chain(client, billed, settings):
    settings.SATUPINTU_CALLBACK_REFUSALS_PER_MINUTE = 20
    chain_before = AuditEvent.objects.count()
    head_before = AuditHead.objects.values_list("last_hash", "length").get()
    body, headers = _forged(billed)

    answers = [_post(client, body, headers) for _ in range(100)]

    assert [(a.status_code, a.json()["status"]) for a in answers] == [(401, "forged")] * 20 + [
        (429, "refused")
    ] * 80
    assert answers[-1].json()["message"] == "too many refused callbacks; retry later"
    assert AuditEvent.objects.count() == chain_before
    assert AuditHead.objects.values_list("last_hash", "length").get() == head_before
    assert RefusedCallback.objects.count() == 20
    assert set(RefusedCallback.objects.values_list("outcome", "client_address")) == {
        ("forged", "198.51.100.7")
    }
    assert GatewayCallback.objects.count() == 0
    billed.refresh_from_db()
    assert (billed.status, Payment.objects.count()) == (BillStatus.UNPAID, 0)


def test_one_address_over_its_limit_does_not_block_another(client, billed, settings):
    settings.SATUPINTU_CALLBACK_REFUSALS_PER_MINUTE = 3
    body, headers = _forged(billed)
    for _ in range(3):
        _post(client, body, headers, address="198.51.100.7")
    blocked = _post(client, body, headers, address="198.51.100.7")
    good_body, good_headers = bank.callback_request(
        secret=settings.SATUPINTU_PAYMENT_GATEWAY_SECRET,
        billing_code=billed.billing_code,
        amount=150_000,
        reference="BNI-1",
    )
    paid = _post(client, good_body, good_headers, address="203.0.113.50")
    assert (blocked.status_code, paid.status_code, paid.json()["status"]) == (
        429,
        200,
        "accepted",
    )
    billed.refresh_from_db()
    assert billed.status == BillStatus.PAID


def test_the_refused_log_keeps_only_the_newest_rows_and_short_fields(client, billed, settings):
    settings.SATUPINTU_CALLBACK_REFUSED_KEEP = 10
    body, headers = bank.callback_request(
        secret="not-the-secret", billing_code="9" * 16, amount=150_000
    )
    body = body[:-1] + b', "pad": "' + b"x" * 10_000 + b'"}'
    for number in range(30):
        _post(client, body, headers, address=f"198.51.100.{number + 1}")
    kept = list(RefusedCallback.objects.order_by("pk").values_list("client_address", flat=True))
    assert kept == [f"198.51.100.{number + 1}" for number in range(20, 30)]
    assert {len(row.body) for row in RefusedCallback.objects.all()} == {500}


@pytest.mark.parametrize(
    ("tamper", "status"),
    [("stale", 401), ("code", 404), ("amount", 409), ("malformed", 400)],
)
def test_signed_but_refused_callbacks_are_logged_apart_from_the_chain(
    client, billed, settings, tamper, status
):
    secret = settings.SATUPINTU_PAYMENT_GATEWAY_SECRET
    payload = {"billing_code": billed.billing_code, "amount": 150_000, "reference": "BNI-9"}
    if tamper == "code":
        payload["billing_code"] = "0" * 16
    if tamper == "amount":
        payload["amount"] = 15_000
    if tamper == "malformed":
        del payload["reference"]
    body, headers = _signed(secret, payload)
    if tamper == "stale":
        old = str(int(time.time()) - 3600)
        headers = {
            "X-Timestamp": old,
            "X-Signature": retribusi.callback_signature(secret=secret, timestamp=old, body=body),
        }
    chain_before = AuditEvent.objects.count()
    response = _post(client, body, headers)
    assert response.status_code == status
    assert AuditEvent.objects.count() == chain_before
    assert RefusedCallback.objects.get().body == body.decode()


@pytest.mark.parametrize(
    "raw_amount",
    ["1500.99", "1500.0", "1e3", "-1500", '" 1500"', '"1500"', "true", "1500.000000000001"],
)
def test_only_a_plain_whole_rupiah_amount_is_believed(client, billed, settings, raw_amount):
    Bill.objects.filter(pk=billed.pk).update(amount=1500)
    body = (
        f'{{"billing_code": "{billed.billing_code}", "amount": {raw_amount}, '
        f'"reference": "BNI-15"}}'
    ).encode()
    timestamp = str(int(time.time()))
    headers = {
        "X-Timestamp": timestamp,
        "X-Signature": retribusi.callback_signature(
            secret=settings.SATUPINTU_PAYMENT_GATEWAY_SECRET, timestamp=timestamp, body=body
        ),
    }
    response = _post(client, body, headers)
    assert (response.status_code, response.json()) == (
        400,
        {"status": "refused", "message": "amount must be a whole number of rupiah"},
    )
    billed.refresh_from_db()
    assert (billed.status, Payment.objects.count()) == (BillStatus.UNPAID, 0)


def test_the_exact_whole_amount_still_pays(client, billed, settings):
    Bill.objects.filter(pk=billed.pk).update(amount=1500)
    body, headers = _signed(
        settings.SATUPINTU_PAYMENT_GATEWAY_SECRET,
        {"billing_code": billed.billing_code, "amount": 1500, "reference": "BNI-16"},
    )
    response = _post(client, body, headers)
    assert (response.status_code, response.json()["status"]) == (200, "accepted")
    assert list(Payment.objects.values_list("amount", flat=True)) == [1500]

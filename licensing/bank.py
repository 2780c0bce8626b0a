"""A simulated bank: pays an SKRD by calling the payment callback exactly as a real gateway
would (signed JSON over HTTP). The demo's bank page and the tests use it."""

import datetime
import json
import secrets
import time
import urllib.error
import urllib.request

from django.urls import reverse

from licensing.retribusi import callback_signature


def callback_request(*, secret: str, billing_code: str, amount: int, reference: str = ""):
    """(body, headers) of one payment notification, as the gateway signs it."""
    body = json.dumps(
        {
            "billing_code": billing_code,
            "amount": amount,
            "reference": reference or f"SIM{secrets.token_hex(6).upper()}",
            "paid_at": datetime.datetime.now(datetime.UTC).isoformat(),
        }
    ).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Timestamp": timestamp,
        "X-Signature": callback_signature(secret=secret, timestamp=timestamp, body=body),
    }
    return body, headers


def pay(*, base_url: str, secret: str, billing_code: str, amount: int) -> tuple[int, dict]:
    """Send the notification to the server at base_url; (HTTP status, JSON answer)."""
    body, headers = callback_request(secret=secret, billing_code=billing_code, amount=amount)
    request = urllib.request.Request(  # noqa: S310 - our own server's address from settings
        base_url.rstrip("/") + reverse("payment_callback"), data=body, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")

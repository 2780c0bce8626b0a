"""Sending the outbox: e-mail through Django, WhatsApp/SMS through a small transport interface."""

import datetime
import json
import logging
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.models import Medium, Notification, NotificationStatus

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def outbox_queue(
    *,
    messages: list[tuple[str, str]],
    subject: str,
    body: str,
    key: str,
    object_type: str,
    object_id,
) -> None:
    """Queue (medium, recipient) messages in one INSERT; one already queued for the same
    event (`key`) and recipient is kept as it is. Empty recipients are skipped."""
    Notification.objects.bulk_create(
        [
            Notification(
                dedup_key=f"{key}:{medium}:{recipient}"[:200],
                medium=medium,
                recipient=recipient,
                subject=subject[:200],
                body=body,
                next_attempt_at=timezone.now(),
                object_type=object_type,
                object_id=str(object_id),
            )
            for medium, recipient in messages
            if recipient
        ],
        ignore_conflicts=True,
    )


class Transport:
    """Delivers one text message (WhatsApp or SMS) or raises."""

    def send(self, *, medium: str, recipient: str, text: str) -> None:
        raise NotImplementedError


class ConsoleTransport(Transport):
    def send(self, *, medium, recipient, text):
        logger.info("%s to %s: %s", medium, recipient, text)


class FileTransport(Transport):
    """Appends each message as a JSON line: the demo's and the tests' phone."""

    def __init__(self, path: Path):
        self.path = path

    def send(self, *, medium, recipient, text):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Keyed as the HTTP gateway's body is, which is not ours to rename.
        line = {"channel": medium, "recipient": recipient, "text": text}
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


class HttpGatewayTransport(Transport):
    """A generic HTTP gateway: POST JSON {channel, to, text} with a bearer token."""

    def __init__(self, url: str, token: str, timeout: float = 10):
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, *, medium, recipient, text):
        # `channel` is the gateway's field name (docs/operations.md).
        body = json.dumps({"channel": medium, "to": recipient, "text": text}).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL comes from the operator's settings
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            if response.status >= 300:
                raise OSError(f"gateway answered {response.status}")


def transport() -> Transport:
    kind = settings.SATUPINTU_MESSAGE_TRANSPORT
    if kind == "http":
        return HttpGatewayTransport(
            settings.SATUPINTU_MESSAGE_GATEWAY_URL, settings.SATUPINTU_MESSAGE_GATEWAY_TOKEN
        )
    if kind == "file":
        return FileTransport(Path(settings.VAR_DIR) / "messages.jsonl")
    return ConsoleTransport()


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8, 16 minutes between attempts."""
    return datetime.timedelta(minutes=2 ** (attempts - 1))


def outbox_send_due(*, now: datetime.datetime | None = None, limit: int = 100) -> int:
    """Send what is due; each message is claimed under a row lock so it goes out once."""
    now = now or timezone.now()
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            message = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if message is None:
                break
            message.attempts += 1
            try:
                _deliver(message)
            except Exception as error:  # any transport failure is retried, then given up
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = NotificationStatus.FAILED
                else:
                    message.next_attempt_at = now + backoff(message.attempts)
            else:
                message.status = NotificationStatus.SENT
                message.sent_at = timezone.now()
                message.last_error = ""
                sent += 1
            message.save()
    return sent


def _deliver(message: Notification) -> None:
    if message.medium == Medium.EMAIL:
        send_mail(message.subject, message.body, None, [message.recipient])
    else:
        transport().send(medium=message.medium, recipient=message.recipient, text=message.body)

"""Gap-free numbers, the hash-chained audit trail, uploads judged by content, the outbox."""

import datetime
import hashlib
import io
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from core import messaging, numbers
from core.audit import audit_record, audit_verify
from core.models import AuditEvent, Notification, NotificationStatus
from core.uploads import check_upload, safe_file_name

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_numbers_follow_each_other_per_scope_and_year():
    with transaction.atomic():
        taken = [numbers.next_value(scope="reg:35.73", year=2026) for _ in range(3)]
        other = numbers.next_value(scope="reg:35.73", year=2027)
    assert (taken, other) == ([1, 2, 3], 1)


def test_a_rolled_back_number_is_given_again():
    with transaction.atomic():
        assert numbers.next_value(scope="reg", year=2026) == 1

    def submission_that_fails_half_way():
        with transaction.atomic():
            assert numbers.next_value(scope="reg", year=2026) == 2
            raise RuntimeError("submission failed half-way")

    with pytest.raises(RuntimeError):
        submission_that_fails_half_way()
    with transaction.atomic():
        assert numbers.next_value(scope="reg", year=2026) == 2


@pytest.mark.django_db(transaction=True)
def test_numbers_are_taken_only_inside_a_transaction():
    assert connection.in_atomic_block is False
    with pytest.raises(RuntimeError):
        numbers.next_value(scope="reg", year=2026)


def test_number_pattern_is_checked_and_formatted():
    numbers.check_pattern("503/{seq:05d}/{region}/{year}")
    assert numbers.format_number(
        "503/{seq:05d}/{region}/{year}", seq=7, region="35.73", year=2026
    ) == ("503/00007/35.73/2026")
    for bad in ("503/{year}", "{seq}/{secret.__class__}", "{seq"):
        with pytest.raises(ValidationError):
            numbers.check_pattern(bad)


def _trail():
    for step in ("submitted", "in_review", "approved"):
        audit_record(
            actor="sistem",
            object_type="licensing.application",
            object_id=1,
            action=step,
            to_state=step,
            client_address="203.0.113.9",
        )


def test_audit_chain_verifies_when_untouched():
    _trail()
    assert audit_verify() is None
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().splitlines()[0] == "Audit chain intact: 3 entries."


def test_audit_chain_names_a_changed_entry():
    _trail()
    second = AuditEvent.objects.order_by("pk")[1]
    AuditEvent.objects.filter(pk=second.pk).update(reason="diubah diam-diam")
    problem = audit_verify()
    assert (problem.event_id, problem.message) == (second.pk, f"entry #{second.pk} was changed")
    with pytest.raises(CommandError, match=f"entry #{second.pk} was changed"):
        call_command("audit_verify", stdout=io.StringIO())


def test_audit_chain_names_a_removed_entry():
    _trail()
    _first, second, third = AuditEvent.objects.order_by("pk")
    AuditEvent.objects.filter(pk=second.pk).delete()
    problem = audit_verify()
    assert problem.event_id == third.pk
    assert problem.message == f"the entry before #{third.pk} was removed or changed (broken link)"


def test_audit_chain_notices_the_last_entry_removed():
    _trail()
    AuditEvent.objects.order_by("-pk").first().delete()
    assert audit_verify().message == "the last entries of the chain were removed"


def test_upload_is_accepted_by_content_not_by_name():
    checked = check_upload(SimpleUploadedFile("ktp saya (1).exe", PDF))
    assert (checked.content_type, checked.safe_name, checked.size) == (
        "application/pdf",
        "ktp-saya-1.pdf",
        len(PDF),
    )
    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()


def test_upload_with_a_pdf_name_but_other_content_is_refused():
    with pytest.raises(ValidationError) as raised:
        check_upload(SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 not a pdf"))
    assert raised.value.messages == [
        "Hanya berkas PDF, JPEG, atau PNG yang diterima; berkas ini bukan salah satunya."
    ]


def test_upload_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as raised:
        check_upload(SimpleUploadedFile("foto.png", PNG + b"\x00" * 2_000_000), max_bytes=1_048_576)
    assert raised.value.messages == ["Berkas berukuran 1,9 MB; batasnya 1 MB."]


def test_safe_file_name_keeps_only_plain_characters():
    assert (
        safe_file_name("../../Akta Pendirian – PT Maju.PDF", ".pdf") == "Akta-Pendirian-PT-Maju.pdf"
    )
    assert safe_file_name("....", ".png") == "dokumen.png"


def _queue(medium="email", recipient="siti@example.id", key="k1"):
    return Notification.objects.create(
        medium=medium,
        recipient=recipient,
        subject="Permohonan diterima",
        body="Permohonan Anda diterima.",
        dedup_key=key,
        next_attempt_at=timezone.now(),
    )


def test_outbox_sends_email_once():
    _queue()
    assert messaging.outbox_send_due() == 1
    assert messaging.outbox_send_due() == 0
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["siti@example.id"], "Permohonan diterima")
    ]
    assert Notification.objects.get().status == NotificationStatus.SENT


def test_outbox_writes_whatsapp_to_the_demo_phone(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SATUPINTU_MESSAGE_TRANSPORT = "file"
    _queue(medium="whatsapp", recipient="+6281234567890")
    messaging.outbox_send_due()
    lines = (tmp_path / "messages.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"channel": "whatsapp", "recipient": "+6281234567890", "text": "Permohonan Anda diterima."}
    ]


def test_outbox_retries_with_backoff_then_gives_up(settings):
    settings.SATUPINTU_MESSAGE_TRANSPORT = "http"
    settings.SATUPINTU_MESSAGE_GATEWAY_URL = "http://127.0.0.1:9/nowhere"  # discard port: refused
    message = _queue(medium="sms", recipient="+6281234567890")
    now = timezone.now()
    messaging.outbox_send_due(now=now)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (NotificationStatus.PENDING, 1)
    assert message.next_attempt_at == now + datetime.timedelta(minutes=1)
    assert messaging.outbox_send_due(now=now) == 0  # not due yet
    for day in range(1, messaging.MAX_ATTEMPTS + 1):
        messaging.outbox_send_due(now=now + datetime.timedelta(days=day))
    message.refresh_from_db()
    assert (message.status, message.attempts) == (NotificationStatus.FAILED, messaging.MAX_ATTEMPTS)
    assert message.last_error.startswith("URLError")

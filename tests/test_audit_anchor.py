"""The audit chain is anchored outside the database: an HMAC key the database never holds,
and the head published daily to an append-only file that `audit_verify` checks against."""

import datetime
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from core.audit import audit_anchor_publish, audit_record, audit_verify
from core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path):
    settings.SATUPINTU_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    return settings.SATUPINTU_AUDIT_ANCHOR_FILE


def _trail(steps=("submitted", "in_review", "approved")):
    for step in steps:
        audit_record(
            actor="sistem",
            object_type="licensing.application",
            object_id=1,
            action=step,
            to_state=step,
            client_address="203.0.113.9",
        )


def _plain_sha256(event: AuditEvent) -> str:
    """What an attacker without the key computes: the chain's content, hashed in the open."""
    content = {
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "reason": event.reason,
        "client_address": event.client_address,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def test_a_rewrite_with_every_hash_recomputed_is_still_found():
    _trail()
    second = AuditEvent.objects.order_by("pk")[1]
    AuditEvent.objects.filter(pk=second.pk).update(reason="disetujui tanpa pemeriksaan")
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("pk"):
        event.prev_hash = previous
        event.hash = _plain_sha256(event)
        event.save(update_fields=["prev_hash", "hash"])
        previous = event.hash
    AuditHead.objects.filter(pk=1).update(last_hash=previous)

    problem = audit_verify()

    first = AuditEvent.objects.order_by("pk").first()
    assert (problem.event_id, problem.message) == (first.pk, f"entry #{first.pk} was changed")
    with pytest.raises(CommandError, match=f"entry #{first.pk} was changed"):
        call_command("audit_verify", stdout=io.StringIO())


def test_the_chain_verifies_only_with_its_own_key(settings):
    _trail()
    assert audit_verify() is None
    settings.SATUPINTU_AUDIT_KEY = "another-key-" + "x" * 50
    first = AuditEvent.objects.order_by("pk").first()
    assert audit_verify().message == f"entry #{first.pk} was changed"


def test_the_published_head_is_one_json_line_appended_each_time(anchor_file):
    _trail()
    audit_anchor_publish()
    _trail(("paid",))
    audit_anchor_publish()
    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    hashes = list(AuditEvent.objects.order_by("pk").values_list("hash", flat=True))
    assert [(line["length"], line["last_hash"]) for line in lines] == [
        (3, hashes[2]),
        (4, hashes[3]),
    ]
    assert datetime.datetime.fromisoformat(lines[0]["published_at"]).tzinfo is not None


def test_last_entries_removed_with_the_head_moved_back_are_found_by_the_anchor():
    _trail(("submitted", "in_review", "approved", "paid"))
    audit_anchor_publish()
    # Someone with the database but not the key drops the last two entries and points the
    # head at the entry before them: every remaining HMAC still holds.
    _first, second, _third, _fourth = AuditEvent.objects.order_by("pk")
    AuditEvent.objects.filter(pk__gt=second.pk).delete()
    AuditHead.objects.filter(pk=1).update(last_hash=second.hash, length=2)

    problem = audit_verify()

    assert (problem.event_id, problem.message) == (
        None,
        "the chain is shorter than the 4 entries published in the anchor file",
    )


def test_an_anchor_that_disagrees_with_the_chain_is_reported(anchor_file):
    _trail()
    audit_anchor_publish()
    line = json.loads(anchor_file.read_text())
    line["last_hash"] = "f" * 64
    anchor_file.write_text(json.dumps(line) + "\n")
    third = AuditEvent.objects.order_by("pk")[2]
    assert audit_verify().message == (
        f"entry #{third.pk} differs from the head published on {line['published_at']}"
    )


def test_the_worker_publishes_once_a_day(anchor_file):
    _trail()
    assert audit_anchor_publish(only_if_due=True) is True
    assert audit_anchor_publish(only_if_due=True) is False
    assert len(anchor_file.read_text().splitlines()) == 1


def test_audit_verify_command_says_what_it_checked(anchor_file):
    _trail()
    audit_anchor_publish()
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().splitlines()[:2] == [
        "Audit chain intact: 3 entries.",
        "Anchors agree: 1 published head checked.",
    ]


def _migration():
    import importlib

    return importlib.import_module("core.migrations.0003_audit_chain_hmac")


def test_the_migration_rekeys_an_intact_plain_chain():
    from django.apps import apps

    _trail()
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("pk"):  # the chain as the old release wrote it
        event.prev_hash = previous
        event.hash = _plain_sha256(event)
        event.save(update_fields=["prev_hash", "hash"])
        previous = event.hash
    AuditHead.objects.filter(pk=1).update(last_hash=previous)
    assert audit_verify() is not None

    _migration().rekey(apps, None)

    assert audit_verify() is None


def test_the_migration_refuses_to_launder_a_broken_plain_chain():
    from django.apps import apps

    _trail()
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("pk"):
        event.prev_hash = previous
        event.hash = _plain_sha256(event)
        event.save(update_fields=["prev_hash", "hash"])
        previous = event.hash
    second = AuditEvent.objects.order_by("pk")[1]
    AuditEvent.objects.filter(pk=second.pk).update(reason="diubah diam-diam")

    with pytest.raises(RuntimeError, match=f"already broken at entry #{second.pk}"):
        _migration().rekey(apps, None)

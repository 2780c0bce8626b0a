"""The append-only audit trail (every entry carries the hash of the one before), and the
bounded log of refused payment callbacks kept apart from it."""

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import http
from core.models import AuditEvent, AuditHead, RefusedCallback


def audit_record(
    *,
    actor,
    object_type: str,
    object_id,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    client_address: str | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Append one entry to the chain, inside the caller's transaction."""
    # No savepoint: an entry is part of its caller's transaction and fails with it.
    with transaction.atomic(savepoint=False):
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _created = AuditHead.objects.get_or_create(pk=1)
            head = AuditHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_label(actor),
            object_type=object_type,
            object_id=str(object_id),
            action=action,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            client_address=client_address,
            data=data or {},
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_hash = event.hash
        head.length += 1
        head.save(update_fields=["last_hash", "length"])
    return event


def personal_data_viewed(request, *, object_type: str, object_id) -> AuditEvent:
    """Staff reading personal data (a case, an applicant's document) leave a trace
    (DESIGN §4.7): one entry per view, with who and from where."""
    return audit_record(
        actor=request.user,
        object_type=object_type,
        object_id=object_id,
        action="viewed",
        client_address=http.client_address(request),
    )


def _label(actor) -> str:
    if actor is None:
        return "sistem"
    if isinstance(actor, str):
        return actor
    return actor.get_username()


@dataclass(frozen=True)
class ChainProblem:
    event_id: int | None
    message: str


def audit_verify() -> ChainProblem | None:
    """The first entry that was changed or removed, or None when the chain is whole.

    Each hash is an HMAC under a key the database does not hold, so rewriting an entry and
    recomputing the hashes after it is found; removing the last entries and moving the
    head back is found against the heads published to the anchor file."""
    try:
        anchors = audit_anchors()
    except ValueError as error:
        return ChainProblem(None, str(error))
    expected_at: dict[int, list[dict]] = {}
    for anchor in anchors:
        expected_at.setdefault(anchor["length"], []).append(anchor)
    previous_hash = "0" * 64
    count = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != previous_hash:
            return ChainProblem(
                event.pk, f"the entry before #{event.pk} was removed or changed (broken link)"
            )
        if event.compute_hash() != event.hash:
            return ChainProblem(event.pk, f"entry #{event.pk} was changed")
        previous_hash = event.hash
        count += 1
        for anchor in expected_at.get(count, ()):
            if anchor["last_hash"] != event.hash:
                return ChainProblem(
                    event.pk,
                    f"entry #{event.pk} differs from the head published on "
                    f"{anchor['published_at']}",
                )
    head = AuditHead.objects.filter(pk=1).first()
    expected = (head.last_hash, head.length) if head else ("0" * 64, 0)
    if (previous_hash, count) != expected:
        return ChainProblem(None, "the last entries of the chain were removed")
    published = max(expected_at, default=0)
    if published > count:
        return ChainProblem(
            None, f"the chain is shorter than the {published} entries published in the anchor file"
        )
    return None


def audit_anchors() -> list[dict]:
    """The heads published so far (oldest first); ValueError names an unreadable line."""
    path = Path(settings.SATUPINTU_AUDIT_ANCHOR_FILE)
    if not path.exists():
        return []
    anchors = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                anchor = json.loads(line)
                anchors.append(
                    {
                        "published_at": str(anchor["published_at"]),
                        "length": int(anchor["length"]),
                        "last_hash": str(anchor["last_hash"]),
                    }
                )
            except (ValueError, KeyError, TypeError):
                raise ValueError(f"line {number} of the anchor file is unreadable") from None
    return anchors


def audit_anchor_publish(*, only_if_due: bool = False) -> bool:
    """Append the chain's head (length and last hash) to the anchor file; True if written.

    The file is append-only JSON lines meant to be copied off the server (a log shipper, a
    write-once bucket); `only_if_due` writes at most one line a day, for the worker."""
    path = Path(settings.SATUPINTU_AUDIT_ANCHOR_FILE)
    now = timezone.now()
    if only_if_due:
        anchors = audit_anchors() if path.exists() else []
        if (
            anchors
            and datetime.datetime.fromisoformat(anchors[-1]["published_at"])
            .astimezone(datetime.UTC)
            .date()
            == now.astimezone(datetime.UTC).date()
        ):
            return False
    head = AuditHead.objects.filter(pk=1).first()
    line = {
        "published_at": now.isoformat(),
        "length": head.length if head else 0,
        "last_hash": head.last_hash if head else "0" * 64,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as anchor_file:
        anchor_file.write(json.dumps(line, sort_keys=True) + "\n")
        anchor_file.flush()
        os.fsync(anchor_file.fileno())
    return True


def refused_callback_record(
    *, client_address: str | None, outcome: str, reason: str, body: bytes
) -> RefusedCallback:
    """Log one refused callback, truncated, and drop the oldest rows beyond the limit.

    Anyone can send a callback, so a refusal takes no lock and no chain entry: one short
    row, and the table never holds more than SATUPINTU_CALLBACK_REFUSED_KEEP of them."""
    row = RefusedCallback.objects.create(
        client_address=client_address or None,
        outcome=outcome[:16],
        reason=reason[:200],
        body=body[:2000].decode("utf-8", "replace")[:500],
    )
    keep = settings.SATUPINTU_CALLBACK_REFUSED_KEEP
    RefusedCallback.objects.filter(pk__lte=row.pk - keep).delete()
    return row

"""Re-hash the existing audit chain with the HMAC key (ADR 0023).

The old entries were plain SHA-256, which anyone who can write the database can recompute.
The chain is first verified under the old rule, so a chain that was already broken is never
laundered into a valid one; then every entry is re-hashed in order under the key."""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

ZERO = "0" * 64


def _canonical(event) -> bytes:
    # The content of core.models.AuditEvent.canonical, fixed here as of this migration.
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
    return encoded.encode()


def rekey(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditHead = apps.get_model("core", "AuditHead")
    key = settings.SATUPINTU_AUDIT_KEY.encode()
    previous = ZERO
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != previous or hashlib.sha256(_canonical(event)).hexdigest() != (
            event.hash
        ):
            raise RuntimeError(
                f"The audit chain is already broken at entry #{event.pk}: run "
                "`manage.py audit_verify` on the previous release and investigate before "
                "migrating; re-hashing now would hide the change."
            )
        previous = event.hash
    previous = ZERO
    pks = list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), 2000):  # batches: no open cursor while rows change
        batch = AuditEvent.objects.in_bulk(pks[start : start + 2000])
        for pk in pks[start : start + 2000]:
            event = batch[pk]
            event.prev_hash = previous
            event.hash = hmac.new(key, _canonical(event), hashlib.sha256).hexdigest()
            event.save(update_fields=["prev_hash", "hash"])
            previous = event.hash
    AuditHead.objects.filter(pk=1).update(last_hash=previous)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_refused_callbacks")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]

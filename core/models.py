"""Shared records: gap-free number sequences, the hash-chained audit log, the outbox."""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    """The last number given in a scope (e.g. registrations of one region) and year."""

    scope = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="sequence_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.scope}/{self.year}: {self.last_value}"


def audit_mac(content: bytes, *, key: str) -> str:
    return hmac.new(key.encode(), content, hashlib.sha256).hexdigest()


class AuditEvent(models.Model):
    """One append-only entry; each carries the hash of the one before it."""

    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    action = models.CharField(_("action"), max_length=60)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["pk"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def compute_hash(self) -> str:
        """HMAC-SHA256, under the audit key kept outside the database, over the entry's
        content and the previous entry's hash: without the key a rewrite cannot be hidden."""
        return audit_mac(self.canonical(), key=settings.SATUPINTU_AUDIT_KEY)

    def canonical(self) -> bytes:
        """The entry's content as the bytes its hash covers (migration 0003 repeats this)."""
        content = {
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "action": self.action,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "reason": self.reason,
            "client_address": self.client_address,
            "data": self.data,
            "prev_hash": self.prev_hash,
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return encoded.encode()


class AuditHead(models.Model):
    """The chain's last hash and length: one row, locked while an entry is appended."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.length} entries"


class RefusedCallback(models.Model):
    """A payment callback that was refused: kept apart from the audit chain, and bounded
    (the oldest rows are dropped), so forgeries cannot fill the disk or take the chain's lock."""

    received_at = models.DateTimeField(auto_now_add=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=16)
    reason = models.CharField(max_length=200, blank=True)
    body = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("refused callback")
        verbose_name_plural = _("refused callbacks")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.outcome}"


class Medium(models.TextChoices):
    """How a message travels to its recipient."""

    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """A message in the outbox, sent once by the worker with retries and backoff."""

    medium = models.CharField(_("medium"), max_length=10, choices=Medium)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    # The same event never notifies the same recipient twice.
    dedup_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NotificationStatus, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.medium} → {self.recipient}: {self.subject}"

"""Uploaded files are judged by their content (PDF, JPEG, PNG), size and hash."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Magic numbers: what the first bytes of each accepted kind are.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    safe_name: str


def safe_file_name(name: str, extension: str) -> str:
    """ASCII letters, digits, dash and underscore, with the extension of the real content."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:80] or "dokumen"
    return stem + extension


def check_upload(upload, *, max_bytes: int | None = None) -> CheckedUpload:
    """Accept a PDF, JPEG or PNG within the size limit, or raise a message saying why not."""
    limit = max_bytes if max_bytes is not None else settings.SATUPINTU_UPLOAD_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            code="too_large",
            params={
                "size": f"{upload.size / 1_048_576:.1f}".replace(".", ","),
                "limit": f"{limit / 1_048_576:g}".replace(".", ","),
            },
        )
    upload.seek(0)
    head = upload.read(16)
    kind = next((kind for kind in _SIGNATURES if head.startswith(kind[0])), None)
    if kind is None:
        raise ValidationError(
            _("Only PDF, JPEG or PNG files are accepted; this file is something else."),
            code="file_type",
        )
    _signature, content_type, extension = kind
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        safe_name=safe_file_name(upload.name or "", extension),
    )

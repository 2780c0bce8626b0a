"""Uploaded files are judged by their content (PDF, JPEG, PNG), size and hash."""

import hashlib
import re
import struct
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

# Magic numbers: what the first bytes of each accepted kind are.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
# A phone's photo or a scanned page is far below this; above it an image is built to cost
# memory to whoever decodes it (Pillow itself only warns between 89 and 179 megapixels).
MAX_IMAGE_PIXELS = 50_000_000


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
    upload.seek(0)
    if zipfile.is_zipfile(upload):  # a polyglot: the file is also an archive
        raise ValidationError(
            _(
                "This file also holds an archive (ZIP) inside it; "
                "save it again as a plain PDF, JPEG or PNG."
            ),
            code="polyglot",
        )
    if content_type == "application/pdf":
        _check_pdf(upload)
    else:
        _check_image(upload, content_type)
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


def _check_pdf(upload) -> None:
    """A whole PDF ends with %%EOF within its last 1024 bytes (ISO 32000-1, 7.5.5)."""
    upload.seek(max(upload.size - 1024, 0))
    if b"%%EOF" not in upload.read(1024):
        raise ValidationError(
            _("The PDF is damaged or incomplete; save it again and send it."), code="damaged"
        )


def _check_image(upload, content_type: str) -> None:
    """Open the image without decoding more than needed: its declared size first, then a
    PNG's chunks (checksums, up to the end) or a JPEG decoded at an eighth of its size."""
    too_many_pixels = ValidationError(
        _(
            "The image has too many pixels (the limit is %(limit)s megapixels); "
            "send a smaller photo or scan."
        ),
        code="too_many_pixels",
        params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(
                upload, formats=["JPEG" if content_type == "image/jpeg" else "PNG"]
            ) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise too_many_pixels
                if content_type == "image/jpeg":
                    image.draft("RGB", (max(image.width // 8, 1), max(image.height // 8, 1)))
                    image.load()
                else:
                    image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error):
        # Pillow says "truncated", "broken data stream", a bad checksum: all one answer.
        raise ValidationError(
            _("The image is damaged or incomplete; send it again."), code="damaged"
        ) from None
    finally:
        upload.seek(0)

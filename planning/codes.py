"""Permendagri 90/2019 codes: read them in any of the forms regions write, keep one form.

    U . BB . PP . K . KK . SSSS     e.g. 1.02.02.2.01.0001

The authority digit (K) is sometimes written `02`/`01`, and the sub kegiatan had 2 digits
in the 2019 annex and 4 since Kepmendagri 050-5889/2021: `1.02.02.2.01.01` and
`1.02.02.02.01.0001` both become `1.02.02.2.01.0001`.

Authority digits: the project's reference (shared/reference/planning.md) defines 1
(provinsi) and 2 (kabupaten/kota) only. The national lists also use 3 to 8 for the
kegiatan of regions with a special status; their meaning is not in our reference, and the
same code can name a different kegiatan at provinsi and at kab/kota level (the 2027 list
has 466 such sub kegiatan codes), so a code's meaning is read together with its level. In
the 2027 list the names under each digit are: 3 and 4, Papua's special autonomy (OAP, MRP);
5, DIY's keistimewaan (Kasultanan, Kadipaten); 6, DKI Jakarta (kota and kabupaten
administrasi); 7, Aceh (dayah, Wilayatul Hisbah, mukim); 8, desa adat. This is what the
names say, not a legal definition: every digit from 1 to 8 is accepted.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LEVELS = ("urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan")
PENUNJANG_PROGRAM = "01"  # PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH
AUTHORITY_DIGITS = frozenset("12345678")  # 1 provinsi, 2 kab/kota, 3-8 special status

_SEGMENTS = {1: "urusan", 2: "bidang_urusan", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}


@dataclass(frozen=True)
class Code:
    code: str  # the normalised form
    level: str

    @property
    def parts(self) -> list[str]:
        return self.code.split(".")

    @property
    def bidang(self) -> str | None:
        return ".".join(self.parts[:2]) if len(self.parts) >= 2 else None

    @property
    def program(self) -> str | None:
        return ".".join(self.parts[:3]) if len(self.parts) >= 3 else None

    @property
    def is_penunjang(self) -> bool:
        """Program 01 (penunjang): generic administration repeated under every bidang."""
        return len(self.parts) >= 3 and self.parts[2] == PENUNJANG_PROGRAM

    @property
    def parent(self) -> str | None:
        parts = self.parts
        if len(parts) == 1:
            return None
        if len(parts) == 5:  # a kegiatan's parent is its program (K and KK go together)
            return ".".join(parts[:3])
        return ".".join(parts[:-1])


def parse(raw: str) -> Code:
    """The normalised code and its level, or a ValidationError saying what is wrong."""
    text = (raw or "").strip()
    parts = text.split(".")
    if not text or not all(re.fullmatch(r"\d+", part) for part in parts):
        raise ValidationError(
            _("%(code)s is not a code: digits separated by dots, like 1.02.02.2.01.0001.")
            % {"code": text or "''"}
        )
    if len(parts) == 4:  # 1.02.02.2 alone is not a level
        raise ValidationError(_("%(code)s stops at the authority digit.") % {"code": text})
    if len(parts) not in _SEGMENTS:
        raise ValidationError(_("%(code)s has too many parts.") % {"code": text})
    widths = [1, 2, 2, 1, 2, 4][: len(parts)]
    normal = []
    for index, (part, width) in enumerate(zip(parts, widths, strict=True)):
        if index == 3:  # authority: 1 provinsi, 2 kabupaten/kota, 3-8; "02" → "2"
            part = part.lstrip("0") or "0"
            if part not in AUTHORITY_DIGITS:
                raise ValidationError(
                    _("%(code)s: the authority digit must be 1 to 8 (1 provinsi, 2 kab/kota).")
                    % {"code": text}
                )
        elif index == 5 and len(part) == 2:  # the 2019 annex's 2-digit sub kegiatan
            part = part.zfill(4)
        if len(part) != width:
            raise ValidationError(
                _("%(code)s: part %(number)s should have %(width)s digit(s).")
                % {"code": text, "number": index + 1, "width": width}
            )
        normal.append(part)
    return Code(".".join(normal), _SEGMENTS[len(parts)])


def short_form(code: str) -> str:
    """The 2019 annex's form of a sub kegiatan code (2 digits), for matching old files."""
    parts = code.split(".")
    if len(parts) == 6 and parts[5].startswith("00"):
        parts[5] = parts[5][2:]
    return ".".join(parts)

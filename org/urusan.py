"""Bidang urusan of Permendagri 90/2019 (codes `U.BB`) and the agency unit code parser."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The 32 concurrent affairs of UU 23/2014, the supporting units (groups 4 to 8) and the
# special-status bidang of the national list (5.06, 5.07, 7.02, 7.03, group 9), named as
# the 2027 national list names them.
BIDANG_URUSAN: dict[str, str] = {
    "1.01": "Pendidikan",
    "1.02": "Kesehatan",
    "1.03": "Pekerjaan Umum dan Penataan Ruang",
    "1.04": "Perumahan dan Kawasan Permukiman",
    "1.05": "Ketenteraman dan Ketertiban Umum serta Perlindungan Masyarakat",
    "1.06": "Sosial",
    "2.07": "Tenaga Kerja",
    "2.08": "Pemberdayaan Perempuan dan Perlindungan Anak",
    "2.09": "Pangan",
    "2.10": "Pertanahan",
    "2.11": "Lingkungan Hidup",
    "2.12": "Administrasi Kependudukan dan Pencatatan Sipil",
    "2.13": "Pemberdayaan Masyarakat dan Desa",
    "2.14": "Pengendalian Penduduk dan Keluarga Berencana",
    "2.15": "Perhubungan",
    "2.16": "Komunikasi dan Informatika",
    "2.17": "Koperasi, Usaha Kecil, dan Menengah",
    "2.18": "Penanaman Modal",
    "2.19": "Kepemudaan dan Olahraga",
    "2.20": "Statistik",
    "2.21": "Persandian",
    "2.22": "Kebudayaan",
    "2.23": "Perpustakaan",
    "2.24": "Kearsipan",
    "3.25": "Kelautan dan Perikanan",
    "3.26": "Pariwisata",
    "3.27": "Pertanian",
    "3.28": "Kehutanan",
    "3.29": "Energi dan Sumber Daya Mineral",
    "3.30": "Perdagangan",
    "3.31": "Perindustrian",
    "3.32": "Transmigrasi",
    "4.01": "Sekretariat Daerah",
    "4.02": "Sekretariat DPRD",
    "5.01": "Perencanaan",
    "5.02": "Keuangan",
    "5.03": "Kepegawaian",
    "5.04": "Pendidikan dan Pelatihan",
    "5.05": "Penelitian dan Pengembangan",
    "5.06": "Pengelolaan Perbatasan",
    "5.07": "Pengelolaan Penghubung",
    "6.01": "Inspektorat Daerah",
    "7.01": "Kecamatan",
    "7.02": "Kota Administrasi",
    "7.03": "Kabupaten Administrasi",
    "8.01": "Kesatuan Bangsa dan Politik",
    "9.01": "Kekhususan Aceh",
    "9.02": "Kekhususan Papua",
    "9.03": "Kekhususan Papua Barat",
}

_UNIT_CODE = re.compile(r"^(\d)\.(\d{2})\.(\d)\.(\d{2})\.(\d)\.(\d{2})\.(\d{2})\.(\d{4})$")


@dataclass(frozen=True)
class UnitCode:
    """An agency's code `B1.B1.B2.B2.B3.B3.NN.UUUU`: up to three bidang, serial, sub-unit."""

    bidang: tuple[str, ...]
    serial: str
    sub_unit: str

    @property
    def is_sub_unit(self) -> bool:
        return self.sub_unit != "0000"


def parse_unit_code(code: str) -> UnitCode:
    """Parse a unit code, or raise ValidationError saying in Indonesian what is wrong."""
    match = _UNIT_CODE.match(code.strip())
    if not match:
        raise ValidationError(
            _(
                "The unit code %(code)s does not follow the pattern "
                "B1.B1.B2.B2.B3.B3.NN.UUUU, for example 1.03.0.00.0.00.01.0000."
            ),
            code="unit_code_pattern",
            params={"code": code},
        )
    parts = match.groups()
    pairs = [(parts[0], parts[1]), (parts[2], parts[3]), (parts[4], parts[5])]
    bidang: list[str] = []
    seen_empty = False
    for group, field in pairs:
        if group == "0" and field == "00":
            seen_empty = True
            continue
        full = f"{group}.{field}"
        if seen_empty:
            raise ValidationError(
                _(
                    "The unit code %(code)s names bidang urusan %(bidang)s after an empty "
                    "slot (0.00); fill the slots from the left."
                ),
                code="unit_code_gap",
                params={"code": code, "bidang": full},
            )
        if full not in BIDANG_URUSAN:
            raise ValidationError(
                _("The unit code %(code)s names an unknown bidang urusan %(bidang)s."),
                code="unit_code_bidang",
                params={"code": code, "bidang": full},
            )
        if full in bidang:
            continue  # a one-bidang unit is also written 3.25.3.25.3.25.01.0000: read once
        bidang.append(full)
    if not bidang:
        raise ValidationError(
            _("The unit code %(code)s names no bidang urusan."),
            code="unit_code_empty",
            params={"code": code},
        )
    if parts[6] == "00":
        raise ValidationError(
            _("The unit code %(code)s has serial number 00; numbering starts at 01."),
            code="unit_code_serial",
            params={"code": code},
        )
    return UnitCode(bidang=tuple(bidang), serial=parts[6], sub_unit=parts[7])

"""The preset rumpun sets, built from the agencies' bidang urusan: the seven perumpunan of
PP 18/2016, the three fields of a Bappeda, the four DPRD komisi."""

from decimal import Decimal

from django.db import transaction

from org.models import Agency, Region
from planning.models import Rumpun, RumpunMember, RumpunSet, SetKind

# PP 18/2016 (perangkat daerah), the seven perumpunan, by bidang urusan.
PP18_NAME = "PP 18/2016: perumpunan urusan"
PP18 = [
    (
        "Pendidikan, kebudayaan, kepemudaan dan olahraga, pariwisata",
        ["1.01", "2.22", "2.19", "3.26"],
    ),
    (
        "Kesehatan, sosial, PPPA, pengendalian penduduk dan KB, adminduk, PMD",
        ["1.02", "1.06", "2.08", "2.14", "2.12", "2.13"],
    ),
    ("Ketenteraman, ketertiban umum dan perlindungan masyarakat", ["1.05"]),
    (
        "Penanaman modal, koperasi dan UKM, perindustrian, perdagangan, ESDM, transmigrasi, "
        "tenaga kerja",
        ["2.18", "2.17", "3.31", "3.30", "3.29", "3.32", "2.07"],
    ),
    ("Komunikasi dan informatika, statistik, persandian", ["2.16", "2.20", "2.21"]),
    (
        "Perumahan, PUPR, pertanahan, perhubungan, lingkungan hidup, kehutanan, pangan, "
        "pertanian, kelautan dan perikanan",
        ["1.04", "1.03", "2.10", "2.15", "2.11", "3.28", "2.09", "3.27", "3.25"],
    ),
    ("Perpustakaan, kearsipan", ["2.23", "2.24"]),
]
OTHER = "Unsur pendukung, penunjang, pengawasan, kewilayahan dan pemerintahan umum"


# Bidang urusan as one string, separated by spaces, in the two sets below.
# The three fields of a Bappeda (Permendagri 5/2017 on Bappeda's organisation), each
# partnering the agencies of its bidang urusan; supporting functions go with the first.
BAPPEDA_NAME = "Bidang Bappeda"
BAPPEDA = [
    (
        "Pemerintahan dan pembangunan manusia",
        "1.01 1.02 1.05 1.06 2.08 2.12 2.13 2.14 2.16 2.19 2.20 2.21 2.22 2.23 2.24",
    ),
    (
        "Perekonomian dan sumber daya alam",
        "2.07 2.09 2.17 2.18 3.25 3.26 3.27 3.28 3.29 3.30 3.31 3.32",
    ),
    ("Infrastruktur dan kewilayahan", "1.03 1.04 2.10 2.11 2.15 7.01"),
]
BAPPEDA_OTHER = "Pemerintahan dan pembangunan manusia"

# DPRD komisi as most kabupaten/kota divide them (the DPRD's own rules decide; copy the set
# and edit it where the region's differ).
KOMISI_NAME = "Komisi DPRD"
KOMISI = [
    (
        "Komisi A: pemerintahan",
        "1.05 2.12 2.13 2.16 2.20 2.21 2.23 2.24 4.01 4.02 5.03 5.04 6.01 7.01 8.01",
    ),
    (
        "Komisi B: perekonomian dan keuangan",
        "2.07 2.09 2.17 2.18 3.25 3.26 3.27 3.28 3.29 3.30 3.31 3.32 5.02",
    ),
    ("Komisi C: pembangunan", "1.03 1.04 2.10 2.11 2.15 5.01 5.05"),
    ("Komisi D: kesejahteraan rakyat", "1.01 1.02 1.06 2.08 2.14 2.19 2.22"),
]
KOMISI_OTHER = "Komisi A: pemerintahan"

PRESETS = {
    "pp18": (PP18_NAME, PP18, OTHER),
    "bappeda": (BAPPEDA_NAME, BAPPEDA, BAPPEDA_OTHER),
    "komisi": (KOMISI_NAME, KOMISI, KOMISI_OTHER),
}


@transaction.atomic
def preset_build(*, region: Region, key: str) -> RumpunSet:
    """Write the region's preset set `key` (of PRESETS: "pp18", the seven perumpunan of
    PP 18/2016; "bappeda", the Bappeda fields; "komisi", the DPRD komisi), built from the
    agencies' bidang urusan: its RumpunSet, its Rumpun and their RumpunMember rows. Each
    agency joins the rumpun of its bidang; an agency with bidang in two rumpun sits in
    both, its weight shared; an agency whose bidang no rumpun lists joins the `other`
    rumpun. Rebuilt in place each time: the set and its rumpun keep their rows."""
    name, groups_of, other_name = PRESETS[key]
    rumpun_set, _created = RumpunSet.objects.update_or_create(
        region=region, name=name, defaults={"kind": SetKind.PRESET}
    )
    # Rebuilt in place: each rumpun keeps its row (and the addresses of its profile).
    RumpunMember.objects.filter(rumpun__set=rumpun_set).delete()
    groups = [
        Rumpun.objects.update_or_create(set=rumpun_set, order=order, defaults={"name": group_name})[
            0
        ]
        for order, (group_name, _bidang) in enumerate(groups_of, start=1)
    ]
    by_name = {group.name: group for group in groups}
    other = (
        by_name.get(other_name)
        or Rumpun.objects.update_or_create(
            set=rumpun_set, order=len(groups) + 1, defaults={"name": other_name}
        )[0]
    )
    rumpun_set.rumpun.exclude(pk__in=[g.pk for g in [*groups, other]]).delete()
    where = {
        bidang: group
        for group, (_name, codes_) in zip(groups, groups_of, strict=True)
        for bidang in (codes_.split() if isinstance(codes_, str) else codes_)
    }
    members = []
    for agency in Agency.objects.filter(region=region):
        targets = [
            where.get(b, other) for b in (agency.bidang_1, agency.bidang_2, agency.bidang_3) if b
        ]
        targets = list(dict.fromkeys(targets)) or [other]
        weight = Decimal(1) / len(targets)
        members += [
            RumpunMember(rumpun=target, agency=agency, weight=weight.quantize(Decimal("0.0001")))
            for target in targets
        ]
    RumpunMember.objects.bulk_create(members)
    return rumpun_set

"""A realistic APBD for the demo region, from real codes, by a seeded generator: every
agency funds sub kegiatan of its own bidang (and the generic program 01), with a few
overlaps planted on purpose so that every planning screen shows something true."""

import csv
import io
import random
import re
from collections import defaultdict

from org.models import Agency
from planning.budget import budget_import
from planning.models import Budget, NomenclatureItem, Stage, SubKegiatanTag
from planning.rumpun.similar import similar_pairs

SEED = 2027
AKUN = [
    ("5.1.01.01.01.0001", 3),  # gaji dan tunjangan
    ("5.1.02.01.01.0024", 5),  # alat tulis kantor
    ("5.1.02.02.01.0026", 6),  # jasa tenaga pendukung
    ("5.1.02.03.02.0035", 3),  # pemeliharaan
    ("5.2.02.05.01.0001", 2),  # peralatan kantor (modal)
    ("5.2.03.01.01.0001", 1),  # gedung (modal)
]
SOURCES = ["DAU", "PAD", "DAK Fisik", "DBH"]

# Planted on purpose. Shared sub kegiatan: (agency that owns the bidang, another agency).
SHARED = [
    ("Dinkes", "Dinsos-P3AP2KB"),
    ("Disporapar", "Disdikbud"),
    ("DLH", "DPUPRPKP"),
    ("Dishub", "Satpol PP"),  # across two PP 18/2016 rumpun: coupling
]


# Thematic tags by the words of the sub kegiatan names (program 01 left out): each theme
# spans several agencies, so the analysis shows synergy to plan together.
TAGS = {
    "Stunting": r"\bgizi|sanitasi|air minum|cadangan pangan|keluarga berencana|ibu hamil|balita"
    r"|\bstunting",
    "Kemiskinan ekstrem": r"miskin|tidak layak huni|jaminan sosial",
    "SPM": r"\bSPM\b|standar pelayanan minimal",
}


def demo_tags(region, nomenclature) -> None:
    """Tag the codes whose names match each theme (the region's tags replaced)."""
    items = NomenclatureItem.objects.filter(
        version=nomenclature, level="sub_kegiatan", is_penunjang=False
    ).values_list("code", "name")
    SubKegiatanTag.objects.filter(region=region).delete()
    SubKegiatanTag.objects.bulk_create(
        SubKegiatanTag(region=region, code=code, tag=tag)
        for code, name in items
        for tag, pattern in TAGS.items()
        if re.search(pattern, name, re.IGNORECASE)
    )


def planted(region, nomenclature) -> dict:
    """What the generator plants: shared sub kegiatan, misplaced bidang and near-duplicate
    names, each chosen deterministically from the nomenclature."""
    codes = _codes(nomenclature)
    agencies = {a.short_name: a for a in Agency.objects.filter(region=region)}
    shared = []
    for owner, other in SHARED:
        bidang = agencies[owner].bidang_1
        shared.append((sorted(codes[bidang])[0], owner, other))
    names = dict(
        NomenclatureItem.objects.filter(
            version=nomenclature, level="sub_kegiatan", is_penunjang=False
        ).values_list("code", "name")
    )
    holders = _holders(agencies.values())
    # Each code counts as funded by its bidang, so pairs across bidang qualify.
    candidates = similar_pairs(names, {code: {code[:4]} for code in names}, threshold=0.9)
    duplicates = []
    for pair in candidates:
        first, second = pair.first[:4], pair.second[:4]
        if (
            first != second
            and first in holders
            and second in holders
            and holders[first] != holders[second]
        ):
            duplicates.append((pair.first, pair.second))
        if len(duplicates) == 3:
            break
    return {"shared": shared, "near_duplicates": duplicates}


def _codes(nomenclature) -> dict[str, list[str]]:
    by_bidang: dict[str, list[str]] = defaultdict(list)
    for code in NomenclatureItem.objects.filter(
        version=nomenclature, level="sub_kegiatan", is_penunjang=False
    ).values_list("code", flat=True):
        by_bidang[code[:4]].append(code)
    return by_bidang


def _holders(agencies) -> dict[str, str]:
    holders = {}
    for agency in sorted(agencies, key=lambda a: a.unit_code):
        for bidang in (agency.bidang_1, agency.bidang_2, agency.bidang_3):
            if bidang:
                holders.setdefault(bidang, agency.short_name)
    return holders


def demo_budget(region, nomenclature, *, year: int) -> Budget:
    """Generate the stage's lines (a few thousand) and import them through the real import."""
    chance = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    agencies = list(Agency.objects.filter(region=region).order_by("unit_code"))
    by_name = {a.short_name: a for a in agencies}
    codes = _codes(nomenclature)
    penunjang: dict[str, list[str]] = defaultdict(list)
    for code in NomenclatureItem.objects.filter(
        version=nomenclature, level="sub_kegiatan", is_penunjang=True
    ).values_list("code", flat=True):
        penunjang[code[:4]].append(code)
    plan = planted(region, nomenclature)
    funded: dict[str, set[str]] = defaultdict(set)
    for agency in agencies:
        for bidang in (agency.bidang_1, agency.bidang_2, agency.bidang_3):
            if not bidang:
                continue
            own = sorted(codes.get(bidang, []))
            chosen = chance.sample(own, min(len(own), 20))
            chosen += chance.sample(
                sorted(penunjang.get(bidang, [])), min(len(penunjang.get(bidang, [])), 6)
            )
            funded[agency.short_name].update(chosen)
    for code, owner, other in plan["shared"]:
        funded[owner].add(code)
        funded[other].add(code)
    holders = _holders(agencies)
    for code in SubKegiatanTag.objects.filter(region=region).values_list("code", flat=True):
        if code[:4] in holders:  # every tagged code is funded by its bidang's agency
            funded[holders[code[:4]]].add(code)
    for first, second in plan["near_duplicates"]:
        funded[holders[first[:4]]].add(first)
        funded[holders[second[:4]]].add(second)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["kode_skpd", "nama_skpd", "kode_sub_kegiatan", "kode_rekening", "nama_sumber_dana", "pagu"]
    )
    for name in sorted(funded):
        agency = by_name[name]
        for code in sorted(funded[name]):
            for akun, weight in chance.sample(AKUN, chance.randint(1, 4)):
                amount = chance.randint(2, 60) * weight * 25_000_000
                source = chance.choice(SOURCES)
                writer.writerow([agency.unit_code, agency.name, code, akun, source, amount])
    text = out.getvalue()
    return budget_import(
        region=region,
        year=year,
        stage=Stage.APBD,
        nomenclature=nomenclature,
        file=io.BytesIO(text.encode()),
        filename=f"apbd-{year}-demo.csv",
    )

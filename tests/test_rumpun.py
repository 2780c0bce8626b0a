"""Rumpun sets on a budget: the PP 18/2016 preset, overlaps with evidence, synergy."""

import io
import itertools
import math
from decimal import Decimal

import pytest

from planning.budget import budget_import
from planning.models import RumpunMember, RumpunSet, Stage
from planning.nomenclature import nomenclature_import
from planning.rumpun.lines import akun_group
from planning.rumpun.measures import agreement, budget_by_rumpun, synergy
from planning.rumpun.overlaps import overlaps
from planning.rumpun.presets import preset_build
from planning.rumpun.similar import _core, char_ngram_tfidf, similar_pairs
from planning.rumpun.suggestion import suggestion_build
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

pytestmark = pytest.mark.django_db

# The PP 18/2016 grouping's modularity on the budget below (test_synergy_ranks_... explains).
FOUR_AGENCIES = 60 / 204 - (120 / 408) ** 2 + 144 / 204 - (288 / 408) ** 2


@pytest.fixture
def dinsos(region):
    return factories.make_agency(region, short_name="Dinsos", unit_code="1.06.0.00.0.00.01.0000")


@pytest.fixture
def budget(region, dinkes, dinsos, dpupr, dishub, dpmptsp):
    codes = nomenclature_import(
        name="Uji",
        file=io.BytesIO(
            b"kode,nomenklatur\n"
            b"1.02.02.2.01.0001,Pengelolaan Pelayanan Kesehatan Ibu Hamil\n"
            b"1.02.01.2.02.0001,Penyusunan Dokumen Perencanaan Perangkat Daerah\n"
            b"1.03.03.2.01.0001,Pembangunan Jalan\n"
            b"2.15.02.2.01.0001,Pengadaan Rambu Lalu Lintas\n"
        ),
        filename="k.csv",
    )
    rows = [
        (dinkes, "1.02.02.2.01.0001", 100),
        (dinkes, "1.02.01.2.02.0001", 50),  # penunjang: never an overlap
        (dinsos, "1.02.02.2.01.0001", 30),  # the same sub kegiatan, outside Dinsos' bidang
        (dpupr, "1.03.03.2.01.0001", 200),
        (dishub, "1.03.03.2.01.0001", 60),  # likewise for Dishub
        (dishub, "2.15.02.2.01.0001", 80),
    ]
    text = "kode_skpd,kode_sub_kegiatan,kode_rekening,pagu\n" + "".join(
        f"{agency.unit_code},{code},5.1.02.01.01.0001,{amount}\n" for agency, code, amount in rows
    )
    return budget_import(
        region=region,
        year=2027,
        stage=Stage.APBD,
        nomenclature=codes,
        file=io.BytesIO(text.encode()),
        filename="apbd.csv",
    )


def test_the_pp18_preset_places_agencies_by_their_bidang(region, dinkes, dinsos, dpupr, dpmptsp):
    preset = preset_build(region=region, key="pp18")
    placed = {
        (m.agency.short_name, m.rumpun.order, m.weight)
        for m in RumpunMember.objects.filter(rumpun__set=preset).select_related("agency", "rumpun")
    }
    assert placed == {
        ("Dinkes", 2, Decimal(1)),
        ("Dinsos", 2, Decimal(1)),
        ("DPUPR", 6, Decimal(1)),  # 1.03 and 1.04 are both in the sixth perumpunan
        ("DPMPTSP", 4, Decimal(1)),
    }
    before = list(preset.rumpun.values_list("pk", "order"))
    assert preset_build(region=region, key="pp18").pk == preset.pk  # rebuilt, not duplicated
    assert list(preset.rumpun.values_list("pk", "order")) == before  # profile addresses hold


def test_overlaps_name_the_shared_sub_kegiatan_and_the_misplaced_bidang(
    budget, dinkes, dinsos, dpupr, dishub
):
    shared, misplaced = overlaps(budget)
    assert [s.expected for s in shared] == [False, False]  # Dinsos and Dishub lack the bidang
    assert [(s.code, s.name, s.amounts) for s in shared] == [
        (
            "1.02.02.2.01.0001",
            "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
            {dinkes.pk: Decimal(100), dinsos.pk: Decimal(30)},
        ),
        (
            "1.03.03.2.01.0001",
            "Pembangunan Jalan",
            {dpupr.pk: Decimal(200), dishub.pk: Decimal(60)},
        ),
    ]
    assert [(m.agency, m.bidang, m.amount, m.codes) for m in misplaced] == [
        (dishub.pk, "1.03", Decimal(60), ["1.03.03.2.01.0001"]),
        (dinsos.pk, "1.02", Decimal(30), ["1.02.02.2.01.0001"]),
    ]


def test_synergy_ranks_the_preset_above_a_single_rumpun(region, budget, dinkes, dinsos):
    preset = preset_build(region=region, key="pp18")
    measures, score = synergy(preset, budget)
    # Links: Dinkes–Dinsos 60: codes 30 (a third each of bidang 1.02, program 1.02.02 and
    # kegiatan 1.02.02.2.01, where they share 30), meaning 30 (the same text: cosine 1 ×
    # min(100, 30)). DPUPR–Dishub 144: codes 60, meaning 84 (Dishub's money is 60/140 roads
    # and 80/140 signs: cosine 0.6 × min(200, 140)). 2m = 408.
    # Modularity = 60/204 − (120/408)² + 144/204 − (288/408)².
    assert score == pytest.approx(FOUR_AGENCIES)
    second = next(m for m in measures if m.rumpun.order == 2)
    assert (second.total, second.cohesion, second.coupling) == (Decimal(180), 1.0, 0.0)

    one = RumpunSet.objects.create(region=region, name="Satu rumpun")
    everyone = one.rumpun.create(name="Semua")
    for agency in region.agencies.all():
        RumpunMember.objects.create(rumpun=everyone, agency=agency)
    _measures, single = synergy(one, budget)
    assert single == pytest.approx(0.0)
    assert score > single


def _groups(rumpun_set):
    return sorted(
        sorted(m.agency.short_name for m in r.members.select_related("agency"))
        for r in rumpun_set.rumpun.all()
    )


def test_a_suggestion_groups_by_money_in_common_and_gives_its_reasons(region, budget, dpupr):
    suggestion = suggestion_build(budget=budget)
    assert _groups(suggestion.rumpun_set) == [
        ["DPMPTSP"],  # linked to nobody
        ["DPUPR", "Dishub"],
        ["Dinkes", "Dinsos"],
    ]
    roads = next(
        r
        for r in suggestion.rumpun_set.rumpun.all()
        if "DPUPR" in str([m.agency.short_name for m in r.members.select_related("agency")])
    )
    assert roads.name == "1. Pekerjaan Umum dan Penataan Ruang"
    assert suggestion.reasons[roads.pk] == [("1.03", Decimal(60)), ("1.03.03", Decimal(60))]
    preset = preset_build(region=region, key="pp18")
    assert agreement(preset, suggestion.rumpun_set) == pytest.approx(1.0)
    assert synergy(suggestion.rumpun_set, budget)[1] == pytest.approx(FOUR_AGENCIES)


def test_a_suggestion_keeps_the_constraints(budget, dinkes, dpmptsp, dpupr, dishub):
    kept = suggestion_build(
        budget=budget, together=[(dinkes.pk, dpmptsp.pk)], apart=[(dpupr.pk, dishub.pk)], name="Uji"
    )
    assert _groups(kept.rumpun_set) == [["DPMPTSP", "Dinkes", "Dinsos"], ["DPUPR"], ["Dishub"]]
    small = suggestion_build(budget=budget, max_size=1, name="Kecil")
    assert all(len(group) == 1 for group in _groups(small.rumpun_set))
    assert agreement(kept.rumpun_set, small.rumpun_set) == pytest.approx(0.0)


def test_budget_per_rumpun_by_akun_group_bidang_and_source(region, budget):
    preset = preset_build(region=region, key="pp18")
    figures = {f.rumpun.order: f for f in budget_by_rumpun(preset, budget)}
    health = figures[2]
    assert (health.total, health.share) == (Decimal(180), pytest.approx(180 / 520))
    assert health.by_akun == {"Belanja barang dan jasa": Decimal(180)}
    assert health.by_bidang == {"1.02": Decimal(180)}
    assert figures[6].by_bidang == {"1.03": Decimal(260), "2.15": Decimal(80)}
    assert akun_group("5.2.02.05.01.0001") == "Belanja modal"
    assert akun_group("5.1.01.01.01.0001") == "Belanja pegawai"
    assert akun_group("") == "Tanpa rekening"


def test_similar_names_under_different_codes_ignore_generic_words():
    names = {
        "1.02.02.2.01.0001": "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
        "1.06.04.2.01.0003": "Pelayanan Kesehatan bagi Ibu Hamil",
        "1.03.03.2.01.0001": "Pembangunan Jalan",
        "2.15.02.2.01.0001": "Pengadaan Rambu Lalu Lintas",
        "2.15.02.2.01.0002": "Penyediaan Perlengkapan Jalan",
        "1.02.02.2.01.0002": "Pengelolaan Pelayanan Kesehatan Ibu Hamil",  # same agency only
    }
    funded = {
        "1.02.02.2.01.0001": {1},
        "1.06.04.2.01.0003": {2},
        "1.03.03.2.01.0001": {3},
        "2.15.02.2.01.0001": {4},
        "2.15.02.2.01.0002": {4},
        "1.02.02.2.01.0002": {1},
    }
    pairs = similar_pairs(names, funded, threshold=0.8)
    assert [(p.first, p.second, p.similarity) for p in pairs] == [
        ("1.02.02.2.01.0001", "1.06.04.2.01.0003", 1.0),
        ("1.02.02.2.01.0002", "1.06.04.2.01.0003", 1.0),
    ]
    assert _core("Pengelolaan Pelayanan Kesehatan Ibu Hamil") == "kesehatan ibu hamil"


def test_char_ngram_tfidf_weighs_as_scikit_learns_char_wb_vectoriser():
    # " ab " gives " ab", "ab " and " ab " (a word no longer than n counts once); "ab" is in
    # both texts (idf 1), "cd" in one (idf ln(3/2) + 1); a repeated word adds 1 + ln 2.
    matrix = char_ngram_tfidf(["ab ab", "ab cd"])
    cosine = (matrix @ matrix.T).toarray()
    assert matrix.shape == (2, 6)
    assert sorted(matrix[0].data.tolist()) == pytest.approx([3**-0.5] * 3)
    cd = math.log(1.5) + 1
    assert cosine[0, 1] == pytest.approx(3 / math.sqrt(3) / math.sqrt(3 + 3 * cd**2))
    assert cosine[1, 1] == pytest.approx(1)


def test_a_scenario_moves_an_agency_cuts_an_akun_group_and_shows_the_differences(
    region, budget, dishub
):
    from planning import scenarios
    from planning.models import Adjustment, ConstraintRule

    ConstraintRule.objects.create(
        region=region,
        name="Barang dan jasa paling banyak 95%",
        akun_group="Belanja barang dan jasa",
        max_share=95,
    )
    preset = preset_build(region=region, key="pp18")
    scenario = scenarios.scenario_create(base=preset, name="Skenario A")
    health = scenario.rumpun.get(order=2)
    scenarios.scenario_move(scenario=scenario, agency=dishub, to=health)
    Adjustment.objects.create(
        scenario=scenario, scope="akun_group", target="Belanja barang dan jasa", percent=-10
    )
    (base, same), (moved, difference) = scenarios.compare([preset, scenario], budget)
    assert (base.total, moved.total) == (Decimal(520), Decimal("468.00"))
    assert base.modularity == pytest.approx(FOUR_AGENCIES)
    # Dishub now sits with health, apart from DPUPR, with whom it shares the roads program:
    # 60/204 − (264/408)² − (144/408)².
    assert moved.modularity == pytest.approx(60 / 204 - (264 / 408) ** 2 - (144 / 408) ** 2)
    assert difference["total"] == Decimal("-52.00")
    assert difference["modularity"] == pytest.approx(
        (60 / 204 - (264 / 408) ** 2 - (144 / 408) ** 2) - FOUR_AGENCIES
    )
    assert same["modularity"] == 0
    health_figures = next(f for f in moved.rumpun if f.rumpun.pk == health.pk)
    assert health_figures.total == Decimal("288.00")  # (100 + 50 + 30 + 60 + 80) × 0.9
    assert [b.rule.name for b in moved.breaches] == ["Barang dan jasa paling banyak 95%"]
    assert preset.rumpun.get(order=6).members.filter(agency=dishub).exists()  # base untouched


def test_similar_pairs_finds_every_pair_even_when_a_name_has_more_than_512_matches():
    # 520 codes under one name (the same work coded again and again): each matches the
    # other 519, more than the room first given per name, so all must be computed again.
    names = {f"K{n:03d}": "Rehabilitasi Jalan Lingkungan" for n in range(520)}
    funded = {code: {number % 7} for number, code in enumerate(names)}
    pairs = similar_pairs(names, funded, threshold=0.5)
    different = sum(
        1 for a, b in itertools.combinations(sorted(names), 2) if len(funded[a] | funded[b]) > 1
    )
    assert len(pairs) == different == 115_885

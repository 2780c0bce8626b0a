"""Thematic tags, the Bappeda and komisi presets, the region's own sets, the pictures and the
rumpun profile with its PTSP services."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from licensing.models import Application, Status
from planning import scenarios
from planning.budget import budget_import
from planning.models import Adjustment, RumpunMember, RumpunSet, SetKind, SubKegiatanTag
from planning.nomenclature import ImportRefusedError, nomenclature_import
from planning.rumpun.graph import link_graph
from planning.rumpun.lines import budget_lines
from planning.rumpun.measures import agreement, budget_by_rumpun, partition_scores, synergy
from planning.rumpun.overlaps import shared_tags
from planning.rumpun.presets import preset_build
from planning.tags import tags_import
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures

pytestmark = pytest.mark.django_db

GIZI = "1.02.02.2.02.0015"
SPAM = "1.03.03.2.01.0026"
JALAN = "1.03.03.2.01.0001"


@pytest.fixture
def codes():
    return nomenclature_import(
        name="Uji",
        file=io.BytesIO(
            f"kode,nomenklatur\n{GIZI},Pengelolaan Pelayanan Kesehatan Gizi Masyarakat\n"
            f"{SPAM},Peningkatan Sistem Penyediaan Air Minum\n{JALAN},Pembangunan Jalan\n".encode()
        ),
        filename="k.csv",
    )


@pytest.fixture
def budget(region, codes, dinkes, dpupr, dishub):
    return budget_import(
        region=region,
        year=2027,
        stage="apbd",
        nomenclature=codes,
        file=io.BytesIO(
            b"kode_skpd,kode_sub_kegiatan,kode_rekening,pagu\n"
            + f"1.02.0.00.0.00.01.0000,{GIZI},5.1.02.01.01.0024,100\n".encode()
            + f"1.03.1.04.0.00.01.0000,{SPAM},5.2.03.01.01.0001,300\n".encode()
            + f"1.03.1.04.0.00.01.0000,{JALAN},5.2.03.01.01.0001,200\n".encode()
            + f"2.15.0.00.0.00.01.0000,{JALAN},5.1.01.01.01.0001,60\n".encode()
        ),
        filename="apbd.csv",
    )


def _tags(region, text):
    return tags_import(region=region, file=io.BytesIO(text.encode()), filename="tag.csv")


def test_tags_import_all_or_nothing_and_replace_the_regions_tags(region, codes):
    assert _tags(region, f"kode_sub_kegiatan,tag\n{GIZI},Stunting\n{SPAM},Stunting\n") == 2
    with pytest.raises(ImportRefusedError) as refused:
        _tags(
            region,
            f"kode_sub_kegiatan,tag\n9.99.99.2.01.0001,Stunting\n{GIZI},\n{SPAM},SPM\n{SPAM},SPM\n",
        )
    assert [(p.row, p.message) for p in refused.value.problems] == [
        (2, "sub kegiatan 9.99.99.2.01.0001 tidak ada dalam nomenklatur mana pun"),
        (3, "tag kosong"),
        (5, "tag yang sama dengan baris 4"),
    ]
    assert sorted(SubKegiatanTag.objects.values_list("code", "tag")) == [
        (GIZI, "Stunting"),
        (SPAM, "Stunting"),
    ]
    # The 2-digit SIPD form of the code is read too; the file replaces the tags.
    assert _tags(region, "kode,tema\n1.03.03.2.01.26,SPM\n") == 1
    assert list(SubKegiatanTag.objects.values_list("code", "tag")) == [(SPAM, "SPM")]


def test_a_shared_tag_is_synergy_counted_per_rumpun_and_linking_agencies(
    region, budget, dinkes, dpupr
):
    _tags(region, f"kode_sub_kegiatan,tag\n{GIZI},Stunting\n{SPAM},Stunting\n")
    lines = budget_lines(budget)
    [shared] = shared_tags(lines)
    assert (shared.tag, shared.amounts, shared.codes) == (
        "Stunting",
        {dinkes.pk: Decimal(100), dpupr.pk: Decimal(300)},
        [GIZI, SPAM],
    )
    graph = link_graph(budget, lines)
    # Dinkes and DPUPR share nothing but the theme: min(100, 300).
    assert graph[dinkes.pk][dpupr.pk]["weight"] == 100.0
    preset = preset_build(region=region, key="pp18")
    by_rumpun = {f.rumpun.order: f.by_tag for f in budget_by_rumpun(preset, budget, lines)}
    assert by_rumpun[2] == {"Stunting": Decimal(100)}  # kesehatan: Dinkes
    assert by_rumpun[6] == {"Stunting": Decimal(300)}  # PUPR: DPUPR


def test_a_scenario_cuts_the_money_of_one_theme(region, budget):
    _tags(region, f"kode_sub_kegiatan,tag\n{GIZI},Stunting\n{SPAM},Stunting\n")
    scenario = scenarios.scenario_create(base=preset_build(region=region, key="pp18"), name="Tema")
    Adjustment.objects.create(scenario=scenario, scope="tag", target="Stunting", percent=-10)
    assert scenarios.evaluate(scenario, budget).total == Decimal("620.00")  # 660 − 10 − 30


def test_bappeda_and_komisi_presets_place_agencies_by_their_bidang(
    region, dinkes, dpupr, dishub, dpmptsp
):
    factories.make_agency(
        region, short_name="Setda", unit_code="4.01.0.00.0.00.01.0000", kind="sekretariat"
    )
    factories.make_agency(
        region, short_name="BKAD", unit_code="5.02.0.00.0.00.01.0000", kind="badan"
    )

    def placed(key):
        preset = preset_build(region=region, key=key)
        return {
            m.agency.short_name: (m.rumpun.name, m.weight)
            for m in RumpunMember.objects.filter(rumpun__set=preset).select_related(
                "agency", "rumpun"
            )
        }

    assert placed("komisi") == {
        "Setda": ("Komisi A: pemerintahan", 1),
        "BKAD": ("Komisi B: perekonomian dan keuangan", 1),
        "DPMPTSP": ("Komisi B: perekonomian dan keuangan", 1),
        "DPUPR": ("Komisi C: pembangunan", 1),
        "Dishub": ("Komisi C: pembangunan", 1),
        "Dinkes": ("Komisi D: kesejahteraan rakyat", 1),
    }
    bappeda = placed("bappeda")
    assert bappeda["Dinkes"] == ("Pemerintahan dan pembangunan manusia", 1)
    assert bappeda["DPMPTSP"] == ("Perekonomian dan sumber daya alam", 1)
    assert bappeda["DPUPR"] == ("Infrastruktur dan kewilayahan", 1)
    assert bappeda["Setda"] == ("Pemerintahan dan pembangunan manusia", 1)  # supporting
    assert RumpunSet.objects.get(name="Bidang Bappeda").rumpun.count() == 3


def test_an_own_set_gets_a_new_rumpun_and_an_agency_shared_between_two(
    client, planner, region, budget, dinkes, dpupr
):
    client.force_login(planner)
    preset = preset_build(region=region, key="pp18")
    made = client.post(
        reverse("backoffice:scenario_create", args=[budget.pk]),
        {"set": preset.pk, "name": "Rumpun Kota Uji", "kind": "custom"},
    )
    own = RumpunSet.objects.get(name="Rumpun Kota Uji")
    assert (own.kind, own.based_on) == (SetKind.CUSTOM, preset)
    client.post(
        reverse("backoffice:scenario_rumpun_add", args=[budget.pk, own.pk]),
        {"r-name": "Kota sehat"},
    )
    healthy = own.rumpun.get(name="Kota sehat")
    assert healthy.order == preset.rumpun.count() + 1
    client.post(
        reverse("backoffice:scenario_move", args=[budget.pk, own.pk]),
        {"m-agency": dpupr.pk, "m-to": healthy.pk, "m-weight": "0.4"},
    )
    weights = {
        m.rumpun.name: m.weight
        for m in RumpunMember.objects.filter(rumpun__set=own, agency=dpupr).select_related("rumpun")
    }
    assert weights == {
        "Kota sehat": Decimal("0.4"),
        preset.rumpun.get(order=6).name: Decimal("0.6"),
    }
    # Weights show on the page; an own set takes no money adjustments.
    page = client.get(made["Location"])
    assert re.search(r"<title>([^<]*)</title>", page.text).group(1).startswith("Rumpun Kota Uji")
    assert "DPUPR (0.60)" in page.text.replace(",", ".")
    assert "a-applies_to" not in page.text
    client.post(
        reverse("backoffice:adjustment_add", args=[budget.pk, own.pk]),
        {"a-applies_to": "akun_group:Belanja modal", "a-percent": "-5"},
    )
    assert Adjustment.objects.count() == 0
    again = client.post(
        reverse("backoffice:scenario_rumpun_add", args=[budget.pk, own.pk]),
        {"r-name": "Kota sehat"},
    )
    assert again.context["rumpun_form"].errors["name"] == [
        "Set ini sudah memiliki rumpun bernama Kota sehat."
    ]
    # The preset itself is not editable: it has no such page.
    assert (
        client.get(reverse("backoffice:scenario", args=[budget.pk, preset.pk])).status_code == 404
    )


def test_analysis_draws_the_network_bars_and_heat_map_with_their_tables(
    client, planner, region, budget, dinkes, dpupr, dishub
):
    _tags(region, f"kode_sub_kegiatan,tag\n{GIZI},Stunting\n{SPAM},Stunting\n")
    preset = preset_build(region=region, key="pp18")
    komisi = preset_build(region=region, key="komisi")
    client.force_login(planner)
    page = client.get(reverse("backoffice:budget_analysis", args=[budget.pk]) + f"?set={preset.pk}")
    # The set on screen against every other preset: score and agreement on the same budget.
    lines = budget_lines(budget)
    graph = link_graph(budget, lines)
    assert page.context["against_presets"] == [
        (
            komisi,
            synergy(komisi, budget, lines)[1],
            agreement(preset, komisi),
            *partition_scores(komisi, graph),
        )
    ]
    network = str(page.context["network"])
    assert network.count("<circle") == 3  # the three agencies with money
    assert network.count("<line") == 2  # Dinkes–DPUPR (theme), DPUPR–Dishub (roads)
    assert [
        (a.short_name, b.short_name, weight) for a, _ra, b, _rb, weight, _s in page.context["links"]
    ] == [("Dinkes", "DPUPR", Decimal(100)), ("DPUPR", "Dishub", Decimal(93))]
    # Each link by source (codes, meaning, themes, services): Dinkes and DPUPR share only a
    # theme; DPUPR and Dishub a third each of bidang, program and kegiatan (60 each) and
    # some meaning (roads: cosine × min(500, 60)).
    assert [by_source for *_rest, by_source in page.context["links"]] == [
        [Decimal(0), Decimal(0), Decimal(100), Decimal(0)],
        [Decimal(60), Decimal(33), Decimal(0), Decimal(0)],
    ]
    heat = str(page.context["heat_map"])
    assert page.context["heat_columns"] == ["1.02", "1.03"]
    assert len(re.findall(r'<rect [^>]*width="15" height="15"', heat)) == 3 * 2  # cells
    assert len(re.findall(r'<rect [^>]*width="14" height="14"', heat)) == 5  # the scale
    assert heat.count("<line ") == 1  # Dinkes (kesehatan) apart from DPUPR and Dishub
    assert [(a.short_name, amounts) for a, _r, amounts in page.context["heat_rows"]] == [
        ("Dinkes", [Decimal(100), None]),
        ("DPUPR", [None, Decimal(500)]),
        ("Dishub", [None, Decimal(60)]),
    ]
    assert page.context["groups"] == ["Belanja pegawai", "Belanja barang dan jasa", "Belanja modal"]
    assert [item.tag for item, _funders in page.context["shared_tags"]] == ["Stunting"]
    assert page.text.count('role="img"') == 3
    assert page.text.count("Dalam bentuk tabel") == 2


def test_rumpun_profile_shows_money_programs_overlaps_and_services_on_time(
    client, planner, region, budget, parkir, siti, applicant, dpupr, dishub
):
    preset = preset_build(region=region, key="pp18")
    works = preset.rumpun.get(order=6)  # PUPR and perhubungan: DPUPR and Dishub
    version = parkir.published_version
    today = region.today()

    def case(status, due, decided=None):
        return Application.objects.create(
            region=region,
            service_version=version,
            owner=applicant,
            person=siti,
            status=status,
            due_on=due,
            decided_at=(
                timezone.make_aware(datetime.datetime.combine(decided, datetime.time(12)))
                if decided
                else None
            ),
        )

    case(Status.ISSUED, today - datetime.timedelta(days=10), today - datetime.timedelta(days=11))
    case(Status.REJECTED, today - datetime.timedelta(days=10), today - datetime.timedelta(days=10))
    case(Status.APPROVED, today - datetime.timedelta(days=10), today - datetime.timedelta(days=8))
    case(Status.IN_REVIEW, today - datetime.timedelta(days=1))
    case(Status.SUBMITTED, today + datetime.timedelta(days=3))
    client.force_login(planner)
    page = client.get(reverse("backoffice:rumpun_profile", args=[budget.pk, works.pk]))
    profile = page.context["profile"]
    assert profile.total == Decimal(560)
    assert profile.by_akun == {"Belanja modal": Decimal(500), "Belanja pegawai": Decimal(60)}
    assert (profile.by_sumber_dana, profile.by_tag) == ({"-": Decimal(560)}, {})
    assert [(p.code, p.amount) for p in profile.programs] == [("1.03.03", Decimal(560))]
    assert [item.code for item in profile.overlaps] == [JALAN]
    [row] = profile.services
    assert (row.service, row.role, row.decided, row.on_time, row.open, row.overdue) == (
        parkir,
        "technical",
        3,
        2,
        2,
        1,
    )
    assert "2 (67%)" in page.text
    assert "belum ada survei" in page.text


def test_the_profile_of_another_regions_rumpun_is_not_found(client, planner, budget):
    other = factories.make_region(code="35.07", name="Kabupaten Lain")
    foreign = RumpunSet.objects.create(region=other, name="Lain")
    group = foreign.rumpun.create(name="Rahasia")
    client.force_login(planner)
    url = reverse("backoffice:rumpun_profile", args=[budget.pk, group.pk])
    assert client.get(url).status_code == 404


def test_a_planner_imports_tags_on_the_planning_page(client, planner, region, codes):
    client.force_login(planner)
    page = client.post(
        reverse("backoffice:tags_upload"),
        {
            "t-submit": "1",
            "t-file": SimpleUploadedFile(
                "tag.csv", f"kode_sub_kegiatan,tag\n{GIZI},Stunting\n".encode()
            ),
        },
        follow=True,
    )
    assert [str(m) for m in page.context["messages"]] == ["1 tag diimpor."]
    assert list(page.context["tags"]) == [{"tag": "Stunting", "codes": 1}]


def test_scenario_money_changes_are_checked_written_the_indonesian_way_and_removable(
    client, planner, region, budget, dinkes, dpupr
):
    client.force_login(planner)
    scenario = scenarios.scenario_create(base=preset_build(region=region, key="pp18"), name="Uji")
    url = reverse("backoffice:scenario", args=[budget.pk, scenario.pk])
    adjust = reverse("backoffice:adjustment_add", args=[budget.pk, scenario.pk])
    refused = client.post(
        adjust, {"a-applies_to": "sub_kegiatan:", "a-code": "9.99.99.2.01.0001", "a-percent": "5"}
    )
    assert refused.context["adjustment_form"].errors["code"] == [
        "Anggaran ini tidak mendanai sub kegiatan 9.99.99.2.01.0001."
    ]
    no_line = client.post(adjust, {"a-applies_to": "line:", "a-code": "999999", "a-percent": "5"})
    assert no_line.context["adjustment_form"].errors["code"] == [
        "Anggaran ini tidak memiliki baris 999999."
    ]
    assert Adjustment.objects.count() == 0
    # The 2019 two-digit form of the code, and a decimal comma.
    client.post(
        adjust, {"a-applies_to": "sub_kegiatan:", "a-code": "1.03.03.2.01.26", "a-percent": "-2,5"}
    )
    adjustment = Adjustment.objects.get()
    assert (adjustment.scope, adjustment.target, adjustment.percent) == (
        "sub_kegiatan",
        SPAM,
        Decimal("-2.5"),
    )
    assert scenarios.evaluate(scenario, budget).total == Decimal("652.50")  # 660 − 7,50
    client.post(
        reverse("backoffice:adjustment_remove", args=[budget.pk, scenario.pk]),
        {"remove-adjustment": adjustment.pk},
    )
    assert Adjustment.objects.count() == 0
    # A weight written with a comma shares the agency between two rumpun.
    health = scenario.rumpun.get(order=2)
    client.post(
        reverse("backoffice:scenario_move", args=[budget.pk, scenario.pk]),
        {"m-agency": dpupr.pk, "m-to": health.pk, "m-weight": "0,5"},
    )
    assert RumpunMember.objects.get(rumpun=health, agency=dpupr).weight == Decimal("0.5")
    # Comparing with nothing ticked leads back to the scenario, with the reason.
    back = client.get(
        reverse("backoffice:compare", args=[budget.pk]) + f"?dari={scenario.pk}&set={scenario.pk}",
        follow=True,
    )
    assert back.redirect_chain[-1][0] == url
    assert [str(m) for m in back.context["messages"]][-1] == "Bandingkan dua sampai empat set."
    # Deleting the scenario removes it and its rumpun.
    gone = client.post(
        reverse("backoffice:scenario_delete", args=[budget.pk, scenario.pk]), {"delete-set": "1"}
    )
    assert gone["Location"] == reverse("backoffice:budget_analysis", args=[budget.pk])
    assert not RumpunSet.objects.filter(pk=scenario.pk).exists()


def test_planners_keep_the_rules_scenarios_are_checked_against(client, planner, region):
    from planning.models import ConstraintRule

    client.force_login(planner)
    client.post(
        reverse("backoffice:rule_add"),
        {
            "c-name": "Belanja modal paling sedikit",
            "c-akun_group": "Belanja modal",
            "c-max_share": "40,5",
        },
    )
    rule = ConstraintRule.objects.get()
    assert (rule.region, rule.akun_group, rule.max_share) == (
        region,
        "Belanja modal",
        Decimal("40.5"),
    )
    refused = client.post(
        reverse("backoffice:rule_add"),
        {"c-name": "Salah", "c-akun_group": "Belanja entah", "c-max_share": "30"},
    )
    assert "akun_group" in refused.context["rule_form"].errors
    client.post(reverse("backoffice:rule_remove"), {"remove-rule": rule.pk})
    assert ConstraintRule.objects.count() == 0


def test_an_analysis_of_a_scenario_shows_its_money_changes(client, planner, region, budget):
    scenario = scenarios.scenario_create(
        base=preset_build(region=region, key="pp18"), name="Potong"
    )
    Adjustment.objects.create(
        scenario=scenario, scope="akun_group", target="Belanja modal", percent=-50
    )
    client.force_login(planner)
    page = client.get(
        reverse("backoffice:budget_analysis", args=[budget.pk]) + f"?set={scenario.pk}"
    )
    totals = {measure.rumpun.order: money.total for measure, money, _m, _r in page.context["rows"]}
    assert totals[6] == Decimal(310)  # DPUPR 500 → 250, Dishub 60
    assert "termasuk perubahan anggarannya" in page.text


def test_the_domain_refuses_money_changes_and_rules_the_forms_would_refuse(region, budget):
    own = scenarios.scenario_create(
        base=preset_build(region=region, key="pp18"), name="Sendiri", kind=SetKind.CUSTOM
    )
    scenario = scenarios.scenario_create(base=own, name="Uji")
    modal = {"scope": "akun_group", "target": "Belanja modal", "percent": Decimal(5)}
    with pytest.raises(ValidationError) as not_a_scenario:
        scenarios.adjustment_add(scenario=own, **modal)
    with pytest.raises(ValidationError) as both:
        scenarios.adjustment_add(scenario=scenario, **modal, amount=Decimal(9))
    with pytest.raises(ValidationError) as unknown:
        scenarios.constraint_rule_add(
            region=region, name="Salah", akun_group="Belanja entah", max_share=Decimal(30)
        )
    with pytest.raises(ValidationError) as too_much:
        scenarios.constraint_rule_add(
            region=region, name="Lebih", akun_group="Belanja modal", max_share=Decimal(101)
        )
    assert (
        not_a_scenario.value.messages,
        both.value.messages,
        unknown.value.message_dict,
        too_much.value.message_dict,
        Adjustment.objects.count(),
    ) == (
        ["Anggaran hanya dapat diubah dalam skenario."],
        ["Isi persen atau jumlah, salah satu saja."],
        {
            "akun_group": [
                "Masukkan pilihan yang valid. Belanja entah bukan salah satu dari pilihan yang "
                "tersedia."
            ]
        },
        {"max_share": ["Pastikan nilai ini lebih kecil dari atau sama dengan 100."]},
        0,
    )

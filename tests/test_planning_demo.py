"""The demo's APBD: realistic in size, and every planted overlap is found."""

import pytest

from demo.loader import load_demo
from demo.planning import planted
from org.models import Agency
from planning.models import Budget
from planning.rumpun.graph import link_graph
from planning.rumpun.measures import synergy
from planning.rumpun.overlaps import overlaps
from planning.rumpun.presets import PP18_NAME
from planning.rumpun.similar import similar_names
from planning.rumpun.suggestion import suggestion_build

pytestmark = pytest.mark.django_db


def test_the_demo_budget_holds_thousands_of_lines_and_its_planted_overlaps_are_found():
    region = load_demo()
    budget = Budget.objects.get(region=region)
    assert budget.line_count > 2000
    assert (
        budget.lines.values("agency").distinct().count()
        == Agency.objects.filter(region=region).count()
    )
    plan = planted(region, budget.nomenclature)
    assert len(plan["shared"]) == 4
    assert len(plan["near_duplicates"]) == 3
    names = {a.pk: a.short_name for a in Agency.objects.filter(region=region)}
    shared, misplaced = overlaps(budget)
    found = {item.code: {names[a] for a in item.amounts} for item in shared if not item.expected}
    expected = [item for item in shared if item.expected]
    # The kecamatan run the same 7.01 work by design: expected, not an overlap.
    assert any(item.code.startswith("7.01.") for item in expected)
    assert not any(item.code.startswith("7.01.") for item in shared if not item.expected)
    for code, owner, other in plan["shared"]:
        assert {owner, other} <= found[code]
        assert (other, code[:4]) in {(names[m.agency], m.bidang) for m in misplaced}
    similar = {(p.first, p.second) for p in similar_names(budget, threshold=0.9)}
    for pair in plan["near_duplicates"]:
        assert pair in similar
    preset = region.rumpun_sets.get(name=PP18_NAME)
    _measures, score = synergy(preset, budget)
    suggestion = suggestion_build(budget=budget)
    assert synergy(suggestion.rumpun_set, budget)[1] >= score  # it optimises this

    # Capped at ten agencies a rumpun, the 17 kecamatan and kelurahan split in even halves
    # (9 and 8, not 10 and seven alone).
    capped = suggestion_build(budget=budget, count=6, max_size=10, name="Paling banyak 10")
    groups = {
        group.name: {names[m.agency_id] for m in group.members.all()}
        for group in capped.rumpun_set.rumpun.all()
    }
    assert max(len(members) for members in groups.values()) <= 10
    assert sum(len(members) for members in groups.values()) == len(names)
    units = [m for m in groups.values() if all(a.startswith(("Kec.", "Kel.")) for a in m)]
    assert sorted(len(m) for m in units) == [8, 9]
    # An agency linked to nobody joins agencies of its own bidang, or stands alone, named
    # so: never one catch-all group.
    graph = link_graph(budget)
    agencies = {a.pk: a for a in Agency.objects.filter(region=region)}
    unlinked = {a for a in names if a not in graph or graph.degree(a) == 0}
    assert all(len(members) == 1 for name, members in groups.items() if "Tanpa keterkaitan" in name)
    for group in capped.rumpun_set.rumpun.all():
        members = {m.agency_id for m in group.members.all()}
        for agency in members & unlinked:
            mates = {agencies[a].bidang_1 for a in members - {agency}}
            assert agencies[agency].bidang_1 in mates or (
                members == {agency} and group.name.endswith(f"Tanpa keterkaitan: {names[agency]}")
            )


def test_the_demo_checks_belanja_pegawai_against_the_30_percent_rule():
    from planning.models import ConstraintRule

    region = load_demo()
    rule = ConstraintRule.objects.get(region=region)
    assert (rule.akun_group, rule.max_share) == ("Belanja pegawai", 30)

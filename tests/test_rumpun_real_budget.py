"""The rumpun analysis on a real budget: the 2022 Jawa Barat APBD (1,767 lines, 47 agencies
named, not coded), read against the national nomenclature (2027 update) as published, its
agencies mapped through the planner's step; then what issue 13 asks of the measures."""

from decimal import Decimal

import pytest

from org.models import Agency
from planning.agencies import Mapping, agencies_map
from planning.budget import BudgetRefusedError, budget_import
from planning.nomenclature import nomenclature_import
from planning.rumpun.graph import link_graph
from planning.rumpun.measures import partition_scores, synergy
from planning.rumpun.overlaps import overlaps
from planning.rumpun.presets import preset_build
from planning.rumpun.suggestion import suggestion_build
from tests import factories
from tests.shared_data import shared_file

pytestmark = pytest.mark.django_db

MAX_SIZE = 8


@pytest.fixture
def jabar(settings):
    settings.DEFAULT_REGION_CODE = "32"
    return factories.make_region(code="32", name="Provinsi Jawa Barat", kind="provinsi")


@pytest.fixture
def national():
    path = shared_file("nomenklatur-nasional/nomenklatur-2027.xlsx")
    with path.open("rb") as file:
        return nomenclature_import(
            name="Nomenklatur 2027", file=file, filename="nomenklatur-2027.xlsx"
        )


def _import(region, version):
    path = shared_file("apbd-jabar-2022/subkegiatan.csv")
    with path.open("rb") as file:
        return budget_import(
            region=region,
            year=2022,
            stage="apbd",
            nomenclature=version,
            file=file,
            filename="subkegiatan.csv",
        )


@pytest.fixture
def budget(jabar, national):
    with pytest.raises(BudgetRefusedError) as refused:
        _import(jabar, national)
    assert (len(refused.value.unknown_agencies), refused.value.bad_rows) == (47, 0)
    agencies_map(
        region=jabar,
        mappings=[
            Mapping(code=agency.code, name=agency.name, bidang=agency.main_bidang, agency=None)
            for agency in refused.value.unknown_agencies
        ],
    )
    return _import(jabar, national)


def test_the_2022_budget_reads_whole_against_the_national_list(budget, jabar):
    assert (budget.line_count, budget.total) == (1767, Decimal("32283719625262.00"))
    assert Agency.objects.filter(region=jabar).count() == 47
    report = budget.import_report
    assert report.zero_lines == 42
    assert len(report.renamed) > 0  # older codes read as their current ones
    budget.refresh_from_db()
    assert budget.report == report.as_json()  # kept, and shown with the analysis


def test_the_measures_mean_something_on_it(budget, jabar):
    graph = link_graph(budget)
    unlinked = [agency for agency in graph.nodes if graph.degree(agency) == 0]
    assert len(unlinked) < 0.1 * graph.number_of_nodes()

    suggestion = suggestion_build(budget=budget, max_size=MAX_SIZE)
    sizes = [group.members.count() for group in suggestion.rumpun_set.rumpun.all()]
    assert max(sizes) <= MAX_SIZE
    assert sum(sizes) == 47

    shared, _misplaced = overlaps(budget)
    dinas = {a.pk for a in Agency.objects.filter(region=jabar, kind="dinas")}
    real = [item for item in shared if not item.expected and set(item.amounts) <= dinas]
    assert real, "no overlap between two separate dinas"

    presets = [preset_build(region=jabar, key=key) for key in ("pp18", "bappeda", "komisi")]
    scores = [
        (round(synergy(preset, budget, graph=graph)[1], 4), *partition_scores(preset, graph))
        for preset in presets
    ]
    assert len({score for score, *_rest in scores}) == 3, scores

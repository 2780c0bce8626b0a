"""The agency-link graph: how strongly two agencies' work belongs together, from four
sources, each on the scale of money (docs/rumpun.md, "The agency-link graph"):

- **code**: the money they fund in common per bidang urusan, per program and per kegiatan
  (program 01, the penunjang every agency has, left out of the last two), a third each;
- **meaning**: how alike the texts of what they fund are (the names, KINERJA and INDIKATOR
  of their sub kegiatan, as character n-gram TF-IDF vectors per agency weighted by money),
  times the smaller of their budgets, for each agency's closest few;
- **theme**: the money they fund under one thematic tag, a line's money counted once
  however many tags it has (split between them);
- **service**: the PTSP services whose workflow they both work on (catalog), a small
  share of the smaller budget for each.

Each edge keeps `weight` (the sum over the sources asked for) and `by_source`.
"""

from collections import Counter, defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org.urusan import BIDANG_URUSAN
from planning.models import Budget
from planning.rumpun.lines import Line, budget_lines

if TYPE_CHECKING:
    # networkx only where a graph is built or measured: at module level, every server
    # process paid about 0.7 s of CPU and 13 MiB for it on loading the URLs, and most
    # never serve a planner (ADR 0028).
    import networkx

TAG_PREFIX = "#"  # a tag among the items agencies share, apart from codes
SOURCES = {
    "code": gettext_lazy("Codes (bidang, program, kegiatan)"),
    "meaning": gettext_lazy("Meaning (names, kinerja, indikator)"),
    "theme": gettext_lazy("Themes (tags)"),
    "service": gettext_lazy("PTSP services"),
}
MEANING_NEIGHBOURS = 3  # each agency's closest agencies by meaning that it links to
MEANING_FLOOR = 0.05  # a cosine below this is no likeness
# Words of the KINERJA and INDIKATOR texts that every sub kegiatan has: what is counted, not
# what the work is about.
MEANING_STOP_WORDS = {
    "jumlah",
    "persentase",
    "dokumen",
    "laporan",
    "tersedianya",
    "terlaksananya",
    "tersusunnya",
    "terselenggaranya",
    "meningkatnya",
    "yang",
    "telah",
    "dilaksanakan",
    "disediakan",
    "disusun",
    "unit",
    "orang",
    "paket",
    "kali",
    "tahun",
    "bulan",
    "hasil",
    "capaian",
    "indeks",
    "rasio",
    "tingkat",
    "cakupan",
    "melalui",
    "dengan",
    "oleh",
}
SERVICE_SHARE = Decimal("0.02")  # of the smaller budget, for each service worked on together


def amounts_by_item(lines: list[Line]) -> dict[str, dict[int, Decimal]]:
    """Each agency's money per bidang urusan, per program (program 01 left out) and per
    thematic tag (as "#tag"; a line with several tags counts under each)."""
    amounts: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        amounts[line.bidang][line.agency] += line.amount
        if not line.is_penunjang:
            amounts[line.program][line.agency] += line.amount
        for tag in line.tags:
            amounts[TAG_PREFIX + tag][line.agency] += line.amount
    return amounts


def item_name(code: str, names: dict[str, str]) -> str:
    """What a shared item is called: a tag, a program or a bidang urusan."""
    if code.startswith(TAG_PREFIX):
        return _("Theme: %(tag)s") % {"tag": code[len(TAG_PREFIX) :]}
    return names.get(code) or BIDANG_URUSAN.get(code, code)


def shared_items(lines: list[Line], agencies: set[int]) -> list[tuple[str, Decimal]]:
    """Bidang and programs funded by two or more of these agencies, strongest first."""
    amounts = amounts_by_item([line for line in lines if line.agency in agencies])
    shared = [
        (code, sum(per.values(), Decimal(0)) - max(per.values()))
        for code, per in amounts.items()
        if len(per) > 1
    ]
    return sorted(shared, key=lambda item: (-item[1], item[0]))


def _pairs(per_agency: dict[int, Decimal]):
    agencies = sorted(per_agency)
    for i, a in enumerate(agencies):
        for b in agencies[i + 1 :]:
            yield a, b, min(per_agency[a], per_agency[b])


def _code_links(lines: list[Line]) -> dict[tuple[int, int], Decimal]:
    per_item: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        per_item["b" + line.bidang][line.agency] += line.amount
        if not line.is_penunjang:
            per_item["p" + line.program][line.agency] += line.amount
            per_item["k" + line.sub_kegiatan.rsplit(".", 1)[0]][line.agency] += line.amount
    links: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for per_agency in per_item.values():
        for a, b, amount in _pairs(per_agency):
            links[(a, b)] += amount / 3
    return links


def _theme_links(lines: list[Line]) -> dict[tuple[int, int], Decimal]:
    per_tag: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        for tag in line.tags:  # a line's money once, split between its tags
            per_tag[tag][line.agency] += line.amount / len(line.tags)
    links: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for per_agency in per_tag.values():
        for a, b, amount in _pairs(per_agency):
            links[(a, b)] += amount
    return links


def _meaning_links(budget: Budget, lines: list[Line]) -> dict[tuple[int, int], Decimal]:
    """Each agency linked to its MEANING_NEIGHBOURS closest by what its sub kegiatan say,
    weighted by money (program 01 left out): cosine × the smaller budget."""
    import numpy
    from scipy.sparse import csr_matrix

    from planning.rumpun.similar import _core

    spent: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        if not line.is_penunjang and line.amount > 0:
            spent[line.agency][line.sub_kegiatan] += line.amount
    codes = sorted({code for per in spent.values() for code in per})
    texts = {
        code: " ".join(_core(part) for part in parts if part)
        for code, *parts in budget.nomenclature_items()
        .filter(code__in=codes)
        .values_list("code", "name", "kinerja", "indikator")
    }
    codes = [code for code in codes if texts.get(code)]
    agencies = sorted(a for a in spent if any(code in texts for code in spent[a]))
    if len(agencies) < 2:
        return {}
    column = {code: i for i, code in enumerate(codes)}
    vectors = word_tfidf([texts[code] for code in codes])
    rows, cols, values = [], [], []
    for row, agency in enumerate(agencies):
        total = sum(spent[agency].values())
        for code, amount in spent[agency].items():
            if code in column:
                rows.append(row)
                cols.append(column[code])
                values.append(float(amount / total))
    mix = csr_matrix((values, (rows, cols)), shape=(len(agencies), len(codes))) @ vectors
    norms = numpy.sqrt(numpy.asarray(mix.multiply(mix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    profiles = numpy.asarray((mix.multiply(1 / norms[:, None])).todense())
    cosine = profiles @ profiles.T
    totals = {a: sum(spent[a].values()) for a in agencies}
    links: dict[tuple[int, int], Decimal] = {}
    for i, a in enumerate(agencies):
        others = sorted(
            (j for j in range(len(agencies)) if j != i and cosine[i, j] >= MEANING_FLOOR),
            key=lambda j: -cosine[i, j],
        )[:MEANING_NEIGHBOURS]
        for j in others:
            b = agencies[j]
            key = (min(a, b), max(a, b))
            links[key] = Decimal(str(round(float(cosine[i, j]), 4))) * min(totals[a], totals[b])
    return links


def word_tfidf(texts: list[str]):
    """The L2-normalised TF-IDF matrix (scipy CSR) of the texts' words (longer than two
    letters, MEANING_STOP_WORDS left out), sublinear tf, smoothed idf. Words, not character
    n-grams: two unrelated texts share n-grams everywhere but hardly a word."""
    import numpy
    from scipy.sparse import csr_matrix

    columns: dict[str, int] = {}
    indptr, indices, counts = [0], [], []
    for text in texts:
        words = Counter(
            word for word in text.split() if len(word) > 2 and word not in MEANING_STOP_WORDS
        )
        indices.extend(columns.setdefault(word, len(columns)) for word in words)
        counts.extend(words.values())
        indptr.append(len(indices))
    column = numpy.asarray(indices, dtype=numpy.int64)
    weights = numpy.log(numpy.asarray(counts, dtype=numpy.float64)) + 1
    documents = numpy.bincount(column, minlength=len(columns)).astype(numpy.float64)
    weights *= (numpy.log((len(texts) + 1) / (documents + 1)) + 1)[column]
    matrix = csr_matrix((weights, column, numpy.asarray(indptr)), shape=(len(texts), len(columns)))
    lengths = numpy.sqrt(numpy.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1
    return csr_matrix(matrix.multiply(1 / lengths[:, None]))


def _service_links(budget: Budget, lines: list[Line]) -> dict[tuple[int, int], Decimal]:
    """Agencies working on the same published PTSP services (a task of the workflow, or
    the responsible agency)."""
    from catalog.models import Service, VersionStatus, WorkflowTask

    per_service: dict[int, set[int]] = defaultdict(set)
    for service, agency in Service.objects.filter(region=budget.region).values_list(
        "pk", "responsible_agency_id"
    ):
        per_service[service].add(agency)
    for service, agency in WorkflowTask.objects.filter(
        version__service__region=budget.region, version__status=VersionStatus.PUBLISHED
    ).values_list("version__service_id", "agency_id"):
        per_service[service].add(agency)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.agency] += line.amount
    links: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for agencies in per_service.values():
        ordered = sorted(a for a in agencies if a in totals)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                links[(a, b)] += SERVICE_SHARE * min(totals[a], totals[b])
    return links


def link_graph(
    budget: Budget, lines: list[Line] | None = None, *, sources=tuple(SOURCES)
) -> "networkx.Graph":
    """Every agency with a line as a node; an edge wherever a source asked for links two,
    with its `weight` (the sources' sum, in rupiah) and `by_source`."""
    import networkx

    lines = lines if lines is not None else budget_lines(budget)
    graph = networkx.Graph()
    graph.add_nodes_from(line.agency for line in lines)
    builders = {
        "code": lambda: _code_links(lines),
        "meaning": lambda: _meaning_links(budget, lines),
        "theme": lambda: _theme_links(lines),
        "service": lambda: _service_links(budget, lines),
    }
    for source in SOURCES:
        if source not in sources:
            continue
        for (a, b), amount in builders[source]().items():
            if amount <= 0:
                continue
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=0.0, by_source={})
            edge = graph[a][b]
            edge["weight"] += float(amount)
            edge["by_source"][source] = edge["by_source"].get(source, 0.0) + float(amount)
    return graph

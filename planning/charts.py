"""Pictures of a rumpun set on a budget, as inline SVG drawn on the server (no script, no
styles: only presentation attributes, so the strict CSP holds). Each page shows a data
table beside each picture; the pictures are for the eye, the tables for everyone."""

import math
from decimal import Decimal

import networkx
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe first (Okabe-Ito), then more distinct hues for larger sets.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#882255",
    "#44AA99",
    "#117733",
    "#999933",
    "#332288",
]
NEUTRAL = "#9e9e9e"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)] if index >= 0 else NEUTRAL


def _svg(width: int, height: int, label: str, body: list[str]) -> SafeString:
    return mark_safe(  # every text inside is escaped where it is written
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="chart">'
        + "".join(body)
        + "</svg>"
    )


def _legend(items: list[tuple[str, str]], x: int, y: int) -> tuple[list[str], int]:
    body = []
    for name, fill in items:
        body.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{fill}"/>'
            f'<text x="{x + 18}" y="{y + 10}" font-size="12">{escape(name[:120])}</text>'
        )
        y += 18
    return body, y


def network(
    graph: networkx.Graph,
    where: dict[int, int],
    rumpun_order: list[tuple[int, str]],
    names: dict[int, str],
    spent: dict[int, Decimal],
    *,
    label: str,
    max_edges: int = 400,
) -> SafeString:
    """The agency-link graph: a dot per agency (area by budget, colour by rumpun), a line
    per link, width by money in common (beyond `max_edges` links, the strongest ones and
    each agency's strongest, so that no linked agency looks alone)."""
    width, size = 760, 560
    index = {pk: i for i, (pk, _name) in enumerate(rumpun_order)}
    if graph.number_of_nodes() == 0:
        return _svg(width, 40, label, ['<text x="10" y="25" font-size="14">-</text>'])
    heaviest = max((d["weight"] for _a, _b, d in graph.edges(data=True)), default=1.0) or 1.0
    scaled = networkx.Graph()
    scaled.add_nodes_from(graph.nodes)
    scaled.add_weighted_edges_from(
        (a, b, d["weight"] / heaviest) for a, b, d in graph.edges(data=True)
    )
    position = networkx.spring_layout(scaled, weight="weight", seed=7, iterations=100)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    margin = 40

    def at(node) -> tuple[float, float]:
        x, y = position[node]
        return (
            margin + (x - min(xs)) / span_x * (size - 2 * margin),
            margin + (y - min(ys)) / span_y * (size - 2 * margin),
        )

    body = []
    ranked = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    edges = ranked[:max_edges]
    if len(ranked) > max_edges:
        kept = {(a, b) for a, b, _d in edges}
        for node in graph.nodes:
            strongest = max(graph[node].items(), key=lambda kv: kv[1]["weight"], default=None)
            if strongest and (node, strongest[0]) not in kept and (strongest[0], node) not in kept:
                edges.append((node, strongest[0], strongest[1]))
                kept.add((node, strongest[0]))
    for a, b, data in reversed(edges):
        (x1, y1), (x2, y2) = at(a), at(b)
        stroke = 0.5 + 4 * data["weight"] / heaviest
        body.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#5f6b7a" stroke-opacity="0.45" stroke-width="{stroke:.2f}"/>'
        )
    largest = max((float(v) for v in spent.values()), default=1.0) or 1.0
    for node in sorted(graph.nodes, key=lambda n: -float(spent.get(n, 0))):
        x, y = at(node)
        radius = 4 + 14 * math.sqrt(float(spent.get(node, 0)) / largest)
        fill = colour(index.get(where.get(node), -1))
        name = escape(names.get(node, str(node)))
        body.append(
            f'<g><title>{name}</title><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" '
            f'fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
            f'<text x="{x + radius + 2:.1f}" y="{y + 4:.1f}" font-size="10">{name[:18]}</text></g>'
        )
    legend, bottom = _legend([(n, colour(i)) for i, (_pk, n) in enumerate(rumpun_order)], 10, size)
    return _svg(width, bottom + 10, label, body + legend)


def stacked_bars(
    rows: list[tuple[str, dict[str, Decimal]]], groups: list[str], *, label: str
) -> SafeString:
    """One bar per rumpun, its length the rumpun's money, its parts the akun groups."""
    width, bar, gap, left = 760, 18, 10, 10
    largest = max((sum(parts.values(), Decimal(0)) for _n, parts in rows), default=Decimal(1))
    largest = float(largest) or 1.0
    body, y = [], 10
    for name, parts in rows:
        body.append(f'<text x="{left}" y="{y + 11}" font-size="12">{escape(name[:90])}</text>')
        y += 16
        x = float(left)
        for i, group in enumerate(groups):
            value = float(parts.get(group, 0))
            if value <= 0:
                continue
            length = value / largest * (width - 2 * left)
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar}" '
                f'fill="{colour(i)}"><title>{escape(name)}: {escape(group)}</title></rect>'
            )
            x += length
        y += bar + gap
    legend, bottom = _legend([(g, colour(i)) for i, g in enumerate(groups)], left, y + 4)
    return _svg(width, bottom + 6, label, body + legend)


def heat_map(
    agencies: list[tuple[str, str]],
    columns: list[str],
    cells: dict[tuple[str, str], Decimal],
    *,
    label: str,
    breaks: list[int] = (),
) -> SafeString:
    """Agencies (rows, in rumpun order; a line where the next rumpun starts) × bidang
    urusan (columns). Darker is more money, on a logarithmic scale from the smallest to
    the largest amount, so that small but real amounts still show; a legend gives the
    scale."""
    cell, left, top = 16, 150, 50
    width = max(left + cell * len(columns) + 10, 420)
    height = top + cell * len(agencies) + 50
    values = [float(v) for v in cells.values() if v > 0]
    low, high = (min(values), max(values)) if values else (1.0, 1.0)
    span = math.log(high) - math.log(low) or 1.0

    def opacity(value: float) -> float:
        return 0.12 + 0.88 * (math.log(value) - math.log(low)) / span

    body = []
    for j, code in enumerate(columns):
        x = left + j * cell + cell / 2
        body.append(
            f'<text x="{x:.1f}" y="{top - 4}" font-size="9" '
            f'transform="rotate(-60 {x:.1f} {top - 4})">{escape(code)}</text>'
        )
    for i, (key, name) in enumerate(agencies):
        y = top + i * cell
        body.append(
            f'<text x="{left - 4}" y="{y + 12}" font-size="10" text-anchor="end">'
            f"{escape(name[:24])}</text>"
        )
        for j, code in enumerate(columns):
            value = float(cells.get((key, code), 0))
            fill, alpha = ("#08519c", opacity(value)) if value > 0 else ("#f2f2f2", 1.0)
            body.append(
                f'<rect x="{left + j * cell}" y="{y}" width="{cell - 1}" height="{cell - 1}" '
                f'fill="{fill}" fill-opacity="{alpha:.2f}">'
                f"<title>{escape(name)} · {escape(code)}</title></rect>"
            )
    right = left + cell * len(columns)
    for row in breaks:
        y = top + row * cell - 0.5
        body.append(
            f'<line x1="0" y1="{y}" x2="{right}" y2="{y}" stroke="#333333" stroke-width="1"/>'
        )
    # The scale: five steps from the smallest to the largest amount.
    y = top + cell * len(agencies) + 14
    body.append(f'<text x="{left}" y="{y + 10}" font-size="10" text-anchor="end">Rp</text>')
    for step in range(5):
        value = math.exp(math.log(low) + span * step / 4)
        x = left + 6 + step * 52
        body.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="#08519c" '
            f'fill-opacity="{opacity(value):.2f}"/>'
            f'<text x="{x + 17}" y="{y + 11}" font-size="9">{escape(_short(value))}</text>'
        )
    return _svg(width, height, label, body)


def _short(value: float) -> str:
    """An amount as a legend shows it: 1,2 M (miliar), 350 jt (juta)."""
    if value >= 1e12:
        return f"{value / 1e12:.1f} T".replace(".", ",")
    if value >= 1e9:
        return f"{value / 1e9:.1f} M".replace(".", ",")
    if value >= 1e6:
        return f"{value / 1e6:.0f} jt"
    return f"{value:.0f}"

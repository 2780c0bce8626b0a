"""Side-by-side comparisons of rumpun sets and scenarios as files: XLSX (numbers stay
numbers) and PDF (for the meeting table). Both carry the same figures as the screen."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _

from core.exports import safe_cell
from core.formatting import Figure, figure, long_date, share


def _summary_rows(columns, groups) -> list[tuple[str, list]]:
    """(label, [value per set]) for the comparison's measures, the first set's values
    followed by each other set's difference; figures with the places the page shows."""
    rows = [
        (_("Total"), [evaluation.total for evaluation, _diff in columns]),
        (_("Difference in total"), [diff["total"] for _evaluation, diff in columns]),
        (
            _("Set score (modularity)"),
            [figure(evaluation.modularity, 3) for evaluation, _diff in columns],
        ),
        (_("Number of rumpun"), [len(evaluation.rumpun) for evaluation, _diff in columns]),
    ]
    for group in groups:
        rows.append(
            (
                _("%(group)s, percent of the total") % {"group": group},
                [figure(evaluation.akun_shares.get(group, 0.0), 1) for evaluation, _d in columns],
            )
        )
    rows.append(
        (
            _("Constraints broken"),
            [
                "; ".join(b.rule.name for b in evaluation.breaches) or "-"
                for evaluation, _diff in columns
            ],
        )
    )
    return rows


def append(sheet, values) -> None:
    """A row of cells, each through safe_cell: set and rumpun names are the planners'.
    Money and counts show thousands; a figure stays a number with the page's places."""
    sheet.append([v.value if isinstance(v, Figure) else safe_cell(v) for v in values])
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, Figure):
            cell.number_format = value.number_format
        elif isinstance(value, Decimal | int) and not isinstance(value, bool):
            cell.number_format = "#,##0"


def comparison_xlsx(budget, columns, groups) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comparison")[:31]
    bold = Font(bold=True)
    append(sheet, [str(budget)])
    sheet["A1"].font = bold
    append(sheet, [_("Measure")] + [evaluation.rumpun_set.name for evaluation, _d in columns])
    for cell in sheet[2]:
        cell.font = bold
    for label, values in _summary_rows(columns, groups):
        append(sheet, [label, *values])
    sheet.column_dimensions["A"].width = 44
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 30

    detail = workbook.create_sheet(_("Rumpun")[:31])
    akun_names = sorted({name for e, _d in columns for r in e.rumpun for name in r.by_akun})
    append(detail, [_("Set"), _("Rumpun"), _("Budget"), _("Share (percent)"), *akun_names])
    for cell in detail[1]:
        cell.font = bold
    for evaluation, _diff in columns:
        for figures in evaluation.rumpun:
            append(
                detail,
                [
                    evaluation.rumpun_set.name,
                    figures.rumpun.name,
                    figures.total,
                    share(figures.share, 1),
                ]
                + [figures.by_akun.get(name, Decimal(0)) for name in akun_names],
            )
    detail.column_dimensions["A"].width = 30
    detail.column_dimensions["B"].width = 50
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def comparison_pdf(budget, columns, groups, *, region) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    from core.pdf import cell, paragraph

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Comparison of rumpun sets"),
        author=region.name,
    )

    def text(value):
        return cell(value, small)

    head = [text(_("Measure"))] + [text(e.rumpun_set.name) for e, _d in columns]
    summary = [head] + [
        [text(label)] + [text(v) for v in values]
        for label, values in _summary_rows(columns, groups)
    ]
    width = document.width
    first = width * 0.28
    table = Table(
        summary,
        colWidths=[first] + [(width - first) / len(columns)] * len(columns),
        repeatRows=1,
    )
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    table.setStyle(style)
    story = [
        paragraph(region.name, styles["Heading3"]),
        paragraph(_("Comparison of rumpun sets: %(budget)s") % {"budget": budget}, styles["Title"]),
        paragraph(
            _("Made on %(date)s. Differences are against the first set.")
            % {"date": long_date(region.today())},
            small,
        ),
        Spacer(1, 4 * mm),
        table,
    ]
    for evaluation, _diff in columns:
        rows = [[text(_("Rumpun")), text(_("Budget")), text(_("Share"))]] + [
            [
                text(f.rumpun.name),
                text(f.total),
                text(share(f.share, 1)),
            ]
            for f in evaluation.rumpun
        ]
        detail = Table(rows, colWidths=[width * 0.6, width * 0.25, width * 0.15], repeatRows=1)
        detail.setStyle(style)
        story += [
            Spacer(1, 6 * mm),
            paragraph(evaluation.rumpun_set.name, styles["Heading4"]),
            detail,
        ]
    document.build(story)
    return out.getvalue()

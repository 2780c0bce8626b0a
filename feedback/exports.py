"""The IKM report as XLSX and PDF, laid out like the reports regions publish: per element
the NRR and weighted value, the IKM and its band, the respondents, the sample against the
minimum, the profile and the improvement priorities."""

import io

from django.utils.translation import gettext as _

from core.exports import safe_cell
from core.formatting import Figure, figure, long_date
from feedback.ikm import IKM_PLACES, KONVERSI_PLACES, NRR_PLACES


def _rows(result, scope) -> list[list]:
    index = result.index
    rows = [
        [_("Reported on"), str(scope)],
        [
            _("Period"),
            f"{result.period.label} ({long_date(result.period.start)} – "
            f"{long_date(result.period.end)})",
        ],
        [_("Respondents"), result.respondents],
        [_("Service users in the period"), result.population],
        [_("Minimum sample (Krejcie-Morgan)"), result.minimum],
        [
            _("Sample enough"),
            _("yes") if result.sample_enough and result.respondents else _("no"),
        ],
    ]
    if index is not None:
        rows += [
            [_("IKM (1 to 4)"), figure(index.ikm_display, IKM_PLACES)],
            [_("IKM converted (25 to 100)"), figure(index.konversi, KONVERSI_PLACES)],
            [_("Quality"), f"{index.band.mutu} ({index.band.kinerja})"],
        ]
        if index.legacy:
            rows.append([_("Weights"), _("0,111 per element (old spreadsheets), not 1/k")])
    return rows


def _elements(result) -> list[list]:
    head = [_("Code"), _("Element"), _("Answers"), _("Sum of scores"), _("NRR"), _("Weighted NRR")]
    body = [
        [
            e.code,
            result.names.get(e.code, ""),
            e.answers,
            e.total,
            figure(e.nrr, NRR_PLACES),
            figure(e.weighted, NRR_PLACES),
        ]
        for e in (result.index.elements if result.index else [])
    ]
    return [head, *body]


def append(sheet, values) -> None:
    """A row of cells, each through safe_cell: service, agency and element names are the
    region's own. A figure stays a number, shown with the places the page shows."""
    sheet.append([v.value if isinstance(v, Figure) else safe_cell(v) for v in values])
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, Figure):
            cell.number_format = value.number_format


def report_xlsx(result, *, scope) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "IKM"
    for row in _rows(result, scope):
        append(sheet, row)
    append(sheet, [])
    start = sheet.max_row + 1
    for row in _elements(result):
        append(sheet, row)
    for cell in sheet[start]:
        cell.font = Font(bold=True)
    append(sheet, [])
    append(sheet, [_("Improvement priorities (weakest elements)")])
    for element in result.index.priorities() if result.index else []:
        append(
            sheet,
            [element.code, result.names.get(element.code, ""), figure(element.nrr, NRR_PLACES)],
        )
    append(sheet, [])
    for name, counts in result.profile.items():
        append(sheet, [name])
        for label, count in counts:
            append(sheet, ["", str(label), count])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 44
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_pdf(result, *, scope, region) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    from core.pdf import cell, paragraph

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8.5, leading=10.5)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Satisfaction index (IKM)"),
        author=region.name,
    )

    def text(value):
        return cell(value, small)

    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    summary = Table(
        [[text(a), text(b)] for a, b in _rows(result, scope)],
        colWidths=[document.width * 0.45, document.width * 0.55],
    )
    summary.setStyle(grid)
    elements = Table(
        [[text(v) for v in row] for row in _elements(result)],
        colWidths=[document.width * w for w in (0.08, 0.42, 0.12, 0.13, 0.12, 0.13)],
        repeatRows=1,
    )
    elements.setStyle(grid)
    story = [
        paragraph(region.name, styles["Heading3"]),
        paragraph(_("Satisfaction survey report (PermenPAN-RB 14/2017)"), styles["Title"]),
        summary,
        Spacer(1, 5 * mm),
        elements,
        Spacer(1, 5 * mm),
        paragraph(_("Improvement priorities (weakest elements)"), styles["Heading4"]),
    ]
    for element in result.index.priorities() if result.index else []:
        story.append(
            text(
                f"{element.code} {result.names.get(element.code, '')}: "
                f"NRR {figure(element.nrr, NRR_PLACES)}"
            )
        )
    document.build(story)
    return out.getvalue()

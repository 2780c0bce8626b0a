"""What the PDF reports share: a table cell that formats its value as the screen does
(money as rupiah, other numbers with Indonesian decimals) and escapes it for ReportLab."""

from decimal import Decimal
from xml.sax.saxutils import escape

from core.formatting import number, rupiah


def cell_text(value) -> str:
    if isinstance(value, Decimal):  # money
        return rupiah(value)
    if isinstance(value, int | float) and not isinstance(value, bool):  # counts, scores
        return number(Decimal(str(value)))
    return str(value)


def cell(value, style):
    from reportlab.platypus import Paragraph

    return Paragraph(escape(cell_text(value)), style)

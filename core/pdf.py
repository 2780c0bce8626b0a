"""What the PDF reports share: ReportLab paragraphs whose text is always shown as written
(markup), and a table cell that formats its value as the screen does (money as rupiah,
other numbers with Indonesian decimals)."""

from decimal import Decimal
from xml.sax.saxutils import escape

from core.formatting import number, rupiah


def markup(value) -> str:
    """Text as ReportLab paragraph markup that shows it literally. Paragraphs read their
    text as XML-like markup: a name holding `<b>` breaks the document, and one holding
    `<img src=…>` would embed any image file the server can read."""
    return escape(str(value))


def paragraph(value, style):
    """A paragraph of text that is shown as written; the only way our PDFs make one."""
    from reportlab.platypus import Paragraph

    return Paragraph(markup(value), style)


def cell_text(value) -> str:
    if isinstance(value, Decimal):  # money
        return rupiah(value)
    if isinstance(value, int | float) and not isinstance(value, bool):  # counts, scores
        return number(Decimal(str(value)))
    return str(value)


def cell(value, style):
    return paragraph(cell_text(value), style)

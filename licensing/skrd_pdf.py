"""The SKRD (surat ketetapan retribusi daerah) as a PDF: what to pay, by when, with which code.

Text is drawn with the canvas's drawString, which reads no markup, so names print as
written; a Paragraph, if one is ever wanted, comes from core.pdf.paragraph (it escapes)."""

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4
MARGIN = 20 * mm


@dataclass(frozen=True)
class SkrdPage:
    kop_lines: list[str]
    number: str
    rows: list[tuple[str, str]]
    amount: str
    amount_in_words: str
    billing_code: str
    due: str
    place_and_date: str
    treasurer_name: str
    treasurer_position: str
    treasurer_nip: str


def render(page: SkrdPage) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    pdf.setTitle(f"SKRD {page.number}")
    y = HEIGHT - MARGIN
    for index, line in enumerate(page.kop_lines):
        pdf.setFont("Helvetica-Bold" if index < 2 else "Helvetica", 13 if index < 2 else 9)
        pdf.drawCentredString(WIDTH / 2, y - 5 * mm - index * 5.5 * mm, line)
    y -= (len(page.kop_lines) + 1) * 5.5 * mm
    pdf.setLineWidth(1.5)
    pdf.line(MARGIN, y, WIDTH - MARGIN, y)
    y -= 12 * mm
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawCentredString(WIDTH / 2, y, "SURAT KETETAPAN RETRIBUSI DAERAH (SKRD)")
    y -= 6 * mm
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(WIDTH / 2, y, f"Nomor: {page.number}")
    y -= 14 * mm
    for label, value in page.rows:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(MARGIN, y, label)
        pdf.drawString(MARGIN + 50 * mm, y, f": {value}")
        y -= 6 * mm
    y -= 4 * mm
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(MARGIN, y, f"Jumlah yang harus dibayar: {page.amount}")
    y -= 6 * mm
    pdf.setFont("Helvetica-Oblique", 10)
    pdf.drawString(MARGIN, y, f"({page.amount_in_words})")
    y -= 12 * mm
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(MARGIN, y, f"Kode bayar: {page.billing_code}")
    y -= 6 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawString(MARGIN, y, f"Jatuh tempo: {page.due}")
    y -= 6 * mm
    pdf.drawString(
        MARGIN, y, "Bayar di bank atau kanal pembayaran daerah dengan kode bayar di atas."
    )
    y -= 20 * mm
    x = WIDTH - MARGIN - 75 * mm
    pdf.drawString(x, y, page.place_and_date)
    pdf.drawString(x, y - 5 * mm, page.treasurer_position)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(x, y - 25 * mm, page.treasurer_name)
    pdf.setFont("Helvetica", 10)
    if page.treasurer_nip:
        pdf.drawString(x, y - 30 * mm, f"NIP. {page.treasurer_nip}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

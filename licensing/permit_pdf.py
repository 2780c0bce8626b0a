"""The permit as a PDF (ReportLab): kop surat, number, holder, subject, conditions,
validity, QR code to the verification page, and a box left for the visible signature.

Text is drawn with the canvas's drawString, which reads no markup: a holder named `<b>`
prints as written, so nothing here goes through core.pdf.markup (it would print `&lt;`).
A Paragraph, if one is ever wanted, comes from core.pdf.paragraph."""

import contextlib
import io
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4
MARGIN = 20 * mm
# Where the signature's visible stamp goes (x1, y1, x2, y2 in points, first page).
SIGNATURE_BOX = (int(WIDTH - MARGIN - 80 * mm), int(38 * mm), int(WIDTH - MARGIN), int(62 * mm))


@dataclass(frozen=True)
class PermitPage:
    kop_lines: list[str]
    title: str
    number: str
    holder_lines: list[tuple[str, str]]
    details: list[tuple[str, str]]
    conditions: list[str]
    validity: str
    place_and_date: str
    signer_position: str
    signer_name: str
    signer_nip: str
    verification_url: str
    logo_path: str | None = None


def render(page: PermitPage) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    pdf.setTitle(f"{page.title} {page.number}")
    pdf.setAuthor(page.kop_lines[0] if page.kop_lines else "")
    y = HEIGHT - MARGIN
    # Kop surat
    if page.logo_path:
        with contextlib.suppress(OSError):  # a missing logo does not stop the permit
            pdf.drawImage(page.logo_path, MARGIN, y - 22 * mm, 20 * mm, 20 * mm, mask="auto")
    for index, line in enumerate(page.kop_lines):
        pdf.setFont("Helvetica-Bold" if index < 2 else "Helvetica", 13 if index < 2 else 9)
        pdf.drawCentredString(WIDTH / 2 + 10 * mm, y - 5 * mm - index * 5.5 * mm, line)
    y -= max(26 * mm, (len(page.kop_lines) + 1) * 5.5 * mm)
    pdf.setLineWidth(1.5)
    pdf.line(MARGIN, y, WIDTH - MARGIN, y)
    y -= 12 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(WIDTH / 2, y, page.title.upper())
    y -= 6 * mm
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(WIDTH / 2, y, f"Nomor: {page.number}")
    y -= 12 * mm

    def rows(items: list[tuple[str, str]], y: float) -> float:
        for label, value in items:
            pdf.setFont("Helvetica", 10)
            pdf.drawString(MARGIN, y, label)
            pdf.drawString(MARGIN + 45 * mm, y, ":")
            for k, part in enumerate(_wrap(str(value), 80)):
                pdf.drawString(MARGIN + 48 * mm, y - k * 5 * mm, part)
                if k:
                    y -= 5 * mm
            y -= 6 * mm
        return y

    pdf.setFont("Helvetica", 10)
    pdf.drawString(MARGIN, y, "Diberikan kepada:")
    y = rows(page.holder_lines, y - 7 * mm)
    y -= 2 * mm
    pdf.drawString(MARGIN, y, "Untuk:")
    y = rows(page.details, y - 7 * mm)
    y = rows([("Masa berlaku", page.validity)], y - 2 * mm)
    if page.conditions:
        y -= 2 * mm
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(MARGIN, y, "Ketentuan:")
        pdf.setFont("Helvetica", 10)
        y -= 6 * mm
        for number, condition in enumerate(page.conditions, start=1):
            for k, part in enumerate(_wrap(condition, 95)):
                pdf.drawString(
                    MARGIN + (0 if k == 0 else 6 * mm), y, f"{number}. {part}" if k == 0 else part
                )
                y -= 5 * mm
    # Signatory block above the signature box; the QR code on the left.
    x1, y1, _x2, y2 = SIGNATURE_BOX
    pdf.setFont("Helvetica", 10)
    top = y2 + 22 * mm
    pdf.drawString(x1, top, page.place_and_date)
    for k, part in enumerate(_wrap(page.signer_position, 45)):
        pdf.drawString(x1, top - (k + 1) * 5 * mm, part)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(x1, y1 - 6 * mm, page.signer_name)
    pdf.setFont("Helvetica", 10)
    if page.signer_nip:
        pdf.drawString(x1, y1 - 11 * mm, f"NIP. {page.signer_nip}")
    qr = QrCodeWidget(page.verification_url, barLevel="M")
    left, bottom, right, top_edge = qr.getBounds()
    size = 34 * mm
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top_edge - bottom), 0, 0]
    )
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, MARGIN, y1 - 12 * mm)
    pdf.setFont("Helvetica", 7)
    pdf.drawString(MARGIN, y1 - 16 * mm, "Pindai untuk memeriksa keaslian dokumen ini:")
    pdf.drawString(MARGIN, y1 - 19.5 * mm, page.verification_url)
    pdf.setFont("Helvetica-Oblique", 7)
    pdf.drawString(
        MARGIN,
        12 * mm,
        "Dokumen ini ditandatangani secara elektronik; keasliannya dapat diperiksa pada "
        "alamat di atas.",
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines or [""]

"""ReportLab renderer of the accusé de création: A4 or 80 mm ticket, in memory, byte-for-byte deterministic."""

from __future__ import annotations

import functools
import io
import math
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import ReceiptData, ReceiptFormat
from dmp_desktop.receipts.content import PASSWORD_LABEL, Credentials, ReceiptContent, Row, Section, build_content
from dmp_desktop.receipts.fonts import BOLD, REGULAR, register_fonts
from dmp_desktop.receipts.layout import ACCENT, ACCENT_LIGHT, SMALLEST_PT, TRAINING_RED, Layout, layout_for

PDF_TITLE = "Accusé de création du DMP"  # no patient data in the metadata
PDF_CREATOR = "dmp-desktop"


NBSP = "\u00a0"
_FRENCH_SPACES = ((" :", NBSP + ":"), (" ;", NBSP + ";"), (" ?", NBSP + "?"), (" !", NBSP + "!"),
                  ("« ", "«" + NBSP), (" »", NBSP + "»"), ("n° ", "n°" + NBSP))


def french(text: str) -> str:
    """Non-breaking spaces where French typography wants them, so no line starts with ':' or '»'."""
    for plain, tied in _FRENCH_SPACES:
        text = text.replace(plain, tied)
    return text


def _p(text: str, style: str, lay: Layout) -> Paragraph:
    return Paragraph(escape(french(text)), lay.style(style))


def _bullet(text: str, lay: Layout, bullet: str = "•") -> Paragraph:
    return Paragraph(escape(french(text)), lay.style("bullet"), bulletText=bullet)


@functools.lru_cache(maxsize=8)
def _qr_modules(payload: str, size: float) -> tuple[tuple[float, float, float, float], ...]:
    """The dark modules as (x, y, w, h) rectangles, encoded once: QR encoding dominated the render time.
    Plain tuples, not shared ReportLab shapes: the renderer writes into shapes, which threads would race on."""
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    sx, sy = size / (x1 - x0), size / (y1 - y0)
    rects = []
    for shape in widget.draw().contents:
        fill = getattr(shape, "fillColor", None)
        if fill is None or fill == colors.white:
            continue
        rects.append((shape.x * sx, shape.y * sy, shape.width * sx, shape.height * sy))
    return tuple(rects)


class QrCode(Flowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """A QR code drawn straight on the canvas from the cached modules."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        if not payload.isascii():
            raise ValueError("QR payloads stay ASCII so every scanner reads them")
        self.width = self.height = size
        self._modules = _qr_modules(payload, size)

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        for x, y, w, h in self._modules:
            self.canv.rect(x, y, w, h, stroke=0, fill=1)


def _together(items: list[Flowable], lay: Layout) -> list[Flowable]:
    # The ticket is one page fitted to its content: nothing to keep together there (and KeepTogether
    # cannot draw itself when it fits a frame exactly).
    return [KeepTogether(items)] if lay.two_columns else items


def _header(c: ReceiptContent, lay: Layout) -> list[Flowable]:
    left = [_p(c.pharmacy_name, "pharmacy", lay), _p(c.pharmacy_line, "pharmacy_line", lay)]
    right = [_p(c.title, "title", lay), _p(c.subtitle, "subtitle", lay)]
    rule = HRFlowable(width="100%", thickness=1.6 if lay.two_columns else 1.0, color=ACCENT, spaceBefore=4,
                      spaceAfter=2)
    if lay.two_columns:
        table = Table([[left, right]], colWidths=[lay.frame_width * 0.55, lay.frame_width * 0.45])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (0, 0), 0),
                                   ("RIGHTPADDING", (-1, 0), (-1, 0), 0)]))
        return [table, rule]
    return [*left, Spacer(1, 3), rule, *right]


def _intro(c: ReceiptContent, lay: Layout) -> list[Flowable]:
    return [_p(line, "intro", lay) for line in c.intro]


def _training(c: ReceiptContent, lay: Layout) -> list[Flowable]:
    if c.training_mark is None:
        return []
    box = Table([[_p(c.training_mark, "training", lay)]], colWidths=[lay.frame_width])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, TRAINING_RED)]))
    return [Spacer(1, 4), box]


def _value(row: Row, lay: Layout) -> Flowable | list[Flowable]:
    value = _p(row.value, "value", lay)
    return [value, _p(row.note, "small", lay)] if row.note else value


def _inline(row: Row, lay: Layout) -> Flowable | list[Flowable]:
    """Label and value on one line (the ticket): a label column on 72 mm wrapped every value."""
    label, value = lay.style("label"), lay.style("value")
    colour = "#" + label.textColor.hexval()[2:]
    label_text, value_text = french(row.label), french(row.value)
    # When both do not fit one line, the value starts a line of its own: ReportLab breaks at a no-break space
    # too, which left the INS's last digits alone on a line.
    width = (pdfmetrics.stringWidth(label_text + "  ", label.fontName, label.fontSize)
             + pdfmetrics.stringWidth(value_text, value.fontName, value.fontSize))
    gap = f"{NBSP}{NBSP}" if width <= lay.frame_width else "<br/>"
    text = (f'<font name="{label.fontName}" size="{label.fontSize:.2f}" color="{colour}">'
            f'{escape(label_text)}</font>{gap}{escape(value_text)}')
    line = Paragraph(text, value)
    return [line, _p(row.note, "small", lay)] if row.note else line


def _section(section: Section, lay: Layout, width: float | None = None) -> list[Flowable]:
    width = width or lay.frame_width
    if lay.two_columns:
        label_w = width * 0.38
        rows = [[_p(r.label, "label", lay), _value(r, lay)] for r in section.rows]
        widths = [label_w, width - label_w]
    else:
        rows = [[_inline(r, lay)] for r in section.rows]
        widths = [width]
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.HexColor("#D5DDE0")),
    ]))
    items: list[Flowable] = [_p(section.title, "section", lay), table]
    return items if width != lay.frame_width else _together(items, lay)  # no KeepTogether inside a cell


_CELL_PADDING = 6.0  # ReportLab's default padding on each side of a table cell


def _secret(value: str, width: float, lay: Layout) -> Paragraph:
    """The login or password on ONE line of its cell: a value longer than the usual 8 characters is set
    smaller rather than wrapped (a wrapped password is misread, and the preview could not mask it)."""
    style = lay.style("secret")
    room = width - 2 * _CELL_PADDING
    needed = pdfmetrics.stringWidth(value, style.fontName, style.fontSize)
    if needed > room:
        size = style.fontSize * room / needed
        style = ParagraphStyle(f"secret-{size:.2f}", parent=style, fontSize=size, leading=style.leading)
    return Paragraph(escape(value), style)


def _credentials(cred: Credentials, title: str, lay: Layout) -> list[Flowable]:
    w = lay.frame_width - 2  # inside the box border
    label_w = w * (0.36 if lay.two_columns else 0.42)
    value_w = w - label_w - 16
    secrets = Table(
        [
            [_p("Identifiant", "label", lay), _secret(cred.login, value_w, lay)],
            [_p(PASSWORD_LABEL, "label", lay), _secret(cred.password, value_w, lay)],
        ],
        colWidths=[label_w, value_w],
    )
    secrets.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (1, 0), (1, -1), colors.white),
        ("BOX", (1, 0), (1, 0), 0.6, ACCENT),
        ("BOX", (1, 1), (1, 1), 0.6, ACCENT),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]))
    inner: list[Flowable] = [
        _p(title, "box_title", lay),
        Spacer(1, 3),
        secrets,
        Spacer(1, 3),
    ]
    if cred.otp_destinations:
        inner.append(_p(cred.otp_intro, "body", lay))
        inner += [_bullet(d, lay) for d in cred.otp_destinations]
    inner += [Spacer(1, 3), _p("Première connexion", "value", lay)]
    inner += [_bullet(s, lay, f"{i}.") for i, s in enumerate(cred.steps, 1)]
    inner += [Spacer(1, 3), _p(cred.warning, "warning", lay)]
    box = Table([[inner]], colWidths=[lay.frame_width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.4, ACCENT),
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8 if lay.two_columns else 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8 if lay.two_columns else 5),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    return [Spacer(1, lay.base * 1.2), box]


def _help(c: ReceiptContent, lay: Layout) -> list[Flowable]:
    title = _p(c.help_title, "section", lay)
    lines = [_p(line, "body", lay) for line in c.help_lines]
    if not lay.two_columns:  # the title beside the QR code too: the code sets the block's height
        title, lines = Spacer(1, lay.base * 0.8), [_p(c.help_title, "box_title", lay), *lines]
    qr = [QrCode(c.qr_payload, lay.qr_size), _p(c.qr_caption, "caption", lay)]
    # the QR code beside the lines, on the ticket too: stacked below them it added 3 cm to the roll
    qr_w = lay.qr_size + (24 if lay.two_columns else 8)
    table = Table([[lines, qr]], colWidths=[lay.frame_width - qr_w, qr_w])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0),
                               ("RIGHTPADDING", (-1, 0), (-1, 0), 0), ("ALIGN", (1, 0), (1, 0), "CENTER")]))
    return _together([title, table], lay)


def build_story(c: ReceiptContent, lay: Layout) -> list[Flowable]:
    story = _header(c, lay) + _training(c, lay) + _intro(c, lay)
    if lay.two_columns:  # the side-by-side sections' titles sit in a table, which drops their space before
        story.append(Spacer(1, lay.base * 0.8))
    if lay.two_columns:  # A4: holder and creation side by side keep the accusé on one page
        gap = 14.0
        half = (lay.frame_width - gap) / 2
        pair = Table([[_section(c.holder, lay, half), _section(c.creation, lay, half)]],
                     colWidths=[half + gap, half])
        pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (0, 0), gap), ("RIGHTPADDING", (1, 0), (1, 0), 0)]))
        story.append(pair)
    else:  # the ticket: one section, one title less down the roll
        story += _section(Section(c.holder.title, c.holder.rows + c.creation.rows), lay)
    story += [Spacer(1, lay.base * 0.4), _p(c.emergency_note, "body", lay)]
    if c.credentials is not None:
        story += _credentials(c.credentials, c.account_title, lay)
    else:
        story += [_p(c.account_title, "section", lay), _p(c.no_account_note, "body", lay)]
    story += [Spacer(1, lay.base * 0.8), _p(c.confirmation_note, "body", lay)]
    story += [_p("Vos droits", "section", lay)]
    story += [_bullet(r, lay) for r in c.rights]
    story += _help(c, lay)
    if not lay.two_columns:  # the A4 draws its footer at the foot of the page (_decorate)
        story += [Spacer(1, lay.base * 0.5), HRFlowable(width="100%", thickness=0.4, color=colors.grey, spaceAfter=3),
                  _p(c.footer, "footer", lay)]
    return story


def _footer(canvas: Canvas, footer: str, lay: Layout) -> None:
    canvas.saveState()
    y = lay.margin_y * 0.9
    canvas.setStrokeColor(colors.grey)
    canvas.setLineWidth(0.4)
    canvas.line(lay.margin_x + 6, y + 11, lay.page_width - lay.margin_x - 6, y + 11)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.setFont(REGULAR, max(SMALLEST_PT, lay.base * 0.8))
    canvas.drawCentredString(lay.page_width / 2, y, footer)
    canvas.restoreState()


def _decorate(c: ReceiptContent, lay: Layout, page_height: float) -> object:
    mark = c.training_mark

    def draw(canvas: Canvas, _doc: object) -> None:
        if lay.two_columns:
            _footer(canvas, c.footer, lay)
        if mark is None:
            return
        canvas.saveState()
        canvas.setFillColor(TRAINING_RED)
        canvas.setFillAlpha(0.13)
        # A4: one mark along the diagonal; ticket: a mark every ~70 mm down the roll. Sized to fit.
        step = page_height if lay.two_columns else 200.0
        height = page_height if lay.two_columns else min(step, page_height)
        angle = math.degrees(math.atan2(height, lay.page_width))
        span = math.hypot(lay.page_width, height) * 0.8
        size = min(40.0, span / pdfmetrics.stringWidth(mark, BOLD, 1))
        canvas.setFont(BOLD, size)
        y = page_height / 2 if lay.two_columns else step / 2
        while y < page_height:
            canvas.saveState()
            canvas.translate(lay.page_width / 2, y)
            canvas.rotate(angle)
            canvas.drawCentredString(0, 0, mark)
            canvas.restoreState()
            y += step
        canvas.restoreState()

    return draw


def _build(c: ReceiptContent, lay: Layout, page_height: float) -> tuple[bytes, int]:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=(lay.page_width, page_height), leftMargin=lay.margin_x, rightMargin=lay.margin_x,
        topMargin=lay.margin_y, bottomMargin=lay.margin_y, title=PDF_TITLE, author=c.pharmacy_name,
        subject="Dossier Médical Partagé", creator=PDF_CREATOR, producer=PDF_CREATOR, invariant=1,
        initialFontName=REGULAR, initialFontSize=lay.base,
    )
    mark = _decorate(c, lay, page_height)
    doc.build(build_story(c, lay), onFirstPage=mark, onLaterPages=mark)
    return buf.getvalue(), doc.page


def _story_height(c: ReceiptContent, lay: Layout) -> float:
    total = 0.0
    canv = Canvas(io.BytesIO())  # some flowables (KeepTogether) need a canvas to measure themselves
    for f in build_story(c, lay):
        _, h = f.wrapOn(canv, lay.frame_width, 1e5)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


class ReportLabRenderer:
    """domain.ports.ReceiptRenderer. Thread-safe: every call builds its own document in memory."""

    def render(self, data: ReceiptData, fmt: ReceiptFormat) -> bytes:
        lay = layout_for(fmt)
        content = build_content(data)
        try:
            register_fonts()  # a missing font file is a RECEIPT_FAILED too
            if fmt is ReceiptFormat.A4:
                return _build(content, lay, lay.page_height)[0]
            # Fit the roll to the content: measure, add the frame padding (6 pt a side) and some slack.
            height = _story_height(content, lay) + 2 * lay.margin_y + 12 + 10
            for _ in range(5):
                pdf, pages = _build(content, lay, height)
                if pages == 1:
                    return pdf
                height *= 1.1
            raise DomainError(ErrorCode.RECEIPT_FAILED, "ticket content does not fit one page")
        except DomainError:
            raise
        except Exception as exc:  # a layout error must reach the pharmacist as a code, not a traceback
            raise DomainError(ErrorCode.RECEIPT_FAILED, type(exc).__name__) from exc

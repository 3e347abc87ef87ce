"""Styles and dimensions of the two formats: A4 (office printer) and the 80 mm ticket (thermal roll)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from dmp_desktop.domain.model import ReceiptFormat
from dmp_desktop.receipts.fonts import BOLD, MONO_BOLD, REGULAR

ACCENT = colors.HexColor("#00677F")  # a sober teal, readable when printed in grey
ACCENT_LIGHT = colors.HexColor("#E6F2F5")
INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#555555")
TRAINING_RED = colors.HexColor("#C0392B")

TICKET_WIDTH = 80 * mm
TICKET_BODY_PT = 9.0
SMALLEST_PT = 8.0  # labels, notes, captions and the footer never go below this on either format


@dataclass(frozen=True)
class Layout:
    fmt: ReceiptFormat
    page_width: float
    page_height: float  # the ticket's is recomputed from the content
    margin_x: float
    margin_y: float
    base: float  # body font size
    qr_size: float
    two_columns: bool  # the A4 puts the QR code beside the help lines

    @property
    def frame_width(self) -> float:
        # SimpleDocTemplate's frame keeps 6 pt of padding on each side.
        return self.page_width - 2 * self.margin_x - 12

    def style(self, name: str) -> ParagraphStyle:
        return _styles(self)[name]


def layout_for(fmt: ReceiptFormat) -> Layout:
    if fmt is ReceiptFormat.A4:
        width, height = A4
        return Layout(fmt, width, height, 18 * mm, 14 * mm, 9.5, 30 * mm, True)
    # 80 mm roll; a height is fitted to the content later.
    # Body 9 pt, nothing under 8 pt: the ticket is read at home, often by an older patient.
    # 3 mm margins + the frame's 6 pt padding: about 70 mm of text, inside the 72 mm a thermal head prints.
    return Layout(fmt, TICKET_WIDTH, 300 * mm, 3 * mm, 3 * mm, TICKET_BODY_PT, 20 * mm, False)


_cache: dict[ReceiptFormat, dict[str, ParagraphStyle]] = {}


def _styles(lay: Layout) -> dict[str, ParagraphStyle]:
    cached = _cache.get(lay.fmt)
    if cached is not None:
        return cached
    b = lay.base
    small = max(SMALLEST_PT, b * 0.85)
    label = max(SMALLEST_PT, b * 0.92)
    centred = TA_LEFT if lay.two_columns else TA_CENTER
    # the ticket's header stays modest: a big pharmacy name wraps on 72 mm and only lengthens the roll
    big = 1.75 if lay.two_columns else 1.35
    styles = {
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=b, leading=b * 1.25, textColor=INK),
        "intro": ParagraphStyle("intro", fontName=REGULAR, fontSize=b, leading=b * 1.25, textColor=INK,
                                spaceBefore=b * 0.3),
        "small": ParagraphStyle("small", fontName=REGULAR, fontSize=small, leading=small * 1.25, textColor=MUTED),
        "label": ParagraphStyle("label", fontName=REGULAR, fontSize=label, leading=label * 1.25, textColor=MUTED),
        "value": ParagraphStyle("value", fontName=BOLD, fontSize=b, leading=b * 1.25, textColor=INK),
        "pharmacy": ParagraphStyle(
            "pharmacy", fontName=BOLD, fontSize=b * big, leading=b * big * 1.15, textColor=ACCENT, alignment=centred
        ),
        "pharmacy_line": ParagraphStyle(
            "pharmacy_line", fontName=REGULAR, fontSize=label, leading=label * 1.3, textColor=MUTED,
            alignment=centred,
        ),
        "title": ParagraphStyle(
            "title", fontName=BOLD, fontSize=b * (1.7 if lay.two_columns else 1.45), leading=b * 1.9, textColor=INK,
            alignment=TA_RIGHT if lay.two_columns else TA_CENTER,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=REGULAR, fontSize=b * 1.05, leading=b * 1.35, textColor=MUTED,
            alignment=TA_RIGHT if lay.two_columns else TA_CENTER,
        ),
        "section": ParagraphStyle(
            "section", fontName=BOLD, fontSize=b * 1.15, leading=b * 1.5, textColor=ACCENT,
            spaceBefore=b * (1.1 if lay.two_columns else 0.8), spaceAfter=b * 0.25,
        ),
        "box_title": ParagraphStyle("box_title", fontName=BOLD, fontSize=b * 1.15, leading=b * 1.5, textColor=ACCENT),
        "secret": ParagraphStyle("secret", fontName=MONO_BOLD, fontSize=b * 1.6, leading=b * 1.95, textColor=INK),
        "bullet": ParagraphStyle(
            "bullet", fontName=REGULAR, fontSize=b, leading=b * 1.25, textColor=INK, leftIndent=b * 1.2,
            bulletIndent=b * 0.2, spaceAfter=b * 0.15, bulletFontName=REGULAR, bulletFontSize=b,
        ),
        "warning": ParagraphStyle("warning", fontName=BOLD, fontSize=b, leading=b * 1.25, textColor=INK),
        "caption": ParagraphStyle(
            "caption", fontName=REGULAR, fontSize=small, leading=small * 1.2, textColor=MUTED, alignment=TA_CENTER
        ),
        "footer": ParagraphStyle(
            "footer", fontName=REGULAR, fontSize=small, leading=small * 1.25, textColor=MUTED, alignment=TA_CENTER
        ),
        "training": ParagraphStyle(
            "training", fontName=BOLD, fontSize=b * 1.1, leading=b * 1.4, textColor=TRAINING_RED, alignment=TA_CENTER
        ),
    }
    _cache[lay.fmt] = styles
    return styles

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
    # 80 mm roll: about 72 mm printable; a height is fitted to the content later.
    return Layout(fmt, TICKET_WIDTH, 300 * mm, 4 * mm, 4 * mm, 7.6, 26 * mm, False)


_cache: dict[ReceiptFormat, dict[str, ParagraphStyle]] = {}


def _styles(lay: Layout) -> dict[str, ParagraphStyle]:
    cached = _cache.get(lay.fmt)
    if cached is not None:
        return cached
    b = lay.base
    centred = TA_LEFT if lay.two_columns else TA_CENTER
    styles = {
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=b, leading=b * 1.3, textColor=INK),
        "small": ParagraphStyle("small", fontName=REGULAR, fontSize=b * 0.85, leading=b * 1.1, textColor=MUTED),
        "label": ParagraphStyle("label", fontName=REGULAR, fontSize=b * 0.92, leading=b * 1.2, textColor=MUTED),
        "value": ParagraphStyle("value", fontName=BOLD, fontSize=b, leading=b * 1.25, textColor=INK),
        "pharmacy": ParagraphStyle(
            "pharmacy", fontName=BOLD, fontSize=b * 1.75, leading=b * 2.0, textColor=ACCENT, alignment=centred
        ),
        "pharmacy_line": ParagraphStyle(
            "pharmacy_line", fontName=REGULAR, fontSize=b * 0.9, leading=b * 1.2, textColor=MUTED, alignment=centred
        ),
        "title": ParagraphStyle(
            "title", fontName=BOLD, fontSize=b * 1.7, leading=b * 2.0, textColor=INK,
            alignment=TA_RIGHT if lay.two_columns else TA_CENTER,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", fontName=REGULAR, fontSize=b * 1.05, leading=b * 1.35, textColor=MUTED,
            alignment=TA_RIGHT if lay.two_columns else TA_CENTER,
        ),
        "section": ParagraphStyle(
            "section", fontName=BOLD, fontSize=b * 1.15, leading=b * 1.5, textColor=ACCENT,
            spaceBefore=b * 1.1, spaceAfter=b * 0.25,
        ),
        "box_title": ParagraphStyle("box_title", fontName=BOLD, fontSize=b * 1.15, leading=b * 1.5, textColor=ACCENT),
        "secret": ParagraphStyle("secret", fontName=MONO_BOLD, fontSize=b * 1.6, leading=b * 1.95, textColor=INK),
        "bullet": ParagraphStyle(
            "bullet", fontName=REGULAR, fontSize=b, leading=b * 1.3, textColor=INK, leftIndent=b * 1.2,
            bulletIndent=b * 0.2, spaceAfter=b * 0.15, bulletFontName=REGULAR, bulletFontSize=b,
        ),
        "warning": ParagraphStyle("warning", fontName=BOLD, fontSize=b * 0.92, leading=b * 1.2, textColor=INK),
        "caption": ParagraphStyle(
            "caption", fontName=REGULAR, fontSize=b * 0.8, leading=b * 1.0, textColor=MUTED, alignment=TA_CENTER
        ),
        "footer": ParagraphStyle(
            "footer", fontName=REGULAR, fontSize=b * 0.8, leading=b * 1.05, textColor=MUTED, alignment=TA_CENTER
        ),
        "training": ParagraphStyle(
            "training", fontName=BOLD, fontSize=b * 1.1, leading=b * 1.4, textColor=TRAINING_RED, alignment=TA_CENTER
        ),
    }
    _cache[lay.fmt] = styles
    return styles

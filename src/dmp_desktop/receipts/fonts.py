"""The DejaVu fonts shipped in resources/fonts, registered once with ReportLab (any accent or € renders)."""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dmp_desktop import resource_files

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MONO_BOLD = "DejaVuSansMono-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", MONO_BOLD: "DejaVuSansMono-Bold.ttf"}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Idempotent and thread-safe: the GUI may render from a pool thread while a command renders too."""
    global _registered
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_files.path(resource_files.FONTS, filename))))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
        _registered = True

"""Accessibility checks the gui tests share: WCAG contrast of every visible text, mnemonics per window, the
accessible names of the focus chain. They walk the real widgets, so they hold whatever the pages hold."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QTableWidget,
    QWidget,
)

WCAG_AA = 4.5
_RICH_COLOR = re.compile(r"color\s*[:=]\s*['\"]?\s*(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)")


# -- WCAG 2.x contrast ---------------------------------------------------------------------------------
def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(fg: QColor, bg: QColor) -> QColor:
    """`fg` painted over the opaque `bg` (a translucent placeholder text is what the eye sees blended)."""
    a = fg.alphaF()
    return QColor.fromRgbF(
        fg.redF() * a + bg.redF() * (1 - a), fg.greenF() * a + bg.greenF() * (1 - a),
        fg.blueF() * a + bg.blueF() * (1 - a),
    )


def group(widget: QWidget) -> QPalette.ColorGroup:
    """The palette group Qt paints the widget with: Disabled for a greyed widget."""
    if not widget.isEnabled():
        return QPalette.ColorGroup.Disabled
    return QPalette.ColorGroup.Active if widget.window().isActiveWindow() else QPalette.ColorGroup.Inactive


def _paints_background(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    if widget.isWindow() or widget.autoFillBackground() or parent is None:
        return True
    # a style sheet's background (or a role of its own, e.g. Base for a field) shows in the palette
    own = widget.palette().color(group(widget), widget.backgroundRole())
    return own != parent.palette().color(group(parent), parent.backgroundRole())


def background(widget: QWidget) -> QColor:
    """The colour behind the widget's text, from the palettes (style sheets included) up the parents."""
    current: QWidget | None = widget
    while current is not None:
        color = current.palette().color(group(current), current.backgroundRole())
        if color.alpha() == 255 and _paints_background(current):
            return color
        current = current.parentWidget()
    return QApplication.palette().color(QPalette.ColorRole.Window)


@dataclass(frozen=True)
class TextSample:
    """One visible text, its colours and its contrast (the lower of the palette's and the screen's)."""

    what: str
    fg: QColor
    bg: QColor
    screen_bg: QColor | None  # the colour most pixels of the text's rectangle have in the window's grab

    @property
    def ratio(self) -> float:
        ratios = [contrast(self.fg, self.bg)]
        if self.screen_bg is not None:
            ratios.append(contrast(self.fg, self.screen_bg))
        return min(ratios)

    def __str__(self) -> str:
        screen = self.screen_bg.name() if self.screen_bg is not None else "-"
        return f"{self.ratio:5.2f}  {self.fg.name()} on {self.bg.name()} (screen {screen})  {self.what}"


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisible() and widget.window() is window and not widget.visibleRegion().isEmpty()


def _dominant(image: QImage, rect: QRect) -> QColor | None:
    """The colour most of the rectangle shows (its frame left out): a gradient's shades count as one."""
    if rect.width() > 12 and rect.height() > 12:
        rect = rect.adjusted(3, 3, -3, -3)
    rect = rect.intersected(image.rect())
    if rect.isEmpty():
        return None
    step = 2 if rect.width() * rect.height() > 4000 else 1
    buckets: dict[tuple[int, int, int], list[int]] = {}
    for x in range(rect.left(), rect.right() + 1, step):
        for y in range(rect.top(), rect.bottom() + 1, step):
            c = image.pixelColor(x, y)
            total = buckets.setdefault((c.red() >> 4, c.green() >> 4, c.blue() >> 4), [0, 0, 0, 0])
            total[0] += c.red()
            total[1] += c.green()
            total[2] += c.blue()
            total[3] += 1
    r, g, b, n = max(buckets.values(), key=lambda t: t[3])
    return QColor(round(r / n), round(g / n), round(b / n))


def _window_rect(widget: QWidget, window: QWidget, rect: QRect | None = None) -> QRect:
    rect = rect if rect is not None else widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(window, rect.topLeft()), rect.size())


def _rich_colors(text: str) -> list[QColor]:
    colors = [QColor(name) for name in _RICH_COLOR.findall(text)]
    return [c for c in colors if c.isValid()]


def _label_text(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return widget.text() if widget.pixmap().isNull() else ""
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return ""


def _describe(widget: QWidget, text: str, extra: str = "") -> str:
    state = "" if widget.isEnabled() else " [disabled]"
    short = re.sub(r"<[^>]+>", " ", text).replace("&", "").strip()[:60]
    return f"{widget.metaObject().className()} «{short}»{state}{extra}"


def _checked_rule(widget: QWidget) -> tuple[QColor, QColor | None] | None:
    """(text, background) of a checked button's `:checked` style sheet rule, when it has one with a colour."""
    if not isinstance(widget, QAbstractButton) or not widget.isChecked():
        return None
    rule = re.search(r":checked\s*\{([^}]*)\}", widget.styleSheet())
    if rule is None:
        return None
    fg = re.search(r"(?<![-\w])color:\s*([^;]+);", rule.group(1))
    bg = re.search(r"background(?:-color)?:\s*([^;]+);", rule.group(1))
    if fg is None:
        return None
    return QColor(fg.group(1).strip()), QColor(bg.group(1).strip()) if bg else None


def text_samples(window: QWidget) -> list[TextSample]:
    """Every visible text of `window` (labels, buttons, group titles, fields and their placeholders, table and
    list rows, headers) with its foreground and the background it is drawn on."""
    image = window.grab().toImage()
    ratio = image.devicePixelRatio()
    if ratio != 1:  # sample in logical pixels
        image = image.scaled(round(image.width() / ratio), round(image.height() / ratio))
    samples: list[TextSample] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window):
            continue
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            samples.extend(_item_samples(widget, window, image))
            continue
        if isinstance(widget, QHeaderView):
            samples.extend(_header_samples(widget, window, image))
            continue
        text = _label_text(widget)
        placeholder = widget.placeholderText() if isinstance(widget, QLineEdit) and not text else ""
        if not text.strip() and not placeholder:
            continue
        pal, g = widget.palette(), group(widget)
        bg = background(widget)
        screen = _dominant(image, _window_rect(widget, window))
        if placeholder:
            fg = over(pal.color(g, QPalette.ColorRole.PlaceholderText), bg)
            samples.append(TextSample(_describe(widget, placeholder, " placeholder"), fg, bg, screen))
            continue
        colors = [pal.color(g, widget.foregroundRole())]
        checked = _checked_rule(widget)
        if checked is not None:  # the palette holds the style sheet's plain rule, not its :checked one
            colors = [checked[0]]
            bg = checked[1] or bg
        if isinstance(widget, QLabel):
            colors += _rich_colors(text)
            if "<a " in text:
                colors.append(pal.color(g, QPalette.ColorRole.Link))
        for fg in colors:
            samples.append(TextSample(_describe(widget, text), over(fg, bg), bg, screen))
    return samples


def _item_samples(view: QAbstractItemView, window: QWidget, image: QImage) -> Iterator[TextSample]:
    pal, g = view.palette(), group(view)
    viewport = view.viewport()
    if isinstance(view, QTableWidget):
        items = [
            (view.item(r, c), r) for r in range(view.rowCount()) for c in range(view.columnCount())
            if view.item(r, c) is not None and not view.isRowHidden(r)
        ]
    elif isinstance(view, QListWidget):
        items = [(view.item(r), r) for r in range(view.count())]
    else:
        return
    selected_rows = {i.row() for i in view.selectionModel().selectedIndexes()} if view.selectionModel() else set()
    for item, row in items:
        text = item.text()
        rect = view.visualItemRect(item)
        if not text or rect.isEmpty() or not viewport.rect().intersects(rect):
            continue
        selected = row in selected_rows
        if selected:
            fg = pal.color(g, QPalette.ColorRole.HighlightedText)
            bg = pal.color(g, QPalette.ColorRole.Highlight)
        else:
            brush = item.foreground()
            fg = brush.color() if brush.style() != Qt.BrushStyle.NoBrush else pal.color(g, QPalette.ColorRole.Text)
            alternate = view.alternatingRowColors() and row % 2 == 1
            bg = pal.color(g, QPalette.ColorRole.AlternateBase if alternate else QPalette.ColorRole.Base)
            own = item.background()
            if own.style() != Qt.BrushStyle.NoBrush:
                bg = own.color()
        screen = _dominant(image, _window_rect(viewport, window, rect.intersected(viewport.rect())))
        extra = f" row {row}" + (" selected" if selected else "")
        yield TextSample(_describe(view, text, extra), over(fg, bg), bg, screen)


def _header_samples(header: QHeaderView, window: QWidget, image: QImage) -> Iterator[TextSample]:
    model = header.model()
    if model is None:
        return
    pal, g = header.palette(), group(header)
    fg, bg = pal.color(g, QPalette.ColorRole.ButtonText), pal.color(g, QPalette.ColorRole.Button)
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        pos, size = header.sectionViewportPosition(section), header.sectionSize(section)
        rect = QRect(pos, 0, size, header.height()) if header.orientation() is Qt.Orientation.Horizontal else QRect(
            0, pos, header.width(), size)
        screen = _dominant(image, _window_rect(header.viewport(), window, rect))
        yield TextSample(_describe(header, str(text), " header"), fg, bg, screen)


def low_contrast(window: QWidget, minimum: float = WCAG_AA) -> list[str]:
    return [str(s) for s in text_samples(window) if s.ratio < minimum]


# -- mnemonics ------------------------------------------------------------------------------------------
def mnemonic(text: str) -> str | None:
    """The letter after the first single & (&& is a literal ampersand), lower case; None without one."""
    i = text.find("&")
    while i >= 0 and i + 1 < len(text):
        if text[i + 1] != "&":
            return text[i + 1].lower()
        i = text.find("&", i + 2)
    return None


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(letter, widget text) of every mnemonic reachable now in `window`: visible buttons, labels with a
    buddy, group boxes, and the menu bar's menus (one scope: Alt+letter goes to either)."""
    found: list[tuple[str, str]] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        letter = mnemonic(text)
        if letter is not None:
            found.append((letter, plain(text)))
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            letter = mnemonic(action.text())
            if action.isVisible() and letter is not None:
                found.append((letter, plain(action.text())))
    return found


def mnemonic_problems(window: QWidget) -> list[str]:
    """Two widgets sharing a letter, or a « Oui » not on O / a « Non » not on N."""
    problems = []
    by_letter: dict[str, list[str]] = {}
    for letter, text in mnemonics(window):
        by_letter.setdefault(letter, []).append(text)
        for answer in ("Oui", "Non", "Yes", "No"):  # the English catalogue keeps one letter per answer too
            if re.match(rf"{answer}\b", text) and letter != answer[0].lower():
                problems.append(f"« {text} » answers {answer} on Alt+{letter.upper()}, not Alt+{answer[0]}")
    problems += [f"Alt+{k.upper()} is shared by {v}" for k, v in by_letter.items() if len(v) > 1]
    return problems


def answer_buttons_without_mnemonic(window: QWidget) -> list[str]:
    """A visible Oui / Non button that has no mnemonic at all (the letter must be there to be the same)."""
    return [
        plain(b.text()) for b in window.findChildren(QAbstractButton)
        if b.isVisible() and b.window() is window and re.match(r"(Oui|Non|Yes|No)\b", plain(b.text()))
        and mnemonic(b.text()) is None
    ]


# -- focus chain and names -------------------------------------------------------------------------------
def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None and iface.isValid() else ""


def tab_stops(window: QWidget) -> list[QWidget]:
    """The widgets Tab reaches now in `window`, in the focus chain's order."""
    stops: list[QWidget] = []
    seen: set[int] = set()
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and id(widget) not in seen:
        seen.add(id(widget))
        tab = widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
        # a spin box's or an editable combo's line edit hands its focus to them (their focus proxy; never ask
        # focusProxy() here: PySide 6.12 then lets Python's collector delete Qt's own inner widgets)
        proxied = isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox))
        if tab and not proxied and widget.window() is window and widget.isVisible() and widget.isEnabled():
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def unnamed_tab_stops(window: QWidget) -> list[str]:
    return [
        f"{w.metaObject().className()} {w.objectName() or ''} at {w.mapTo(window, QPoint(0, 0)).toTuple()}"
        for w in tab_stops(window) if not accessible_name(w)
    ]


def inspect_modal(open_box, check) -> None:
    """Open a modal box with `open_box()` (it blocks in exec()), run `check(box)` on it once shown, close it."""
    from PySide6.QtCore import QTimer

    seen: list[QWidget] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None or not box.isVisible():
            QTimer.singleShot(10, look)
            return
        seen.append(box)
        try:
            check(box)
        finally:
            box.close()

    QTimer.singleShot(0, look)
    open_box()
    assert seen, "the box never showed"


def menu_dialogs(d) -> Iterator[tuple[str, QWidget]]:
    """Paramètres, Historique and Registre opened from the driver's window, each shown, then closed once the
    caller has looked at it: (name, dialog)."""
    from datetime import date

    from dmp_desktop.ui.history_view import HistoryDialog
    from dmp_desktop.ui.ledger_view import LedgerDialog
    from dmp_desktop.ui.settings_dialog import SettingsDialog

    services, day = d.view.services, date(2019, 3, 20)
    for name, make in (
        ("settings", lambda: SettingsDialog(services, d.window)),
        ("history", lambda: HistoryDialog(services, d.window, today=day)),
        ("ledger", lambda: LedgerDialog(services, d.window, today=day)),
    ):
        dialog = make()
        dialog.show()
        d.idle()
        yield name, dialog
        dialog.reject()


def at_the_pin_dialog(make_driver):
    """A driver whose step 2 asks the training CPS's PIN: the patient read, Suivant, the PIN dialog shown."""
    from dmp_desktop.flow.fakes_cps import FakeCpsReader

    from .conftest import Fakes

    d = make_driver(Fakes().with_card(FakeCpsReader()))
    d.insert()
    d.select(0)
    d.click(d.view.next_button)
    d.qtbot.waitUntil(d.view.pin_dialog.isVisible, timeout=3000)
    return d

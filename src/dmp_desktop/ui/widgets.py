"""Small shared widgets: page header, message banner, busy overlay, step indicator."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dmp_desktop import resource_files
from dmp_desktop.flow.progress import STEP_ORDER, position, steps_done
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.ui.messages import Message

ICONS_DIR = resource_files.path(resource_files.ICONS)


def icon(name: str) -> QIcon:
    """An SVG of resources/icons (QtSvg renders it at any scale); an empty icon if the file is missing."""
    path = ICONS_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()

# One palette for the whole wizard: calm, readable on a counter screen, colour never the only signal.
COLORS = {
    "info": ("#e8f1fb", "#1f5fa8"),
    "ok": ("#e7f5ea", "#1e7a34"),
    "warn": ("#fff4e0", "#9a5b00"),
    "error": ("#fdecea", "#b3261e"),
}
ICONS = {"info": "ℹ", "ok": "✔", "warn": "⚠", "error": "✖"}
# Secondary text (a beneficiary who cannot have a DMP, summary labels, steps to come): 5.4:1 on white,
# 4.7:1 on the window's grey
MUTED = "#5f6b76"
# Greyed (disabled) text: still 5:1 on the window's grey (Qt's own #bebebe is 1.6:1, unreadable at a counter)
DISABLED = "#666666"
SELECTION = "#1f5fa8"  # the house blue: white on it is 6.4:1 (Fusion's #308cc6 is 3.7:1)


def accessible_palette(palette: QPalette) -> QPalette:
    """`palette` with every text at 4.5:1 at least (WCAG AA): greyed text, placeholders, the selection."""
    palette = QPalette(palette)
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.PlaceholderText):
        palette.setColor(disabled, role, QColor(DISABLED))
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(MUTED))
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(SELECTION))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(disabled, QPalette.ColorRole.Highlight, QColor(DISABLED))
    palette.setColor(disabled, QPalette.ColorRole.HighlightedText, QColor("white"))
    return palette


def use_accessible_palette() -> None:
    """Give the application (the window and every dialog) the accessible palette, from its style's own."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(accessible_palette(app.style().standardPalette()))


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading" if level == 1 else "subheading")
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * (1.45 if level == 1 else 1.12))
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label



def instruction(text: str) -> QLabel:
    """The page's big sentence telling the pharmacist what to do (read at arm's length)."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def announcement(source: QObject, text: str, kind: str) -> QAccessibleAnnouncementEvent:
    """What a screen reader (NVDA, Orca, Narrator through UI Automation / AT-SPI) says at once: errors and
    warnings interrupt (assertive), news waits for a pause (polite)."""
    event = QAccessibleAnnouncementEvent(source, QTextDocumentFragment.fromHtml(text).toPlainText())
    urgent = kind in ("error", "warn")
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive if urgent else QAccessible.AnnouncementPoliteness.Polite
    )
    return event


def announce(source: QObject, text: str, kind: str) -> QAccessibleAnnouncementEvent:
    event = announcement(source, text, kind)
    QAccessible.updateAccessibility(event)
    return event


class FieldError(QLabel):
    """The error under a field, tied to it: the field's accessible description is the error (read with the
    field), and a new error is announced. Pair it with a label whose buddy is the field, which names it."""

    announced = Signal(str, object)  # text, politeness: Qt has no Python hook on sent accessibility events

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        changed = text != self.text()
        super().setText(text)
        self.field.setAccessibleDescription(text)
        if changed and text:
            event = announce(self.field, text, "error")
            self.announced.emit(event.message(), event.politeness())


class Banner(QFrame):
    """A coloured box with an icon, a bold line and what to do; hidden when empty. A new message is
    announced to screen readers (assertive for errors and warnings)."""

    announced = Signal(str, object)  # text, politeness: what went to QAccessible (tests listen here)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._said = ""  # what was last announced: a redraw of the same message is not said again
        self.setObjectName("banner")
        self._icon = QLabel()
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        font = self._icon.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self._icon.setFont(font)
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.RichText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        self.kind = ""
        self.hide()

    def show_text(self, kind: str, title: str, body: str = "") -> None:
        bg, fg = COLORS[kind]
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#banner {{ background: {bg}; border: 1px solid {fg}; border-radius: 6px; }}"
            f"QLabel {{ color: {fg}; background: transparent; }}"
        )
        self._icon.setText(ICONS[kind])
        html = f"<b>{title}</b>" + (f"<br>{body}" if body else "")
        self._text.setText(html)
        self.setAccessibleName(f"{title} {body}".strip())
        self.show()
        said = f"{kind}:{html}"
        if said != self._said:
            self._said = said
            event = announce(self, f"{title}<br>{body}" if body else title, kind)
            self.announced.emit(event.message(), event.politeness())

    def show_message(self, msg: Message, kind: str = "error") -> None:
        self.show_text(kind, msg.text, msg.todo)

    def text(self) -> str:
        return self._text.text()

    def clear(self) -> None:
        self.kind = ""
        self._said = ""
        self._text.clear()
        self.hide()


class BusyOverlay(QWidget):
    """Covers its parent while a task runs: a label saying what runs and an indeterminate bar.
    The window stays responsive (the work is on other threads); the overlay only blocks clicks."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("busyOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.label.setFont(font)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(320)
        box = QFrame(self)
        box.setObjectName("busyBox")
        box.setStyleSheet("QFrame#busyBox { background: white; border: 1px solid #9aa5b1; border-radius: 8px; }")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 18, 24, 18)
        inner.addWidget(self.label)
        inner.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self._cover()
        return False

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(255, 255, 255, 170))

    def _cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def set_busy(self, label: str, step: int = 0, total: int = 0) -> None:
        """Show `label`; with `total`, the bar says how far a multi-step task is (else it just moves)."""
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(step)
        else:
            self.bar.setRange(0, 0)
        if label:
            self.label.setText(label)
            self.setAccessibleName(label)
            self._cover()
            self.raise_()
            self.show()
        else:
            self.hide()

    @property
    def busy(self) -> bool:
        return self.isVisible()


def step_titles() -> list[str]:
    """The wizard's four steps and the result, translated."""
    return [  # written out in full: lupdate finds only literal QCoreApplication.translate calls
        QCoreApplication.translate("StepIndicator", "Identification"),
        QCoreApplication.translate("StepIndicator", "Connexion au DMP"),
        QCoreApplication.translate("StepIndicator", "Consentement et accès d’urgence"),
        QCoreApplication.translate("StepIndicator", "Compte patient"),
        QCoreApplication.translate("StepIndicator", "Résultat"),
    ]


_STEP_STYLES = {
    "current": "background:#1f5fa8; color:white; font-weight:bold; border-radius:4px; padding:4px;",
    "done": "background:#dce8f5; color:#1f3b5c; border-radius:4px; padding:4px;",
    "todo": f"background:#eef0f2; color:{MUTED}; border-radius:4px; padding:4px;",
}


class StepIndicator(QWidget):
    """The four steps of the seed plus the result: the current one highlighted, a tick on the steps this visit
    really went through (text says it too); a step skipped (the visit ended at step 2) is not ticked."""

    def __init__(self, titles: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._titles = [f"{i + 1}. {t}" if i < len(titles) - 1 else t for i, t in enumerate(titles)]
        self._labels: list[QLabel] = []
        for title in self._titles:
            label = QLabel(title)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumHeight(30)
            label.setWordWrap(True)  # a narrow window wraps a long step name rather than widening the window
            self._labels.append(label)
            layout.addWidget(label, 1)
        self.done: frozenset[int] = frozenset()
        self.set_current(0)

    def draw(self, flow: Wizard) -> None:
        """The flow's step, and the steps its visit went through."""
        self.set_current(position(flow.step), {STEP_ORDER.index(s) for s in steps_done(flow)})

    def set_current(self, index: int, done: Iterable[int] | None = None) -> None:
        """`done`: the indices ticked (default: every step before `index`)."""
        self.done = frozenset(range(index) if done is None else done) - {index}
        for i, (label, title) in enumerate(zip(self._labels, self._titles, strict=True)):
            if i == index:
                label.setText(title)
                label.setStyleSheet(_STEP_STYLES["current"])
                label.setAccessibleName(self.tr("{0} (étape en cours)").format(title))
            elif i in self.done:
                label.setText("✔ " + title)
                label.setStyleSheet(_STEP_STYLES["done"])
                label.setAccessibleName(self.tr("{0} (faite)").format(title))
            else:
                label.setText(title)
                label.setStyleSheet(_STEP_STYLES["todo"])
                label.setAccessibleName(title)
        self.current = index

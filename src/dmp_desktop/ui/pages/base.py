"""What every page offers the wizard: a title, `valid`, `busy`, `error`, and `changed` when any moves."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from dmp_desktop.ui.messages import Message
from dmp_desktop.ui.widgets import Banner, heading


class Page(QWidget):
    """Pages render state and emit; the wizard (through the flow) decides where to go next."""

    changed = Signal()  # valid/busy/error may have changed: the wizard re-derives its buttons

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 16, 24, 12)
        self.layout_.setSpacing(12)
        self.heading = heading(title)
        self.layout_.addWidget(self.heading)
        self.banner = Banner()
        self._error: Message | None = None
        self.setAccessibleName(title)

    # -- the contract with the wizard -------------------------------------------------------------
    @property
    def valid(self) -> bool:
        """True when Next may be pressed."""
        return False

    @property
    def busy(self) -> bool:
        return False

    def apply(self) -> list[object]:
        """The flow events that state what this page shows (sent before Next/Créer, so the flow decides on
        exactly what the pharmacist sees even if a change signal was missed)."""
        return []

    @property
    def error(self) -> Message | None:
        return self._error

    def set_error(self, msg: Message | None, kind: str = "error") -> None:
        self._error = msg
        if msg is None:
            self.banner.clear()
        else:
            self.banner.show_message(msg, kind)
        self.changed.emit()

    def reset(self) -> None:
        """Forget everything entered (new patient)."""
        self.set_error(None)

    def focus_first(self) -> None:
        """Put the keyboard focus where the pharmacist starts on this page."""
        self.setFocus()

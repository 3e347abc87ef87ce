"""What every page offers the wizard view: `draw(flow, view)`, `apply()`, `reset()`, an error banner."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.wizard import Wizard
from dmp_desktop.settings import Settings
from dmp_desktop.ui.messages import Message
from dmp_desktop.ui.pages.strip import PatientStrip, born_text
from dmp_desktop.ui.widgets import Banner, heading


def tr(text: str) -> str:
    # lupdate files calls to a plain tr("...") under the empty context, even inside a method: look them up there
    return QCoreApplication.translate("", text)


@dataclass(frozen=True)
class ViewState:
    """What a page draws besides the flow: facts of the window, not of the visit."""

    settings: Settings
    readers: tuple[str, ...] | None = None  # None: not listed yet
    reader_problem: ErrorCode | None = None  # no PC/SC service, no reader…
    monitor: bool = False  # a card monitor runs: an inserted card is read by itself
    start_failure: str | None = None  # HTML: why the services of steps 2-4 could not be built


class Page(QWidget):
    """Pages draw the flow's state and emit what the pharmacist does; the flow decides where to go next."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 16, 24, 12)
        self.layout_.setSpacing(12)
        self.heading = heading(title)
        self.layout_.addWidget(self.heading)
        # the patient of steps 2-4 and the result, drawn by each page's draw() (hidden until then)
        self.strip = PatientStrip()
        self.layout_.addWidget(self.strip)
        self.banner = Banner()
        self._error: Message | None = None
        self.setAccessibleName(title)

    # -- the contract with the wizard view ---------------------------------------------------------
    def draw(self, flow: Wizard, view: ViewState) -> None:
        """Draw the flow's current state (called after every event while this page is shown)."""

    def apply(self) -> list[ev.Event]:
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

    def reset(self) -> None:
        """Forget everything entered (new patient)."""
        self.set_error(None)

    def focus_first(self) -> None:
        """Put the keyboard focus where the pharmacist starts on this page."""
        self.setFocus()


def _yes_no(value: bool | None) -> str:
    return tr("oui") if value else tr("non")


def summary_rows(flow: Wizard, settings: Settings) -> list[tuple[str, str]]:
    """(label, value) of what steps 1-3 decided and where the accusé goes: step 4's summary, the result's details."""
    b, ins = flow.beneficiary, flow.ins
    rows: list[tuple[str, str]] = []
    if b is not None:
        rows.append((tr("Patient"), f"{b.display_name}, {born_text(b)}"))
    if ins is not None:
        rows.append((tr("Identifiant"), f"{ins.value} ({ins.type.value})"))
    rows.append((tr("Consentement oral"), _yes_no(flow.oral_consent)))
    rows.append(
        (
            tr("Accès en cas d’urgence"),
            tr("autorisé") if flow.emergency_access else tr("refusé") if flow.emergency_access is False else "?",
        )
    )
    printer = settings.printer.name or tr("imprimante par défaut")
    fmt = tr("ticket 80 mm") if settings.printer.format.value == "ticket80" else tr("A4")
    rows.append((tr("Accusé"), f"{printer} ({fmt})"))
    return rows

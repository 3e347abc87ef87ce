"""The line under the step bar that says what Vitale card was put in at steps 2-4, after the patient's was pulled."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from dmp_desktop.flow.wizard import CardPresence, Step, Wizard
from dmp_desktop.ui.widgets import announce

_SAID_AT = (Step.CONNECT, Step.CONSENT, Step.ACCOUNT)


class CardStatus(QLabel):
    """Only step 1 needs the Vitale card: its pull is said by the page's patient strip; a card put in since is
    said here (another patient's, unreadable, being read)."""

    announced = Signal(str, object)  # text, politeness: what went to QAccessible (Qt has no Python hook on it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardStatus")
        self.setTextFormat(Qt.TextFormat.PlainText)  # it names the patient, as read from a card
        self.setWordWrap(True)
        self.setStyleSheet("color: #9a5b00; font-weight: bold;")  # the strip's warning colour
        self.setContentsMargins(24, 4, 24, 0)
        self.setVisible(False)

    def draw(self, flow: Wizard, step: Step) -> None:
        status = self.text_for(flow) if step in _SAID_AT else ""
        if status != self.text() and status and flow.card_presence is not CardPresence.CHECKING:
            # another patient's card is a warning a screen reader says at once; said once, not at each redraw
            kind = "warn" if flow.card_presence is CardPresence.OTHER else "info"
            event = announce(self, status, kind)
            self.announced.emit(event.message(), event.politeness())
        self.setText(status)
        self.setAccessibleName(status)
        self.setVisible(bool(status))

    def text_for(self, flow: Wizard) -> str:
        """What steps 2-4 say of a card put in after the pull ("" while the patient's own card is in, and once
        pulled: the patient strip says that)."""
        presence, b = flow.card_presence, flow.beneficiary
        if b is None or presence in (CardPresence.PRESENT, CardPresence.REMOVED):
            return ""
        if presence is CardPresence.OTHER:
            return self.tr(
                "Une autre carte Vitale est dans le lecteur : cette création reste pour {0}. "
                "Pour l’autre patient, terminez ou annulez."
            ).format(b.display_name)
        if presence is CardPresence.CHECKING:
            return self.tr("Lecture de la carte insérée…")
        return self.tr("Carte insérée non reconnue — identité déjà lue")  # UNREAD

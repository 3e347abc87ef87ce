"""The wizard's button bar, always on screen: Annuler, the result's actions, Précédent, Suivant, step 4's button and
« Nouveau patient »; which of them show follows the flow."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from dmp_desktop.flow.wizard import Step, Wizard
from dmp_desktop.ui.pages.account import AccountPage
from dmp_desktop.ui.pages.result import ResultPage


class ButtonBar(QHBoxLayout):
    """Its own buttons (cancel, back, next) and the pages' ones it holds so that they never scroll away."""

    def __init__(self, account_page: AccountPage, result_page: ResultPage) -> None:
        super().__init__()
        self._account_page, self._result_page = account_page, result_page
        self.cancel_button = QPushButton(self.tr("&Annuler"))
        self.cancel_button.setToolTip(self.tr("Abandonner ce patient (Échap)"))
        self.back_button = QPushButton(self.tr("< &Précédent"))
        self.next_button = QPushButton(self.tr("&Suivant >"))
        self.next_button.setToolTip(self.tr("Étape suivante (Entrée)"))
        for button in (self.cancel_button, self.back_button, self.next_button, result_page.new_button):
            button.setMinimumHeight(32)
            button.setMinimumWidth(120)
        self.setContentsMargins(24, 4, 24, 12)
        self.addWidget(self.cancel_button)
        for button in result_page.action_buttons:  # the result's actions, always on screen too
            button.setMinimumHeight(32)
            self.addWidget(button)
        self.addStretch(1)
        self.addWidget(self.back_button)
        self.addWidget(self.next_button)
        self.addWidget(account_page.create_button)  # step 4's one action, in the always-visible bar
        self.addWidget(result_page.new_button)

    def draw(self, flow: Wizard, step: Step, started: bool) -> None:
        """`step`: the one shown; `started`: False when the services of steps 2-4 could not be built."""
        result_page = self._result_page
        self.back_button.setVisible(
            step in (Step.CONNECT, Step.CONSENT, Step.ACCOUNT, Step.CREATING) or (step is Step.RESULT and flow.can_back)
        )
        self.back_button.setEnabled(flow.can_back)
        self.back_button.setText((step is Step.RESULT and result_page.back_text(flow)) or self.tr("< &Précédent"))
        self.next_button.setVisible(step in (Step.IDENTIFY, Step.CONNECT, Step.CONSENT))  # CONNECT: after Précédent
        self.next_button.setEnabled(flow.can_next and started)
        self._account_page.create_button.setVisible(step in (Step.ACCOUNT, Step.CREATING))
        if step is not Step.RESULT:
            for button in result_page.action_buttons:
                button.setVisible(False)
        result_page.new_button.setVisible(step is Step.RESULT)
        # nothing to cancel before a card is read; on the result page « Nouveau patient » says it better
        self.cancel_button.setVisible(step is not Step.RESULT and not (step is Step.IDENTIFY and flow.card is None))
        self.cancel_button.setEnabled(flow.can_cancel)

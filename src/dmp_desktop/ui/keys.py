"""The wizard's keys: Entrée does the shown page's one obvious action, Échap cancels (after asking)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from dmp_desktop.flow import events as ev
from dmp_desktop.flow.wizard import Step

if TYPE_CHECKING:
    from dmp_desktop.ui.wizard import WizardView


def enter(view: WizardView) -> None:
    """Entrée (or a double click on a beneficiary): what the page's default action is now."""
    flow = view.flow
    step = flow.step
    box = view.connect_page.cps_box
    if step is Step.CONNECT and box.isVisible():
        if box.choose_button.isVisible():
            box.choose()
        elif box.pin_button.isVisible():
            view.send(ev.PinRequested())
        elif view.connect_page.retry_button.isVisible():
            view.send(ev.Retry())
        elif view.next_button.isEnabled():
            view.go_next()  # step 2's result shown again by « Précédent »: on to step 3
    elif step in (Step.IDENTIFY, Step.CONNECT, Step.CONSENT) and view.next_button.isEnabled():
        view.go_next()
    elif step is Step.ACCOUNT and flow.wants_account is None:
        view.account_page.focus_first()  # Entrée never answers for the patient: the question first
    elif step is Step.ACCOUNT and view.account_page.create_button.isEnabled():
        view.request_creation()
    elif step is Step.RESULT and flow.can_restart:
        view.leave_requested.emit()


def handle_key(view: WizardView, event: QKeyEvent) -> bool:
    """Entrée and Échap are the wizard's (accepted, True); any other key is not (False)."""
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        enter(view)
    elif event.key() == Qt.Key.Key_Escape:
        view.request_cancel()
    else:
        return False
    event.accept()
    return True

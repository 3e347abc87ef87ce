"""Clicks and key presses from the patient's card inserted to the accusé sent to the printer, counted.

Every action goes through `Hands`, which delivers a real input event to a visible, enabled widget (a mouse
click, or a key press to the widget that has the keyboard focus, as a keyboard would) and counts it; typing
the e-mail, the mobile or the PIN is counted apart. The card going in is the start (the monitor's event, not
an action). `benchmarks/actions.py` runs this file and prints the table the tests record
(DMP_DESKTOP_ACTIONS_OUT: a JSON lines file).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from dmp_desktop.flow.fakes import single_card
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Step

from .conftest import Fakes

ALT = Qt.KeyboardModifier.AltModifier


@dataclass
class Count:
    path: str
    clicks: int = 0
    keys: int = 0
    typed: int = 0
    target: int = 0

    @property
    def actions(self) -> int:
        return self.clicks + self.keys


class Hands:
    """The pharmacist's hands: each call is one real input event (or a run of typed characters), counted."""

    def __init__(self, driver, count: Count) -> None:
        self.d = driver
        self.count = count

    def click(self, widget: QWidget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget
        self.d.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.count.clicks += 1
        self.d.idle()

    def click_row(self, index: int) -> None:
        table = self.d.view.identify_page.table
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == index)
        rect = table.visualItemRect(table.item(row, 1))
        self.d.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.count.clicks += 1
        self.d.idle()

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        target = self.focus()
        self.d.qtbot.keyClick(target, key, modifier)
        self.count.keys += 1
        if modifier == ALT:
            self.d.qtbot.wait(150)  # a mnemonic "animates" its click
        self.d.idle()

    def type(self, text: str) -> None:
        self.d.qtbot.keyClicks(self.focus(), text)
        self.count.typed += len(text)
        self.d.idle()

    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None and widget.isVisible(), "no widget has the keyboard focus"
        return widget


def _record(count: Count) -> None:
    out = os.environ.get("DMP_DESKTOP_ACTIONS_OUT")
    if out:
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps({**asdict(count), "actions": count.actions}) + "\n")


def _open_session(d) -> None:
    """A first patient of the day (not counted): the pharmacist's PIN opens the card session kept afterwards."""
    d.insert(single_card(first_name="Paul", holder_nir="282056912304564"))
    d.next_from_identify()
    d.at(Step.CONSENT)
    d.consent()
    d.account(wants=False)
    d.create()
    d.click(d.view.result_page.new_button)
    d.remove()
    assert d.flow.professional is not None


def _sent(d) -> None:
    d.at(Step.RESULT)
    assert d.flow.outcome is Outcome.CREATED
    assert d.flow.report is not None and d.flow.report.printed  # handed to the printer
    assert d.fakes.printer.jobs


def _window(make_driver, fakes: Fakes, session_open: bool):
    d = make_driver(fakes.with_card())
    if session_open:
        _open_session(d)
    # the PIN dialog closing leaves no active window offscreen; at the counter the window is the active one
    d.window.activateWindow()
    d.qtbot.waitUntil(d.window.isActiveWindow)
    d.fakes.printer.jobs.clear()
    return d


def single_no_account(d, hands: Hands) -> None:
    d.insert(single_card())  # pre-selected: the one eligible beneficiary
    hands.click(d.view.next_button)
    d.at(Step.CONSENT)  # step 2 found no DMP and moved on by itself
    hands.click(d.view.consent_page.oral)
    hands.click(d.view.consent_page.no)
    hands.click(d.view.next_button)
    d.at(Step.ACCOUNT)
    hands.click(d.view.account_page.create_button)  # « Créer sans compte »: no answer yet means Non


def family_no_account(d, hands: Hands) -> None:
    d.insert()  # the Martin family: two eligible beneficiaries, nobody pre-selected
    hands.click_row(1)
    hands.click(d.view.next_button)
    d.at(Step.CONSENT)
    hands.click(d.view.consent_page.oral)
    hands.click(d.view.consent_page.yes)
    hands.click(d.view.next_button)
    d.at(Step.ACCOUNT)
    hands.click(d.view.account_page.create_button)  # the patient said no: « Créer sans compte »
    assert d.flow.report is not None and d.flow.report.account is None


def single_with_account(d, hands: Hands) -> None:
    d.insert(single_card())
    hands.click(d.view.next_button)
    d.at(Step.CONSENT)
    hands.click(d.view.consent_page.oral)
    hands.click(d.view.consent_page.yes)
    hands.click(d.view.next_button)
    d.at(Step.ACCOUNT)
    page = d.view.account_page
    hands.click(page.yes)
    assert hands.focus() is page.email  # « Oui » puts the focus in the e-mail
    hands.type("jean.martin@example.fr")
    hands.key(Qt.Key.Key_Return)  # on to the mobile, never a creation
    assert hands.focus() is page.mobile and d.flow.step is Step.ACCOUNT
    hands.type("0612345678")
    assert page.create_button.text().replace("&", "") == "Créer avec compte"
    hands.click(page.create_button)
    report = d.flow.report
    assert report is not None and report.order.account is not None
    assert report.order.account.email == "jean.martin@example.fr" and report.order.account.mobile == "+33612345678"


def keyboard_only(d, hands: Hands) -> None:
    d.insert(single_card())  # the beneficiaries' table takes the focus
    hands.key(Qt.Key.Key_Return)  # Suivant
    d.at(Step.CONSENT)
    hands.key(Qt.Key.Key_Space)  # the oral consent box has the focus
    hands.key(Qt.Key.Key_N, ALT)  # emergency access: &Non
    hands.key(Qt.Key.Key_Return)
    d.at(Step.ACCOUNT)
    hands.key(Qt.Key.Key_C, ALT)  # &Créer sans compte


def keyboard_with_account(d, hands: Hands) -> None:
    d.insert(single_card())
    hands.key(Qt.Key.Key_Return)
    d.at(Step.CONSENT)
    hands.key(Qt.Key.Key_Space)
    hands.key(Qt.Key.Key_O, ALT)
    hands.key(Qt.Key.Key_Return)
    d.at(Step.ACCOUNT)
    hands.key(Qt.Key.Key_O, ALT)  # account: &Oui, the focus goes to the e-mail
    hands.type("jean.martin@example.fr")
    hands.key(Qt.Key.Key_Return)
    hands.type("0612345678")
    hands.key(Qt.Key.Key_C, ALT)  # &Créer avec compte


def first_patient_with_pin(d, hands: Hands) -> None:
    d.insert(single_card())
    hands.click(d.view.next_button)
    d.qtbot.waitUntil(d.view.pin_dialog.isVisible, timeout=3000)  # it takes the focus by itself
    hands.type(d.fakes.pin)
    hands.key(Qt.Key.Key_Return)
    d.at(Step.CONSENT)
    hands.click(d.view.consent_page.oral)
    hands.click(d.view.consent_page.no)
    hands.click(d.view.next_button)
    d.at(Step.ACCOUNT)
    hands.click(d.view.account_page.create_button)


PATHS = [
    # (name, drive, target actions, session already open)
    ("one beneficiary, no account", single_no_account, 5, True),
    ("family card, no account", family_no_account, 6, True),
    ("one beneficiary, with account (e-mail + mobile)", single_with_account, 7, True),
    ("keyboard only, one beneficiary, no account", keyboard_only, 5, True),
    ("keyboard only, with account (e-mail + mobile)", keyboard_with_account, 7, True),
    ("first patient of the day: PIN typed + Entrée", first_patient_with_pin, 6, False),
]


@pytest.mark.parametrize(("name", "drive", "target", "session_open"), PATHS, ids=[p[0] for p in PATHS])
def test_actions_from_card_to_accuse(make_driver, name, drive, target, session_open):
    d = _window(make_driver, Fakes(), session_open)
    count = Count(name, target=target)
    drive(d, Hands(d, count))
    _sent(d)
    _record(count)
    assert count.actions <= target, count

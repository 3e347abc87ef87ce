"""Contrast ≥ 4.5:1 (WCAG AA) for every visible text of the window in each state of a visit, greyed ones
included, and in the menus' dialogs: colours from the palettes and style sheets in use, checked against the
window's own rendering."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from dmp_desktop.settings import Settings
from dmp_desktop.ui.history_view import HistoryDialog
from dmp_desktop.ui.ledger_view import LedgerDialog
from dmp_desktop.ui.pin_dialog import PinDialog
from dmp_desktop.ui.settings_dialog import SettingsDialog

from .a11y_tools import at_the_pin_dialog, inspect_modal, low_contrast, text_samples
from .conftest import Fakes


def _check(window, state: str, failures: list[str]) -> None:
    samples = sorted(text_samples(window), key=lambda s: s.ratio)
    assert samples, f"{state}: no text found"  # the walk sees the window's texts at all
    print(f"{state}: lowest {samples[0]}")  # pytest -s: the figures of docs/ui.md
    failures += [f"{state}: {line}" for line in low_contrast(window)]


def test_every_text_of_a_visit_reaches_4_5_to_1(make_driver):
    d = make_driver(Fakes(), settings=Settings())  # the training defaults: the training banner shows too
    assert d.window.training_banner.isVisible()
    failures: list[str] = []
    _check(d.window, "start", failures)
    d.insert()  # the Martin card: Léa has no NIR of her own, her row is greyed
    _check(d.window, "beneficiaries, none selected", failures)
    d.select(0)
    _check(d.window, "beneficiaries, one selected", failures)
    d.select(2)
    _check(d.window, "ineligible beneficiary selected", failures)
    d.select(0)
    d.next_from_identify()
    d.at(d.flow.step.CONSENT)
    _check(d.window, "step 3, nothing answered (Suivant greyed)", failures)
    d.remove()  # the card pulled after the identity was read: the patient strip says so, the visit goes on
    _check(d.window, "step 3, card pulled", failures)
    d.consent()
    _check(d.window, "step 4, nothing answered", failures)
    d.account(True, email="patient@")
    _check(d.window, "step 4, e-mail being typed", failures)
    d.account(True, email="exemple.fr")
    d.qtbot.keyClick(d.view.account_page.email, Qt.Key.Key_Tab)  # leave the field: it is checked
    d.idle()
    _check(d.window, "step 4, answered", failures)
    d.create()
    _check(d.window, "result", failures)
    assert not failures, "\n".join(failures)


def test_step_2_with_the_pharmacists_card_reaches_4_5_to_1(make_driver):
    d = at_the_pin_dialog(make_driver)
    failures: list[str] = []
    _check(d.window, "step 2, PIN asked", failures)
    _check(d.view.pin_dialog, "PIN dialog, empty (Valider greyed)", failures)
    assert not failures, "\n".join(failures)


def test_the_menus_dialogs_reach_4_5_to_1(make_driver, qtbot):
    d = make_driver(Fakes())
    services = d.view.services
    failures: list[str] = []
    for name, dialog in (
        ("settings", SettingsDialog(services, d.window)),
        ("history", HistoryDialog(services, d.window, today=date(2019, 3, 20))),
        ("ledger", LedgerDialog(services, d.window, today=date(2019, 3, 20))),
        ("PIN", PinDialog(d.window)),
    ):
        dialog.show()
        qtbot.waitExposed(dialog)
        d.idle()
        _check(dialog, name, failures)
        dialog.reject()
    assert not failures, "\n".join(failures)


def test_the_help_and_question_boxes_reach_4_5_to_1(make_driver):
    from dmp_desktop.ui import questions

    d = make_driver(Fakes())
    failures: list[str] = []
    inspect_modal(d.window.show_support, lambda box: _check(box, "support", failures))
    inspect_modal(d.window.show_about, lambda box: _check(box, "about", failures))
    inspect_modal(lambda: questions.ask_cancel(d.window), lambda box: _check(box, "question", failures))
    assert not failures, "\n".join(failures)

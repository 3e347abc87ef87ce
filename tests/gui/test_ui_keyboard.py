"""The whole path without a mouse: arrows, Space, mnemonics, typing, Enter; Esc asks before cancelling."""

from __future__ import annotations

from PySide6.QtCore import Qt

from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Step

ALT = Qt.KeyboardModifier.AltModifier


def _focus(d):
    return d.window.focusWidget()


def test_whole_creation_with_the_keyboard_only(driver):
    d = driver
    qtbot = d.qtbot
    d.window.activateWindow()
    qtbot.waitUntil(lambda: d.window.isActiveWindow())
    d.insert()
    assert _focus(d) is d.view.identify_page.table
    qtbot.keyClick(_focus(d), Qt.Key.Key_Down)
    d.idle()
    assert d.flow.selected_index == 0
    qtbot.keyClick(_focus(d), Qt.Key.Key_Return)
    d.at(Step.CONSENT)
    assert _focus(d) is d.view.consent_page.oral
    qtbot.keyClick(_focus(d), Qt.Key.Key_Space)
    qtbot.keyClick(_focus(d), Qt.Key.Key_O, ALT)  # &Oui (a mnemonic "animates" the click: ~100 ms)
    qtbot.waitUntil(lambda: d.flow.emergency_access is True)
    assert d.flow.oral_consent and d.flow.emergency_access is True
    qtbot.keyClick(_focus(d), Qt.Key.Key_Return)
    d.at(Step.ACCOUNT)
    qtbot.keyClick(_focus(d), Qt.Key.Key_Return)  # no answer yet: Entrée never answers for the patient
    d.idle()
    assert d.flow.step is Step.ACCOUNT and _focus(d) is d.view.account_page.yes
    qtbot.keyClick(_focus(d), Qt.Key.Key_O, ALT)  # &Oui: the focus goes to the e-mail
    qtbot.waitUntil(lambda: d.flow.wants_account is True)
    assert _focus(d) is d.view.account_page.email
    qtbot.keyClicks(_focus(d), "jean.martin@example.fr")
    qtbot.keyClick(_focus(d), Qt.Key.Key_Return)  # on to the mobile, never a creation
    assert _focus(d) is d.view.account_page.mobile and d.flow.step is Step.ACCOUNT
    qtbot.keyClick(_focus(d), Qt.Key.Key_Return)  # on to « Créer avec compte »
    assert _focus(d) is d.view.account_page.create_button and d.flow.step is Step.ACCOUNT
    qtbot.keyClick(_focus(d), Qt.Key.Key_Return)
    d.at(Step.RESULT)
    assert d.flow.outcome is Outcome.CREATED
    assert d.fakes.dmp.count("create") == 1
    assert _focus(d) is d.view.result_page.new_button
    qtbot.keyClick(_focus(d), Qt.Key.Key_Return)
    d.idle()
    assert d.flow.step is Step.IDENTIFY and d.flow.report is None


def test_escape_asks_before_cancelling(driver):
    d = driver
    asked = []
    d.to_consent()
    d.view.confirm_cancel = lambda: asked.append("no") or False
    d.qtbot.keyClick(d.view.consent_page.oral, Qt.Key.Key_Escape)
    assert asked == ["no"] and d.flow.step is Step.CONSENT
    d.view.confirm_cancel = lambda: asked.append("yes") or True
    d.qtbot.keyClick(d.view.consent_page.oral, Qt.Key.Key_Escape)
    d.idle()
    assert asked == ["no", "yes"]
    # in the counter window a cancel starts over for the next patient
    assert d.flow.step is Step.IDENTIFY and d.flow.beneficiary is None
    assert d.fakes.dmp.count("create") == 0


def test_tab_order_on_the_account_page_follows_the_form(driver):
    d = driver
    d.to_consent()
    d.consent()
    page = d.view.account_page
    page.yes.click()
    page.email.setFocus()
    d.qtbot.keyClick(page.email, Qt.Key.Key_Tab)
    assert d.window.focusWidget() is page.mobile


def test_every_interactive_widget_has_an_accessible_name_or_text(driver):
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTableWidget

    d = driver
    missing = []
    for widget in d.window.findChildren(QAbstractButton) + d.window.findChildren(QLineEdit) + d.window.findChildren(
        QTableWidget
    ):
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        internal = widget.objectName().startswith("qt_") or widget.metaObject().className() == "QTableCornerButton"
        if not name and not internal:
            missing.append(widget.metaObject().className())
    assert not missing

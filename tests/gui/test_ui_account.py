"""Step 4 at the counter: the end button, fields checked when left, the domain suggestion, the mobile as said,
what to read back; and step 2's result again by « Précédent » from step 3."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.flow.fakes import single_card
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Step


def _at_account(d):
    d.window.activateWindow()
    d.qtbot.waitUntil(d.window.isActiveWindow)
    d.insert(single_card())
    d.click(d.view.next_button)
    d.at(Step.CONSENT)
    d.consent()
    return d.view.account_page


def _text(button) -> str:
    return button.text().replace("&", "")


def test_the_end_button_says_what_it_creates(driver):
    page = _at_account(driver)
    assert _text(page.create_button) == "Créer sans compte" and page.create_button.isEnabled()
    page.yes.click()
    driver.idle()
    assert _text(page.create_button) == "Créer avec compte" and not page.create_button.isEnabled()
    assert QApplication.focusWidget() is page.email  # « Oui »: on to the e-mail at once
    driver.qtbot.keyClicks(page.email, "jean.martin@example.fr")
    assert page.create_button.isEnabled()
    page.no.click()
    driver.idle()
    assert _text(page.create_button) == "Créer sans compte"
    assert page.unused.isVisible() and "ne sera pas utilisé" in page.unused.text()  # never dropped silently
    driver.create()
    assert driver.flow.outcome is Outcome.CREATED and driver.flow.report.order.account is None


def test_a_field_is_checked_when_left_not_while_typing(driver):
    page = _at_account(driver)
    page.yes.click()
    driver.idle()
    driver.qtbot.keyClicks(page.email, "jean.martin@")
    assert not page.email_error.isVisible()  # still typing
    driver.qtbot.keyClick(page.email, Qt.Key.Key_Return)  # Entrée: on to the mobile, the e-mail is left
    driver.idle()
    assert QApplication.focusWidget() is page.mobile and driver.flow.step is Step.ACCOUNT
    assert page.email_error.isVisible() and page.email_error.text()
    assert driver.flow.field_errors == {"email": ErrorCode.EMAIL_INVALID}
    driver.qtbot.keyClicks(page.email, "example.fr")
    assert not page.email_error.isVisible()  # typing again: quiet until left again


def test_enter_in_the_fields_never_creates(driver):
    page = _at_account(driver)
    page.yes.click()
    driver.idle()
    driver.qtbot.keyClicks(page.email, "jean.martin@example.fr")
    driver.qtbot.keyClick(page.email, Qt.Key.Key_Return)
    driver.qtbot.keyClicks(page.mobile, "0612345678")
    driver.qtbot.keyClick(page.mobile, Qt.Key.Key_Return)
    driver.idle()
    assert QApplication.focusWidget() is page.create_button
    assert driver.flow.step is Step.ACCOUNT and driver.fakes.dmp.count("create") == 0


def test_a_mistyped_domain_is_fixed_in_one_click(driver):
    page = _at_account(driver)
    page.yes.click()
    driver.idle()
    driver.qtbot.keyClicks(page.email, "jean.martin@hotmial.fr")
    assert not page.suggestion.isVisible()
    driver.qtbot.keyClick(page.email, Qt.Key.Key_Return)
    driver.idle()
    assert page.suggestion.isVisible() and "jean.martin@hotmail.fr" in page.suggestion.text()
    driver.click(page.suggestion)
    assert page.email.text() == "jean.martin@hotmail.fr" and not page.suggestion.isVisible()
    assert driver.flow.account_request.email == "jean.martin@hotmail.fr"
    assert "jean.martin@hotmail.fr" in page.readback.text() and page.readback.isVisible()


def test_the_mobile_is_shown_as_the_patient_says_it_and_sent_in_e164(driver):
    page = _at_account(driver)
    page.yes.click()
    driver.idle()
    page.mobile.setFocus()
    driver.qtbot.keyClicks(page.mobile, "+33612345678")
    page.create_button.setFocus()  # the field is left
    driver.idle()
    assert page.mobile.text() == "06 12 34 56 78"
    assert "06 12 34 56 78" in page.readback.text()
    driver.create()
    assert driver.flow.report.order.account.mobile == "+33612345678"


def test_back_from_step_3_shows_step_2_without_moving_on_again(driver):
    d = driver
    d.insert(single_card())
    d.click(d.view.next_button)
    d.at(Step.CONSENT)
    tests = d.fakes.dmp.count("test_existence")
    d.click(d.view.back_button)
    d.qtbot.wait(50)
    d.idle()
    assert d.flow.step is Step.CONNECT and d.view.stack.currentIndex() == 1
    assert d.fakes.dmp.count("test_existence") == tests  # the result shown, not a new test
    assert d.view.next_button.isVisible() and d.view.next_button.isEnabled()
    d.click(d.view.next_button)
    assert d.flow.step is Step.CONSENT


def test_enter_on_step_2_shown_again_moves_on(driver):
    d = driver
    d.window.activateWindow()
    d.qtbot.waitUntil(d.window.isActiveWindow)
    d.insert(single_card())
    d.click(d.view.next_button)
    d.at(Step.CONSENT)
    d.click(d.view.back_button)
    assert d.flow.step is Step.CONNECT
    d.qtbot.keyClick(QApplication.focusWidget() or d.view, Qt.Key.Key_Return)
    d.idle()
    assert d.flow.step is Step.CONSENT


def test_create_with_one_contact_wrong_says_which_beside_it(driver):
    page = _at_account(driver)
    page.yes.click()
    driver.idle()
    driver.qtbot.keyClicks(page.email, "jean.martin@example.fr")
    page.mobile.setFocus()
    driver.qtbot.keyClicks(page.mobile, "06 12")
    assert page.create_button.isEnabled()  # one valid contact is enough to offer it
    driver.click(page.create_button)
    assert driver.flow.step is Step.ACCOUNT and driver.fakes.dmp.count("create") == 0
    assert page.mobile_error.isVisible() and not page.email_error.isVisible()


def test_enter_in_the_mobile_checks_it_even_with_the_button_disabled(driver):
    page = _at_account(driver)
    page.yes.click()
    driver.idle()
    page.mobile.setFocus()
    driver.qtbot.keyClicks(page.mobile, "06 12")
    driver.qtbot.keyClick(page.mobile, Qt.Key.Key_Return)
    driver.idle()
    assert not page.create_button.isEnabled() and page.mobile_error.isVisible()
    assert driver.flow.step is Step.ACCOUNT

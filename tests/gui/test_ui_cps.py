"""Step 2 with the pharmacist's CPS through the widgets: PIN right, wrong, final try, locked, card pulled, two
situations, expired card, one PIN for two patients (fake card and connector on the real ProfessionalSessions)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from PySide6.QtCore import Qt

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.flow.fakes import single_card
from dmp_desktop.flow.fakes_cps import FAKE_HOLDER, FAKE_SITUATION, SECOND_SITUATION, FakeCpsReader
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import CpsStage, Step

from .conftest import Fakes


def to_step_2(d, index: int = 0) -> None:
    d.insert()
    d.select(index)
    d.click(d.view.next_button)


def test_pin_right_connects_as_the_card_holder_and_tests_the_dmp(make_driver, caplog):
    caplog.set_level(logging.DEBUG)
    fakes = Fakes().with_card()
    d = make_driver(fakes)
    to_step_2(d)
    assert d.flow.step is Step.CONNECT and d.view.pin_dialog.isVisible()
    box = d.view.connect_page.cps_box
    assert box.isVisible() and not d.view.connect_page.pro_box.isVisible()
    assert box.holder.text() == "Anne LEROY" and "CPS" in box.card_type.text()
    assert box.validity.text() == "du 01/01/2018 au 01/01/2021" and box.pin.text() == "3 essais"
    assert "3 essais" in d.view.pin_dialog.tries.text()
    d.qtbot.keyClicks(d.view.pin_dialog.pin, "12a34")  # the validator keeps digits only, four at most
    assert d.view.pin_dialog.pin.text() == "1234"
    assert d.view.pin_dialog.pin.echoMode() is d.view.pin_dialog.pin.EchoMode.Password
    d.qtbot.keyClick(d.view.pin_dialog.pin, Qt.Key.Key_Return)
    d.idle()
    d.at(Step.CONSENT)
    assert d.view.pin_dialog.pin.text() == ""
    connection = fakes.connector.opened[0]
    assert connection.situation == FAKE_SITUATION
    assert [p.national_id for p in connection.pharmacists] == ["810001234567"]  # TD0.2 named the holder
    assert "1234" not in caplog.text
    assert "Anne LEROY (carte CPS, n° 810001234567)" in d.window.status_label.text()


def test_wrong_pin_then_final_try_warning_then_locked(make_driver):
    fakes = Fakes().with_card()
    d = make_driver(fakes)
    to_step_2(d)
    d.pin("0000")
    dialog = d.view.pin_dialog
    assert dialog.isVisible() and "2 essais restants" in dialog.tries.text()
    assert "Code PIN incorrect" in dialog.problem.text()
    d.pin("0000")
    assert dialog.isVisible() and "Dernier essai : un code faux bloque la carte" in dialog.tries.text()
    assert "dernier essai" in d.view.connect_page.cps_box.pin.text()
    # on the final try the PIN goes to the card only once the pharmacist has confirmed it
    dialog.confirm_final_try = lambda: False
    d.pin("0000")
    assert dialog.isVisible() and fakes.cps.logins == 2 and dialog.pin.text() == "0000"
    dialog.pin.clear()
    dialog.confirm_final_try = lambda: True
    d.pin("0000")
    assert fakes.cps.logins == 3 and not dialog.isVisible()
    assert d.flow.error is ErrorCode.CPS_PIN_LOCKED
    banner = d.view.connect_page.banner.text()
    assert "bloquée" in banner and "PUK" in banner and "pas au comptoir" in banner
    assert not d.view.connect_page.cps_box.pin_button.isVisible()
    assert d.view.connect_page.cps_box.pin.text() == "carte bloquée"


def test_a_locked_card_asks_no_pin(make_driver):
    fakes = Fakes().with_card(FakeCpsReader(tries_left=0))
    d = make_driver(fakes)
    to_step_2(d)
    assert not d.view.pin_dialog.isVisible() and "PUK" in d.view.connect_page.banner.text()
    assert "bloquée" in d.view.connect_page.cps_box.state.text() and fakes.cps.logins == 0


def test_escape_closes_the_dialog_and_the_pin_can_be_asked_again(make_driver):
    fakes = Fakes().with_card()
    d = make_driver(fakes)
    to_step_2(d)
    d.qtbot.keyClick(d.view.pin_dialog.pin, Qt.Key.Key_Escape)
    d.idle()
    box = d.view.connect_page.cps_box
    assert not d.view.pin_dialog.isVisible() and box.pin_button.isVisible() and d.flow.step is Step.CONNECT
    d.qtbot.keyClick(d.view, Qt.Key.Key_Return)  # Entrée on the page: the dialog again
    d.idle()
    d.pin()
    d.at(Step.CONSENT)


def test_card_pulled_at_consent_asks_for_it_again_and_keeps_the_answers(make_driver):
    fakes = Fakes().with_card()
    d = make_driver(fakes)
    d.to_consent()
    page = d.view.consent_page
    d.qtbot.mouseClick(page.oral, Qt.MouseButton.LeftButton)
    d.qtbot.mouseClick(page.no, Qt.MouseButton.LeftButton)
    d.window.remove_cps_action.trigger()  # pulled in the pool, then CpsRemoved, then a read finding no card
    d.qtbot.waitUntil(lambda: d.flow.cps_stage is CpsStage.MISSING and not d.flow.busy, timeout=3000)
    assert d.flow.step is Step.CONNECT
    assert d.view.connect_page.cps_box.state.text() == "Insérez votre carte CPS ou CPE"
    assert d.view.connect_page.retry_button.text() == "&Lire la carte CPS"
    assert fakes.connector.opened[0].closed  # the session and its connection are gone with the card
    assert "pas de session ouverte" in d.window.status_label.text()
    d.window.cps_actions[0].trigger()  # the card back in
    d.idle()
    d.pin()
    d.at(Step.CONSENT)
    assert page.oral.isChecked() and page.no.isChecked() and d.flow.emergency_access is False
    assert d.flow.beneficiary is not None and d.flow.beneficiary.index == 0


def test_two_situations_the_pharmacist_chooses_with_the_keyboard(make_driver):
    fakes = Fakes().with_card(FakeCpsReader(situations=(FAKE_SITUATION, SECOND_SITUATION)))
    d = make_driver(fakes)
    to_step_2(d)
    d.pin()
    box = d.view.connect_page.cps_box
    assert d.flow.step is Step.CONNECT and box.situations.isVisible() and box.situations.count() == 2
    assert fakes.connector.opened == []  # nothing chosen for the pharmacist
    box.situations.setFocus()
    d.qtbot.keyClick(box.situations, Qt.Key.Key_Down)
    d.qtbot.keyClick(d.view, Qt.Key.Key_Return)
    d.idle()
    d.at(Step.CONSENT)
    assert fakes.connector.opened[0].situation == SECOND_SITUATION
    assert d.flow.professional is not None and d.flow.professional.pharmacy.name == "Pharmacie de la Gare"


def test_an_expired_card_is_refused_with_what_to_do(make_driver):
    old = dataclasses.replace(FAKE_HOLDER, not_before=dt.date(2015, 1, 1), not_after=dt.date(2018, 1, 1))
    fakes = Fakes().with_card(FakeCpsReader(holder=old))
    d = make_driver(fakes)
    to_step_2(d)
    assert not d.view.pin_dialog.isVisible() and d.flow.error is ErrorCode.CPS_EXPIRED
    assert "n’est plus valide" in d.view.connect_page.banner.text() and fakes.cps.logins == 0


def test_one_pin_for_two_patients(make_driver):
    fakes = Fakes().with_card()
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.CREATED
    d.view.confirm_leave = lambda pending: True
    d.remove()  # the first patient takes their carte Vitale back
    d.click(d.view.result_page.new_button)
    d.insert(single_card(first_name="Paul"))
    d.click(d.view.next_button)
    d.at(Step.CONSENT)  # no PIN dialog: the card stayed in
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.CREATED
    assert fakes.cps.logins == 1 and len(fakes.connector.opened) == 1
    assert fakes.dmp.count("create") == 2
    assert {p.national_id for p in fakes.connector.opened[0].pharmacists} == {"810001234567"}


def test_without_a_card_step_2_is_as_before(driver):
    driver.to_consent()
    assert not driver.view.connect_page.cps_box.isVisible() and driver.flow.professional_card is False
    assert not driver.window.cps_actions


def test_a_card_pulled_without_a_word_is_noticed_at_step_3(make_driver):
    """A PKCS#11 card sends no event when pulled: the view looks while a session serves steps 2-4."""
    fakes = Fakes().with_card()
    d = make_driver(fakes)
    d.to_consent()
    d.qtbot.mouseClick(d.view.consent_page.oral, Qt.MouseButton.LeftButton)
    fakes.cps.pull()  # straight out of the reader, not through the menu
    d.qtbot.waitUntil(lambda: d.flow.step is Step.CONNECT and d.flow.cps_stage is CpsStage.MISSING, timeout=5000)
    assert d.flow.oral_consent and fakes.connector.opened[0].closed


def test_every_control_of_the_card_and_the_pin_dialog_is_named(make_driver):
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QListWidget

    fakes = Fakes().with_card(FakeCpsReader(situations=(FAKE_SITUATION, SECOND_SITUATION)))
    d = make_driver(fakes)
    to_step_2(d)
    dialog = d.view.pin_dialog
    controls = [*dialog.findChildren(QAbstractButton), *dialog.findChildren(QLineEdit)]
    box = d.view.connect_page.cps_box
    controls += [*box.findChildren(QAbstractButton), *box.findChildren(QListWidget)]
    assert len(controls) >= 5
    for widget in controls:
        assert widget.accessibleName() or getattr(widget, "text", lambda: "")(), widget
    assert dialog.pin.accessibleName() == "Code PIN de la carte CPS, 4 chiffres"


def test_card_pulled_before_the_account_retry_asks_its_pin_on_the_result_page(make_driver):
    fakes = Fakes().with_card()
    fakes.dmp.fail("open_web_account", ErrorCode.DMP_TIMEOUT)
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr")
    d.create()
    assert d.flow.outcome is Outcome.CREATED and d.flow.report.account_pending
    fakes.cps.pull()  # the pharmacist leaves with the card
    d.click(d.view.result_page.retry_button)
    assert d.flow.step is Step.RESULT and d.flow.card_error is ErrorCode.CPS_REMOVED
    assert "carte CPS a été retirée" in d.view.result_page.print_banner.text()
    d.window.cps_actions[0].trigger()  # back in: the PIN over the result page
    d.pin()
    d.qtbot.waitUntil(lambda: not d.flow.report.account_pending, timeout=3000)
    assert d.flow.report.account is not None and fakes.cps.logins == 2
    assert fakes.dmp.count("create") == 1  # the DMP itself was never asked for again

"""Steps 2-4 and the result name the patient read at step 1 (name, né / née, INS type), and say when the card
has left the reader; the step bar never ticks a step the visit skipped."""

from __future__ import annotations

from types import SimpleNamespace

from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import DmpStatus
from dmp_desktop.flow.fakes import sample_card
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import CardPresence, Step
from dmp_desktop.ui.pages.strip import PatientStrip


def _ins_of(index: int) -> str:
    ins = sample_card().beneficiaries[index].ins(InsEnvironment.TEST)
    assert ins is not None
    return ins.value


def test_the_strip_names_the_patient_on_steps_2_to_4_and_the_result(driver):
    d = driver
    d.insert()
    d.select(0)
    assert not d.view.identify_page.strip.isVisible()  # step 1 shows the card itself
    d.next_from_identify()
    d.at(Step.CONSENT)
    for page in (d.view.connect_page, d.view.consent_page):
        assert page.strip.isVisibleTo(page)
        assert "MARTIN Jean" in page.strip.text() and "né le 12/05/1980" in page.strip.text()
        assert "INS-C" in page.strip.text()
    assert d.view.consent_page.strip.isVisible()
    d.consent()
    strip = d.view.account_page.strip
    assert strip.isVisible() and "MARTIN Jean, né le 12/05/1980, INS-C" in strip.text()
    assert "Carte retirée" not in strip.text()
    d.account(wants=False)
    d.create()
    assert d.view.result_page.strip.isVisible() and "MARTIN Jean" in d.view.result_page.strip.text()


def test_the_strip_agrees_with_a_woman_and_names_her_ins_nir(driver):
    d = driver
    d.to_consent(index=1)
    text = d.view.consent_page.strip.text()
    assert "MARTIN Sophie" in text and "née le 18/05/1982" in text and "INS-NIR" in text


def test_the_strip_says_the_card_was_pulled_once_the_identity_is_read(qtbot, driver):
    d = driver
    d.to_consent()
    strip = PatientStrip()
    qtbot.addWidget(strip)
    flow = d.flow
    # the flow that keeps going without the card (steps 2-4) says so through `card_presence`
    pulled = SimpleNamespace(
        step=Step.CONSENT, beneficiary=flow.beneficiary, ins=flow.ins, card_presence=CardPresence.REMOVED
    )
    strip.draw(pulled)
    assert "Carte retirée — identité déjà lue" in strip.text()
    assert strip.card.isVisibleTo(strip) and "MARTIN Jean" in strip.text()
    for presence in (CardPresence.PRESENT, CardPresence.OTHER):  # another card in: said by the view, not here
        strip.draw(
            SimpleNamespace(step=Step.CONSENT, beneficiary=flow.beneficiary, ins=flow.ins, card_presence=presence)
        )
        assert "Carte retirée" not in strip.text() and not strip.card.isVisibleTo(strip)
    # after the creation the card is not needed: no warning on the result
    removed = CardPresence.REMOVED
    strip.draw(SimpleNamespace(step=Step.RESULT, beneficiary=flow.beneficiary, ins=flow.ins, card_presence=removed))
    assert "Carte retirée" not in strip.text()


def test_an_existing_dmp_leaves_steps_3_and_4_undone_in_the_step_bar(fakes, make_driver):
    fakes.dmp.dmps[_ins_of(0)] = DmpStatus.EXISTS
    d = make_driver(fakes)
    d.insert()
    d.select(0)
    d.click(d.view.next_button)
    d.at(Step.RESULT)
    assert d.flow.outcome is Outcome.ALREADY_EXISTS
    bar = d.view.steps
    assert bar.current == 4 and bar.done == {0, 1}
    labels = [label.text() for label in bar._labels]
    assert labels[0].startswith("✔") and labels[1].startswith("✔")
    assert not labels[2].startswith("✔") and not labels[3].startswith("✔")
    assert "(faite)" not in bar._labels[2].accessibleName() and "(faite)" not in bar._labels[3].accessibleName()


def test_a_created_dmp_ticks_every_step(driver):
    d = driver
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.view.steps.done == {0, 1, 2, 3}
    assert all(label.text().startswith("✔") for label in d.view.steps._labels[:4])


def test_an_existing_dmp_assumes_no_online_account_and_offers_another_beneficiary(fakes, make_driver):
    fakes.dmp.dmps[_ins_of(1)] = DmpStatus.EXISTS
    d = make_driver(fakes)
    d.insert()
    d.select(1)
    d.click(d.view.next_button)
    d.at(Step.RESULT)
    page = d.view.result_page
    assert page.heading.text() == "Cette patiente a déjà un DMP"
    words = page.banner.text()
    assert "Dites à la patiente" in words and "Rien à créer ni à compter" in words
    # nothing says she has logins or reads it online already
    assert "identifiants" not in words and "le consulte sur dmp.fr" not in words
    back = d.view.back_button
    assert back.isVisible() and back.text().replace("&", "") == "< Choisir un autre bénéficiaire"
    d.click(back)
    d.at(Step.IDENTIFY)
    assert d.view.identify_page.table.isVisible() and d.flow.card is not None
    assert not back.isVisible() and back.text() == "< &Précédent"


def test_a_closed_dmp_tells_the_patient_where_to_go(fakes, make_driver):
    fakes.dmp.dmps[_ins_of(0)] = DmpStatus.CLOSED
    d = make_driver(fakes)
    d.insert()
    d.select(0)
    d.click(d.view.next_button)
    d.at(Step.RESULT)
    page = d.view.result_page
    assert page.heading.text() == "Le DMP de ce patient est fermé"
    assert "Dites au patient" in page.banner.text() and "caisse d’Assurance Maladie" in page.banner.text()
    assert d.view.steps.done == {0, 1}
    assert d.view.back_button.text().replace("&", "") == "< Choisir un autre bénéficiaire"


def test_a_failed_creation_keeps_the_usual_back_button(fakes, make_driver):
    from dmp_desktop.domain.errors import ErrorCode

    fakes.dmp.fail("create", ErrorCode.DMP_UNREACHABLE)
    d = make_driver(fakes)
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome in (Outcome.ERROR, Outcome.PENDING) and d.flow.can_back
    assert d.view.back_button.text() == "< &Précédent"

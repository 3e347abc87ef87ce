"""Card pulled at each step: step 1 waits for it; steps 2-4 go on with the identity read; the result ignores it."""

from __future__ import annotations

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import Step


def test_removed_on_identify_goes_back_to_waiting(driver):
    d = driver
    d.insert()
    assert d.view.identify_page.table.isVisible()
    d.remove()
    assert d.flow.card is None
    assert not d.view.identify_page.table.isVisible()
    assert "Insérez la carte Vitale" in d.view.identify_page.instruction.text()


def test_removed_on_connect_error_keeps_step_2_and_says_so(fakes, make_driver):
    fakes.dmp.fail("test_existence", ErrorCode.DMP_TIMEOUT)
    d = make_driver(fakes)
    d.insert()
    d.select(0)
    d.click(d.view.next_button)
    d.at(Step.CONNECT)
    d.remove()
    assert d.flow.step is Step.CONNECT and not d.flow.card_present
    assert d.view.stack.currentIndex() == 1
    strip = d.view.connect_page.strip  # the patient's strip says it, under the heading
    assert strip.card.isVisible() and "Carte retirée — identité déjà lue" in strip.text()
    d.click(d.view.connect_page.retry_button)  # the test again, with the identity read
    d.at(Step.CONSENT)


def test_removed_on_consent_the_visit_goes_on_to_the_creation(driver):
    d = driver
    d.to_consent()
    page = d.view.consent_page
    page.oral.click()
    page.no.click()
    d.idle()
    d.remove()
    assert d.flow.step is Step.CONSENT and page.oral.isChecked() and page.no.isChecked()
    assert page.strip.card.isVisible() and "identité déjà lue" in page.strip.text()
    d.click(d.view.next_button)
    d.at(Step.ACCOUNT)
    d.create()
    assert d.flow.outcome is Outcome.CREATED and d.fakes.dmp.count("create") == 1
    assert "Carte retirée" not in d.view.result_page.strip.text()  # the result needs no card
    d.click(d.view.result_page.new_button)
    assert d.flow.step is Step.IDENTIFY and d.flow.card is None and not d.flow.busy  # waits for a card
    assert "Insérez la carte Vitale" in d.view.identify_page.instruction.text()


def test_removed_on_account_then_back_to_step_1_reads_the_next_card(driver):
    d = driver
    d.to_consent(0)
    d.consent()
    d.account(wants=True, email="jean.martin@example.fr")
    d.remove()
    assert d.flow.step is Step.ACCOUNT and d.flow.email_text == "jean.martin@example.fr"
    for _ in range(3):
        d.click(d.view.back_button)  # 4 → 3 → 2 (no new test) → 1
    assert d.flow.step is Step.IDENTIFY and d.flow.card is None
    d.insert()
    d.select(1)  # Sophie: another patient, so no answers carried over
    d.click(d.view.next_button)
    d.at(Step.CONSENT)
    assert not d.view.consent_page.oral.isChecked()
    assert d.view.consent_page.emergency.checkedButton() is None


def test_removed_on_result_changes_nothing(driver):
    d = driver
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.create()
    d.remove()
    assert d.flow.step is Step.RESULT and d.flow.outcome is Outcome.CREATED
    assert d.view.result_page.again_button.isVisible()  # « Non : Réimprimer », the reprint while it is asked


def test_removed_while_creating_lets_the_creation_finish(driver):
    import threading

    d = driver
    gate = threading.Event()
    original = d.fakes.dmp.create

    def slow_create(*args):
        gate.wait(5)
        return original(*args)

    d.fakes.dmp.create = slow_create
    d.to_consent()
    d.consent()
    d.account(wants=False)
    d.view.account_page.create_button.click()
    d.qtbot.waitUntil(lambda: d.flow.step is Step.CREATING)
    from dmp_desktop.flow import events as ev

    d.view.send(ev.CardRemoved(""))  # the DMP no longer needs the card once TD1.1 is on its way
    gate.set()
    d.at(Step.RESULT)
    assert d.flow.outcome is Outcome.CREATED and d.fakes.dmp.count("create") == 1


def test_pcsc_service_down_then_up_is_told_on_the_identify_page(driver):
    from dmp_desktop.domain.ports import CardEvent, CardEventKind

    d = driver
    d.view.on_card_event(CardEvent(CardEventKind.SERVICE_DOWN))
    assert "lecteurs de cartes ne répond pas" in d.view.identify_page.reader_status.text()
    d.view.on_card_event(CardEvent(CardEventKind.SERVICE_UP))
    d.idle()
    assert "Fake Reader 00" in d.view.identify_page.reader_status.text()


def test_events_from_another_reader_are_ignored_when_one_is_chosen(fakes, make_driver):
    from dataclasses import replace

    from dmp_desktop.domain.ports import CardEvent, CardEventKind
    from dmp_desktop.flow.fakes import sample_card
    from dmp_desktop.settings import Settings

    settings = Settings()
    d = make_driver(fakes, replace(settings, card=replace(settings.card, reader="Fake Reader 00")))
    fakes.reader.insert(sample_card(reader="Other Reader"))
    d.view.on_card_event(CardEvent(CardEventKind.CARD_INSERTED, "Other Reader"))
    d.idle()
    assert d.flow.card is None and fakes.reader.reads == []

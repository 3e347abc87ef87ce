"""A Vitale card put in at steps 2-4 after the patient's was pulled: the view says whose card it is, and the
creation still goes out for the patient whose identity was read."""

from __future__ import annotations

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.fakes import sample_card, single_card
from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.wizard import CardPresence, Step

OTHER_NIR = "269054958815780"  # another insured person (valid key)


def other_card():
    return single_card(first_name="Paul", holder_nir=OTHER_NIR)


def consent_with_card_pulled(d) -> None:
    d.to_consent(0)  # MARTIN Jean
    d.remove()
    assert d.view.consent_page.strip.card.isVisible() and not d.view.card_status.isVisible()  # « Carte retirée »


def pulled_said(d) -> bool:
    return "Carte retirée" in d.view.pages[d.view.stack.currentIndex()].strip.text()


def test_another_patients_card_is_said_and_the_creation_stays_for_the_first(driver):
    from PySide6.QtGui import QAccessible

    from .a11y_tools import low_contrast

    d = driver
    consent_with_card_pulled(d)
    jean = d.flow.ins
    assert jean is not None
    said: list[tuple[str, object]] = []
    d.view.card_status_announced.connect(lambda text, politeness: said.append((text, politeness)))
    d.insert(other_card())
    assert len(said) == 1 and "Une autre carte Vitale" in said[0][0]  # at once, over what is being said
    assert said[0][1] == QAccessible.AnnouncementPoliteness.Assertive
    assert low_contrast(d.window) == []
    assert d.flow.card_presence is CardPresence.OTHER and d.flow.step is Step.CONSENT
    status = d.view.card_status
    assert status.isVisible()
    assert "Une autre carte Vitale est dans le lecteur" in status.text() and "MARTIN Jean" in status.text()
    assert "terminez ou annulez" in status.text()
    assert not pulled_said(d)  # a card is in: not « retirée »
    assert d.view.consent_page.isVisible() and not d.view.overlay.isVisible()  # nothing blocks step 3
    d.consent()
    assert d.view.card_status.isVisible() and "MARTIN Jean" in d.view.card_status.text()  # still said at step 4
    assert len(said) == 1  # not again at each redraw
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.CREATED
    assert d.fakes.dmp.calls[-1] == ("create", jean.value)  # TD1.1 for Jean, never for the card in the reader
    assert d.flow.report is not None and d.flow.report.order.beneficiary.first_name == "Jean"
    assert not d.view.card_status.isVisible()
    d.click(d.view.result_page.new_button)  # « Nouveau patient »: the card in the reader, Paul's
    d.at(Step.IDENTIFY)
    assert d.flow.card is not None and [b.first_name for b in d.flow.beneficiaries] == ["Paul"]


def test_cancel_with_another_patients_card_starts_from_that_card(driver):
    d = driver
    consent_with_card_pulled(d)
    d.insert(other_card())
    assert d.flow.card_presence is CardPresence.OTHER
    d.click(d.view.cancel_button)  # confirmed by the driver
    d.at(Step.IDENTIFY)
    assert d.flow.card is not None and [b.first_name for b in d.flow.beneficiaries] == ["Paul"]
    assert d.fakes.dmp.count("create") == 0


def test_the_same_card_back_puts_the_status_back_to_normal(driver):
    d = driver
    consent_with_card_pulled(d)
    d.insert(sample_card())
    assert d.flow.card_present and d.flow.card_presence is CardPresence.PRESENT
    assert not d.view.card_status.isVisible() and not pulled_said(d)
    assert d.flow.step is Step.CONSENT and d.view.stack.currentIndex() == 2


def test_a_card_that_cannot_be_read_is_said_plainly_and_blocks_nothing(driver):
    d = driver
    consent_with_card_pulled(d)
    d.fakes.reader.fail_next(ErrorCode.CARD_UNKNOWN)
    d.insert(other_card())
    assert d.flow.card_presence is CardPresence.UNREAD and d.flow.error is None
    assert d.view.card_status.isVisible() and "non reconnue" in d.view.card_status.text() and not pulled_said(d)
    assert not d.view.consent_page.banner.isVisible()
    d.consent()
    d.account(wants=False)
    d.create()
    assert d.flow.outcome is Outcome.CREATED


def test_a_card_put_in_at_step_2_is_checked_beside_the_existence_test(fakes, make_driver):
    import threading

    gate = threading.Event()
    original = fakes.dmp.test_existence

    def slow_test(*args):
        gate.wait(5)
        return original(*args)

    fakes.dmp.test_existence = slow_test
    d = make_driver(fakes)
    d.insert()
    d.select(0)
    d.view.next_button.click()
    d.qtbot.waitUntil(lambda: d.flow.running is not None)
    card = other_card()
    fakes.reader.remove(card.reader)  # pulled and another put in while TD0.2 runs (no waiting for the pool)
    d.view.send(ev.CardRemoved(card.reader))
    fakes.reader.insert(card)
    d.view.send(ev.CardInserted(card.reader))
    d.qtbot.waitUntil(lambda: d.flow.card_presence is CardPresence.OTHER, timeout=3000)
    assert d.flow.step is Step.CONNECT and d.flow.busy  # the test still runs
    gate.set()
    d.at(Step.CONSENT)
    assert d.flow.card_presence is CardPresence.OTHER and d.view.card_status.isVisible()

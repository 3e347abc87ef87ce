"""A card put in at steps 2-4 after the patient's was pulled: read beside the step, never moving it; the patient's
own card again, another patient's (the visit stays with the identity read), or a card nobody can read."""

from __future__ import annotations

from collections.abc import Callable

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import DmpStatus, ExistenceResult
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task, TaskRequest
from dmp_desktop.flow.fakes import FAKE_READER, sample_card, single_card
from dmp_desktop.flow.wizard import CardPresence, Step, Wizard

States = dict[str, Callable[[], Wizard]]
OTHER_NIR = "269054958815780"  # another insured person (valid key)


def other_card():
    return single_card(first_name="Paul", holder_nir=OTHER_NIR)


def check_of(w: Wizard) -> TaskRequest:
    req = w.take_task()
    assert req is not None and req.kind is Task.CHECK_CARD, req
    return req


def test_the_same_card_back_is_the_patients_again_and_nothing_else_changes(states: States) -> None:
    w = states["consent_card_pulled"]()
    w.send(ev.ConsentChanged(True))
    ins, generation = w.ins, w.generation
    assert w.card_presence is CardPresence.REMOVED
    assert w.send(ev.CardInserted(FAKE_READER))
    assert w.card_presence is CardPresence.CHECKING and not w.card_present
    assert w.step is Step.CONSENT and not w.busy and w.task is None and w.can_next is False  # emergency unanswered
    req = check_of(w)
    assert req.reader == FAKE_READER and req.generation > generation
    assert w.take_task() is None  # handed out once
    assert w.send(ev.CardReadOk(sample_card(), req.generation))
    assert w.card_presence is CardPresence.PRESENT and w.card_present
    assert w.step is Step.CONSENT and w.ins == ins and w.oral_consent and w.error is None


def test_another_card_carrying_the_patient_counts_as_theirs(states: States) -> None:
    """Jean's INS-C from a card where he is the only beneficiary (a renewed card, say): the same patient."""
    w = states["consent_card_checking"]()
    assert w.send(ev.CardReadOk(single_card(first_name="Jean"), check_of(w).generation))
    assert w.card_presence is CardPresence.PRESENT


def test_a_family_card_back_is_not_the_spouses_when_the_visit_is_hers() -> None:
    """Sophie (INS-NIR) selected; a card with only Jean on it, same holder: not her card."""
    w = Wizard()
    w.send(ev.CardInserted(FAKE_READER))
    req = w.take_task()
    assert req is not None and w.send(ev.CardReadOk(sample_card(), req.generation))
    assert w.send(ev.BeneficiarySelected(1)) and w.send(ev.Next())
    assert w.send(ev.CardRemoved(FAKE_READER)) and w.send(ev.CardInserted(FAKE_READER))
    existence, check = w.take_task(), check_of(w)
    assert existence is not None and existence.kind is Task.TEST_EXISTENCE  # the step's own task first
    assert w.send(ev.CardReadOk(single_card(first_name="Jean"), check.generation))
    assert w.card_presence is CardPresence.OTHER
    assert w.send(ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), existence.generation))
    assert w.step is Step.CONSENT  # the check did not stale the existence test


def test_another_patients_card_keeps_the_visit_and_the_creation_goes_out_for_the_first(
    states: States, builders
) -> None:
    w = states["consent_other_card"]()
    ins = w.ins
    assert w.card_presence is CardPresence.OTHER and not w.card_present
    assert w.beneficiary is not None and w.beneficiary.first_name == "Jean"
    assert w.error is None and not w.busy
    w.send(ev.ConsentChanged(True))
    w.send(ev.EmergencyAnswered(False))
    assert w.send(ev.Next()) and w.step is Step.ACCOUNT
    assert w.card_presence is CardPresence.OTHER  # said at every step until the visit ends
    assert w.send(ev.CreateRequested(account=False))
    req = w.task
    assert req is not None and req.order is not None and req.order.ins == ins
    builders["finish_creation"](w)
    assert w.step is Step.RESULT and w.report is not None and w.report.order.ins == ins
    assert w.send(ev.Restart())
    assert w.step is Step.IDENTIFY and w.card_present  # « Nouveau patient »: the card in the reader is read


def test_cancel_with_another_patients_card_starts_from_that_card(states: States) -> None:
    w = states["consent_other_card"]()
    assert w.send(ev.Cancel()) and w.step is Step.CANCELLED
    assert w.send(ev.Restart()) and w.card_present and w.card is None
    assert w.send(ev.ReadCard())
    req = w.take_task()
    assert req is not None and req.kind is Task.READ_CARD
    assert w.send(ev.CardReadOk(other_card(), req.generation))
    assert w.beneficiary is not None and w.beneficiary.first_name == "Paul"


def test_back_to_step_1_with_another_patients_card_reads_it(states: States) -> None:
    w = states["consent_other_card"]()
    assert w.send(ev.Back()) and w.send(ev.Back())
    assert w.step is Step.IDENTIFY and w.card is None
    req = w.take_task()
    assert req is not None and req.kind is Task.READ_CARD
    assert w.send(ev.CardReadOk(other_card(), req.generation)) and w.card_present


def test_a_card_that_cannot_be_read_is_nobody_known_and_no_error(states: States) -> None:
    for code in (ErrorCode.CARD_UNKNOWN, ErrorCode.CARD_STATUS, ErrorCode.NO_CARD, ErrorCode.INTERNAL):
        w = states["consent_card_checking"]()
        assert w.send(ev.CardReadFailed(code, check_of(w).generation))
        assert w.card_presence is CardPresence.UNREAD and not w.card_present, code
        assert w.step is Step.CONSENT and w.error is None and not w.busy and not w.can_retry


def test_a_card_pulled_mid_read_drops_the_answer(states: States) -> None:
    w = states["consent_card_checking"]()
    req = check_of(w)
    assert w.send(ev.CardRemoved(FAKE_READER))
    assert w.card_presence is CardPresence.REMOVED
    assert not w.send(ev.CardReadOk(sample_card(), req.generation))
    assert not w.send(ev.CardReadFailed(ErrorCode.NO_CARD, req.generation))
    assert w.card_presence is CardPresence.REMOVED


def test_a_second_insert_supersedes_the_first_check(states: States) -> None:
    w = states["consent_card_checking"]()
    first = check_of(w)
    assert w.send(ev.CardRemoved(FAKE_READER)) and w.send(ev.CardInserted(FAKE_READER))
    second = check_of(w)
    assert not w.send(ev.CardReadOk(other_card(), first.generation))
    assert w.send(ev.CardReadOk(sample_card(), second.generation))
    assert w.card_presence is CardPresence.PRESENT


def test_the_check_goes_on_across_steps_2_to_4(states: States) -> None:
    w = states["consent_card_pulled"]()
    w.send(ev.ConsentChanged(True))
    w.send(ev.EmergencyAnswered(True))
    assert w.send(ev.CardInserted(FAKE_READER))
    req = check_of(w)
    assert w.send(ev.Next()) and w.step is Step.ACCOUNT
    assert w.card_presence is CardPresence.CHECKING
    assert w.send(ev.CardReadOk(other_card(), req.generation)) and w.step is Step.ACCOUNT
    assert w.card_presence is CardPresence.OTHER


def test_a_late_answer_never_lands_on_a_later_visit(states: States) -> None:
    for leave in (ev.Restart(), ev.Cancel()):
        w = states["consent_card_checking"]()
        req = check_of(w)
        assert w.send(leave)
        if w.step is Step.CANCELLED:
            assert w.send(ev.Restart())
        assert w.send(ev.ReadCard())
        read = w.take_task()
        assert read is not None and read.kind is Task.READ_CARD
        assert not w.send(ev.CardReadOk(other_card(), req.generation))  # the old check's answer: dropped
        assert w.card is None and w.busy  # still waiting for its own read
        assert w.send(ev.CardReadOk(sample_card(), read.generation)) and w.card_present


def test_no_check_from_the_creation_on(states: States) -> None:
    w = states["account"]()
    assert w.send(ev.CardRemoved(FAKE_READER))
    w.send(ev.AccountWanted(False))
    assert w.send(ev.CreateRequested()) and w.step is Step.CREATING
    assert not w.send(ev.CardInserted(FAKE_READER))  # TD1.1 may be on its way: nothing to check
    create = w.take_task()
    assert create is not None and create.kind is Task.CREATE and w.take_task() is None
    assert w.card_presence is CardPresence.UNREAD  # whose card it is, nobody knows
    assert w.send(ev.CreationFailed(ErrorCode.DMP_UNREACHABLE, create.generation))
    assert w.step is Step.RESULT and w.take_task() is None
    assert w.send(ev.Back()) and w.step is Step.ACCOUNT  # nothing created: back to step 4 with that card in
    req = check_of(w)  # ... which is read now
    assert w.send(ev.CardReadOk(sample_card(), req.generation)) and w.card_present


def test_a_check_in_flight_is_dropped_by_the_creation(states: States) -> None:
    w = states["account"]()
    w.send(ev.AccountWanted(False))
    assert w.send(ev.CardRemoved(FAKE_READER)) and w.send(ev.CardInserted(FAKE_READER))
    req = check_of(w)
    assert w.send(ev.CreateRequested()) and w.step is Step.CREATING
    assert not w.send(ev.CardReadOk(other_card(), req.generation))
    assert w.step is Step.CREATING and w.running is Task.CREATE


def test_a_card_in_without_a_pull_asks_nothing(states: States) -> None:
    w = states["consent"]()
    assert not w.send(ev.CardInserted(FAKE_READER))  # the card read at step 1 never left
    assert w.take_task() is None and w.card_presence is CardPresence.PRESENT


def test_a_card_in_another_reader_is_not_the_patients(states: States) -> None:
    w = states["consent_card_pulled"]()
    assert not w.send(ev.CardInserted("Other Reader"))
    assert w.take_task() is None and w.card_presence is CardPresence.REMOVED

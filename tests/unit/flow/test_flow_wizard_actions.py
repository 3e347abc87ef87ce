"""Fewer actions, fewer mistakes: step 2 moves on by itself, the card is needed at step 1 only, step 4's end
button and its fields checked when left."""

from __future__ import annotations

from collections.abc import Callable

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import DmpStatus, ExistenceResult
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.fakes import FAKE_READER, sample_card
from dmp_desktop.flow.wizard import Step, Wizard

States = dict[str, Callable[[], Wizard]]


# --- step 2 ----------------------------------------------------------------------------------------------


def test_no_dmp_moves_on_to_step_3_and_back_shows_the_result_without_bouncing(states: States) -> None:
    w = states["connect_testing"]()
    req = w.take_task()
    assert req is not None and req.kind is Task.TEST_EXISTENCE
    assert w.send(ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), req.generation))
    assert w.step is Step.CONSENT  # nothing left to decide at step 2
    assert w.send(ev.Back())
    assert w.step is Step.CONNECT and w.existence is not None and w.existence.status is DmpStatus.NOT_FOUND
    assert not w.busy and w.task is None  # no second test that would move on at once
    assert w.can_next and w.can_back
    assert w.send(ev.Next()) and w.step is Step.CONSENT and w.task is None


def test_back_to_step_2_keeps_the_consent_answers(states: States) -> None:
    w = states["consent"]()
    w.send(ev.ConsentChanged(True))
    w.send(ev.EmergencyAnswered(False))
    assert w.send(ev.Back()) and w.send(ev.Next())
    assert w.oral_consent and w.emergency_access is False


def test_step_2_stays_when_there_is_something_to_see(states: States) -> None:
    for status in (DmpStatus.EXISTS, DmpStatus.CLOSED):
        w = states["connect_testing"]()
        req = w.take_task()
        assert req is not None
        w.send(ev.ExistenceChecked(ExistenceResult(status), req.generation))
        assert w.step is Step.RESULT
    w = states["connect_failed"]()
    assert w.step is Step.CONNECT and w.error is ErrorCode.DMP_UNREACHABLE and not w.can_next


# --- the Vitale card, needed at step 1 only ----------------------------------------------------------------


def test_card_pulled_at_steps_2_to_4_keeps_the_visit_going(states: States) -> None:
    for name, step in (("connect_testing", Step.CONNECT), ("consent", Step.CONSENT), ("account", Step.ACCOUNT)):
        w = states[name]()
        task = w.task
        assert w.card_present
        assert w.send(ev.CardRemoved(FAKE_READER))
        assert w.step is step and not w.card_present, name
        assert w.beneficiary is not None and w.ins is not None  # the identity read stays
        assert w.task == task  # the existence test still runs


def test_a_visit_with_its_card_pulled_creates_the_dmp(states: States, builders) -> None:
    w = states["consent"]()
    assert w.send(ev.CardRemoved(FAKE_READER))
    w.send(ev.ConsentChanged(True))
    w.send(ev.EmergencyAnswered(True))
    assert w.send(ev.Next()) and w.step is Step.ACCOUNT
    assert w.send(ev.CreateRequested(account=False)) and w.step is Step.CREATING
    builders["finish_creation"](w)
    assert w.step is Step.RESULT and w.report is not None and w.report.created
    assert w.send(ev.Restart()) and w.step is Step.IDENTIFY and w.card is None and not w.busy  # waits for a card


def test_back_to_step_1_after_a_pull_reads_the_card_in_the_reader_again(states: States) -> None:
    w = states["consent"]()
    assert w.send(ev.CardRemoved(FAKE_READER))
    assert w.send(ev.CardInserted(FAKE_READER))  # perhaps another patient's: checked beside step 3, not shown
    assert w.step is Step.CONSENT and not w.busy and not w.card_present
    assert w.send(ev.Back()) and w.send(ev.Back())
    assert w.step is Step.IDENTIFY and w.card is None
    req = w.take_task()
    assert req is not None and req.kind is Task.READ_CARD
    assert w.take_task() is None  # the check went with steps 2-4


def test_back_to_step_1_without_a_pull_keeps_the_card_read(states: States) -> None:
    w = states["consent"]()
    assert w.send(ev.Back()) and w.send(ev.Back())
    assert w.step is Step.IDENTIFY and w.card is not None and w.task is None


def test_the_exists_result_back_to_step_1_after_a_pull_waits_for_a_card(states: States) -> None:
    w = states["result_exists"]()
    assert not w.send(ev.CardRemoved(FAKE_READER))  # the result does not change
    assert w.send(ev.Back())
    assert w.step is Step.IDENTIFY and w.card is None and not w.busy


# --- step 4 ----------------------------------------------------------------------------------------------


def test_create_without_account_with_no_answer_means_no(states: States) -> None:
    w = states["account"]()
    assert w.wants_account is None and w.can_create and not w.valid
    assert not w.send(ev.Next())  # Entrée waits for the patient's answer
    assert not w.send(ev.CreateRequested())
    assert w.step is Step.ACCOUNT
    assert w.send(ev.CreateRequested(account=False))
    assert w.step is Step.CREATING and w.wants_account is False
    req = w.task
    assert req is not None and req.order is not None and req.order.account is None


def test_the_end_button_drawn_for_another_answer_is_refused(states: States) -> None:
    w = states["account_ready"]()
    assert not w.send(ev.CreateRequested(account=False))  # « Créer sans compte » after Oui: stale
    assert w.step is Step.ACCOUNT
    w = states["account"]()
    assert not w.send(ev.CreateRequested(account=True))


def test_create_with_account_is_offered_once_a_contact_is_valid(states: States) -> None:
    w = states["account"]()
    w.send(ev.AccountWanted(True))
    assert not w.can_create
    w.send(ev.ContactsEntered("jean.martin@example", ""))
    assert not w.can_create
    w.send(ev.ContactsEntered("jean.martin@example.fr", ""))
    assert w.can_create and w.field_errors == {}
    w.send(ev.ContactsEntered("jean.martin@example.fr", "06 12"))
    assert w.can_create  # one valid contact: offered; the click shows what is wrong with the other
    assert w.send(ev.CreateRequested(account=True))
    assert w.step is Step.ACCOUNT and w.field_errors == {"mobile": ErrorCode.PHONE_INVALID}
    assert w.error is None  # said beside the mobile, not as a missing contact
    w.send(ev.ContactsEntered("jean.martin@example.fr", ""))
    assert w.send(ev.CreateRequested(account=True)) and w.step is Step.CREATING


def test_a_field_is_checked_when_left_and_again_when_retyped(states: States) -> None:
    w = states["account"]()
    w.send(ev.AccountWanted(True))
    w.send(ev.ContactsEntered("jean@", ""))
    assert w.field_errors == {}
    assert w.send(ev.ContactLeft("email"))
    assert w.field_errors == {"email": ErrorCode.EMAIL_INVALID}
    w.send(ev.ContactsEntered("jean@exa", ""))
    assert w.field_errors == {}  # typing again: quiet until left again
    w.send(ev.ContactLeft("email"))
    assert w.field_errors == {"email": ErrorCode.EMAIL_INVALID}


def test_create_asked_with_problems_shows_them_all(states: States) -> None:
    w = states["account"]()
    w.send(ev.AccountWanted(True))
    w.send(ev.ContactsEntered("", "01 23"))
    assert w.send(ev.Next())
    assert w.step is Step.ACCOUNT and w.field_errors == {"mobile": ErrorCode.PHONE_INVALID}
    w.send(ev.ContactsEntered("", ""))
    w.send(ev.Next())
    assert w.error is ErrorCode.ACCOUNT_CHANNEL_MISSING


def test_the_mobile_left_is_shown_as_said_and_sent_in_e164(states: States) -> None:
    w = states["account"]()
    w.send(ev.AccountWanted(True))
    w.send(ev.ContactsEntered("", "+33612345678"))
    assert w.send(ev.ContactLeft("mobile"))
    assert w.mobile_text == "06 12 34 56 78"
    assert w.account_request is not None and w.account_request.mobile == "+33612345678"
    w.send(ev.ContactsEntered("", "0612"))
    w.send(ev.ContactLeft("mobile"))
    assert w.mobile_text == "0612" and w.field_errors == {"mobile": ErrorCode.PHONE_INVALID}  # left as typed


def test_a_mistyped_domain_is_suggested_once_the_email_is_left(states: States) -> None:
    w = states["account"]()
    w.send(ev.AccountWanted(True))
    w.send(ev.ContactsEntered("jean.martin@gmail.con", ""))
    assert w.email_suggestion is None  # not while typing
    w.send(ev.ContactLeft("email"))
    assert w.email_suggestion == "jean.martin@gmail.com"
    w.send(ev.ContactsEntered("jean.martin@gmail.com", ""))  # the suggestion taken
    w.send(ev.ContactLeft("email"))
    assert w.email_suggestion is None and w.account_request is not None
    assert w.account_request.email == "jean.martin@gmail.com"


def test_contacts_typed_then_no_are_said_unused_and_not_sent(states: States) -> None:
    w = states["account"]()
    w.send(ev.AccountWanted(True))
    w.send(ev.ContactsEntered("jean@example.fr", ""))
    assert not w.contacts_unused
    w.send(ev.AccountWanted(False))
    assert w.contacts_unused and w.account_request is None
    assert w.send(ev.CreateRequested(account=False))
    req = w.task
    assert req is not None and req.order is not None and req.order.account is None


def test_contact_left_outside_an_account_answer_is_ignored(states: States) -> None:
    w = states["account"]()
    assert not w.send(ev.ContactLeft("email"))
    w.send(ev.AccountWanted(True))
    assert not w.send(ev.ContactLeft("address"))


def test_a_new_card_after_restart_reads_normally() -> None:
    w = Wizard()
    assert w.send(ev.CardInserted(FAKE_READER))
    req = w.take_task()
    assert req is not None
    assert w.send(ev.CardReadOk(sample_card(), req.generation)) and w.card is not None

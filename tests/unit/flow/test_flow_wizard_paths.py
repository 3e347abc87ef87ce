"""The wizard's rules, path by path: pre-selection, card removal, Back, retries, restart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import Channel, DmpStatus, ExistenceResult, PrintResult, WebAccount
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.fakes import FAKE_READER, HOLDER_NIR, sample_card, single_card
from dmp_desktop.flow.outcomes import Outcome, Stage
from dmp_desktop.flow.wizard import Step, Wizard

States = dict[str, Callable[[], Wizard]]


def read(w: Wizard, card: Any) -> None:
    assert w.send(ev.CardInserted(card.reader))
    req = w.take_task()
    assert req is not None and req.kind is Task.READ_CARD and req.reader == card.reader
    assert w.send(ev.CardReadOk(card, req.generation))


def test_single_eligible_beneficiary_is_preselected() -> None:
    w = Wizard()
    read(w, single_card())
    assert w.selected_index == 0 and w.valid and w.can_next and w.error is None


def test_family_card_preselects_nobody_and_child_without_nir_is_refused() -> None:
    w = Wizard()
    read(w, sample_card())
    assert w.selected_index is None and not w.can_next
    assert w.send(ev.BeneficiarySelected(2))
    assert w.error is ErrorCode.BENEFICIARY_NOT_ELIGIBLE and not w.can_next
    assert w.send(ev.Next()) and w.step is Step.IDENTIFY and w.task is None
    assert w.send(ev.BeneficiarySelected(7)) and w.error is ErrorCode.BENEFICIARY_INDEX
    assert w.send(ev.BeneficiarySelected(1)) and w.error is None and w.can_next
    assert w.ins is not None and w.ins.type.value == "INS-NIR"


def test_expected_nir_from_the_host_selects_and_guards() -> None:
    w = Wizard(expected_nir="2 82 05 69 123 045 64")
    read(w, sample_card())
    assert w.selected_index == 1 and w.can_next
    assert w.send(ev.BeneficiarySelected(0))
    assert w.error is ErrorCode.NIR_MISMATCH and not w.can_next


def test_card_of_another_patient_than_expected() -> None:
    w = Wizard(expected_nir="255063155501869")
    read(w, sample_card())
    assert w.selected_index is None and w.error is ErrorCode.NIR_MISMATCH and not w.can_next


def test_wrong_nir_key_is_not_eligible() -> None:
    w = Wizard()
    read(w, single_card(holder_nir=HOLDER_NIR[:13] + "00"))
    assert w.selected_index is None
    assert w.send(ev.BeneficiarySelected(0)) and w.error is ErrorCode.NIR_INVALID and not w.valid


def test_card_pulled_during_the_read_drops_the_late_result() -> None:
    w = Wizard()
    assert w.send(ev.CardInserted(FAKE_READER))
    req = w.take_task()
    assert req is not None
    assert w.send(ev.CardRemoved(FAKE_READER))
    assert not w.busy and w.card is None
    assert not w.send(ev.CardReadOk(sample_card(), req.generation))
    assert w.card is None


def test_removal_from_another_reader_is_ignored(states: States) -> None:
    w = states["consent"]()
    assert not w.send(ev.CardRemoved("Other Reader 01"))
    assert w.step is Step.CONSENT


def _to_consent(w: Wizard, card: Any) -> None:
    read(w, card)
    assert w.send(ev.Next())
    req = w.take_task()
    assert req is not None and req.kind is Task.TEST_EXISTENCE
    assert w.send(ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), req.generation))
    assert w.step is Step.CONSENT


def test_same_patient_back_keeps_the_answers_another_patient_does_not() -> None:
    w = Wizard()
    _to_consent(w, single_card())
    w.send(ev.ConsentChanged(True))
    w.send(ev.EmergencyAnswered(False))
    w.send(ev.Next())
    w.send(ev.AccountWanted(True))
    w.send(ev.ContactsEntered("jean@example.fr", ""))
    assert w.send(ev.CardRemoved(FAKE_READER))
    assert w.step is Step.ACCOUNT and not w.card_present  # only step 1 needs the card
    for _ in range(3):
        assert w.send(ev.Back())  # 4 → 3 → 2 → 1: step 1 waits for a card again
    assert w.step is Step.IDENTIFY and w.card is None and not w.busy
    _to_consent(w, single_card())
    assert w.consent.complete and w.emergency_access is False and w.wants_account is True
    assert w.email_text == "jean@example.fr"
    assert w.send(ev.CardRemoved(FAKE_READER)) and w.send(ev.Back()) and w.send(ev.Back())
    assert w.step is Step.IDENTIFY and w.card is None
    _to_consent(w, single_card(first_name="Paul"))  # another person: nothing carried over
    assert not w.oral_consent and w.emergency_access is None and w.wants_account is None and w.email_text == ""


def test_back_during_the_existence_test_drops_its_result(states: States) -> None:
    w = states["connect_testing"]()
    req = w.take_task()
    assert req is not None
    assert w.send(ev.Back()) and w.step is Step.IDENTIFY and w.card is not None
    assert not w.send(ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), req.generation))
    assert w.step is Step.IDENTIFY


def test_existing_and_closed_dmp_end_the_visit(states: States) -> None:
    for status, outcome in ((DmpStatus.EXISTS, Outcome.ALREADY_EXISTS), (DmpStatus.CLOSED, Outcome.CLOSED)):
        w = states["connect_testing"]()
        req = w.take_task()
        assert req is not None
        w.send(ev.ExistenceChecked(ExistenceResult(status), req.generation))
        assert (w.step, w.outcome, w.valid, w.can_next) == (Step.RESULT, outcome, True, False)


def test_refusal_of_the_modern_service_ends_with_refused(states: States) -> None:
    w = states["connect_testing"]()
    req = w.take_task()
    assert req is not None
    w.send(ev.ExistenceFailed(ErrorCode.DMP_CREATION_REFUSED, req.generation))
    assert (w.step, w.outcome, w.error) == (Step.RESULT, Outcome.REFUSED, ErrorCode.DMP_CREATION_REFUSED)


def test_service_down_then_retry(states: States) -> None:
    w = states["connect_failed"]()
    assert w.error is ErrorCode.DMP_UNREACHABLE and w.can_retry and not w.can_next
    assert w.send(ev.Retry())
    req = w.take_task()
    assert req is not None and req.kind is Task.TEST_EXISTENCE and req.ins == w.ins


def test_consent_needs_both_answers_and_nothing_is_preselected(states: States) -> None:
    w = states["consent"]()
    assert w.emergency_access is None and not w.oral_consent and not w.can_next
    w.send(ev.Next())
    assert w.error is ErrorCode.CONSENT_MISSING and w.step is Step.CONSENT
    w.send(ev.ConsentChanged(True))
    assert w.error is None
    w.send(ev.Next())
    assert w.error is ErrorCode.EMERGENCY_ANSWER_MISSING
    w.send(ev.EmergencyAnswered(True))
    assert w.error is None and w.can_next
    w.send(ev.EmergencyAnswered(None))
    assert not w.can_next


def test_account_contacts_are_validated_and_normalized(states: States) -> None:
    w = states["account"]()
    assert w.wants_account is None and not w.valid
    w.send(ev.AccountWanted(True))
    assert w.field_errors == {} and not w.valid  # nothing said before a field is left
    w.send(ev.ContactsEntered("not-an-email", "01 23 45 67 89"))
    assert w.field_errors == {} and not w.valid  # still typing
    w.send(ev.ContactLeft("email"))
    w.send(ev.ContactLeft("mobile"))
    assert w.field_errors == {"email": ErrorCode.EMAIL_INVALID, "mobile": ErrorCode.PHONE_INVALID}
    w.send(ev.ContactsEntered("", "07 81 23 45 67"))
    assert w.field_errors == {} and w.account_request is not None
    assert w.account_request.mobile == "+33781234567" and w.account_request.email is None
    w.send(ev.CreateRequested())
    assert w.step is Step.CREATING


def test_no_account_is_valid_and_the_order_carries_none(states: States) -> None:
    w = states["account"]()
    w.send(ev.AccountWanted(True))
    w.send(ev.ContactsEntered("jean@example.fr", ""))
    w.send(ev.AccountWanted(False))
    assert w.valid and w.account_request is None
    w.send(ev.Next())
    req = w.take_task()
    assert req is not None and req.kind is Task.CREATE and req.order is not None
    assert req.order.account is None and req.order.consent.emergency_access is True


def test_creation_is_locked_and_reports_progress(states: States) -> None:
    w = states["creating"]()
    req = w.take_task()
    assert req is not None
    for event in (ev.Back(), ev.Cancel(), ev.Restart(), ev.CardRemoved(FAKE_READER), ev.CreateRequested()):
        assert not w.send(event)
    assert w.send(ev.CreationProgress(Stage.OPENING_ACCOUNT, req.generation)) and w.stage is Stage.OPENING_ACCOUNT
    assert w.step is Step.CREATING and w.busy


def test_failed_creation_retry_reuses_the_journal_entry(states: States, builders: dict[str, Any]) -> None:
    w = states["creating"]()
    report = builders["created_report"](w, outcome=Outcome.ERROR, error=ErrorCode.DMP_TIMEOUT, account=None,
                                        pdf=None, print_result=None)
    builders["run"](w, Task.CREATE, lambda g: ev.CreationDone(report, g))
    assert (w.step, w.outcome, w.error, w.can_retry, w.can_back) == (
        Step.RESULT, Outcome.ERROR, ErrorCode.DMP_TIMEOUT, True, True)
    assert w.send(ev.Retry())
    req = w.take_task()
    assert req is not None and req.kind is Task.CREATE and req.order is not None
    assert req.order.previous_creation_id == "c0001"


def test_account_failed_retries_the_account_only(states: States) -> None:
    w = states["result_account_failed"]()
    assert w.outcome is Outcome.CREATED and w.can_retry and not w.can_back and not w.can_cancel
    assert w.report is not None and w.report.account_pending
    assert w.send(ev.RetryAccount())
    req = w.take_task()
    assert req is not None and req.kind is Task.RETRY_ACCOUNT and req.report is w.report
    fixed = req.report
    assert fixed is not None
    from dataclasses import replace

    done = replace(fixed, account=WebAccount("mtef3603", "cbC!bqf3", (Channel.SMS, Channel.EMAIL)),
                   channels=(Channel.SMS, Channel.EMAIL), account_error=None, pdf=b"%PDF",
                   print_result=PrintResult(True, "P"))
    assert w.send(ev.CreationDone(done, req.generation))
    assert w.report is done and not w.report.account_pending and not w.can_retry and w.step is Step.RESULT


def test_account_retry_that_raises_keeps_the_dmp_created(states: States) -> None:
    w = states["result_account_failed"]()
    w.send(ev.RetryAccount())
    req = w.take_task()
    assert req is not None
    w.send(ev.CreationFailed(ErrorCode.DMP_UNREACHABLE, req.generation))
    assert w.outcome is Outcome.CREATED and w.report is not None
    assert w.report.account_error is ErrorCode.DMP_UNREACHABLE and w.can_retry


def test_print_failure_keeps_the_pdf_and_prints_it_again(states: States) -> None:
    w = states["result_print_failed"]()
    assert w.report is not None and w.report.pdf == b"%PDF-fake" and w.can_retry
    assert w.send(ev.Retry())
    req = w.take_task()
    assert req is not None and req.kind is Task.PRINT and req.report is not None and req.report.pdf == b"%PDF-fake"
    w.send(ev.CreationFailed(ErrorCode.PRINTER_NOT_FOUND, req.generation))
    assert w.report.print_error is ErrorCode.PRINTER_NOT_FOUND and w.report.pdf == b"%PDF-fake"


def test_nothing_is_lost_when_the_card_leaves_after_creation(states: States) -> None:
    w = states["result_created"]()
    before = w.report
    assert not w.send(ev.CardRemoved(FAKE_READER))
    assert w.report is before and w.step is Step.RESULT and not w.card_present


def test_new_patient_forgets_everything_including_credentials(states: States) -> None:
    w = states["result_created"]()
    assert w.report is not None and w.report.account is not None
    gen = w.generation
    assert w.send(ev.Restart())
    assert w.report is None and w.card is None and w.step is Step.IDENTIFY and w.generation > gen
    assert not w.oral_consent and w.email_text == "" and w.outcome is None


def test_cancel_then_restart(states: States) -> None:
    w = states["cancelled"]()
    assert w.outcome is Outcome.CANCELLED and not w.can_cancel
    assert w.send(ev.Restart()) and w.step is Step.IDENTIFY and w.outcome is None


def test_tasks_are_handed_out_once(states: States) -> None:
    w = states["identify_reading"]()
    assert w.task is not None and w.busy
    first = w.take_task()
    assert first is not None and w.take_task() is None and w.busy and w.running is Task.READ_CARD

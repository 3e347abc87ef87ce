"""The headless creation over the fake ports, told as the host's result: each status, and bad requests that send
nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dmp_desktop.commands.create import answer, host_result, result_for_visit, summary, validate
from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode
from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import DmpStatus
from dmp_desktop.flow.fakes import (
    FakeCardReader,
    FakeDmpService,
    FakeLedger,
    fake_counter,
    sample_card,
)
from dmp_desktop.flow.outcomes import Outcome, VisitResult
from dmp_desktop.flow.usecases import CounterServices
from dmp_desktop.pos import exitcodes
from dmp_desktop.pos.messages import warning_text


def request(**changes: Any) -> str:
    data: dict[str, Any] = {
        "beneficiary": 0,
        "consent": {"oral_consent": True, "emergency_access": True},
        "account": {"mobile": "06 12 34 56 78"},
    }
    data.update(changes)
    return json.dumps(data)


@pytest.fixture
def counter() -> CounterServices:
    return fake_counter()


def dmp(counter: CounterServices) -> FakeDmpService:
    assert isinstance(counter.dmp, FakeDmpService)
    return counter.dmp


def ledger(counter: CounterServices) -> FakeLedger:
    assert isinstance(counter.ledger, FakeLedger)
    return counter.ledger


def test_created_then_the_same_request_again_is_already_exists(counter: CounterServices) -> None:
    first = answer(validate(request()), counter)
    assert first.status == "created" and first.exit_code == 0 and first.printed
    assert first.login and first.creation_id and first.ins is not None
    again = answer(validate(request()), counter)
    assert again.status == "already_exists" and again.exit_code == exitcodes.ALREADY_EXISTS
    assert len(ledger(counter).entries) == 1 and dmp(counter).count("create") == 1
    assert "cbC!bqf3" not in first.dumps() and "DMP créé" in summary(first)


def test_closed_and_refused(counter: CounterServices) -> None:
    r = validate(request())
    ins = sample_card().beneficiaries[0].require_ins(counter.environment)
    dmp(counter).dmps[ins.value] = DmpStatus.CLOSED
    assert answer(r, counter).status == "closed"
    del dmp(counter).dmps[ins.value]
    dmp(counter).refuse_creation = True
    refused = answer(r, counter)
    assert (refused.status, refused.exit_code, refused.error_code) == (
        "refused", exitcodes.REFUSED, "dmp_creation_refused")
    assert "Mon espace santé" in (refused.error_message or "")


def test_service_down_is_an_error_with_nothing_created(counter: CounterServices) -> None:
    dmp(counter).fail("test_existence", ErrorCode.DMP_UNREACHABLE)
    r = answer(validate(request()), counter)
    assert (r.status, r.exit_code) == ("error", exitcodes.SERVICE) and not ledger(counter).entries


def test_account_failure_still_prints_the_plain_accuse(counter: CounterServices) -> None:
    dmp(counter).fail("open_web_account", ErrorCode.DMP_TIMEOUT)
    r = answer(validate(request()), counter)
    assert (r.status, r.error_code, r.exit_code) == ("created", "dmp_timeout", exitcodes.CREATED_INCOMPLETE)
    assert r.printed and r.login is None


@pytest.mark.parametrize(("index", "code"), [(3, ErrorCode.BENEFICIARY_INDEX),
                                             (2, ErrorCode.BENEFICIARY_NOT_ELIGIBLE)])
def test_beneficiary_problems_send_nothing(counter: CounterServices, index: int, code: ErrorCode) -> None:
    r = answer(validate(request(beneficiary=index)), counter)
    assert (r.error_code, r.exit_code) == (code.value, exitcodes.REQUEST_INVALID)
    assert "beneficiary" in (r.error_message or "")
    assert dmp(counter).calls == [] and not ledger(counter).entries


def test_no_card(counter: CounterServices) -> None:
    counter.card_reader = FakeCardReader()
    r = answer(validate(request()), counter)
    assert (r.error_code, r.exit_code) == ("no_card", exitcodes.CARD)


@pytest.mark.parametrize(("account", "code", "field"), [
    ({"email": "pas-un-email"}, ErrorCode.EMAIL_INVALID, "account.email"),
    ({"mobile": "01 23 45 67 89"}, ErrorCode.PHONE_INVALID, "account.mobile"),
])
def test_bad_contacts_are_refused_before_anything(account: dict[str, str], code: ErrorCode, field: str) -> None:
    with pytest.raises(DomainError) as err:
        validate(request(account=account))
    assert (err.value.code, err.value.field) == (code, field) and field in err.value.detail


def test_contacts_are_normalized() -> None:
    r = validate(request(account={"email": "Jean@Example.FR", "mobile": "+33 7 81 23 45 67"}))
    assert r.account is not None and (r.account.email, r.account.mobile) == ("Jean@example.fr", "+33781234567")


def test_result_for_visit_covers_every_outcome(counter: CounterServices) -> None:
    created = answer(validate(request()), counter)
    assert created.status == "created"
    ins = created.ins
    assert result_for_visit(Outcome.CANCELLED, None, None, None).exit_code == exitcodes.CANCELLED
    assert result_for_visit(None, None, None, None).error_code == "cancelled"
    assert result_for_visit(Outcome.ALREADY_EXISTS, None, ins, None).status == "already_exists"
    assert result_for_visit(Outcome.CLOSED, ErrorCode.DMP_CLOSED, ins, None).status == "closed"
    assert result_for_visit(Outcome.REFUSED, None, ins, None).status == "refused"
    err = result_for_visit(Outcome.ERROR, ErrorCode.DMP_TIMEOUT, ins, None)
    assert (err.status, err.exit_code) == ("error", exitcodes.SERVICE)


def test_a_dmp_found_by_td02_keeps_its_code_for_the_host(counter: CounterServices) -> None:
    dmp(counter).fail("test_existence", ErrorCode.DMP_FOUND)
    r = answer(validate(request()), counter)
    assert (r.status, r.error_code, r.exit_code) == ("already_exists", "dmp_found", exitcodes.ALREADY_EXISTS)
    assert dmp(counter).count("create") == 0


def test_ledger_warnings_go_to_stderr_and_leave_the_json_alone(
    counter: CounterServices, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger(counter).kept_aside = WarningCode.LEDGER_WAITING
    r = answer(validate(request()), counter)
    assert r.status == "created" and "ledger" not in r.dumps()
    err = capsys.readouterr().err
    assert err.startswith("dmp-desktop create: attention : ") and warning_text(WarningCode.LEDGER_WAITING) in err


def test_wizard_visits_ending_with_a_service_code_carry_it_like_create() -> None:
    ins = sample_card().beneficiaries[0].require_ins(InsEnvironment.TEST)
    r = result_for_visit(Outcome.ALREADY_EXISTS, ErrorCode.DMP_FOUND, ins, None)
    assert (r.status, r.error_code, r.exit_code) == ("already_exists", "dmp_found", exitcodes.ALREADY_EXISTS)
    assert host_result(VisitResult(Outcome.ALREADY_EXISTS, ins, ErrorCode.DMP_FOUND)) == r


def test_an_unconfirmed_creation_is_pending_with_its_own_exit_code(counter: CounterServices) -> None:
    dmp(counter).fail("create", ErrorCode.DMP_TIMEOUT)  # the request never reached the service...
    r = answer(validate(request()), counter)
    # ...but the counter cannot know it: neither "created" nor "nothing created"
    assert (r.status, r.error_code, r.exit_code) == ("pending", "dmp_creation_unconfirmed", exitcodes.PENDING)
    assert r.as_json()["error"]["message"] == "Création non confirmée, elle sera vérifiée."
    assert r.creation_id is not None and ledger(counter).pending() != []
    assert summary(r).startswith("Création non confirmée, elle sera vérifiée")


def test_pending_then_already_exists_counts_our_creation(counter: CounterServices) -> None:
    dmp(counter).fail("create", ErrorCode.DMP_TIMEOUT)
    first = answer(validate(request()), counter)
    assert first.status == "pending" and first.creation_id is not None
    dmp(counter)._do_create(first.ins)  # the service committed our request after every check gave up
    again = answer(validate(request()), counter)
    assert again.status == "already_exists"
    assert ledger(counter).pending() == []
    assert ledger(counter).entries[first.creation_id].state.value == "created"  # the 1 € is counted


def test_a_stopped_printer_stops_the_account_before_td11(counter: CounterServices) -> None:
    from dmp_desktop.flow.fakes import FakePrinter

    assert isinstance(counter.printer, FakePrinter)
    counter.printer.check_failures.append(ErrorCode.PRINTER_STOPPED)
    r = answer(validate(request()), counter)
    assert (r.status, r.error_code, r.exit_code) == ("error", "printer_stopped", exitcodes.LOCAL)
    assert dmp(counter).count("create") == 0 and ledger(counter).entries == {}


def test_a_print_failure_after_the_account_names_new_credentials(counter: CounterServices) -> None:
    from dmp_desktop.flow.fakes import FakePrinter

    assert isinstance(counter.printer, FakePrinter)
    counter.printer.failures.append(ErrorCode.PRINTER_STOPPED)  # the queue stopped between check and job
    r = answer(validate(request()), counter)
    assert (r.status, r.error_code, r.exit_code) == ("created", "printer_stopped", exitcodes.CREATED_INCOMPLETE)
    assert f"dmp-desktop reprint {r.creation_id} --new-credentials" in (r.error_message or "")

"""The host result: shape, statuses, exit codes by class, never the temporary password."""

from __future__ import annotations

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode
from dmp_desktop.domain.identity import OID_INS_C, Ins, InsType
from dmp_desktop.domain.model import Channel, WebAccount
from dmp_desktop.pos import exitcodes
from dmp_desktop.pos.messages import missing_codes, missing_warnings, warning_text
from dmp_desktop.pos.result import HostResult, account_fields, cancelled_result, error_result

INS = Ins(InsType.INS_C, "0844534189858022147202", OID_INS_C)


def test_created_result_shape_without_password() -> None:
    account = WebAccount("mtef3603", "cbC!bqf3", (Channel.SMS, Channel.EMAIL))
    r = HostResult("created", ins=INS, **account_fields(account), printed=True, printer="PDF", creation_id="c1")
    data = r.as_json()
    assert data == {
        "status": "created", "error": None, "ins": {"type": "INS-C", "value": INS.value},
        "account": {"login": "mtef3603", "channels": ["SMS", "EMAIL"]},
        "receipt": {"printed": True, "printer": "PDF", "file": None}, "creation_id": "c1",
    }
    assert "cbC!bqf3" not in r.dumps() and "cbC!bqf3" not in repr(r)
    assert r.exit_code == exitcodes.CREATED


@pytest.mark.parametrize(("code", "status", "exit_code"), [
    (ErrorCode.CONSENT_MISSING, "error", exitcodes.REQUEST_INVALID),
    (ErrorCode.EMAIL_INVALID, "error", exitcodes.REQUEST_INVALID),
    (ErrorCode.BENEFICIARY_NOT_ELIGIBLE, "error", exitcodes.REQUEST_INVALID),
    (ErrorCode.NO_CARD, "error", exitcodes.CARD),
    (ErrorCode.DMP_UNREACHABLE, "error", exitcodes.SERVICE),
    (ErrorCode.DMP_INVALID_CERTIFICATE, "error", exitcodes.SERVICE),
    (ErrorCode.SECRET_MISSING, "error", exitcodes.LOCAL),
    (ErrorCode.CONFIG_INVALID, "error", exitcodes.CONFIG),
    (ErrorCode.INTERNAL, "error", exitcodes.INTERNAL),
    (ErrorCode.DMP_FOUND, "already_exists", exitcodes.ALREADY_EXISTS),
    (ErrorCode.DMP_CLOSED, "closed", exitcodes.CLOSED),
    (ErrorCode.DMP_CREATION_REFUSED, "refused", exitcodes.REFUSED),
])
def test_error_statuses_and_exit_codes(code: ErrorCode, status: str, exit_code: int) -> None:
    r = error_result(DomainError(code, "consent.oral_consent: false"))
    assert (r.status, r.exit_code, r.error_code) == (status, exit_code, code.value)
    assert r.error_message and "consent.oral_consent" in r.error_message


def test_every_error_code_has_an_exit_class_and_a_message() -> None:
    assert missing_codes() == set()
    for code in ErrorCode:
        assert exitcodes.for_error(code) in {
            exitcodes.REQUEST_INVALID, exitcodes.CARD, exitcodes.SERVICE, exitcodes.LOCAL, exitcodes.INTERNAL,
            exitcodes.CONFIG, exitcodes.ALREADY_EXISTS, exitcodes.CLOSED, exitcodes.REFUSED, exitcodes.CPS}


def test_every_warning_code_has_a_sentence() -> None:
    assert missing_warnings() == set()
    texts = [warning_text(code) for code in WarningCode]
    assert len(set(texts)) == len(texts) and all("registre" in t.lower() for t in texts)


def test_created_but_incomplete_and_cancelled() -> None:
    r = HostResult("created", error_code="dmp_timeout", error_message="x", ins=INS)
    assert r.exit_code == exitcodes.CREATED_INCOMPLETE
    c = cancelled_result()
    assert (c.status, c.error_code, c.exit_code) == ("error", "cancelled", exitcodes.CANCELLED)


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError):
        HostResult("cancelled")


def test_the_pharmacists_card_has_its_own_exit_class() -> None:
    cps = [code for code in ErrorCode if code.value.startswith("cps_")]
    assert len(cps) == 8
    assert {exitcodes.for_error(code) for code in cps} == {exitcodes.CPS} == {35}


def test_a_wrong_pin_says_the_tries_left_in_words() -> None:
    r = error_result(DomainError(ErrorCode.CPS_PIN_INCORRECT, "2"))
    assert r.error_message and "2 essai(s) restant(s)" in r.error_message

"""The host's request and context: every bad shape names its field; good ones parse to domain values."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.pos.context import parse_context
from dmp_desktop.pos.request import parse_request

GOOD: dict[str, Any] = {
    "reader": "Virtual PCD 00 00",
    "beneficiary": 1,
    "pharmacist": {"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"},
    "consent": {"oral_consent": True, "emergency_access": False},
    "account": {"email": "jean@example.fr", "mobile": "06 12 34 56 78"},
}


def with_(**changes: Any) -> str:
    data = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        if value is ...:
            data.pop(key, None)
        else:
            data[key] = value
    return json.dumps(data)


def test_full_request() -> None:
    r = parse_request(json.dumps(GOOD))
    assert r.beneficiary == 1 and r.reader == "Virtual PCD 00 00"
    assert r.consent.oral_consent and r.consent.emergency_access is False
    assert r.account is not None and r.account.mobile == "06 12 34 56 78"  # normalized later (flow.validation)
    assert r.pharmacist is not None and r.pharmacist.rpps == "10003456789"


def test_minimal_request_without_account() -> None:
    r = parse_request('{"beneficiary": 0, "consent": {"oral_consent": true, "emergency_access": true},'
                      ' "account": null}')
    assert r.account is None and r.reader is None and r.pharmacist is None


@pytest.mark.parametrize(("text", "code", "field"), [
    ("{", ErrorCode.REQUEST_INVALID, None),
    ("[]", ErrorCode.REQUEST_INVALID, None),
    ('{"beneficiary": NaN}', ErrorCode.REQUEST_INVALID, None),
    ('{"beneficiary": 0, "beneficiary": 1}', ErrorCode.REQUEST_INVALID, None),
    (with_(extra=1), ErrorCode.REQUEST_INVALID, "extra"),
    (with_(beneficiary=...), ErrorCode.REQUEST_INVALID, "beneficiary"),
    (with_(beneficiary="0"), ErrorCode.REQUEST_INVALID, "beneficiary"),
    (with_(beneficiary=True), ErrorCode.REQUEST_INVALID, "beneficiary"),
    (with_(beneficiary=-1), ErrorCode.BENEFICIARY_INDEX, "beneficiary"),
    (with_(consent=...), ErrorCode.CONSENT_MISSING, "consent"),
    (with_(consent={"emergency_access": True}), ErrorCode.CONSENT_MISSING, "consent.oral_consent"),
    (with_(consent={"oral_consent": False, "emergency_access": True}), ErrorCode.CONSENT_MISSING,
     "consent.oral_consent"),
    (with_(consent={"oral_consent": "yes", "emergency_access": True}), ErrorCode.REQUEST_INVALID,
     "consent.oral_consent"),
    (with_(consent={"oral_consent": True}), ErrorCode.EMERGENCY_ANSWER_MISSING, "consent.emergency_access"),
    (with_(consent={"oral_consent": True, "emergency_access": None}), ErrorCode.EMERGENCY_ANSWER_MISSING,
     "consent.emergency_access"),
    (with_(consent={"oral_consent": True, "emergency_access": True, "x": 1}), ErrorCode.REQUEST_INVALID,
     "consent.x"),
    (with_(account=...), ErrorCode.REQUEST_INVALID, "account"),
    (with_(account={}), ErrorCode.ACCOUNT_CHANNEL_MISSING, "account"),
    (with_(account={"email": "  "}), ErrorCode.ACCOUNT_CHANNEL_MISSING, "account"),
    (with_(account={"phone": "0612345678"}), ErrorCode.REQUEST_INVALID, "account.phone"),
    (with_(account={"mobile": 612345678}), ErrorCode.REQUEST_INVALID, "account.mobile"),
    (with_(account="jean@example.fr"), ErrorCode.REQUEST_INVALID, "account"),
    (with_(reader=""), ErrorCode.REQUEST_INVALID, "reader"),
    (with_(reader=3), ErrorCode.REQUEST_INVALID, "reader"),
    (with_(pharmacist={"rpps": "123"}), ErrorCode.REQUEST_INVALID, "pharmacist.first_name"),
    (with_(pharmacist={"rpps": "123", "first_name": "A", "last_name": "B"}), ErrorCode.REQUEST_INVALID,
     "pharmacist.rpps"),
    (with_(pharmacist={"rpps": "10003456789", "first_name": "A", "last_name": "B", "cps": "x"}),
     ErrorCode.REQUEST_INVALID, "pharmacist.cps"),
])
def test_bad_requests_name_the_field(text: str, code: ErrorCode, field: str | None) -> None:
    with pytest.raises(DomainError) as err:
        parse_request(text)
    assert err.value.code is code
    assert err.value.field == field
    if field:
        assert field in err.value.detail


def test_parse_error_gives_the_position() -> None:
    with pytest.raises(DomainError) as err:
        parse_request('{\n  "beneficiary": 0,\n  oops\n}')
    assert "line 3" in err.value.detail


def test_context() -> None:
    c = parse_context('{"pharmacist": {"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"},'
                      ' "workstation": "comptoir-2", "expected_nir": "1 80 05 75 056 123 42"}')
    assert c.expected_nir == "180057505612342" and c.workstation == "comptoir-2"
    assert c.pharmacist is not None and c.pharmacist.last_name == "Durand"
    assert parse_context("{}").pharmacist is None


@pytest.mark.parametrize(("text", "field"), [
    ('{"nir": "x"}', "nir"),
    ('{"expected_nir": "180057505612343"}', "expected_nir"),
    ('{"workstation": 3}', "workstation"),
    ('{"pharmacist": {"rpps": "1"}}', "pharmacist.first_name"),
])
def test_bad_context(text: str, field: str) -> None:
    with pytest.raises(DomainError) as err:
        parse_context(text)
    assert err.value.code is ErrorCode.REQUEST_INVALID and err.value.field == field

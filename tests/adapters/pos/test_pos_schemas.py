"""The JSON Schemas in docs/schemas agree with the parsers and with the results the product writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import OID_INS_C, OID_INS_NIR_TEST, Ins, InsType
from dmp_desktop.domain.model import Channel, WebAccount
from dmp_desktop.pos.context import parse_context
from dmp_desktop.pos.request import parse_request
from dmp_desktop.pos.result import HostResult, account_fields, cancelled_result, error_result, write_result

SCHEMAS = Path(__file__).resolve().parents[3] / "docs" / "schemas"


def schema(name: str) -> dict[str, Any]:
    doc = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(doc)
    return doc  # type: ignore[no-any-return]


def valid(name: str, instance: object) -> bool:
    return jsonschema.Draft202012Validator(schema(name)).is_valid(instance)


GOOD_REQUESTS: list[dict[str, Any]] = [
    {"beneficiary": 0, "consent": {"oral_consent": True, "emergency_access": True}, "account": None},
    {"beneficiary": 2, "consent": {"oral_consent": True, "emergency_access": False},
     "account": {"email": "jean@example.fr"}, "reader": "Virtual PCD 00 00",
     "pharmacist": {"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"}},
    {"beneficiary": 1, "consent": {"oral_consent": True, "emergency_access": True},
     "account": {"mobile": "06 12 34 56 78", "email": None}, "pharmacist": None, "reader": None},
]
BAD_REQUESTS: list[Any] = [
    [],
    {"consent": {"oral_consent": True, "emergency_access": True}, "account": None},
    {"beneficiary": -1, "consent": {"oral_consent": True, "emergency_access": True}, "account": None},
    {"beneficiary": "0", "consent": {"oral_consent": True, "emergency_access": True}, "account": None},
    {"beneficiary": 0, "consent": {"oral_consent": False, "emergency_access": True}, "account": None},
    {"beneficiary": 0, "consent": {"oral_consent": True}, "account": None},
    {"beneficiary": 0, "consent": {"oral_consent": True, "emergency_access": None}, "account": None},
    {"beneficiary": 0, "consent": {"oral_consent": True, "emergency_access": True}},
    {"beneficiary": 0, "consent": {"oral_consent": True, "emergency_access": True}, "account": {}},
    {"beneficiary": 0, "consent": {"oral_consent": True, "emergency_access": True}, "account": {"sms": "06"}},
    {"beneficiary": 0, "consent": {"oral_consent": True, "emergency_access": True}, "account": None, "x": 1},
    {"beneficiary": 0, "consent": {"oral_consent": True, "emergency_access": True}, "account": None,
     "pharmacist": {"rpps": "1"}},
    {"beneficiary": 0, "consent": {"oral_consent": True, "emergency_access": True}, "account": None, "reader": ""},
]


@pytest.mark.parametrize("request_", GOOD_REQUESTS)
def test_good_requests_pass_schema_and_parser(request_: dict[str, Any]) -> None:
    assert valid("request", request_)
    parse_request(json.dumps(request_))


@pytest.mark.parametrize("request_", BAD_REQUESTS)
def test_bad_requests_fail_schema_and_parser(request_: Any) -> None:
    assert not valid("request", request_)
    with pytest.raises(DomainError):
        parse_request(json.dumps(request_))


def test_context_schema_agrees() -> None:
    good = {"pharmacist": {"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"},
            "workstation": "comptoir-2", "expected_nir": "180057505612342", "reader": "Virtual PCD 00 00"}
    assert valid("context", good) and valid("context", {})
    parse_context(json.dumps(good))
    for bad in ({"nir": "1"}, {"workstation": 2}, {"pharmacist": {"rpps": "1"}}):
        assert not valid("context", bad)
        with pytest.raises(DomainError):
            parse_context(json.dumps(bad))


INS_C = Ins(InsType.INS_C, "0844534189858022147202", OID_INS_C)
INS_NIR = Ins(InsType.INS_NIR, "282056912304564", OID_INS_NIR_TEST)


@pytest.mark.parametrize("result", [
    HostResult("created", ins=INS_C, **account_fields(WebAccount("mtef3603", "cbC!bqf3", (Channel.SMS,))),
               printed=True, printer="dmp-test-pdf", creation_id="6c60ba98"),
    HostResult("created", error_code="dmp_timeout", error_message="x", ins=INS_NIR, file="/tmp/a.pdf"),
    HostResult("already_exists", ins=INS_NIR),
    HostResult("closed", ins=INS_C),
    error_result(ErrorCode.DMP_CREATION_REFUSED, INS_C),
    error_result(DomainError(ErrorCode.CONSENT_MISSING, "consent.oral_consent: false")),
    cancelled_result(),
])
def test_every_result_matches_the_schema(result: HostResult, tmp_path: Path) -> None:
    assert valid("result", result.as_json()), result.as_json()
    out = tmp_path / "result.json"
    write_result(out, result)
    assert json.loads(out.read_text(encoding="utf-8")) == result.as_json()
    assert "cbC!bqf3" not in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]  # no temp file left behind


def test_result_schema_refuses_a_password() -> None:
    doc = HostResult("created", ins=INS_C, login="mtef3603", channels=(Channel.SMS,)).as_json()
    doc["account"]["temporary_password"] = "cbC!bqf3"
    assert not valid("result", doc)

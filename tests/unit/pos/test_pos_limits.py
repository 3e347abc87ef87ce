"""Hostile request and context documents: refused fast, with a short message, never a traceback."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.pos import jsonio
from dmp_desktop.pos.context import parse_context
from dmp_desktop.pos.request import parse_request

GOOD = {
    "beneficiary": 0,
    "pharmacist": {"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"},
    "consent": {"oral_consent": True, "emergency_access": False},
    "account": None,
}


def _refused(text: str, parse: object = parse_request) -> DomainError:
    started = time.monotonic()
    with pytest.raises(DomainError) as err:
        parse(text)  # type: ignore[operator]
    assert time.monotonic() - started < 2
    assert err.value.code is ErrorCode.REQUEST_INVALID
    assert len(err.value.detail) < 200, err.value.detail  # nothing of the megabytes is echoed back
    return err.value


@pytest.mark.parametrize("parse", [parse_request, parse_context])
def test_a_document_over_one_mebibyte_is_refused_before_parsing(parse: object) -> None:
    text = json.dumps(dict(GOOD, reader="x" * (2 * 1024 * 1024)))
    assert "larger than 1048576 bytes" in _refused(text, parse).detail


def test_the_cap_counts_utf8_bytes() -> None:
    text = json.dumps({"reader": "é" * 600_000}, ensure_ascii=False)  # 600 000 characters, 1.2 MB
    assert "larger than" in _refused(text).detail


@pytest.mark.parametrize("parse", [parse_request, parse_context])
@pytest.mark.parametrize("text", ["[" * 3000 + "]" * 3000, '{"beneficiary": ' + "[" * 3000 + "]" * 3000 + "}",
                                  '{"a": ' + '{"a": ' * 3000 + "1" + "}" * 3001])
def test_deep_nesting_is_refused_without_a_recursion_error(parse: object, text: str) -> None:
    assert "nested more than 32 levels" in _refused(text, parse).detail


def test_unbalanced_deep_nesting_is_refused_too() -> None:
    assert "nested" in _refused("[" * 100_000).detail


def test_brackets_inside_strings_are_not_nesting() -> None:
    obj = jsonio.load_object(json.dumps({"a": "[" * 5000, "b": '\\"{' * 100}), "the request")
    assert obj["a"] == "[" * 5000


def test_a_huge_unknown_or_repeated_key_is_not_echoed() -> None:
    key = "k" * 500_000
    err = _refused('{"beneficiary": 0, "' + key + '": 1}')
    assert err.field is not None and len(err.field) < 80 and "500000 characters" in err.field
    assert "500000 characters" in _refused('{"' + key + '": 0, "' + key + '": 1}').detail


def test_control_characters_in_a_key_are_escaped_in_the_message() -> None:
    err = _refused('{"beneficiary": 0, "a\\u001b[31mb": 1}')
    assert "\x1b" not in err.detail and "\\u001b" in err.detail


@pytest.mark.parametrize(("pharmacist", "field"), [
    ({"rpps": "10003456789", "first_name": "A" * 101, "last_name": "B"}, "pharmacist.first_name"),
    ({"rpps": "10003456789", "first_name": "Anne", "last_name": "Du\u202erand"}, "pharmacist.last_name"),
    ({"rpps": "10003456789", "first_name": "An\u200bne", "last_name": "Durand"}, "pharmacist.first_name"),
    ({"rpps": "10003456789", "first_name": "Anne\x85", "last_name": "Durand"}, "pharmacist.first_name"),
])
def test_names_with_hidden_characters_or_too_long_are_refused(pharmacist: dict[str, str], field: str) -> None:
    err = _refused(json.dumps(dict(GOOD, pharmacist=pharmacist)))
    assert err.field == field


def test_a_name_with_a_non_breaking_space_is_fine() -> None:
    request = parse_request(json.dumps(dict(GOOD, pharmacist={"rpps": "10003456789", "first_name": "Anne\u00a0Marie",
                                                              "last_name": "Durand"})))
    assert request.pharmacist is not None


def test_read_document_stops_reading_past_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (jsonio.MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(DomainError) as err:
        jsonio.read_document(big, "the request")
    assert err.value.code is ErrorCode.REQUEST_INVALID and "larger than" in err.value.detail
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD), encoding="utf-8")
    assert parse_request(jsonio.read_document(good, "the request")).beneficiary == 0


def test_read_document_from_stdin_and_bad_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(GOOD).encode())))
    assert jsonio.read_document("-", "the request").startswith("{")
    with pytest.raises(DomainError) as err:
        jsonio.read_document(tmp_path / "absent.json", "the request")
    assert err.value.code is ErrorCode.REQUEST_INVALID
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"reader": "é"}'.encode("latin-1"))
    with pytest.raises(DomainError) as err:
        jsonio.read_document(latin, "the request")
    assert "UTF-8" in err.value.detail

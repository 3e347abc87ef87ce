"""`card read`: JSON document shape, table, and the exit code + bilingual message of every failure."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest

from dmp_desktop.card import layout
from dmp_desktop.card.applet import VitaleApplet
from dmp_desktop.card.session import read_vitale
from dmp_desktop.commands import card as command
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import OID_INS_C, OID_INS_NIR_TEST, CardRead, InsEnvironment
from dmp_desktop.settings import Settings

IMAGE: dict[str, Any] = {
    "holder_nir": "180057505612342",
    "beneficiaries": [
        {"surname": "MARTIN", "first_name": "Jean", "birth_date": "19800512"},
        {"surname": "MARTIN", "birth_name": "DURAND", "first_name": "Sophie", "birth_date": "19820518",
         "quality": "conjoint", "certified_nir": "282056912304564"},
        {"surname": "MARTIN", "first_name": "Léa", "birth_date": "20150302", "quality": "enfant"},
    ],
}


def _read() -> CardRead:
    parsed = read_vitale(VitaleApplet.from_image(IMAGE))
    return CardRead("Virtual PCD 00 00", "vitale2", "3B 75 13 00 00 45 09 EA 90 00", parsed.beneficiaries)


def test_json_document_shape() -> None:
    doc = command.card_json(_read(), InsEnvironment.TEST)
    assert set(doc) == {"reader", "card", "beneficiaries"}
    assert doc["card"] == {"type": "vitale2", "atr": "3B 75 13 00 00 45 09 EA 90 00"}
    keys = {"index", "surname", "birth_name", "first_name", "birth_date", "birth_rank", "quality", "holder_nir",
            "certified_nir", "nir_valid", "ins", "eligible", "reason"}
    assert all(set(b) == keys for b in doc["beneficiaries"])
    jean, sophie, lea = doc["beneficiaries"]
    assert jean["ins"]["type"] == "INS-C" and jean["ins"]["oid"] == OID_INS_C and len(jean["ins"]["value"]) == 22
    assert sophie["ins"] == {"type": "INS-NIR", "value": "282056912304564", "oid": OID_INS_NIR_TEST}
    assert lea["ins"] is None and lea["eligible"] is False and lea["reason"] == "no_own_nir"
    assert jean["index"] == 0 and lea["index"] == 2 and lea["quality"] == "enfant"
    json.dumps(doc)  # serialisable as is


class FakeReader:
    def __init__(self, outcome: CardRead | DomainError) -> None:
        self.outcome = outcome
        self.calls: list[tuple[str | None, float]] = []

    def readers(self) -> list[str]:
        return ["Virtual PCD 00 00"]

    def read(self, reader: str | None = None, wait: float = 0.0) -> CardRead:
        self.calls.append((reader, wait))
        if isinstance(self.outcome, DomainError):
            raise self.outcome
        return self.outcome


def _run(monkeypatch: pytest.MonkeyPatch, outcome: CardRead | DomainError, *argv: str) -> tuple[int, FakeReader]:
    fake = FakeReader(outcome)
    monkeypatch.setattr("dmp_desktop.card.open_reader", lambda settings: fake)
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["card", "read", *argv])
    return args.func(args, Settings()), fake


def test_read_prints_table(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, fake = _run(monkeypatch, _read(), "--wait", "2.5", "--reader", "Virtual PCD 00 00")
    out = capsys.readouterr().out
    assert code == 0 and fake.calls == [("Virtual PCD 00 00", 2.5)]
    assert "Sophie" in out and "INS-NIR 282056912304564" in out and "pas de NIR propre" in out
    assert "12/05/1980" in out


def test_read_uses_settings_wait_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    _, fake = _run(monkeypatch, _read(), "--json")
    assert fake.calls == [(None, Settings().card.wait_seconds)]


@pytest.mark.parametrize(
    ("code", "exit_code"),
    [
        (ErrorCode.NO_CARD, 3),
        (ErrorCode.CARD_UNKNOWN, 4),
        (ErrorCode.CARD_VITALE1, 4),
        (ErrorCode.PCSC_UNAVAILABLE, 5),
        (ErrorCode.NO_READER, 5),
        (ErrorCode.READER_NOT_FOUND, 5),
        (ErrorCode.CARD_REMOVED, 6),
        (ErrorCode.CARD_STATUS, 6),
        (ErrorCode.CARD_DATA_INVALID, 6),
    ],
)
def test_failures_exit_non_zero_with_french_then_english(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: ErrorCode, exit_code: int
) -> None:
    status, _ = _run(monkeypatch, DomainError(code, "detail"), "--json", "--wait", "0")
    captured = capsys.readouterr()
    assert status == exit_code
    fr, en = command.MESSAGES[code]
    assert f"{fr} / {en}" in captured.err
    assert json.loads(captured.out)["error"]["code"] == code.value


def test_pointer_map_of_the_virtual_card_lists_three_files() -> None:
    files = next(iter(layout.encode_image(IMAGE, b"\x3b").applications.values()))
    names = [e.name for e in layout.parse_pointer_map(files[0x2001] or b"")]
    assert names == ["CARTE", "BENEFS", "PHOTO"]

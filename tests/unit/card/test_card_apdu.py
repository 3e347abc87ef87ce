"""APDU encodings, ATR recognition and the T=0 exchange rules (61xx / 6Cxx)."""

from __future__ import annotations

import pytest

from dmp_desktop.card import apdu
from dmp_desktop.domain.errors import DomainError, ErrorCode


class Scripted:
    """A channel answering from a script, recording what it was sent."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = [bytes.fromhex(a) for a in answers]
        self.sent: list[bytes] = []

    def transmit(self, command: bytes) -> bytes:
        self.sent.append(command)
        return self.answers.pop(0)


def test_apdu_encodings() -> None:
    assert apdu.select_aid(apdu.AID_VITALE).hex().upper() == "00A404000BD250000002564954414C45"
    assert apdu.select_ef(0x2001).hex().upper() == "00A40200022001"
    assert apdu.read_binary(0x0123).hex().upper() == "00B0012300"
    assert apdu.read_binary(0, 0x20).hex().upper() == "00B0000020"
    assert apdu.get_response(0x1C).hex().upper() == "00C000001C"
    with pytest.raises(DomainError):
        apdu.read_binary(0x8000)


@pytest.mark.parametrize("x", "3456789")
def test_every_public_vitale2_atr_is_recognised(x: str) -> None:
    assert apdu.classify_atr(apdu.parse_hex(f"3B 75 13 00 00 4{x} 09 EA 90 00")) == "vitale2"


def test_vitale2_variant_atr() -> None:
    assert apdu.classify_atr(apdu.parse_hex("3B 75 13 00 00 45 09 FA 90 00")) == "vitale2"


@pytest.mark.parametrize(
    "atr", ["3F 65 25 00 22 09 F9 90 00", "3F 65 25 00 2C 09 69 90 00", "3F 65 25 00 52 09 6A 90 00",
            "3F 65 25 00 A4 09 6A 90 00"]
)
def test_vitale1_is_refused_with_its_own_code(atr: str) -> None:
    with pytest.raises(DomainError) as err:
        apdu.classify_atr(apdu.parse_hex(atr))
    assert err.value.code is ErrorCode.CARD_VITALE1


@pytest.mark.parametrize(
    "atr",
    ["3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00", "3B 75 13 00 00 45 09 EA 90", "",
     "3B 75 13 00 00 45 09 EA 90 01"],
)
def test_other_cards_are_unknown(atr: str) -> None:
    with pytest.raises(DomainError) as err:
        apdu.classify_atr(apdu.parse_hex(atr))
    assert err.value.code is ErrorCode.CARD_UNKNOWN


def test_exchange_plain() -> None:
    ch = Scripted(["01029000"])
    assert apdu.exchange(ch, apdu.read_binary(0)) == (b"\x01\x02", 0x9000)


def test_exchange_61xx_fetches_with_get_response_until_done() -> None:
    ch = Scripted(["6104", "AABBCCDD6102", "EEFF9000"])
    assert apdu.exchange(ch, apdu.select_aid(apdu.AID_VITALE)) == (bytes.fromhex("AABBCCDDEEFF"), 0x9000)
    assert ch.sent[1] == apdu.get_response(4) and ch.sent[2] == apdu.get_response(2)


def test_exchange_6cxx_resends_with_exact_le() -> None:
    ch = Scripted(["6C03", "0102039000"])
    assert apdu.exchange(ch, apdu.read_binary(0x100)) == (b"\x01\x02\x03", 0x9000)
    assert ch.sent[1] == bytes.fromhex("00B0010003")


def test_exchange_error_status_is_returned() -> None:
    assert apdu.exchange(Scripted(["6A82"]), apdu.select_ef(0x2001)) == (b"", 0x6A82)


def test_exchange_endless_61xx_is_a_card_status_error() -> None:
    ch = Scripted(["6101"] * (apdu.MAX_GET_RESPONSE + 2))
    with pytest.raises(DomainError) as err:
        apdu.exchange(ch, apdu.select_ef(0x2001))
    assert err.value.code is ErrorCode.CARD_STATUS


def test_response_without_status_word() -> None:
    with pytest.raises(DomainError) as err:
        apdu.exchange(Scripted(["90"]), apdu.read_binary(0))
    assert err.value.code is ErrorCode.CARD_STATUS


@pytest.mark.parametrize(
    ("atr", "length"),
    [
        ("3B 75 13 00 00 45 09 EA 90 00", 10),  # Vitale 2: TA1 TB1 TC1, 5 historical bytes, T=0 only
        ("3F 65 25 00 22 09 F9 90 00", 9),  # Vitale 1
        ("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A", 20),  # TD1 → T=1 offered: a TCK
        ("3B 02 14 50", 4),
        ("3B 75 13 00", None),  # ends before its historical bytes
        ("3B", None),
    ],
)
def test_atr_length_from_its_structure(atr: str, length: int | None) -> None:
    assert apdu.atr_length(apdu.parse_hex(atr)) == length


def test_a_zero_padded_atr_is_recognised_and_trimmed() -> None:
    vitale2 = apdu.parse_hex("3B 75 13 00 00 45 09 EA 90 00")
    assert apdu.padded_atr(vitale2 + bytes(23)) and apdu.trim_atr(vitale2 + bytes(23)) == vitale2
    assert not apdu.padded_atr(vitale2) and apdu.trim_atr(vitale2) == vitale2
    assert not apdu.padded_atr(vitale2 + b"\x01") and apdu.trim_atr(vitale2 + b"\x01") == vitale2 + b"\x01"

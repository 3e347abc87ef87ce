"""APDUs, status words, ATR recognition and the T=0 exchange rules (61xx, 6Cxx) for Vitale cards."""

from __future__ import annotations

from typing import Protocol

from dmp_desktop.domain.errors import DomainError, ErrorCode

# Application identifiers of the Vitale 2 card (cardpeek, vitale_2.lua); the ASCII tail is the name.
AID_VITALE = bytes.fromhex("D250000002564954414C45")  # "VITALE"
AID_VITALE_MF = bytes.fromhex("D2500000024D465F564954414C45")  # "MF_VITALE"
EF_POINTERS = 0x2001  # the map of the data files, read first

# Default ATR served by the virtual card, and the mask recognising every public Vitale 2 ATR
# (3B 75 13 00 00 4x 09 EA 90 00, x = 3..9, and the ...09 FA 90 00 variant).
ATR_VITALE2 = bytes.fromhex("3B7513000045 09EA9000".replace(" ", ""))
_VITALE2_PATTERN = bytes.fromhex("3B75130000400 9EA9000".replace(" ", ""))
_VITALE2_MASK = bytes.fromhex("FFFFFFFFFFF0FFEFFFFF")
_VITALE1_PREFIX = bytes.fromhex("3F6525")  # inverse convention, Bull CP8 mask (Vitale 1)

CARD_TYPE_VITALE2 = "vitale2"

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282  # fewer bytes than Le: the end of the file was reached
SW_WRONG_OFFSET = 0x6B00
SW_SECURITY = 0x6982
SW_CONDITIONS = 0x6985
SW_NOT_ALLOWED = 0x6986
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_WRONG_LENGTH = 0x6700
SW_INS_UNKNOWN = 0x6D00
SW_CLA_UNKNOWN = 0x6E00

# A file that answers one of these is protected or absent: real cards have such files (photo...).
SW_SKIPPABLE = frozenset({SW_SECURITY, SW_CONDITIONS, SW_NOT_ALLOWED, SW_FILE_NOT_FOUND})

MAX_GET_RESPONSE = 64  # a card that keeps answering 61xx is broken; 64 × 256 bytes is far beyond Vitale data


class Channel(Protocol):
    """Sends one command APDU and returns the response APDU (data + SW1 SW2). Raises DomainError only."""

    def transmit(self, apdu: bytes) -> bytes: ...


def hex_atr(atr: bytes) -> str:
    return " ".join(f"{b:02X}" for b in atr)


def parse_hex(text: str) -> bytes:
    """'3B 75 13...' or '3B7513...' → bytes (ValueError on bad input)."""
    return bytes.fromhex("".join(text.split()))


def atr_length(atr: bytes) -> int | None:
    """The length an ATR declares by its own structure (ISO/IEC 7816-3: T0's interface and historical byte
    counts, the TDi chain, a TCK when a protocol other than T=0 is offered); None when the bytes end first.
    Hand-written: pyscard's ATR class raises on the padded buffers this is for, and says nothing of a length."""
    if len(atr) < 2:
        return None
    y, historical = atr[1] >> 4, atr[1] & 0x0F
    i, tck = 2, False
    while True:
        i += bin(y & 0x7).count("1")  # TAi, TBi, TCi
        if not y & 0x8:
            break
        if i >= len(atr):
            return None
        td = atr[i]
        i += 1
        tck = tck or bool(td & 0x0F)
        y = td >> 4
    length = i + historical + (1 if tck else 0)
    return length if length <= len(atr) else None


def padded_atr(atr: bytes) -> bool:
    """pcscd can report a card's ATR as its whole 33-byte buffer while the card is being powered: the ATR
    followed by zeros. True for such a buffer (the ATR is then `trim_atr(atr)`)."""
    length = atr_length(atr)
    return length is not None and len(atr) > length and not any(atr[length:])


def trim_atr(atr: bytes) -> bytes:
    length = atr_length(atr)
    return atr[:length] if padded_atr(atr) and length is not None else atr


def classify_atr(atr: bytes) -> str:
    """The card type for a Vitale 2 ATR; DomainError(CARD_VITALE1 / CARD_UNKNOWN) for anything else."""
    if len(atr) == len(_VITALE2_PATTERN) and all(
        (a & m) == p for a, m, p in zip(atr, _VITALE2_MASK, _VITALE2_PATTERN, strict=True)
    ):
        return CARD_TYPE_VITALE2
    if atr.startswith(_VITALE1_PREFIX):
        raise DomainError(ErrorCode.CARD_VITALE1, f"Vitale 1 card (ATR {hex_atr(atr)}): not supported")
    raise DomainError(ErrorCode.CARD_UNKNOWN, f"not a Vitale card (ATR {hex_atr(atr) or 'none'})")


def select_aid(aid: bytes) -> bytes:
    """SELECT by DF name, first occurrence, FCI requested, no Le (as cardpeek sends it)."""
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid


def select_ef(fid: int) -> bytes:
    """SELECT an elementary file under the current DF by its 2-byte identifier."""
    return bytes([0x00, 0xA4, 0x02, 0x00, 0x02]) + fid.to_bytes(2, "big")


def read_binary(offset: int, le: int = 0) -> bytes:
    """READ BINARY of the current EF at a 15-bit offset; Le 0 means 256 bytes."""
    if not 0 <= offset <= 0x7FFF:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"READ BINARY offset {offset} out of range")
    return bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, le & 0xFF])


def get_response(le: int) -> bytes:
    return bytes([0x00, 0xC0, 0x00, 0x00, le & 0xFF])


def split_sw(response: bytes) -> tuple[bytes, int]:
    if len(response) < 2:
        raise DomainError(ErrorCode.CARD_STATUS, f"response of {len(response)} bytes has no status word")
    return response[:-2], int.from_bytes(response[-2:], "big")


def exchange(channel: Channel, apdu: bytes) -> tuple[bytes, int]:
    """Send one command, following the T=0 rules: 6Cxx → same command with Le=xx, 61xx → GET RESPONSE."""
    data, sw = split_sw(channel.transmit(apdu))
    if sw >> 8 == 0x6C and len(apdu) == 5:  # wrong Le: the card tells the exact length, resend once
        data, sw = split_sw(channel.transmit(apdu[:4] + bytes([sw & 0xFF])))
    chunks = [data]
    for _ in range(MAX_GET_RESPONSE):
        if sw >> 8 != 0x61:
            return b"".join(chunks), sw
        data, sw = split_sw(channel.transmit(get_response(sw & 0xFF)))
        chunks.append(data)
    raise DomainError(ErrorCode.CARD_STATUS, "card keeps answering 61xx")

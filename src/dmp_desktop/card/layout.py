"""The Vitale 2 on-card layout: pointer map (EF 2001), beneficiary data objects, and its encoder/decoder."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from dmp_desktop.card import tlv
from dmp_desktop.card.apdu import AID_VITALE, EF_POINTERS
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import (
    Beneficiary,
    Quality,
    check_card_name,
    has_hidden_characters,
    nir_key,
    normalize_nir,
)

log = logging.getLogger(__name__)

# Public tags (cardpeek's VITALE_IDO map): see docs/card-layout.md.
TAG_MAP = 0xE0
TAG_APPLICATIONS = 0xA0
TAG_APPLICATION = 0x82
TAG_FILE = 0x80
TAG_BENEFICIARY = 0x65
TAG_CARD = 0x66
TAG_SURNAME = 0x80
TAG_FIRST_NAME = 0x81
TAG_BIRTH_DATE = 0x82
TAG_NATIONALITY = 0x90
TAG_NIR = 0x93
TAG_VALID_FROM = 0x80  # inside 66

# The project's extension tags (private class, never seen on public dumps): absent on real cards.
TAG_X_BIRTH_NAME = 0xDF41
TAG_X_BIRTH_RANK = 0xDF42
TAG_X_QUALITY = 0xDF43
TAG_X_CERTIFIED_NIR = 0xDF44

# Quality codes written in DF43 (the SESAM-Vitale dictionary's numbering for these four).
QUALITY_CODES = {Quality.ASSURE: "00", Quality.CONJOINT: "02", Quality.ENFANT: "06", Quality.AUTRE: "09"}
_QUALITY_BY_CODE = {v: k for k, v in QUALITY_CODES.items()}

# Data files of the virtual card (names are 8 ASCII characters in the map).
EF_CARD = 0x2004
EF_BENEFICIARIES = 0x2005
EF_PHOTO = 0x2006  # listed but protected, as on real cards: the reader must skip it
ENTRY_VITALE = 0x0001

_DIGITS8 = re.compile(r"[0-9]{8}")
_NIR15 = re.compile(r"[0-9][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{8}")
_NIR13 = re.compile(r"[0-9][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}")


@dataclass(frozen=True)
class MapEntry:
    name: str
    aid: bytes
    fid: int


@dataclass
class CardLayout:
    """What a card holds: per application, its elementary files; None = a protected file."""

    atr: bytes
    applications: dict[bytes, dict[int, bytes | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedCard:
    beneficiaries: tuple[Beneficiary, ...]
    valid_from: str = ""


# --- encoder (the virtual card) -------------------------------------------------------------------


def _text(tag: int, value: str) -> bytes:
    return tlv.encode(tag, value.encode("utf-8"))


def encode_beneficiary(holder_nir: str, ben: dict[str, Any]) -> bytes:
    children = [
        _text(TAG_SURNAME, ben["surname"]),
        _text(TAG_FIRST_NAME, ben["first_name"]),
        _text(TAG_BIRTH_DATE, ben["birth_date"]),
        _text(TAG_NIR, holder_nir),
        _text(TAG_X_BIRTH_NAME, ben.get("birth_name") or ""),
        _text(TAG_X_BIRTH_RANK, str(ben.get("birth_rank", 1))),
        _text(TAG_X_QUALITY, QUALITY_CODES[Quality(ben.get("quality", "assure"))]),
    ]
    if ben.get("certified_nir"):
        children.append(_text(TAG_X_CERTIFIED_NIR, ben["certified_nir"]))
    return tlv.encode(TAG_BENEFICIARY, children)


def encode_pointer_map(entries: list[MapEntry]) -> bytes:
    aids: list[bytes] = []
    for e in entries:
        if e.aid not in aids:
            aids.append(e.aid)
    apps = [tlv.encode(TAG_APPLICATION, (i + 1).to_bytes(2, "big") + b"\x00\x00" + aid) for i, aid in enumerate(aids)]
    files = [
        tlv.encode(TAG_FILE, e.name.encode("ascii")[:8].ljust(8) + (aids.index(e.aid) + 1).to_bytes(2, "big")
                   + e.fid.to_bytes(2, "big"))
        for e in entries
    ]
    return tlv.encode(TAG_MAP, [tlv.encode(TAG_APPLICATIONS, apps), *files])


def encode_image(image: dict[str, Any], atr: bytes) -> CardLayout:
    """Lay a validated card image out as a Vitale 2 would hold it (see docs/card-layout.md)."""
    holder = normalize_nir(image["holder_nir"])
    card_file = tlv.encode(TAG_CARD, [_text(TAG_VALID_FROM, image.get("valid_from", "20180101"))])
    benef_file = b"".join(encode_beneficiary(holder, b) for b in image["beneficiaries"])
    entries = [
        MapEntry("CARTE", AID_VITALE, EF_CARD),
        MapEntry("BENEFS", AID_VITALE, EF_BENEFICIARIES),
        MapEntry("PHOTO", AID_VITALE, EF_PHOTO),
    ]
    files: dict[int, bytes | None] = {
        EF_POINTERS: encode_pointer_map(entries),
        EF_CARD: card_file,
        EF_BENEFICIARIES: benef_file,
        EF_PHOTO: None,
    }
    return CardLayout(atr=atr, applications={AID_VITALE: files})


# --- decoder (the reader) --------------------------------------------------------------------------


def _bad(detail: str) -> DomainError:
    return DomainError(ErrorCode.CARD_DATA_INVALID, detail)


def parse_pointer_map(data: bytes) -> list[MapEntry]:
    """EF 2001: E0 { A0 { 82 entry(2) ?(2) AID }, 80 name(8) entry(2) fid(2) ... }."""
    top = tlv.parse(data)
    root = next((t for t in top if t.tag == TAG_MAP), None)
    if root is None:
        raise _bad("pointer map: no E0 object")
    apps_node = root.find(TAG_APPLICATIONS)
    aids: dict[bytes, bytes] = {}
    for app in apps_node.find_all(TAG_APPLICATION) if apps_node else []:
        if len(app.value) < 5:
            raise _bad("pointer map: application entry too short")
        aids[app.value[0:2]] = app.value[4:]
    entries = []
    for node in root.find_all(TAG_FILE):
        if len(node.value) < 12:
            raise _bad("pointer map: file entry too short")
        entry_id = node.value[8:10]
        if entry_id not in aids:
            raise _bad(f"pointer map: file refers to unknown application {entry_id.hex()}")
        name = node.value[0:8].decode("latin-1").strip()
        entries.append(MapEntry(name, aids[entry_id], int.from_bytes(node.value[10:12], "big")))
    return entries


def _decode_text(node: tlv.Tlv | None) -> str:
    if node is None:
        return ""
    try:
        text = node.value.decode("utf-8")
    except UnicodeDecodeError:  # older cards and tools write Latin-1
        text = node.value.decode("latin-1")
    if has_hidden_characters(text):
        raise _bad(f"tag {node.tag:X}: control, format or bidi characters in a text field")
    return text.strip()


def _holder_nir(raw: str) -> str:
    nir = normalize_nir(raw)
    if _NIR13.fullmatch(nir):  # stored without its key: the key is derived, not guessed
        return nir + nir_key(nir)
    if not _NIR15.fullmatch(nir):
        raise _bad("NIR (tag 93) is not 13 or 15 characters of a NIR")
    return nir


def parse_beneficiary(index: int, node: tlv.Tlv) -> Beneficiary:
    surname = _decode_text(node.find(TAG_SURNAME))
    first_name = _decode_text(node.find(TAG_FIRST_NAME))
    birth_date = _decode_text(node.find(TAG_BIRTH_DATE))
    nir = _decode_text(node.find(TAG_NIR))
    if not surname or not first_name:
        raise _bad(f"beneficiary {index}: surname (80) and first name (81) are required")
    if not _DIGITS8.fullmatch(birth_date):  # lunar dates are kept: digits only, no calendar check
        raise _bad(f"beneficiary {index}: birth date (82) must be 8 digits YYYYMMDD")
    if not nir:
        raise _bad(f"beneficiary {index}: no NIR (93)")
    rank_text = _decode_text(node.find(TAG_X_BIRTH_RANK)) or "1"
    if not re.fullmatch(r"[0-9]{1,2}", rank_text) or not 1 <= int(rank_text) <= 99:  # str.isdigit takes '²'
        raise _bad(f"beneficiary {index}: birth rank (DF42) must be 1-99")
    quality_node = node.find(TAG_X_QUALITY)
    if quality_node is None:  # a real card: the first group is the insured person, the others unknown
        quality = Quality.ASSURE if index == 0 else Quality.AUTRE
    else:
        code = _decode_text(quality_node)
        quality = _QUALITY_BY_CODE.get(code, Quality.AUTRE)
        if code not in _QUALITY_BY_CODE:
            log.warning("beneficiary %d: unknown quality code %r read as 'autre'", index, code)
    certified = _decode_text(node.find(TAG_X_CERTIFIED_NIR)) or None
    if certified is not None:
        certified = normalize_nir(certified)
        if not _NIR15.fullmatch(certified):
            raise _bad(f"beneficiary {index}: certified NIR (DF44) is not 15 characters of a NIR")
    birth_name = _decode_text(node.find(TAG_X_BIRTH_NAME))
    for name, value in (("surname", surname), ("first_name", first_name), ("birth_name", birth_name)):
        try:
            check_card_name(name, value)
        except DomainError as exc:
            raise _bad(f"beneficiary {index}: {exc.detail}") from None
    return Beneficiary(
        index=index,
        surname=surname,
        first_name=first_name,
        birth_date=birth_date,
        holder_nir=_holder_nir(nir),
        birth_name=birth_name,
        birth_rank=int(rank_text),
        quality=quality,
        certified_nir=certified,
    )


def is_raw_file(data: bytes) -> bool:
    """cardpeek's rule: content starting with 00 or 04 00 is not TLV."""
    return not data or data[0] == 0x00 or data[:2] == b"\x04\x00"


def parse_data_files(contents: list[bytes]) -> ParsedCard:
    """Every 65 group of every data file, in card order; 66/80 gives the validity start."""
    groups: list[tlv.Tlv] = []
    valid_from = ""
    for data in contents:
        if is_raw_file(data):
            continue
        for node in tlv.parse(data):
            if node.tag == TAG_BENEFICIARY:
                groups.append(node)
            elif node.tag == TAG_CARD and not valid_from:
                valid_from = _decode_text(node.find(TAG_VALID_FROM))
    if not groups:
        raise _bad("no beneficiary (tag 65) on the card")
    return ParsedCard(tuple(parse_beneficiary(i, g) for i, g in enumerate(groups)), valid_from)

"""The card's PKCS#11 objects by label, and their contents: the real cards' layouts where public, ours otherwise.

What is decoded and from what is written in docs/cps.md. In short: the situations (CPS_ACTIVITY_nn_PS) use the
BER-TLV layout reported for real cards (container EE: 84 name, 85 structure identifier, 86 sector) on real cards
and on ours alike; CPS_ID_CARD, CPS_NAME_PS and CPS_INFO_PS are only decoded on tokens we provisioned, whose
objects carry CKA_APPLICATION = OUR_APPLICATION and a JSON value.
"""

from __future__ import annotations

import json
import re
from typing import Any

from dmp_desktop.domain.professional import Situation

PRIV_AUT = "CPS_PRIV_AUT"
PRIV_SIG = "CPS_PRIV_SIG"
CERT_AUT = "Certificat d'Authentification CPS"
CERT_SIG = "Certificat de Signature CPS"
ID_CARD = "CPS_ID_CARD"
NAME_PS = "CPS_NAME_PS"
INFO_PS = "CPS_INFO_PS"
PUBLIC_DATA = (ID_CARD, NAME_PS, INFO_PS)  # readable without the PIN
MAX_ACTIVITIES = 16

OUR_APPLICATION = "dmp-desktop CPS image v1"  # CKA_APPLICATION of the data objects we write

_ACTIVITY = 0xEE
_NAME, _STRUCTURE, _SECTOR = 0x84, 0x85, 0x86
_SPECIALTY_TAIL = re.compile(r"[A-Z]{2}[0-9]{2}")


def activity_label(index: int) -> str:
    """CPS_ACTIVITY_01_PS for the first situation (index 0)."""
    return f"CPS_ACTIVITY_{index + 1:02d}_PS"


def is_activity_label(label: str) -> bool:
    return re.fullmatch(r"CPS_ACTIVITY_[0-9]{2}_PS", label) is not None


# ------------------------------------------------------------------ our JSON objects


def encode_ours(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def decode_ours(application: str, value: bytes) -> dict[str, Any] | None:
    """The JSON of one of our objects; None for any other object (a real card's raw ASN.1)."""
    if application != OUR_APPLICATION:
        return None
    try:
        content = json.loads(value.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return content if isinstance(content, dict) else None


def specialty_from_raw_info(value: bytes) -> str:
    """A real card's specialty: the last four characters of CPS_INFO_PS when they look like a code (SM26).
    The full layout is not public; this is the convention of the ANS sample code as reported publicly."""
    tail = value[-4:].decode("ascii", errors="replace")
    return tail if _SPECIALTY_TAIL.fullmatch(tail) else ""


# ------------------------------------------------------------------ situations (BER-TLV)


def _tlv(data: bytes) -> list[tuple[int, bytes]]:
    """Single-byte tags, short or long definite lengths: what the situation objects use."""
    out = []
    pos = 0
    while pos < len(data):
        tag = data[pos]
        if tag in (0x00, 0xFF):  # padding after the last element
            pos += 1
            continue
        if pos + 1 >= len(data):
            raise ValueError("truncated TLV")
        length = data[pos + 1]
        pos += 2
        if length & 0x80:
            count = length & 0x7F
            if count == 0 or count > 3 or pos + count > len(data):
                raise ValueError("unsupported TLV length")
            length = int.from_bytes(data[pos:pos + count], "big")
            pos += count
        if pos + length > len(data):
            raise ValueError("truncated TLV value")
        out.append((tag, data[pos:pos + length]))
        pos += length
    return out


def _length(n: int) -> bytes:
    return bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else bytes([0x82]) + n.to_bytes(2, "big")


def _element(tag: int, value: bytes) -> bytes:
    return bytes([tag]) + _length(len(value)) + value


def encode_activity(situation: Situation) -> bytes:
    inner = (_element(_NAME, situation.name.encode("utf-8"))
             + _element(_STRUCTURE, situation.structure_id.encode("ascii"))
             + _element(_SECTOR, situation.sector.encode("ascii")))
    return _element(_ACTIVITY, inner)


def decode_activity(value: bytes) -> Situation | None:
    """One situation d'exercice, or None when the object holds no usable one (empty slot, other layout)."""
    try:
        outer = _tlv(value)
        inner = next((v for t, v in outer if t == _ACTIVITY), None)
        if inner is None:
            return None
        fields = dict(_tlv(inner))
    except ValueError:
        return None
    structure = fields.get(_STRUCTURE, b"").decode("ascii", errors="replace").strip()
    if not structure:
        return None
    name = fields.get(_NAME, b"").decode("utf-8", errors="replace").strip()
    sector_raw = fields.get(_SECTOR, b"").decode("ascii", errors="replace").strip()
    sector = sector_raw[-4:] if sector_raw else "SA33"
    return Situation(structure_id=structure, name=name, sector=sector)

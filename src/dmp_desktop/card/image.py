"""Card image JSON files (docs/card-image.md): loading, validation, and the shipped training cards."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from dmp_desktop import resource_files
from dmp_desktop.card.apdu import parse_hex
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Quality, normalize_nir

_TOP_KEYS = {"atr", "holder_nir", "beneficiaries", "label", "valid_from"}
_BEN_KEYS = {"surname", "birth_name", "first_name", "birth_date", "birth_rank", "quality", "certified_nir"}
_NIR = re.compile(r"[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{8}")
_DATE = re.compile(r"[0-9]{8}")
MAX_BENEFICIARIES = 12
MAX_TEXT = 64  # bytes of UTF-8 per name on the card
MAX_FILE_BYTES = 256 * 1024  # a 12-beneficiary image is ~3 KB: refuse bigger files unread
SHOWN_CHARS = 40
# Control (C0, C1), format (bidi overrides, zero-width), surrogate, private, unassigned, line separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _shown(value: object) -> str:
    """A value quoted for a message, control characters escaped, cut to SHOWN_CHARS characters."""
    text = str(value)
    quoted = json.dumps(text[:SHOWN_CHARS])
    return quoted if len(text) <= SHOWN_CHARS else f"{quoted[:-1]}…\" ({len(text)} characters)"


def _where(path: str | Path) -> str:
    """A file named by the operator: in full, unless it is too long or hides characters."""
    text = str(path)
    return text if len(text) <= 300 and text.isprintable() else _shown(text)


def _keys(keys: set[Any]) -> str:
    return ", ".join(_shown(k) for k in sorted(keys, key=str)[:5]) + (" …" if len(keys) > 5 else "")


def _bad(where: str, detail: str) -> DomainError:
    return DomainError(ErrorCode.CARD_DATA_INVALID, f"card image: {where}: {detail}", field=where)


def _text(where: str, value: Any, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _bad(where, "must be a non-empty string" if required else "must be a string")
    if len(value.encode("utf-8")) > MAX_TEXT:
        raise _bad(where, f"longer than {MAX_TEXT} bytes")
    if any(unicodedata.category(c) in _HIDDEN for c in value):
        raise _bad(where, f"control, format or bidi characters: {_shown(value)}")
    return value


def _nir(where: str, value: Any) -> str:
    if not isinstance(value, str) or not _NIR.fullmatch(normalize_nir(value)):
        raise _bad(where, "must be a NIR of 15 characters (13 + 2-digit key; the key may be wrong)")
    return normalize_nir(value)


def _beneficiary(where: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _bad(where, "must be an object")
    unknown = set(raw) - _BEN_KEYS
    if unknown:
        raise _bad(where, f"unknown key(s) {_keys(unknown)}")
    date = raw.get("birth_date")
    if not isinstance(date, str) or not _DATE.fullmatch(date):
        raise _bad(f"{where}.birth_date", "must be 8 digits YYYYMMDD (lunar dates allowed)")
    rank = raw.get("birth_rank", 1)
    if not isinstance(rank, int) or isinstance(rank, bool) or not 1 <= rank <= 99:
        raise _bad(f"{where}.birth_rank", "must be an integer 1-99")
    quality = raw.get("quality", "assure")
    if quality not in {q.value for q in Quality}:
        raise _bad(f"{where}.quality", "must be assure, conjoint, enfant or autre")
    out: dict[str, Any] = {
        "surname": _text(f"{where}.surname", raw.get("surname"), required=True),
        "birth_name": _text(f"{where}.birth_name", raw.get("birth_name"), required=False),
        "first_name": _text(f"{where}.first_name", raw.get("first_name"), required=True),
        "birth_date": date,
        "birth_rank": rank,
        "quality": quality,
    }
    if raw.get("certified_nir") is not None:
        out["certified_nir"] = _nir(f"{where}.certified_nir", raw["certified_nir"])
    return out


def validate_image(raw: Any) -> dict[str, Any]:
    """A normalized copy of a card image, or DomainError(CARD_DATA_INVALID) naming the bad field."""
    if not isinstance(raw, dict):
        raise _bad("image", "must be a JSON object")
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise _bad("image", f"unknown key(s) {_keys(unknown)}")
    image: dict[str, Any] = {"holder_nir": _nir("holder_nir", raw.get("holder_nir"))}
    if raw.get("atr") is not None:
        try:
            atr = parse_hex(raw["atr"]) if isinstance(raw["atr"], str) else b""
        except ValueError:
            atr = b""
        if not 2 <= len(atr) <= 33:
            raise _bad("atr", "must be 2 to 33 hexadecimal bytes, e.g. \"3B 75 13 00 00 45 09 EA 90 00\"")
        image["atr"] = raw["atr"]
    if raw.get("label") is not None:
        image["label"] = _text("label", raw["label"], required=False)
    if raw.get("valid_from") is not None:
        if not isinstance(raw["valid_from"], str) or not _DATE.fullmatch(raw["valid_from"]):
            raise _bad("valid_from", "must be 8 digits YYYYMMDD")
        image["valid_from"] = raw["valid_from"]
    bens = raw.get("beneficiaries")
    if not isinstance(bens, list) or not 1 <= len(bens) <= MAX_BENEFICIARIES:
        raise _bad("beneficiaries", f"must be a list of 1 to {MAX_BENEFICIARIES} beneficiaries")
    image["beneficiaries"] = [_beneficiary(f"beneficiaries[{i}]", b) for i, b in enumerate(bens)]
    return image


def load_image(path: str | Path) -> dict[str, Any]:
    """Read and validate a card image file (at most MAX_FILE_BYTES, refused unread beyond)."""
    where = _where(path)
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise DomainError(
                ErrorCode.CARD_DATA_INVALID, f"card image: {where}: larger than {MAX_FILE_BYTES} bytes"
            )
        raw = json.loads(data.decode("utf-8"))
    except FileNotFoundError:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"card image: {where}: file not found") from None
    except json.JSONDecodeError as exc:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"card image: {where}: invalid JSON ({exc})") from None
    except RecursionError:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"card image: {where}: nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"card image: {where}: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"card image: {where}: {exc.strerror or exc}") from None
    return validate_image(raw)


def training_cards() -> list[Path]:
    """The shipped training card images, sorted by file name."""
    return resource_files.files(resource_files.TRAINING_CARDS, ".json")


def resolve_image(name_or_path: str) -> Path:
    """A path to an image file, or the name of a training card ('famille-martin')."""
    path = Path(name_or_path)
    try:
        if path.exists():
            return path
    except OSError:  # a name too long for the file system is no file of ours
        pass
    for card in training_cards():
        if card.stem == name_or_path:
            return card
    raise DomainError(
        ErrorCode.CARD_DATA_INVALID, f"card image: {_shown(name_or_path)}: no such file or training card"
    )

"""Strict JSON objects from the host: size and nesting capped, parse errors with line/column, unknown keys
refused, typed getters; no message echoes more than a few dozen characters of the input."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any, BinaryIO

from dmp_desktop.domain.errors import DomainError, ErrorCode

_MISSING = object()

# A real request or context is well under 2 KiB and 3 levels deep; these caps leave room and refuse
# before the cost: a 50 MB request used to take 26 s and 483 MB, 3000 nested arrays a RecursionError.
MAX_DOCUMENT_BYTES = 1024 * 1024
MAX_DEPTH = 32
SHOWN_CHARS = 40  # at most this much of a host's value is quoted back in a message

# Control (C0, C1), format (bidi overrides, zero-width), surrogate, private, unassigned, line/paragraph
# separators: nothing a name, a reader or an address needs, and what makes text lie on screen.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def shown(value: str, limit: int = SHOWN_CHARS) -> str:
    """`value` quoted for a message: control characters escaped, cut to `limit` characters with the length."""
    quoted = json.dumps(value[:limit])
    return quoted if len(value) <= limit else f"{quoted[:-1]}…\" ({len(value)} characters)"


def too_large(what: str) -> DomainError:
    return invalid("", f"{what} is larger than {MAX_DOCUMENT_BYTES} bytes (1 MiB): refused unread")


def _key(key: str) -> str:
    """A key as it appears in a field path: itself when short and printable, else shown()."""
    return key if len(key) <= SHOWN_CHARS and key.isprintable() else shown(key)


def read_document(path: str | Path, what: str) -> str:
    """The UTF-8 text of a host file ('-' = stdin), refused past MAX_DOCUMENT_BYTES without reading the rest."""
    try:
        if str(path) == "-":
            data = _read_capped(sys.stdin.buffer)
        else:
            with Path(path).open("rb") as stream:
                data = _read_capped(stream)
    except OSError as exc:
        raise invalid("", f"{what}: cannot read {shown(str(path))}: {exc.strerror or type(exc).__name__}") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise too_large(what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid("", f"{what} is not UTF-8 (byte {exc.start})") from None


def _read_capped(stream: BinaryIO) -> bytes:
    return stream.read(MAX_DOCUMENT_BYTES + 1)


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, brackets inside strings left out."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def invalid(field: str, detail: str, code: ErrorCode = ErrorCode.REQUEST_INVALID) -> DomainError:
    return DomainError(code, f"{field}: {detail}" if field else detail, field=field or None)


def load_object(text: str, what: str) -> dict[str, Any]:
    """The top-level JSON object of `text` (a whole document); REQUEST_INVALID otherwise, also for a
    document over MAX_DOCUMENT_BYTES or nested deeper than MAX_DEPTH (checked before parsing)."""
    if len(text) > MAX_DOCUMENT_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_DOCUMENT_BYTES:
        raise too_large(what)
    if _depth(text) > MAX_DEPTH:
        raise invalid("", f"{what} is nested more than {MAX_DEPTH} levels deep")
    try:
        value = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise invalid("", f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:  # the pre-scan makes this unreachable; kept so no traceback can escape
        raise invalid("", f"{what} is nested too deeply") from None
    except ValueError as exc:
        raise invalid("", f"{what} is not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise invalid("", f"{what} must be a JSON object")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key given twice is ambiguous (which one did the host mean?): refuse it."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {shown(key)} appears twice")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def check_keys(
    obj: dict[str, Any], where: str, allowed: set[str], required: frozenset[str] | set[str] = frozenset()
) -> None:
    for key in obj:
        if key not in allowed:
            raise invalid(_path(where, _key(key)), "unknown key")
    for key in sorted(required):
        if key not in obj:
            raise invalid(_path(where, key), "missing")


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def get_str(
    obj: dict[str, Any], where: str, key: str, *, optional: bool = True, max_len: int = 256
) -> str | None:
    """The string at `key`: at most `max_len` characters, no control, format or bidi characters."""
    value = obj.get(key, _MISSING)
    if value is _MISSING or value is None:
        if optional:
            return None
        raise invalid(_path(where, key), "missing")
    if not isinstance(value, str):
        raise invalid(_path(where, key), "must be a string")
    if len(value) > max_len:
        raise invalid(_path(where, key), f"longer than {max_len} characters ({len(value)})")
    if any(unicodedata.category(c) in _HIDDEN for c in value):
        raise invalid(_path(where, key), f"contains control or invisible characters: {shown(value)}")
    return value


def get_object(obj: dict[str, Any], where: str, key: str) -> dict[str, Any] | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid(_path(where, key), "must be an object")
    return value

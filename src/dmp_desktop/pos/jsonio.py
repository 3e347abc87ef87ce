"""Strict JSON objects from the host: parse errors with line/column, unknown keys refused, typed getters."""

from __future__ import annotations

import json
from typing import Any

from dmp_desktop.domain.errors import DomainError, ErrorCode

_MISSING = object()


def invalid(field: str, detail: str, code: ErrorCode = ErrorCode.REQUEST_INVALID) -> DomainError:
    return DomainError(code, f"{field}: {detail}" if field else detail, field=field or None)


def load_object(text: str, what: str) -> dict[str, Any]:
    """The top-level JSON object of `text` (a whole document); REQUEST_INVALID otherwise."""
    try:
        value = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise invalid("", f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
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
            raise ValueError(f"key '{key}' appears twice")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def check_keys(
    obj: dict[str, Any], where: str, allowed: set[str], required: frozenset[str] | set[str] = frozenset()
) -> None:
    for key in obj:
        if key not in allowed:
            raise invalid(_path(where, key), "unknown key")
    for key in sorted(required):
        if key not in obj:
            raise invalid(_path(where, key), "missing")


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def get_str(obj: dict[str, Any], where: str, key: str, *, optional: bool = True) -> str | None:
    value = obj.get(key, _MISSING)
    if value is _MISSING or value is None:
        if optional:
            return None
        raise invalid(_path(where, key), "missing")
    if not isinstance(value, str):
        raise invalid(_path(where, key), "must be a string")
    return value


def get_object(obj: dict[str, Any], where: str, key: str) -> dict[str, Any] | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid(_path(where, key), "must be an object")
    return value

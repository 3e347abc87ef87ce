"""The result the host reads (stdout of `create --json`, the `wizard --result` file) and its exit code."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Ins
from dmp_desktop.domain.model import Channel, WebAccount
from dmp_desktop.pos import exitcodes
from dmp_desktop.pos.messages import CANCELLED_CODE, CANCELLED_TEXT, message

STATUSES = ("created", "pending", "already_exists", "closed", "refused", "error")


@dataclass(frozen=True)
class HostResult:
    """Never holds the temporary password: only the login and where the one-time codes go."""

    status: str
    error_code: str | None = None
    error_message: str | None = None
    ins: Ins | None = None
    login: str | None = None
    channels: tuple[Channel, ...] = ()
    printed: bool = False
    printer: str | None = None
    file: str | None = None
    creation_id: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def exit_code(self) -> int:
        if self.status == "created":
            return exitcodes.CREATED if self.error_code is None else exitcodes.CREATED_INCOMPLETE
        if self.status == "pending":
            return exitcodes.PENDING
        if self.status == "already_exists":
            return exitcodes.ALREADY_EXISTS
        if self.status == "closed":
            return exitcodes.CLOSED
        if self.status == "refused":
            return exitcodes.REFUSED
        if self.error_code == CANCELLED_CODE:
            return exitcodes.CANCELLED
        try:
            return exitcodes.for_error(ErrorCode(self.error_code))
        except ValueError:
            return exitcodes.INTERNAL

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "error": (
                {"code": self.error_code, "message": self.error_message or ""} if self.error_code else None
            ),
            "ins": {"type": self.ins.type.value, "value": self.ins.value} if self.ins else None,
            "account": (
                {"login": self.login, "channels": [c.value for c in self.channels]} if self.login else None
            ),
            "receipt": {"printed": self.printed, "printer": self.printer, "file": self.file},
            "creation_id": self.creation_id,
        }

    def dumps(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2)


def error_result(error: DomainError | ErrorCode, ins: Ins | None = None) -> HostResult:
    """status "error" (or already_exists/closed/refused for those service answers)."""
    code = error.code if isinstance(error, DomainError) else error
    detail = error.detail if isinstance(error, DomainError) else ""
    status = {
        ErrorCode.DMP_FOUND: "already_exists",
        ErrorCode.DMP_CLOSED: "closed",
        ErrorCode.DMP_CREATION_REFUSED: "refused",
    }.get(code, "error")
    return HostResult(status, code.value, message(code, detail), ins=ins)


def cancelled_result() -> HostResult:
    return HostResult("error", CANCELLED_CODE, CANCELLED_TEXT)


def account_fields(account: WebAccount | None) -> dict[str, Any]:
    """login + channels of a web account, for HostResult(**…): the password stays behind."""
    if account is None:
        return {"login": None, "channels": ()}
    return {"login": account.login, "channels": tuple(account.channels)}


def write_result(path: Path, result: HostResult) -> None:
    """Atomically (temp file + rename) so the host never reads half a result."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".result-", suffix=".json", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(result.dumps())
            out.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

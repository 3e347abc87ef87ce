"""The PIN's state machine: token flags → PinState, and the lockout a SoftHSM2 token lacks (a counter of ours).

A CPS blocks after three wrong PINs and says so in its token flags (count low, final try, locked). SoftHSM2
sets "count low" but never blocks, so for SoftHSM2 tokens a PinCounter counts the wrong tries per token,
persisted beside the token folder, and reports the flags a real card would. The PIN itself never reaches
this module: only "it failed" / "it worked".
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import PinState

PIN_TRIES = 3
CKF_USER_PIN_COUNT_LOW = 0x00010000
CKF_USER_PIN_FINAL_TRY = 0x00020000
CKF_USER_PIN_LOCKED = 0x00040000

_TRIES_LEFT = {PinState.READY: PIN_TRIES, PinState.COUNT_LOW: 2, PinState.FINAL_TRY: 1, PinState.LOCKED: 0}


def pin_state_from_flags(flags: int) -> PinState:
    if flags & CKF_USER_PIN_LOCKED:
        return PinState.LOCKED
    if flags & CKF_USER_PIN_FINAL_TRY:
        return PinState.FINAL_TRY
    if flags & CKF_USER_PIN_COUNT_LOW:
        return PinState.COUNT_LOW
    return PinState.READY


def tries_left(state: PinState) -> int:
    """What the flags tell of a three-try card: count low = at least one wrong try, so at most two left."""
    return _TRIES_LEFT[state]


def flags_for_tries(left: int) -> int:
    """The token flags a real CPS shows with `left` tries."""
    if left <= 0:
        return CKF_USER_PIN_LOCKED
    if left == 1:
        return CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW
    if left < PIN_TRIES:
        return CKF_USER_PIN_COUNT_LOW
    return 0


def incorrect(left: int) -> DomainError:
    """The error after a wrong PIN: detail = the tries left, as digits (the UI shows them)."""
    if left <= 0:
        return DomainError(ErrorCode.CPS_PIN_LOCKED, "0")
    return DomainError(ErrorCode.CPS_PIN_INCORRECT, str(left))


class PinCounter:
    """Wrong tries per token, in a small JSON file ({token serial: tries left}) or in memory when `path` is None.
    The file is replaced atomically so a crash never leaves a half-written counter."""

    def __init__(self, path: Path | None, token: str, tries: int = PIN_TRIES) -> None:
        self.path = path
        self.token = token
        self.tries = tries
        self._memory: dict[str, int] = {}
        self._lock = threading.Lock()

    def _read(self) -> dict[str, int]:
        if self.path is None:
            return self._memory
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, OSError):
            return {}
        return {str(k): int(v) for k, v in raw.items() if isinstance(v, int)} if isinstance(raw, dict) else {}

    def _write(self, counters: dict[str, int]) -> None:
        if self.path is None:
            self._memory = counters
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".pin-", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(counters, out)
        os.replace(tmp, self.path)

    def left(self) -> int:
        with self._lock:
            return max(0, min(self.tries, self._read().get(self.token, self.tries)))

    def flags(self) -> int:
        return flags_for_tries(self.left())

    def state(self) -> PinState:
        return pin_state_from_flags(self.flags())

    def set(self, left: int) -> None:
        with self._lock:
            counters = self._read()
            counters[self.token] = max(0, min(self.tries, left))
            self._write(counters)

    def check(self) -> None:
        """Before C_Login: a blocked token is refused here, the module never sees the PIN."""
        if self.left() <= 0:
            raise DomainError(ErrorCode.CPS_PIN_LOCKED, "0")

    def failed(self) -> int:
        """A wrong PIN: one try less. Returns the tries left."""
        with self._lock:
            counters = self._read()
            left = max(0, counters.get(self.token, self.tries) - 1)
            counters[self.token] = left
            self._write(counters)
            return left

    def succeeded(self) -> None:
        self.set(self.tries)

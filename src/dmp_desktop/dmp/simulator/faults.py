"""Injected faults (tests, demos): per INS and/or transaction, optionally for the next N matching calls."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

# latency: answer normally after `seconds`; timeout: hold the request `seconds` then drop it;
# http500: a bare HTTP 500; soap_fault: HTTP 500 + SOAP fault `subcode`; malformed: broken XML;
# xxe: an answer carrying an external entity; wrong_relates_to: a valid answer to another message;
# drop_after_commit: process and save, then close the connection without answering;
# trickle: an answer of `bytes` (100) sent one byte every `seconds` (1.5): each wait is short, the whole is not
# (`headers`: true trickles the status line and headers too);
# huge: an answer of `bytes` (50 MB) at full speed.
FAULTS = frozenset(
    {"latency", "timeout", "http500", "soap_fault", "malformed", "xxe", "wrong_relates_to", "drop_after_commit",
     "trickle", "huge"}
)


@dataclass
class Fault:
    kind: str
    ins: str | None = None
    transaction: str | None = None  # e.g. "TD1.1"
    count: int | None = None  # None: until cleared
    params: dict[str, Any] = field(default_factory=dict)

    def matches(self, ins: str, transaction: str) -> bool:
        return (self.ins is None or self.ins == ins) and (self.transaction is None or self.transaction == transaction)

    def as_json(self) -> dict[str, Any]:
        return {
            "fault": self.kind,
            "ins": self.ins,
            "transaction": self.transaction,
            "count": self.count,
            **self.params,
        }


class FaultBoard:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, kind: str, ins: str | None = None, **params: Any) -> Fault:
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(sorted(FAULTS))}")
        transaction = params.pop("transaction", None)
        count = params.pop("count", None)
        fault = Fault(kind, ins, transaction, int(count) if count is not None else None, params)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, ins: str, transaction: str) -> Fault | None:
        """The first matching fault (its count used up by one)."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(ins, transaction):
                    if fault.count is not None:
                        fault.count -= 1
                        if fault.count <= 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def as_json(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.as_json() for f in self._faults]

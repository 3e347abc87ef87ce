"""Carte Vitale access: PC/SC reader and monitor (pyscard), in-process training reader, virtual vpcd card."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from dmp_desktop.domain.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from dmp_desktop.card.inprocess import InProcessReader
    from dmp_desktop.domain.ports import CardMonitor, CardReader
    from dmp_desktop.settings import Settings

BACKENDS = ("auto", "pcsc", "inprocess")

_training_lock = threading.Lock()
_training: InProcessReader | None = None


def training_reader() -> InProcessReader:
    """The process-wide in-process reader: open_reader and open_monitor share it, so insert() reaches both."""
    global _training
    with _training_lock:
        if _training is None:
            from dmp_desktop.card.inprocess import InProcessReader

            _training = InProcessReader()
        return _training


def backend_for(settings: Settings) -> str:
    """'pcsc' or 'inprocess'. 'auto' takes PC/SC when the service answers; without it, the in-process
    reader in training mode only (production never silently swaps the real reader for a training one)."""
    backend = settings.card.backend
    if backend not in BACKENDS:
        raise DomainError(ErrorCode.CONFIG_INVALID, f"[card] backend must be one of {BACKENDS}", field="card.backend")
    if backend != "auto":
        return backend
    from dmp_desktop.card.scardio import service_available

    if service_available() or not settings.training:
        return "pcsc"
    return "inprocess"


def open_reader(settings: Settings) -> CardReader:
    if backend_for(settings) == "inprocess":
        return training_reader()
    from dmp_desktop.card.pcsc import PcscReader

    return PcscReader(default_reader=settings.card.reader)


def open_monitor(settings: Settings) -> CardMonitor:
    if backend_for(settings) == "inprocess":
        return training_reader()
    from dmp_desktop.card.monitor import PcscMonitor

    return PcscMonitor()

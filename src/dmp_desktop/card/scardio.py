"""Thin, exception-free use of pyscard's low-level `smartcard.scard`: result codes become DomainErrors."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from smartcard import scard

from dmp_desktop.domain.errors import DomainError, ErrorCode

PNP_READER = "\\\\?PnP?\\Notification"

# Result codes meaning "the PC/SC service is gone or this context is dead": re-establish the context.
SERVICE_LOST = frozenset(
    {
        scard.SCARD_E_NO_SERVICE,
        scard.SCARD_E_SERVICE_STOPPED,
        scard.SCARD_E_INVALID_HANDLE,
        scard.SCARD_F_COMM_ERROR,
        scard.SCARD_F_INTERNAL_ERROR,
        scard.SCARD_E_INVALID_PARAMETER,
    }
)
# During an exchange these all mean the card went away (vpcd socket closed, card pulled, reset by another).
CARD_GONE = frozenset(
    {
        scard.SCARD_W_REMOVED_CARD,
        scard.SCARD_W_RESET_CARD,
        scard.SCARD_E_NOT_TRANSACTED,
        scard.SCARD_E_NO_SMARTCARD,
        scard.SCARD_W_UNPOWERED_CARD,
        scard.SCARD_F_COMM_ERROR,
    }
)
READER_GONE = frozenset({scard.SCARD_E_READER_UNAVAILABLE, scard.SCARD_E_UNKNOWN_READER})


def message(hresult: int) -> str:
    try:
        return f"{scard.SCardGetErrorMessage(hresult)} (0x{hresult & 0xFFFFFFFF:08X})"
    except Exception:
        return f"0x{hresult & 0xFFFFFFFF:08X}"


def establish() -> Any:
    """A new PC/SC context; DomainError(PCSC_UNAVAILABLE) when the service does not answer."""
    try:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    except Exception as exc:  # pyscard raises on a missing libpcsclite
        raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"SCardEstablishContext: {exc}") from None
    if hresult != scard.SCARD_S_SUCCESS:
        raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"SCardEstablishContext: {message(hresult)}")
    return context


def release(context: Any) -> None:
    with contextlib.suppress(Exception):  # the context may already be dead with the service
        scard.SCardReleaseContext(context)


def cancel(context: Any) -> None:
    with contextlib.suppress(Exception):  # cancelling a dead context is harmless
        scard.SCardCancel(context)


def service_available(timeout: float = 5.0) -> bool:
    """Whether the PC/SC service answers within `timeout` seconds. Asked on a daemon thread: a pcscd that
    accepts the connection but never answers must not hang the caller (the start of every command)."""
    answers: list[bool] = []

    def probe() -> None:
        try:
            context = establish()
        except DomainError:
            answers.append(False)
            return
        release(context)
        answers.append(True)

    thread = threading.Thread(target=probe, name="pcsc-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(answers) and answers[0]


def list_readers(context: Any) -> list[str]:
    try:
        hresult, readers = scard.SCardListReaders(context, [])
    except Exception as exc:
        raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"SCardListReaders: {exc}") from None
    if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if hresult != scard.SCARD_S_SUCCESS:
        raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"SCardListReaders: {message(hresult)}")
    return [str(r) for r in readers]


def get_status_change(
    context: Any, timeout_ms: int, states: list[tuple[str, int]]
) -> tuple[int, list[tuple[str, int, bytes]]]:
    """(hresult, [(reader, event_state, atr)]); the caller decides what a non-success code means."""
    try:
        hresult, new = scard.SCardGetStatusChange(context, max(0, int(timeout_ms)), states)
    except Exception as exc:
        raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"SCardGetStatusChange: {exc}") from None
    if hresult != scard.SCARD_S_SUCCESS:
        return hresult, []
    return hresult, [(str(name), int(event), bytes(atr)) for name, event, atr in new]


class Connection:
    """One card connection (T=0 or T=1 as negotiated); transmit() raises CARD_REMOVED when the card goes."""

    def __init__(self, context: Any, reader: str) -> None:
        try:
            hresult, self._card, self._protocol = scard.SCardConnect(
                context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
            )
        except Exception as exc:
            raise DomainError(ErrorCode.PCSC_UNAVAILABLE, f"SCardConnect: {exc}") from None
        if hresult != scard.SCARD_S_SUCCESS:
            raise _connect_error(hresult)
        self._in_transaction = False
        self.count = 0  # APDUs sent

    def begin(self) -> None:
        hresult = scard.SCardBeginTransaction(self._card)
        if hresult != scard.SCARD_S_SUCCESS:
            raise _session_error("SCardBeginTransaction", hresult)
        self._in_transaction = True

    def transmit(self, command: bytes) -> bytes:
        self.count += 1
        try:
            hresult, response = scard.SCardTransmit(self._card, self._protocol, list(command))
        except Exception as exc:
            raise DomainError(ErrorCode.CARD_REMOVED, f"SCardTransmit: {exc}") from None
        if hresult != scard.SCARD_S_SUCCESS:
            raise _session_error("SCardTransmit", hresult)
        if len(response) < 2:  # vpcd (and some readers) answer nothing once the card has gone
            raise DomainError(ErrorCode.CARD_REMOVED, f"SCardTransmit: {len(response)}-byte answer, no status word")
        return bytes(response)

    def close(self) -> None:
        try:
            if self._in_transaction:
                scard.SCardEndTransaction(self._card, scard.SCARD_LEAVE_CARD)
            scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
        except Exception:  # noqa: S110 - a pulled card or a stopped service: the handle is gone anyway
            pass


def _connect_error(hresult: int) -> DomainError:
    detail = f"SCardConnect: {message(hresult)}"
    if hresult in (scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_REMOVED_CARD):
        return DomainError(ErrorCode.CARD_REMOVED, detail)
    if hresult in (scard.SCARD_W_UNRESPONSIVE_CARD, scard.SCARD_W_UNSUPPORTED_CARD, scard.SCARD_E_PROTO_MISMATCH):
        return DomainError(ErrorCode.CARD_UNKNOWN, detail)
    if hresult in READER_GONE:
        return DomainError(ErrorCode.READER_NOT_FOUND, detail)
    if hresult == scard.SCARD_E_SHARING_VIOLATION:
        return DomainError(ErrorCode.CARD_STATUS, detail + " (card in use by another program)")
    return DomainError(ErrorCode.PCSC_UNAVAILABLE, detail)


def _session_error(what: str, hresult: int) -> DomainError:
    detail = f"{what}: {message(hresult)}"
    if hresult in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED):
        return DomainError(ErrorCode.PCSC_UNAVAILABLE, detail)
    if hresult in READER_GONE:  # the reader was unplugged during the exchange
        return DomainError(ErrorCode.READER_NOT_FOUND, detail)
    if hresult in CARD_GONE:
        return DomainError(ErrorCode.CARD_REMOVED, detail)
    return DomainError(ErrorCode.CARD_STATUS, detail)

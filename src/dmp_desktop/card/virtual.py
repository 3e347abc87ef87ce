"""The virtual Vitale card: a vpcd client (2-byte length + payload over TCP) answering from a card image."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from typing import Any

from dmp_desktop.card.applet import VitaleApplet
from dmp_desktop.card.image import validate_image
from dmp_desktop.domain.errors import DomainError, ErrorCode

log = logging.getLogger(__name__)

VPCD_PORT = 35963  # slot 0; slot 1 is the next port (Debian's /etc/reader.conf.d/vpcd)
VPCD_READER = "Virtual PCD 00 {slot:02d}"
_POWER_OFF, _POWER_ON, _RESET, _GET_ATR = 0x00, 0x01, 0x02, 0x04
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)  # Linux only; elsewhere vpcd does not exist anyway


def reader_name(slot: int) -> str:
    return VPCD_READER.format(slot=slot)


class VirtualCard:
    """Insert a card image into vpcd slot `slot` until stop(). With `pull_after=N` the card answers N APDUs
    and closes its socket when the next one arrives (a card pulled mid-read); the thread then ends.
    With `hang_after=N` it answers N APDUs then nothing more, not even vpcd's presence checks, until
    stop() (a card that stops answering: SCardTransmit stays blocked in pcscd).
    If pcscd goes away the card reconnects when vpcd listens again (the card stays 'inserted').
    `polled` is set when vpcd first talks to the card: vpcd serves one card per slot and leaves a second
    one waiting in its listen queue, connected but never asked anything (see slot_held())."""

    def __init__(
        self,
        image: dict[str, Any],
        slot: int = 0,
        pull_after: int | None = None,
        host: str = "127.0.0.1",
        hang_after: int | None = None,
        *,
        port: int | None = None,
        t0: bool = True,
        fault: tuple[int, int] | None = None,
    ) -> None:
        if slot not in (0, 1):
            raise DomainError(ErrorCode.READER_NOT_FOUND, f"vpcd has slots 0 and 1, not {slot}")
        if pull_after is not None and pull_after < 0:
            raise ValueError("pull_after must be >= 0")
        if hang_after is not None and hang_after < 0:
            raise ValueError("hang_after must be >= 0")
        self.image = validate_image(image)
        self.slot = slot
        self.pull_after = pull_after
        self.hang_after = hang_after
        self.host = host
        self.port = port if port is not None else VPCD_PORT + slot
        self.applet = VitaleApplet.from_image(self.image, t0=t0, fault=fault)
        self.apdus = 0  # APDUs received over all connections
        self.pulled = threading.Event()  # set when pull_after made the card leave
        self.hung = threading.Event()  # set when hang_after made the card stop answering
        self.polled = threading.Event()  # set when vpcd first sent something: the slot is ours
        self.connect_timed_out = False  # the last connection attempt timed out (see slot_held())
        self.finished = threading.Event()  # set when the serving thread has ended
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def reader(self) -> str:
        return reader_name(self.slot)

    def start(self, timeout: float = 2.0) -> VirtualCard:
        """Connect to vpcd (DomainError PCSC_UNAVAILABLE if it does not listen) and serve in the background."""
        self._sock = self._connect(timeout)
        self._thread = threading.Thread(target=self._run, name=f"virtual-card-{self.slot}", daemon=True)
        self._thread.start()
        return self

    def slot_held(self, timeout: float = 3.0) -> bool:
        """True when vpcd has not talked to the card within `timeout` seconds of start(): pcscd asks every
        card for its ATR about every 400 ms, so silence means another card holds the slot. (When even the
        listen queue is full, start() fails with `connect_timed_out` set.)"""
        return not self.polled.wait(timeout)

    def stop(self) -> None:
        """Remove the card: close the socket and end the thread."""
        self._stop.set()
        self._close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> VirtualCard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- socket side -------------------------------------------------------------------------------

    def _connect(self, timeout: float) -> socket.socket:
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError as exc:
                # Refused: nothing listens. Timed out: vpcd listens but its queue is full (slot held).
                self.connect_timed_out = isinstance(exc, TimeoutError)
                if time.monotonic() >= deadline or self._stop.is_set():
                    what = "accepts no connection" if self.connect_timed_out else "not listening"
                    raise DomainError(
                        ErrorCode.PCSC_UNAVAILABLE, f"vpcd {what} on {self.host}:{self.port} ({exc})"
                    ) from None
                time.sleep(0.05)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def _close(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                sock = self._sock
                if sock is None:
                    return
                if self._serve(sock) == "pulled":
                    return
                self._close()
                if self._stop.is_set():
                    return
                # vpcd closed the connection: pcscd stopped or restarted. Wait for it to listen again.
                try:
                    self._sock = self._connect(timeout=3600.0)
                except DomainError:
                    return
        finally:
            self._close()
            self.finished.set()

    def _serve(self, sock: socket.socket) -> str:
        """Answer vpcd until it hangs up ('eof') or the card is pulled ('pulled')."""
        while True:
            message = _receive(sock)
            if message is None:
                return "eof"
            self.polled.set()
            if self.hung.is_set():
                continue  # read and drop: only the socket closing (stop()) frees pcscd
            if len(message) == 1:
                if message[0] == _GET_ATR:
                    _send(sock, self.applet.atr)
                elif message[0] in (_POWER_OFF, _POWER_ON, _RESET):
                    self.applet.reset()  # vpcd expects no answer to these
                continue
            self.apdus += 1
            if self.pull_after is not None and self.apdus > self.pull_after:
                log.debug("virtual card pulled at APDU %d", self.apdus)
                self.pulled.set()
                self._close()
                return "pulled"
            if self.hang_after is not None and self.apdus > self.hang_after:
                log.debug("virtual card stops answering at APDU %d", self.apdus)
                self.hung.set()
                continue
            _send(sock, self.applet.transmit(message))


def _receive_exact(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        if _QUICKACK is not None:
            # vpcd writes the length and the APDU separately; without an immediate ACK, Nagle on its side
            # holds the APDU back ~40 ms (delayed ACK). QUICKACK is reset by the kernel: set it every time.
            try:
                sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
            except OSError:
                return None
        try:
            chunk = sock.recv(size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def _receive(sock: socket.socket) -> bytes | None:
    header = _receive_exact(sock, 2)
    if header is None:
        return None
    return _receive_exact(sock, int.from_bytes(header, "big"))


def _send(sock: socket.socket, payload: bytes) -> None:
    with contextlib.suppress(OSError):  # the next receive sees the closed socket
        sock.sendall(len(payload).to_bytes(2, "big") + payload)

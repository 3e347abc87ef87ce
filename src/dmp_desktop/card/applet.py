"""The virtual Vitale card's operating system: answers APDUs from a CardLayout like a T=0 ISO 7816-4 card."""

from __future__ import annotations

import threading
from typing import Any

from dmp_desktop.card import apdu, tlv
from dmp_desktop.card.layout import CardLayout, encode_image


def _sw(sw: int, data: bytes = b"") -> bytes:
    return data + sw.to_bytes(2, "big")


class VitaleApplet:
    """APDU → response for one card. With t0=True (a Vitale 2 speaks T=0) SELECT answers 61xx (FCI waiting
    for GET RESPONSE) and a READ BINARY asking more than the file holds answers 6Cxx. `fault=(n, sw)` makes
    the n-th APDU (0-based) answer `sw` instead, to test status-word handling."""

    def __init__(self, layout: CardLayout, *, t0: bool = True, fault: tuple[int, int] | None = None) -> None:
        self.layout = layout
        self.t0 = t0
        self.fault = fault
        self.count = 0  # APDUs processed since creation (not reset by power cycles)
        self._lock = threading.Lock()
        self.reset()

    @classmethod
    def from_image(cls, image: dict[str, Any], **options: Any) -> VitaleApplet:
        atr = apdu.parse_hex(image["atr"]) if image.get("atr") else apdu.ATR_VITALE2
        return cls(encode_image(image, atr), **options)

    @property
    def atr(self) -> bytes:
        return self.layout.atr

    def reset(self) -> None:
        """Power-on / warm reset: nothing selected."""
        self._app: dict[int, bytes | None] | None = None
        self._ef: bytes | None = None
        self._ef_protected = False
        self._pending = b""

    def transmit(self, command: bytes) -> bytes:
        with self._lock:
            number = self.count
            self.count += 1
            if self.fault is not None and self.fault[0] == number:
                return _sw(self.fault[1])
            return self._process(bytes(command))

    # --- commands ----------------------------------------------------------------------------------

    def _process(self, cmd: bytes) -> bytes:
        if len(cmd) < 4:
            return _sw(apdu.SW_WRONG_LENGTH)
        if cmd[0] != 0x00:
            return _sw(apdu.SW_CLA_UNKNOWN)
        ins = cmd[1]
        if ins != 0xC0:
            self._pending = b""  # any other command discards an unfetched response
        if ins == 0xA4:
            return self._select(cmd)
        if ins == 0xB0:
            return self._read_binary(cmd)
        if ins == 0xC0:
            return self._get_response(cmd)
        return _sw(apdu.SW_INS_UNKNOWN)

    def _answer(self, data: bytes) -> bytes:
        if not data:
            return _sw(apdu.SW_OK)
        if self.t0:
            self._pending = data
            return _sw(0x6100 | (len(data) & 0xFF))
        return _sw(apdu.SW_OK, data)

    def _select(self, cmd: bytes) -> bytes:
        p1 = cmd[2]
        lc = cmd[4] if len(cmd) > 4 else 0
        body = cmd[5 : 5 + lc]
        if len(body) != lc or lc == 0:
            return _sw(apdu.SW_WRONG_LENGTH)
        if p1 == 0x04:
            app = self.layout.applications.get(body)
            if app is None:
                return _sw(apdu.SW_FILE_NOT_FOUND)
            self._app, self._ef, self._ef_protected = app, None, False
            return self._answer(tlv.encode(0x6F, [tlv.encode(0x84, body)]))
        if p1 in (0x00, 0x02) and lc == 2:
            if self._app is None or int.from_bytes(body, "big") not in self._app:
                return _sw(apdu.SW_FILE_NOT_FOUND)
            content = self._app[int.from_bytes(body, "big")]
            self._ef, self._ef_protected = content or b"", content is None
            size = len(content or b"")
            fci = tlv.encode(0x62, [tlv.encode(0x80, size.to_bytes(2, "big")), tlv.encode(0x83, body)])
            return self._answer(fci)
        return _sw(apdu.SW_WRONG_P1P2)

    def _read_binary(self, cmd: bytes) -> bytes:
        if self._ef is None:
            return _sw(apdu.SW_NOT_ALLOWED)
        if self._ef_protected:
            return _sw(apdu.SW_SECURITY)
        if cmd[2] & 0x80:  # short EF identifier addressing: not offered by this card
            return _sw(apdu.SW_WRONG_P1P2)
        offset = ((cmd[2] & 0x7F) << 8) | cmd[3]
        le = (cmd[4] or 256) if len(cmd) >= 5 else 256
        remaining = len(self._ef) - offset
        if remaining <= 0:
            return _sw(apdu.SW_WRONG_OFFSET)
        if le > remaining:
            if self.t0:
                return _sw(0x6C00 | remaining)
            return _sw(apdu.SW_END_OF_FILE, self._ef[offset:])
        return _sw(apdu.SW_OK, self._ef[offset : offset + le])

    def _get_response(self, cmd: bytes) -> bytes:
        if not self._pending:
            return _sw(apdu.SW_CONDITIONS)
        le = (cmd[4] or 256) if len(cmd) >= 5 else 256
        out, self._pending = self._pending[:le], self._pending[le:]
        if self._pending:
            return _sw(0x6100 | (len(self._pending) & 0xFF), out)
        return _sw(apdu.SW_OK, out)

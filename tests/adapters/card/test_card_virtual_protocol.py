"""The virtual card's vpcd protocol against a local stand-in for vpcd (a TCP listener on a free port)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from dmp_desktop.card import apdu
from dmp_desktop.card.virtual import VirtualCard
from dmp_desktop.domain.errors import DomainError, ErrorCode

IMAGE = {"holder_nir": "180057505612342", "atr": "3B 75 13 00 00 44 09 EA 90 00",
         "beneficiaries": [{"surname": "MARTIN", "first_name": "Jean", "birth_date": "19800512"}]}


class FakeVpcd:
    """The vpcd side: accept the card, send control bytes and APDUs, read the answers."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.server.settimeout(5)
        self.conn: socket.socket | None = None

    def accept(self) -> None:
        self.conn, _ = self.server.accept()
        self.conn.settimeout(5)

    def send(self, payload: bytes) -> None:
        assert self.conn is not None
        self.conn.sendall(len(payload).to_bytes(2, "big") + payload)

    def receive(self) -> bytes | None:
        assert self.conn is not None
        header = self.conn.recv(2, socket.MSG_WAITALL)
        if len(header) < 2:
            return None
        return self.conn.recv(int.from_bytes(header, "big"), socket.MSG_WAITALL)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.server.close()


@pytest.fixture
def vpcd() -> Iterator[FakeVpcd]:
    fake = FakeVpcd()
    yield fake
    fake.close()


def test_atr_power_and_apdus(vpcd: FakeVpcd) -> None:
    with VirtualCard(IMAGE, port=vpcd.port) as card:
        vpcd.accept()
        vpcd.send(b"\x01")  # power on: no answer expected
        vpcd.send(b"\x04")
        assert vpcd.receive() == apdu.parse_hex(IMAGE["atr"])
        vpcd.send(apdu.select_aid(apdu.AID_VITALE))
        assert vpcd.receive()[:1] == b"\x61"  # type: ignore[index]
        vpcd.send(bytes.fromhex("00CA000000"))
        assert vpcd.receive() == bytes.fromhex("6D00")
        assert card.apdus == 2 and card.reader == "Virtual PCD 00 00"


def test_pull_after_closes_the_socket_on_the_next_apdu(vpcd: FakeVpcd) -> None:
    card = VirtualCard(IMAGE, port=vpcd.port, pull_after=1).start()
    try:
        vpcd.accept()
        vpcd.send(apdu.select_aid(apdu.AID_VITALE))
        assert vpcd.receive() is not None
        vpcd.send(b"\x04")  # control messages do not count
        assert vpcd.receive() is not None
        vpcd.send(apdu.select_ef(0x2001))
        assert vpcd.receive() is None  # closed instead of answering
        assert card.pulled.wait(2) and card.finished.wait(2)
    finally:
        card.stop()


def test_reconnects_when_vpcd_comes_back(vpcd: FakeVpcd) -> None:
    with VirtualCard(IMAGE, port=vpcd.port) as card:
        vpcd.accept()
        assert vpcd.conn is not None
        vpcd.conn.close()  # pcscd stopped
        vpcd.accept()  # ... and started again: the card is still inserted
        vpcd.send(b"\x04")
        assert vpcd.receive() == apdu.parse_hex(IMAGE["atr"])
        assert not card.finished.is_set()
    assert card.finished.is_set()


def test_no_vpcd_is_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    with pytest.raises(DomainError) as err:
        VirtualCard(IMAGE, port=port).start(timeout=0.2)
    assert err.value.code is ErrorCode.PCSC_UNAVAILABLE


def test_bad_arguments() -> None:
    with pytest.raises(DomainError):
        VirtualCard(IMAGE, slot=2)
    with pytest.raises(DomainError):
        VirtualCard({"holder_nir": "1"})


def test_hang_after_answers_n_apdus_then_nothing_until_stopped(vpcd: FakeVpcd) -> None:
    card = VirtualCard(IMAGE, port=vpcd.port, hang_after=1).start()
    try:
        vpcd.accept()
        assert vpcd.conn is not None
        vpcd.send(apdu.select_aid(apdu.AID_VITALE))
        assert vpcd.receive() is not None
        vpcd.send(apdu.select_ef(0x2001))
        vpcd.conn.settimeout(0.5)
        with pytest.raises(TimeoutError):
            vpcd.receive()  # the mute card keeps vpcd (and SCardTransmit behind it) waiting
        assert card.hung.is_set() and not card.finished.is_set()
        vpcd.send(b"\x04")  # not even the presence check gets an answer
        with pytest.raises(TimeoutError):
            vpcd.receive()
    finally:
        card.stop()
    vpcd.conn.settimeout(2)
    assert vpcd.receive() is None  # stopping closes the socket: pcscd's blocked call ends
    assert card.apdus == 2 and card.finished.is_set()


def test_a_card_vpcd_never_talks_to_is_told_the_slot_is_held(vpcd: FakeVpcd) -> None:
    card = VirtualCard(IMAGE, port=vpcd.port).start()
    try:
        assert card.slot_held(0.3)  # connected (the listen queue took it) but never polled
        vpcd.accept()
        vpcd.send(b"\x04")
        assert vpcd.receive() == apdu.parse_hex(IMAGE["atr"])
        assert not card.slot_held(0.3)
    finally:
        card.stop()


def test_card_simulate_says_the_slot_is_held_instead_of_inserted(
    vpcd: FakeVpcd, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from dmp_desktop.card import virtual
    from dmp_desktop.commands import card as command
    from dmp_desktop.settings import Settings

    monkeypatch.setattr(virtual, "VPCD_PORT", vpcd.port)
    monkeypatch.setattr(command, "SLOT_HELD_AFTER", 0.3)
    monkeypatch.setattr(command.signal, "signal", lambda *_: None)  # keep pytest's own handlers
    args = argparse.Namespace(image="famille-martin", slot=0, pull_after=None, hang_after=None, host="127.0.0.1")
    assert command.run_simulate(args, Settings()) == command.EXIT_READER
    out, err = capsys.readouterr()
    assert "Carte insérée" not in out and "déjà occupé" in err and "already held" in err


def test_card_simulate_says_the_slot_is_held_when_even_the_listen_queue_is_full(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from dmp_desktop.card import virtual
    from dmp_desktop.commands import card as command
    from dmp_desktop.settings import Settings

    def full_queue(*_: object, **__: object) -> socket.socket:
        raise TimeoutError("timed out")  # vpcd listens, but its queue already holds a waiting card

    monkeypatch.setattr(virtual.socket, "create_connection", full_queue)
    monkeypatch.setattr(command.signal, "signal", lambda *_: None)
    args = argparse.Namespace(image="famille-martin", slot=1, pull_after=None, hang_after=None, host="127.0.0.1")
    assert command.run_simulate(args, Settings()) == command.EXIT_READER
    out, err = capsys.readouterr()
    assert "Carte insérée" not in out and "déjà occupé" in err

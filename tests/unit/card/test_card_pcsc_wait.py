"""The PC/SC wait-for-card loop over a scripted PC/SC (no pcscd): readers coming and going, service loss."""

from __future__ import annotations

from typing import Any

import pytest
from smartcard import scard

from dmp_desktop.card import pcsc
from dmp_desktop.domain.errors import DomainError, ErrorCode

VITALE2 = bytes.fromhex("3B7513000045 09EA9000".replace(" ", ""))
VITALE1 = bytes.fromhex("3F6525002209F99000")
PRESENT = scard.SCARD_STATE_PRESENT | scard.SCARD_STATE_CHANGED
EMPTY = scard.SCARD_STATE_EMPTY


class FakePcsc:
    """Scripted scardio: `listings` are successive reader lists, `cards` the ATR per reader (None = empty)."""

    def __init__(self, listings: list[list[str]], cards: dict[str, bytes | None], blocking: list[int]) -> None:
        self.listings = listings
        self.cards = cards
        self.blocking = blocking  # results of the blocking waits, in order
        self.waits: list[int] = []

    def list_readers(self, context: Any) -> list[str]:
        return self.listings.pop(0) if len(self.listings) > 1 else self.listings[0]

    def get_status_change(self, context: Any, timeout_ms: int, states: list[tuple[str, int]]) -> Any:
        if timeout_ms == 0:
            out = []
            for name, _ in states:
                if name in self.cards and name != pcsc.scardio.PNP_READER:
                    atr = self.cards[name]
                    out.append((name, PRESENT if atr else EMPTY, atr or b""))
                else:
                    out.append((name, 0, b""))
            return scard.SCARD_S_SUCCESS, out
        self.waits.append(timeout_ms)
        return (self.blocking.pop(0) if self.blocking else scard.SCARD_E_TIMEOUT), []


def _use(monkeypatch: pytest.MonkeyPatch, fake: FakePcsc) -> None:
    monkeypatch.setattr(pcsc.scardio, "list_readers", fake.list_readers)
    monkeypatch.setattr(pcsc.scardio, "get_status_change", fake.get_status_change)


def test_present_card_is_returned_without_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakePcsc([["A", "B"]], {"A": None, "B": VITALE2}, [])
    _use(monkeypatch, fake)
    assert pcsc.wait_for_card(None, None, 5) == ("B", VITALE2) and fake.waits == []


def test_a_vitale2_is_preferred_over_another_card(monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, FakePcsc([["A", "B"]], {"A": VITALE1, "B": VITALE2}, []))
    assert pcsc.wait_for_card(None, None, 0) == ("B", VITALE2)
    _use(monkeypatch, FakePcsc([["A"]], {"A": VITALE1}, []))
    assert pcsc.wait_for_card(None, None, 0) == ("A", VITALE1)  # refused later on its ATR


@pytest.mark.parametrize(
    ("listing", "reader", "code"),
    [([], None, ErrorCode.NO_READER), (["A"], "Z", ErrorCode.READER_NOT_FOUND), (["A"], None, ErrorCode.NO_CARD)],
)
def test_nothing_after_the_wait(monkeypatch: pytest.MonkeyPatch, listing: list[str], reader: str | None,
                                code: ErrorCode) -> None:
    _use(monkeypatch, FakePcsc([listing], {"A": None}, []))
    with pytest.raises(DomainError) as err:
        pcsc.wait_for_card(None, reader, 0.05)
    assert err.value.code is code


def test_reader_plugged_in_during_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakePcsc([[], ["A"]], {"A": VITALE2}, [scard.SCARD_S_SUCCESS])  # PnP wakes the wait
    _use(monkeypatch, fake)
    assert pcsc.wait_for_card(None, None, 5) == ("A", VITALE2) and len(fake.waits) == 1


def test_reader_unplugged_during_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakePcsc([["A"], []], {"A": None}, [scard.SCARD_E_UNKNOWN_READER])
    _use(monkeypatch, fake)
    with pytest.raises(DomainError) as err:
        pcsc.wait_for_card(None, "A", 0.2)
    assert err.value.code is ErrorCode.READER_NOT_FOUND


def test_service_lost_during_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, FakePcsc([["A"]], {"A": None}, [scard.SCARD_E_NO_SERVICE]))
    with pytest.raises(DomainError) as err:
        pcsc.wait_for_card(None, None, 5)
    assert err.value.code is ErrorCode.PCSC_UNAVAILABLE


def test_cancel_ends_the_wait_as_no_card(monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, FakePcsc([["A"]], {"A": None}, [scard.SCARD_E_CANCELLED]))
    with pytest.raises(DomainError) as err:
        pcsc.wait_for_card(None, None, 5)
    assert err.value.code is ErrorCode.NO_CARD


def test_a_padded_atr_is_read_again_until_pcscd_reports_its_length(monkeypatch: pytest.MonkeyPatch) -> None:
    # pcscd may report the whole 33-byte ATR buffer while it powers the card: the ATR then zeros
    fake = FakePcsc([["A"]], {"A": VITALE2 + bytes(23)}, [])
    reads = {"n": 0}
    real = fake.get_status_change

    def settling(context: Any, timeout_ms: int, states: list[tuple[str, int]]) -> Any:
        reads["n"] += 1
        if reads["n"] == 3:
            fake.cards["A"] = VITALE2  # powered: pcscd now reports the ATR's own length
        return real(context, timeout_ms, states)

    monkeypatch.setattr(pcsc.scardio, "list_readers", fake.list_readers)
    monkeypatch.setattr(pcsc.scardio, "get_status_change", settling)
    assert pcsc.wait_for_card(None, None, 0) == ("A", VITALE2) and reads["n"] == 3


def test_a_padded_atr_that_stays_so_is_trimmed_to_its_declared_length(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pcsc, "ATR_SETTLE_SECONDS", 0.05)
    _use(monkeypatch, FakePcsc([["A"]], {"A": VITALE2 + bytes(23)}, []))
    assert pcsc.wait_for_card(None, None, 0) == ("A", VITALE2)

"""Reading through the real stack: pcscd + vpcd + the virtual card, with PcscReader on its worker thread."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from dmp_desktop.card.image import load_image, training_cards
from dmp_desktop.card.inprocess import InProcessReader
from dmp_desktop.card.pcsc import PcscReader
from dmp_desktop.card.virtual import VirtualCard
from dmp_desktop.domain.errors import DomainError, ErrorCode

from .conftest import SLOT0, SLOT1, wait_slot

pytestmark = pytest.mark.pcsc

CARDS = {p.stem: p for p in training_cards()}
FAMILY = load_image(CARDS["famille-martin"])
VITALE1 = dict(FAMILY, atr="3F 65 25 00 22 09 F9 90 00")


def _remove(card: VirtualCard) -> None:
    card.stop()
    wait_slot(card.reader, False)


@pytest.mark.parametrize("name", sorted(CARDS))
def test_every_training_card_reads_like_in_process(reader: PcscReader, name: str) -> None:
    image = load_image(CARDS[name])
    expected = InProcessReader()
    expected.insert(image)
    with VirtualCard(image, slot=0) as card:
        read = reader.read(SLOT0, wait=5)
    wait_slot(SLOT0, False)
    assert read.reader == SLOT0 and read.card_type == "vitale2" and read.atr == "3B 75 13 00 00 45 09 EA 90 00"
    assert read.beneficiaries == expected.read().beneficiaries
    assert card.apdus > 10  # the whole sequence went over vpcd


def test_readers_lists_both_vpcd_slots(reader: PcscReader) -> None:
    assert {SLOT0, SLOT1} <= set(reader.readers())


def test_no_card_before_wait_ends(reader: PcscReader) -> None:
    started = time.monotonic()
    with pytest.raises(DomainError) as err:
        reader.read(SLOT1, wait=0.3)
    assert err.value.code is ErrorCode.NO_CARD and 0.29 <= time.monotonic() - started < 3


def test_unknown_reader(reader: PcscReader) -> None:
    with pytest.raises(DomainError) as err:
        reader.read("Lecteur inexistant 00 00", wait=0)
    assert err.value.code is ErrorCode.READER_NOT_FOUND


def test_wait_sees_a_card_inserted_later(reader: PcscReader) -> None:
    card = VirtualCard(FAMILY, slot=1)
    timer = threading.Timer(0.3, card.start)
    timer.start()
    try:
        assert len(reader.read(SLOT1, wait=5).beneficiaries) == 3
    finally:
        timer.join()
        _remove(card)


@pytest.mark.parametrize(
    ("atr", "code"),
    [("3F 65 25 00 22 09 F9 90 00", ErrorCode.CARD_VITALE1),
     ("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00", ErrorCode.CARD_UNKNOWN)],
)
def test_refused_cards(reader: PcscReader, atr: str, code: ErrorCode) -> None:
    with VirtualCard(dict(FAMILY, atr=atr), slot=0) as card:
        wait_slot(SLOT0, True)
        with pytest.raises(DomainError) as err:
            reader.read(wait=1)
        assert card.apdus == 0  # refused on the ATR, nothing sent
    wait_slot(SLOT0, False)
    assert err.value.code is code


def test_two_cards_in_two_slots(reader: PcscReader) -> None:
    other: dict[str, Any] = load_image(CARDS["ne-en-corse"])
    with VirtualCard(FAMILY, slot=0), VirtualCard(other, slot=1):
        wait_slot(SLOT0, True)
        wait_slot(SLOT1, True)
        assert reader.read(SLOT0).beneficiaries[0].first_name == "Jean"
        assert reader.read(SLOT1).beneficiaries[0].first_name == "Marie-Ange"
    wait_slot(SLOT0, False)
    wait_slot(SLOT1, False)


def test_any_reader_picks_the_vitale2_card(reader: PcscReader) -> None:
    with VirtualCard(VITALE1, slot=0), VirtualCard(FAMILY, slot=1):
        wait_slot(SLOT0, True)
        wait_slot(SLOT1, True)
        read = reader.read(None, wait=1)
        with pytest.raises(DomainError) as err:
            reader.read(SLOT0)
    assert read.reader == SLOT1 and err.value.code is ErrorCode.CARD_VITALE1


def _full_read_length(reader: PcscReader) -> int:
    with VirtualCard(FAMILY, slot=0) as card:
        reader.read(SLOT0, wait=5)
        count = card.apdus
    wait_slot(SLOT0, False)
    return count


def test_card_pulled_at_every_apdu_of_a_full_read(reader: PcscReader) -> None:
    total = _full_read_length(reader)
    assert total > 10
    # Alternate the two slots: pcscd notices a removal at its next poll of vpcd (every 400 ms), so one slot
    # empties while the other is used.
    for position in range(total + 1):
        slot = position % 2
        name = SLOT1 if slot else SLOT0
        wait_slot(name, False)
        card = VirtualCard(FAMILY, slot=slot, pull_after=position).start()
        try:
            wait_slot(name, True)
            if position < total:
                with pytest.raises(DomainError) as err:
                    reader.read(name)
                assert err.value.code is ErrorCode.CARD_REMOVED, (position, err.value)
                assert card.pulled.wait(2), position
            else:  # the card leaves only after the whole read
                assert len(reader.read(name).beneficiaries) == 3
                assert not card.pulled.is_set()
        finally:
            card.stop()


@pytest.mark.parametrize("position", [0, 3, 8])
def test_status_word_other_than_9000(reader: PcscReader, position: int) -> None:
    with VirtualCard(FAMILY, slot=0, fault=(position, 0x6F00)), pytest.raises(DomainError) as err:
        reader.read(SLOT0, wait=5)
    wait_slot(SLOT0, False)
    assert err.value.code is ErrorCode.CARD_STATUS and "6F00" in err.value.detail


def test_callers_on_several_threads_share_the_one_worker(reader: PcscReader) -> None:
    results: list[object] = []
    with VirtualCard(FAMILY, slot=0):
        wait_slot(SLOT0, True)
        threads = [threading.Thread(target=lambda: results.append(reader.read(SLOT0))) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
    wait_slot(SLOT0, False)
    assert len(results) == 4 and all(r == results[0] for r in results)


def test_close_cancels_a_wait(pcsc: None) -> None:
    reader = PcscReader()
    errors: list[DomainError] = []

    def wait_long() -> None:
        try:
            reader.read(SLOT1, wait=30)
        except DomainError as exc:
            errors.append(exc)

    thread = threading.Thread(target=wait_long)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    reader.close()
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - started < 3
    assert errors and errors[0].code is ErrorCode.NO_CARD


def test_calls_queued_behind_a_wait_fail_cleanly_on_close(pcsc: None) -> None:
    """A call still queued when the reader closes (the window closing while it looks for readers) gets the
    same DomainError as a call made after close, not a bare CancelledError."""
    reader = PcscReader()
    errors: list[DomainError] = []

    def call(job) -> None:
        try:
            job()
        except DomainError as exc:
            errors.append(exc)

    waiting = threading.Thread(target=call, args=(lambda: reader.read(SLOT1, wait=30),))
    waiting.start()
    time.sleep(0.3)  # the single worker is busy waiting for a card
    queued = threading.Thread(target=call, args=(reader.readers,))
    queued.start()
    time.sleep(0.1)
    reader.close()
    waiting.join(5)
    queued.join(5)
    assert not waiting.is_alive() and not queued.is_alive()
    assert sorted(e.code.value for e in errors) == sorted([ErrorCode.NO_CARD.value, ErrorCode.PCSC_UNAVAILABLE.value])

"""The in-process training reader: same encoder → APDU → parser path, waits, removal mid-read, events."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from dmp_desktop.card import backend_for, open_monitor, open_reader, training_reader
from dmp_desktop.card.image import load_image, training_cards
from dmp_desktop.card.inprocess import READER_NAME, InProcessReader
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Eligibility, InsEnvironment, InsType, Quality
from dmp_desktop.domain.ports import CardEvent, CardEventKind
from dmp_desktop.settings import CardSettings, Settings

CARDS = {p.stem: p for p in training_cards()}


def test_the_issue_s_training_cards_are_shipped() -> None:
    assert {"famille-martin", "naissance-lunaire", "ne-en-corse", "enfant-sans-nir", "cle-nir-fausse"} <= set(CARDS)


@pytest.mark.parametrize("name", sorted(CARDS))
def test_every_training_card_reads_back_as_its_image(name: str) -> None:
    image = load_image(CARDS[name])
    reader = InProcessReader()
    reader.insert(CARDS[name])
    read = reader.read()
    assert read.reader == READER_NAME and read.card_type == "vitale2"
    assert len(read.beneficiaries) == len(image["beneficiaries"])
    for ben, raw in zip(read.beneficiaries, image["beneficiaries"], strict=True):
        assert (ben.surname, ben.first_name, ben.birth_date, ben.birth_name, ben.birth_rank, ben.quality.value) == (
            raw["surname"], raw["first_name"], raw["birth_date"], raw["birth_name"], raw["birth_rank"], raw["quality"])
        assert ben.holder_nir == image["holder_nir"] and ben.certified_nir == raw.get("certified_nir")


def test_expected_identities_of_the_training_cards() -> None:
    reader = InProcessReader()
    results: dict[str, Any] = {}
    for name in ("famille-martin", "naissance-lunaire", "ne-en-corse", "enfant-sans-nir", "cle-nir-fausse"):
        reader.insert(CARDS[name])
        results[name] = reader.read().beneficiaries
    assert [b.eligibility for b in results["famille-martin"]] == [
        Eligibility.ELIGIBLE, Eligibility.ELIGIBLE, Eligibility.NO_OWN_NIR]
    assert results["famille-martin"][1].ins(InsEnvironment.TEST).type is InsType.INS_NIR  # type: ignore[union-attr]
    assert results["naissance-lunaire"][0].birth_date == "19620230"
    assert results["naissance-lunaire"][0].ins(InsEnvironment.TEST).type is InsType.INS_C  # type: ignore[union-attr]
    assert results["ne-en-corse"][0].holder_nir[5:7] == "2A" and results["ne-en-corse"][0].nir_valid
    assert results["enfant-sans-nir"][1].quality is Quality.ENFANT and not results["enfant-sans-nir"][1].eligible
    assert results["cle-nir-fausse"][0].eligibility is Eligibility.NIR_INVALID
    assert not results["cle-nir-fausse"][0].nir_valid


def test_no_card_and_wrong_reader() -> None:
    reader = InProcessReader()
    started = time.monotonic()
    with pytest.raises(DomainError) as err:
        reader.read(wait=0.2)
    assert err.value.code is ErrorCode.NO_CARD and time.monotonic() - started >= 0.19
    with pytest.raises(DomainError) as err:
        reader.read(reader="Autre lecteur")
    assert err.value.code is ErrorCode.READER_NOT_FOUND


def test_read_waits_for_a_card_inserted_later() -> None:
    reader = InProcessReader()
    timer = threading.Timer(0.1, reader.insert, args=(CARDS["famille-martin"],))
    timer.start()
    try:
        assert len(reader.read(wait=5).beneficiaries) == 3
    finally:
        timer.join()


def test_card_pulled_mid_read_is_card_removed() -> None:
    reader = InProcessReader()
    reader.insert(CARDS["famille-martin"])
    applet_transmit = reader._applet.transmit  # type: ignore[union-attr]
    calls = 0

    def pull_on_fifth(command: bytes) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 5:
            reader.remove()
        return applet_transmit(command)

    reader._applet.transmit = pull_on_fifth  # type: ignore[method-assign,union-attr]
    with pytest.raises(DomainError) as err:
        reader.read()
    assert err.value.code is ErrorCode.CARD_REMOVED and calls == 5


@pytest.mark.parametrize(
    ("atr", "code"),
    [("3F 65 25 00 22 09 F9 90 00", ErrorCode.CARD_VITALE1), ("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00",
                                                              ErrorCode.CARD_UNKNOWN)],
)
def test_other_cards_are_refused(atr: str, code: ErrorCode) -> None:
    reader = InProcessReader()
    reader.insert(dict(load_image(CARDS["famille-martin"]), atr=atr))
    with pytest.raises(DomainError) as err:
        reader.read()
    assert err.value.code is code


def test_monitor_events_on_the_monitor_thread() -> None:
    reader = InProcessReader()
    reader.insert(CARDS["ne-en-corse"])
    events: list[tuple[CardEvent, str]] = []
    done = threading.Event()

    def callback(event: CardEvent) -> None:
        events.append((event, threading.current_thread().name))
        if len(events) == 6:
            done.set()

    reader.start(callback)
    try:
        reader.insert(CARDS["famille-martin"])  # a swap: removed then inserted
        reader.remove()
        assert done.wait(5)
    finally:
        reader.stop()
    kinds = [e.kind for e, _ in events]
    assert kinds == [CardEventKind.SERVICE_UP, CardEventKind.READER_ADDED, CardEventKind.CARD_INSERTED,
                     CardEventKind.CARD_REMOVED, CardEventKind.CARD_INSERTED, CardEventKind.CARD_REMOVED]
    assert events[2][0].atr == "3B 75 13 00 00 45 09 EA 90 00" and events[2][0].reader == READER_NAME
    assert {name for _, name in events} == {"card-monitor-inprocess"}


def test_backend_selection(monkeypatch: pytest.MonkeyPatch) -> None:
    inprocess = Settings(card=CardSettings(backend="inprocess"))
    assert backend_for(inprocess) == "inprocess"
    assert open_reader(inprocess) is training_reader() is open_monitor(inprocess)
    assert backend_for(Settings(card=CardSettings(backend="pcsc"))) == "pcsc"
    monkeypatch.setattr("dmp_desktop.card.scardio.service_available", lambda: False)
    assert backend_for(Settings()) == "inprocess"  # training mode without PC/SC
    assert backend_for(Settings(mode="production")) == "pcsc"  # never a training reader in production
    with pytest.raises(DomainError) as err:
        backend_for(Settings(card=CardSettings(backend="usb")))
    assert err.value.code is ErrorCode.CONFIG_INVALID


def test_load_image_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for path in (bad, tmp_path / "missing.json"):
        with pytest.raises(DomainError) as err:
            load_image(path)
        assert err.value.code is ErrorCode.CARD_DATA_INVALID and str(path) in err.value.detail


def test_second_start_takes_over_the_events() -> None:
    reader = InProcessReader()
    first: list[CardEvent] = []
    second: list[CardEvent] = []
    seen = threading.Event()
    reader.start(first.append)
    reader.start(lambda e: (second.append(e), e.kind is CardEventKind.CARD_INSERTED and seen.set()))
    try:
        reader.insert(CARDS["ne-en-corse"])
        assert seen.wait(5)
    finally:
        reader.stop()
    assert [e.kind for e in second][:2] == [CardEventKind.SERVICE_UP, CardEventKind.READER_ADDED]
    assert CardEventKind.CARD_INSERTED not in [e.kind for e in first]

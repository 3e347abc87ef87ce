"""Deadlines that hold and answers that cannot flood the memory, against the simulator's faults over HTTPS:
both transports (Python's ssl, and the card's tlslite-ng one)."""

from __future__ import annotations

import stat
import time
import tracemalloc
from pathlib import Path

import pytest

from dmp_desktop.dmp.client import DmpClient, DmpTimeouts
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.dmp.simulator.softcard import SoftCardSession, sample_image
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.pos.messages import text

from .conftest import PHARMACIST, make_client, new_patient

SIX = DmpTimeouts(existence=2.0, creation=2.0, other=2.0)


def _error(call: object, *args: object) -> tuple[DomainError, float]:
    started = time.monotonic()
    with pytest.raises(DomainError) as err:
        call(*args)  # type: ignore[operator]
    return err.value, time.monotonic() - started


def test_a_trickled_answer_ends_at_the_whole_call_deadline(simulator: EmbeddedSimulator) -> None:
    # One byte every 0.5 s: each wait is well under the 2 s setting, the whole answer would take 50 s.
    _, ins = new_patient()
    simulator.inject("trickle", ins.value, transaction="TD0.2", seconds=0.5, bytes=100)
    with make_client(simulator, timeouts=SIX) as client:
        error, took = _error(client.test_existence, ins, PHARMACIST)
    assert error.code is ErrorCode.DMP_TIMEOUT
    assert took < 4.0


def test_trickled_headers_end_at_the_deadline_too(simulator: EmbeddedSimulator) -> None:
    _, ins = new_patient()
    simulator.inject("trickle", ins.value, transaction="TD0.2", seconds=0.3, bytes=10, headers=True)
    with make_client(simulator, timeouts=SIX) as client:
        error, took = _error(client.test_existence, ins, PHARMACIST)
    assert error.code is ErrorCode.DMP_TIMEOUT
    assert took < 3.0  # the status line and headers alone take 30 s at this pace


def test_a_huge_answer_is_refused_while_streaming(simulator: EmbeddedSimulator) -> None:
    _, ins = new_patient()
    simulator.inject("huge", ins.value, transaction="TD0.2", bytes=60_000_000)
    with make_client(simulator, timeouts=DmpTimeouts(10.0, 10.0, 10.0)) as client:
        tracemalloc.start()
        try:
            error, _took = _error(client.test_existence, ins, PHARMACIST)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert error.code is ErrorCode.DMP_BAD_RESPONSE and "bytes" in error.detail
    assert peak < 20_000_000  # read whole, 60 MB would have been held before any check


def test_card_transport_keeps_the_deadline_and_the_cap(simulator: EmbeddedSimulator) -> None:
    card = SoftCardSession.issue(simulator.state_dir, sample_image())
    pharmacist = card.holder.pharmacist()
    _, slow = new_patient()
    _, big = new_patient()
    simulator.inject("trickle", slow.value, transaction="TD0.2", seconds=0.5, bytes=100)
    simulator.inject("huge", big.value, transaction="TD0.2", bytes=60_000_000)
    _, slow_head = new_patient()
    simulator.inject("trickle", slow_head.value, transaction="TD0.2", seconds=0.3, bytes=10, headers=True)
    with DmpClient.directe(simulator.url, card, card.situations[0], ca_bundle=simulator.ca_certificate,
                           timeouts=SIX) as client:
        error, took = _error(client.test_existence, slow, pharmacist)
        assert error.code is ErrorCode.DMP_TIMEOUT and took < 4.0
        error, _ = _error(client.test_existence, big, pharmacist)
        assert error.code is ErrorCode.DMP_BAD_RESPONSE
        error, took = _error(client.test_existence, slow_head, pharmacist)
        assert error.code is ErrorCode.DMP_TIMEOUT and took < 3.0


def test_an_untrusted_service_has_its_own_words(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    stranger = EmbeddedSimulator(tmp_path / "other")
    stranger._ensure_pki()
    with DmpClient(simulator.url, simulator.client_certificate, simulator.client_certificate_password,
                   pharmacy=make_client(simulator).pharmacy, ca_bundle=stranger.ca_certificate) as c:
        _, ins = new_patient()
        error, _ = _error(c.test_existence, ins, PHARMACIST)
    assert error.code is ErrorCode.DMP_SERVER_UNTRUSTED
    assert "n’a pas pu être authentifié" in text(error.code) and "pharmacie" not in text(error.code)


def test_simulator_state_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "sim"
    folder.mkdir(mode=0o755)
    sim = EmbeddedSimulator(folder).start()
    try:
        _, ins = new_patient()
        make_client(sim).test_existence(ins, PHARMACIST)
    finally:
        sim.stop()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "state.json").stat().st_mode) == 0o600

"""A card that stops answering, and a slot already taken, on the real pcscd + vpcd: the read ends at its
deadline, close() does not wait for the call stuck in pcscd, the process ends; `card simulate` says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmp_desktop.card.image import load_image, training_cards
from dmp_desktop.card.pcsc import PcscReader
from dmp_desktop.card.virtual import VirtualCard
from dmp_desktop.domain.errors import DomainError, ErrorCode

from .conftest import SLOT1, wait_slot
from .test_card_cli import Simulator, cli

pytestmark = pytest.mark.pcsc

CARDS = {p.stem: p for p in training_cards()}
FAMILY = load_image(CARDS["famille-martin"])


@pytest.fixture
def env(pcsc: None, isolated_dirs: Path) -> Iterator[dict[str, str]]:
    yield dict(os.environ)


def test_a_mute_card_fails_the_read_at_the_exchange_deadline_and_close_returns(pcsc: None) -> None:
    card = VirtualCard(FAMILY, slot=1, hang_after=3).start()
    reader = PcscReader(exchange_timeout=2.0)
    try:
        wait_slot(SLOT1, True)
        started = time.monotonic()
        with pytest.raises(DomainError) as err:
            reader.read(SLOT1, wait=5)
        elapsed = time.monotonic() - started
        assert card.hung.is_set() and card.apdus == 4  # three answered, the fourth never
        assert err.value.code is ErrorCode.CARD_STATUS and "stopped answering" in err.value.detail
        assert 2.0 <= elapsed < 4, elapsed
        closed = threading.Event()
        threading.Thread(target=lambda: (reader.close(), closed.set()), daemon=True).start()
        assert closed.wait(3), "close() waits for the worker stuck in SCardTransmit"
    finally:
        reader.close()
        card.stop()  # the socket closes: vpcd's recv ends and so does the SCardTransmit left in pcscd
    wait_slot(SLOT1, False)


@pytest.mark.slow
def test_card_read_of_a_mute_card_exits_6_at_the_deadline(env: dict[str, str]) -> None:
    sim = Simulator("famille-martin", "--slot", "1", "--hang-after", "3")
    try:
        assert "Virtual PCD 00 01" in sim.first_line, sim.first_line
        started = time.monotonic()
        result = cli("card", "read", "--reader", SLOT1, "--wait", "5", "--json", env=env, timeout=60)
        elapsed = time.monotonic() - started
    finally:
        code, out = sim.stop()
    wait_slot(SLOT1, False)
    assert result.returncode == 6, result.stderr
    assert json.loads(result.stdout)["error"]["code"] == "card_status"
    assert elapsed < 25, elapsed  # the 10 s exchange deadline and start-up, not forever
    assert code == 0 and "ne répond plus après 3 APDU" in out


def test_card_simulate_on_a_held_slot_says_so_and_exits_5(env: dict[str, str]) -> None:
    first = Simulator("famille-martin", "--slot", "1")
    try:
        assert "Carte insérée" in first.first_line, first.first_line
        second = subprocess.run(
            [sys.executable, "-m", "dmp_desktop", "card", "simulate", "famille-martin", "--slot", "1"],
            capture_output=True, text=True, timeout=30, env=env, check=False,
        )
    finally:
        first.stop()
    wait_slot(SLOT1, False)
    assert second.returncode == 5, (second.stdout, second.stderr)
    assert "Carte insérée" not in second.stdout and "déjà occupé" in second.stderr


@pytest.mark.slow
def test_create_with_a_mute_card_ends_with_a_card_error(env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{(tmp_path / "data").as_posix()}"\n[card]\nbackend = "pcsc"\n', encoding="utf-8")
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"reader": SLOT1, "beneficiary": 0, "account": None,
                                   "consent": {"oral_consent": True, "emergency_access": False}}), encoding="utf-8")
    sim = Simulator("famille-martin", "--slot", "1", "--hang-after", "3")
    try:
        assert "Virtual PCD 00 01" in sim.first_line, sim.first_line
        started = time.monotonic()
        result = cli("--config", str(config), "create", "--request", str(request), "--json", "--pin-stdin",
                     env=env, timeout=90, stdin="1234\n")
        elapsed = time.monotonic() - started
    finally:
        sim.stop()
    wait_slot(SLOT1, False)
    assert result.returncode == 30, (result.stdout, result.stderr)  # reader, card or card data
    doc = json.loads(result.stdout)
    assert doc["status"] == "error" and doc["error"]["code"] == "card_status"
    assert elapsed < 45, elapsed  # it used to hang for ever, with no output

"""`dmp-desktop card simulate` + `card read` as processes on the real pcscd + vpcd: output and exit codes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmp_desktop.card.image import load_image, training_cards
from dmp_desktop.card.inprocess import InProcessReader
from dmp_desktop.commands.card import card_json
from dmp_desktop.domain.identity import InsEnvironment

from .conftest import SLOT0, SLOT1, wait_slot

pytestmark = pytest.mark.pcsc

CARDS = {p.stem: p for p in training_cards()}


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 30,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dmp_desktop", *args], capture_output=True, text=True, timeout=timeout,
        env=env, check=False, input=stdin,
    )


class Simulator:
    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dmp_desktop", "card", "simulate", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert self.process.stdout is not None
        self.first_line = self.process.stdout.readline()

    def wait(self, timeout: float = 10) -> tuple[int, str]:
        """The simulator ending on its own (--pull-after): its exit code and output, no signal sent."""
        out, _ = self.process.communicate(timeout=timeout)
        return self.process.returncode, out

    def stop(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        out, _ = self.process.communicate(timeout=10)
        return self.process.returncode, out


@pytest.fixture
def env(pcsc: None, isolated_dirs: Path) -> Iterator[dict[str, str]]:
    yield dict(os.environ)


def test_simulate_then_read_json(env: dict[str, str]) -> None:
    sim = Simulator("famille-martin", "--slot", "1")
    try:
        assert "Virtual PCD 00 01" in sim.first_line, sim.first_line
        result = cli("card", "read", "--reader", SLOT1, "--wait", "5", "--json", env=env)
    finally:
        code, out = sim.stop()
    wait_slot(SLOT1, False)
    assert result.returncode == 0, result.stderr
    expected = InProcessReader()
    expected.insert(CARDS["famille-martin"])
    doc = card_json(expected.read(), InsEnvironment.TEST)
    doc["reader"] = SLOT1
    assert json.loads(result.stdout) == doc
    assert code == 0 and "Carte retirée" in out


def test_simulate_an_image_file_and_read_the_table(env: dict[str, str], tmp_path: Path) -> None:
    image = tmp_path / "carte.json"
    image.write_text(json.dumps(load_image(CARDS["naissance-lunaire"])), encoding="utf-8")
    sim = Simulator(str(image))
    try:
        result = cli("card", "read", "--wait", "5", env=env)
    finally:
        sim.stop()
    wait_slot(SLOT0, False)
    assert result.returncode == 0, result.stderr
    assert "DUPONT" in result.stdout and "30/02/1962" in result.stdout and "INS-C" in result.stdout


def test_no_card_exit_3(env: dict[str, str]) -> None:
    result = cli("card", "read", "--reader", SLOT0, "--wait", "0.3", env=env)
    assert result.returncode == 3
    assert result.stderr.index("Aucune carte Vitale") < result.stderr.index("No Vitale card")


def test_unknown_reader_exit_5(env: dict[str, str]) -> None:
    result = cli("card", "read", "--reader", "Lecteur inexistant", "--wait", "0", "--json", env=env)
    assert result.returncode == 5 and json.loads(result.stdout)["error"]["code"] == "reader_not_found"


def test_no_pcsc_service_exit_5(env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[card]\nbackend = "pcsc"\n', encoding="utf-8")
    env = dict(env, PCSCLITE_CSOCK_NAME=str(tmp_path / "no-pcscd.comm"))  # libpcsclite looks there instead
    result = cli("--config", str(config), "card", "read", "--wait", "1", env=env)
    assert result.returncode == 5 and "PC/SC" in result.stderr


def test_vitale1_card_exit_4(env: dict[str, str], tmp_path: Path) -> None:
    image = tmp_path / "vitale1.json"
    image.write_text(json.dumps(dict(load_image(CARDS["famille-martin"]), atr="3F 65 25 00 22 09 F9 90 00")))
    sim = Simulator(str(image))
    try:
        result = cli("card", "read", "--wait", "5", env=env)
    finally:
        sim.stop()
    wait_slot(SLOT0, False)
    assert result.returncode == 4 and "Vitale 1" in result.stderr


def test_pull_after_ends_the_simulator_and_fails_the_read(env: dict[str, str]) -> None:
    sim = Simulator("enfant-sans-nir", "--pull-after", "4")
    result = cli("card", "read", "--reader", SLOT0, "--wait", "5", env=env)
    try:
        code, out = sim.wait()  # it pulls the card then exits by itself, maybe just after the read returned
    finally:
        sim.stop()
    wait_slot(SLOT0, False)
    assert result.returncode == 6 and "retirée pendant la lecture" in result.stderr
    assert code == 0 and "après 4 APDU" in out


def test_bad_image_exit_7(env: dict[str, str], tmp_path: Path) -> None:
    image = tmp_path / "bad.json"
    image.write_text('{"holder_nir": "1", "beneficiaries": []}')
    result = cli("card", "simulate", str(image), env=env)
    assert result.returncode == 7 and "holder_nir" in result.stderr
    assert cli("card", "simulate", "carte-inexistante", env=env).returncode == 7

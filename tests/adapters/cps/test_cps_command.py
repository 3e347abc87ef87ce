"""`dmp-desktop cps provision` then `cps read` in its own process, on the token it made (docs/cps.md)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dmp_desktop.commands.cps import run_provision
from dmp_desktop.cps import module
from dmp_desktop.settings import settings_from_dict

from ...unit.cps.issuer import image, issue
from .conftest import require_softhsm

PIN = "4827"


def stub_issuer(state: Path, raw: dict[str, Any]) -> tuple[bytes, ...]:
    """Stands for dmp.simulator.issue_card_certificates(state_dir, image) in these tests."""
    assert raw["holder"]["national_id"]
    return issue(raw, unordered=True)


@pytest.fixture
def token(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    require_softhsm()
    raw = image(pin=PIN, situations=[{"structure_id": "1990000017", "name": "Pharmacie A"},
                                     {"structure_id": "3123456789", "name": "Pharmacie B"}])
    (tmp_path / "image.json").write_text(json.dumps(raw), encoding="utf-8")
    args = argparse.Namespace(image=str(tmp_path / "image.json"), state=str(tmp_path / "sim"), softhsm=True,
                              out=str(tmp_path / "token"), json=True)
    settings = settings_from_dict({"data_dir": str(tmp_path / "data")})
    assert run_provision(args, settings, issuer=stub_issuer) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    module.release(result["module"])
    config = tmp_path / "config.toml"
    cps = result["settings"]["cps"]
    config.write_text("[cps]\n" + "".join(f'{k} = "{v}"\n' for k, v in cps.items()), encoding="utf-8")
    result["config"] = str(config)
    return result


def cli(token: dict[str, Any], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **token["env"], "XDG_DATA_HOME": str(Path(token["config"]).parent / "xdg")}
    return subprocess.run([sys.executable, "-m", "dmp_desktop", "--config", token["config"], "cps", "read", *args],
                          input=stdin, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_provision_prints_what_to_set(token: dict[str, Any]) -> None:
    assert Path(token["env"]["SOFTHSM2_CONF"]).is_file()
    assert token["settings"]["cps"]["module"] == token["module"]
    assert token["token_label"] == "CPS 810000000001"


def test_read_without_the_pin_shows_the_holder_and_pin_state_only(token: dict[str, Any]) -> None:
    done = cli(token, "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["card"]["national_id"] == "810000000001" and doc["card"]["expired"] is False
    assert doc["pin"] == {"state": "ready", "tries_left": 3}
    assert "situations" not in doc


def test_read_with_the_pin_on_stdin_lists_the_situations(token: dict[str, Any]) -> None:
    done = cli(token, "--json", "--pin-stdin", stdin=PIN + "\n")
    assert done.returncode == 0, done.stderr
    assert [s["structure_id"] for s in json.loads(done.stdout)["situations"]] == ["1990000017", "3123456789"]
    assert PIN not in done.stderr


def test_a_wrong_pin_exits_in_the_cps_class_with_the_tries_left(token: dict[str, Any]) -> None:
    done = cli(token, "--json", "--pin-stdin", stdin="0000\n")
    assert done.returncode == 35
    assert json.loads(done.stdout)["error"]["code"] == "cps_pin_incorrect"
    assert json.loads(done.stdout)["error"]["detail"] == "2"
    assert json.loads(cli(token, "--json").stdout)["pin"]["state"] == "count_low"


def test_the_text_output_names_the_holder(token: dict[str, Any]) -> None:
    done = cli(token, "--pin-stdin", stdin=PIN + "\n")
    assert done.returncode == 0, done.stderr
    assert "810000000001" in done.stdout and "Situation 2 : 3123456789 (SIRET) Pharmacie B" in done.stdout


def test_read_a_training_card_by_name(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    import io

    import dmp_desktop.cps
    from dmp_desktop.commands import cps as command
    from dmp_desktop.commands.cps import run_read

    monkeypatch.setattr(dmp_desktop.cps, "_training", None)  # a reader of its own, dropped afterwards
    monkeypatch.setattr(command, "simulator_issuer", lambda: stub_issuer)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1234\n"))
    args = argparse.Namespace(json=True, pin_stdin=True, training="adjoint-cpe")
    assert run_read(args, settings_from_dict({"data_dir": str(tmp_path)})) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["card"]["type"] == "CPE" and doc["situations"][0]["structure_type"] == "FINESS"


def test_an_expired_card_is_printed_then_exits_in_the_cps_class(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    import dmp_desktop.cps
    from dmp_desktop.commands import cps as command
    from dmp_desktop.commands.cps import run_read

    monkeypatch.setattr(dmp_desktop.cps, "_training", None)
    monkeypatch.setattr(command, "simulator_issuer", lambda: stub_issuer)
    args = argparse.Namespace(json=True, pin_stdin=False, training="carte-expiree")
    assert run_read(args, settings_from_dict({"data_dir": str(tmp_path)})) == 35
    captured = capsys.readouterr()
    assert json.loads(captured.out)["card"]["expired"] is True
    assert "cps_expired" in captured.err

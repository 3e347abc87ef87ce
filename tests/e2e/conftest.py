"""The e2e tier: `dmp-desktop create` as a subprocess on real parts (pcscd + vpcd virtual card, the embedded
simulator over HTTPS, SQLite or PostgreSQL, the CUPS test queue)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SLOT0 = "Virtual PCD 00 00"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)  # type: ignore[no-any-return]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.pop("DMP_DESKTOP_CONFIG", None)
    return env


TRAINING_PIN = "1234"  # the training CPS's PIN (resources/training-cards/cps/pharmacien.json)


def dmp_desktop(*args: str, timeout: float = 90, stdin: str | None = None, env: dict[str, str] | None = None) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "dmp_desktop", *args], capture_output=True, text=True, timeout=timeout,
        env=_env() | (env or {}), check=False, input=stdin,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@dataclass
class Workspace:
    root: Path
    config: Path

    def request(self, data: dict[str, Any] | str) -> Path:
        path = self.root / f"request-{uuid.uuid4().hex[:8]}.json"
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return path

    def create(self, request: dict[str, Any] | str, *extra: str, pin: str = TRAINING_PIN,
               env: dict[str, str] | None = None) -> Run:
        """`create --pin-stdin` as the holder of the CPS in the reader (the training CPS unless [cps] says
        otherwise: mode DIRECTE), the PIN on standard input."""
        return dmp_desktop("--config", str(self.config), "create", "--request", str(self.request(request)),
                           "--json", "--pin-stdin", *extra, stdin=f"{pin}\n", env=env)

    def ledger_count(self) -> int:
        run = dmp_desktop("--config", str(self.config), "ledger", "--json")
        assert run.code == 0, run.stderr
        return int(run.json["count"])


def write_config(root: Path, *, database_url: str = "", printer: str = "", simulator_mode: str = "2019") -> Path:
    lines = [
        'mode = "training"',
        f'data_dir = "{(root / "data").as_posix()}"',
        f'log_dir = "{(root / "log").as_posix()}"',
        'workstation = "comptoir-e2e"',
        "[card]",
        'backend = "pcsc"',
        "wait_seconds = 2",
        "[dmp]",
        f'simulator_mode = "{simulator_mode}"',
    ]
    if database_url:
        lines += ["[database]", f'url = "{database_url}"']
    if printer:
        lines += ["[printer]", f'name = "{printer}"']
    path = root / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def pcsc() -> None:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    require_service("pcsc")


@pytest.fixture
def workspace(tmp_path: Path, pcsc: None) -> Workspace:
    return Workspace(tmp_path, write_config(tmp_path))


@pytest.fixture
def make_workspace(tmp_path: Path, pcsc: None) -> Callable[..., Workspace]:
    def make(**kwargs: Any) -> Workspace:
        root = tmp_path / uuid.uuid4().hex[:6]
        root.mkdir()
        return Workspace(root, write_config(root, **kwargs))

    return make


@pytest.fixture
def virtual_card() -> Iterator[Callable[[str], None]]:
    """Insert a training card into vpcd slot 0 (`dmp-desktop card simulate`, a second process)."""
    procs: list[subprocess.Popen[str]] = []

    def insert(name: str) -> None:
        for p in procs:  # one card at a time in slot 0
            _stop(p)
        procs.clear()
        proc = subprocess.Popen(
            [sys.executable, "-m", "dmp_desktop", "card", "simulate", name, "--slot", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env(),
        )
        procs.append(proc)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "inserted" in line, line + (proc.stdout.read() if proc.poll() is not None else "")
        time.sleep(0.3)  # pcscd polls vpcd about every 100 ms

    yield insert
    for p in procs:
        _stop(p)


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    time.sleep(0.3)  # let pcscd see the slot empty before the next test


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema-less database per test on the PostgreSQL test server."""
    from tests.conftest import require_service  # type: ignore[import-not-found]

    require_service("postgres")
    base = os.environ["DMP_DESKTOP_TEST_PG_URL"]
    import psycopg

    admin = base.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    name = f"dmp_e2e_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

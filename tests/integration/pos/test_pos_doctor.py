"""`dmp-desktop doctor` on the real parts, and with each part missing (a real absence, not a mock)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmp_desktop.commands.doctor import FAIL, OK, Check, format_table, run_checks
from dmp_desktop.secrets import CERTIFICATE_PASSWORD, MemorySecretStore
from dmp_desktop.settings import Settings, settings_from_dict


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def settings(tmp_path: Path, **sections: object) -> Settings:
    raw: dict[str, object] = {"mode": "training", "data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "log")}
    raw.update(sections)
    return settings_from_dict(raw)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def ledger_db(tmp_path: Path) -> Iterator[str]:
    from dmp_desktop.storage.ledger import open_ledger

    url = f"sqlite:///{tmp_path / 'data' / 'dmp-desktop.sqlite3'}"
    open_ledger(url, spool_dir=tmp_path).close()
    yield url


def test_training_workstation_database_and_simulator_are_ok(tmp_path: Path, ledger_db: str) -> None:
    s = settings(tmp_path, card={"backend": "inprocess"}, database={"url": ledger_db})
    checks = by_name(run_checks(s))
    for name in ("settings", "pcsc", "database", "certificate", "tls", "td0.2"):
        assert checks[name].status == OK, checks[name]
    assert "TD0.2" in checks["td0.2"].detail and "TLS" in checks["tls"].detail


@pytest.mark.pcsc
@pytest.mark.cups
def test_real_reader_and_queue(tmp_path: Path) -> None:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    require_service("pcsc")
    queue = require_service("cups")
    s = settings(tmp_path, card={"backend": "pcsc"}, printer={"name": queue})
    checks = by_name(run_checks(s))
    assert checks["pcsc"].status == OK and "Virtual PCD 00 00" in checks["pcsc"].detail
    assert checks["card"].status in (OK, "warning")
    assert checks["printer"].status == OK and queue in checks["printer"].detail


@pytest.mark.cups
def test_printer_missing(tmp_path: Path) -> None:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    require_service("cups")
    checks = by_name(run_checks(settings(tmp_path, card={"backend": "inprocess"},
                                         printer={"name": "no-such-queue"})))
    assert checks["printer"].status == FAIL and "no-such-queue" in checks["printer"].detail
    assert checks["printer"].todo


def test_database_unreachable(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://postgres:secret@127.0.0.1:{closed_port()}/dmp"
    checks = by_name(run_checks(settings(tmp_path, card={"backend": "inprocess"}, database={"url": url})))
    assert checks["database"].status == FAIL and checks["database"].todo
    assert "secret" not in checks["database"].detail  # the URL's password never printed


def test_migrations_behind(tmp_path: Path, ledger_db: str) -> None:
    from dmp_desktop.storage.engine import make_engine
    from dmp_desktop.storage.migrate import downgrade

    engine = make_engine(ledger_db)
    downgrade(engine, "base")
    engine.dispose()
    checks = by_name(run_checks(settings(tmp_path, card={"backend": "inprocess"}, database={"url": ledger_db})))
    assert checks["migrations"].status == FAIL and "vide" in checks["migrations"].detail


def test_production_without_certificate_nor_password(tmp_path: Path) -> None:
    s = settings(tmp_path, mode="production", card={"backend": "inprocess"},
                 dmp={"endpoint": f"https://127.0.0.1:{closed_port()}/dmp", "ins_environment": "production"},
                 pharmacy={"name": "Pharmacie du Port", "number": "130000001"},
                 pharmacist={"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"})
    checks = by_name(run_checks(s, MemorySecretStore()))
    assert checks["settings"].status == FAIL and "certificate" in checks["settings"].detail
    assert checks["keyring"].status == FAIL and "absent" in checks["keyring"].detail
    assert checks["certificate"].status == FAIL and "certificate_missing" in checks["certificate"].detail


def test_endpoint_down(tmp_path: Path) -> None:
    from dmp_desktop.dmp.simulator import EmbeddedSimulator

    sim = EmbeddedSimulator(tmp_path / "sim").start()  # only for a real client certificate and CA
    try:
        cert, password, ca = sim.client_certificate, sim.client_certificate_password, sim.ca_certificate
    finally:
        sim.stop()
    s = settings(tmp_path, card={"backend": "inprocess"},
                 dmp={"endpoint": f"https://127.0.0.1:{closed_port()}/dmp", "certificate": str(cert),
                      "ca_bundle": str(ca)})
    checks = by_name(run_checks(s, MemorySecretStore({CERTIFICATE_PASSWORD: password})))
    assert checks["certificate"].status == OK
    assert checks["tls"].status == FAIL and checks["tls"].todo
    assert checks["td0.2"].status == FAIL
    table = format_table(list(checks.values()))
    assert "PROBLÈME  tls" in table and "→ " in table


@pytest.mark.pcsc
def test_pcsc_service_missing_as_a_subprocess(tmp_path: Path) -> None:
    """pcsc-lite clients find the daemon through PCSCLITE_CSOCK_NAME: a socket that does not exist is a
    PC/SC service that is not running. Exit code non-zero, JSON names the check."""
    config = tmp_path / "config.toml"
    config.write_text(f'mode = "training"\ndata_dir = "{(tmp_path / "d").as_posix()}"\n'
                      f'log_dir = "{(tmp_path / "l").as_posix()}"\n[card]\nbackend = "pcsc"\n', encoding="utf-8")
    env = {**os.environ, "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm"), "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    done = subprocess.run([sys.executable, "-m", "dmp_desktop", "--config", str(config), "doctor", "--json"],
                          capture_output=True, text=True, env=env, timeout=90, check=False)
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    checks = {c["name"]: c for c in doc["checks"]}
    assert doc["ok"] is False and checks["pcsc"]["status"] == FAIL and checks["pcsc"]["todo"]
    assert "ne répond pas" in checks["pcsc"]["detail"]

"""Reconcile everywhere: every entry point that opens the journal settles its pending creations first (the
embedded simulator over HTTPS, SQLite), and `dmp-desktop reconcile` does it alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dmp_desktop.app import open_services
from dmp_desktop.cli import main
from dmp_desktop.domain.identity import Beneficiary, Quality
from dmp_desktop.domain.model import Consent, CreationRecord, CreationState, JournalPatient
from dmp_desktop.settings import load_settings
from dmp_desktop.storage import open_ledger

pytestmark = pytest.mark.slow

SOPHIE = Beneficiary(1, "MARTIN", "Sophie", "19820518", "180057505612342", "DURAND", 1, Quality.CONJOINT,
                     certified_nir="282056912304564")


@pytest.fixture
def config(isolated_dirs: Path) -> Path:
    path = isolated_dirs / "config.toml"
    path.write_text(f'mode = "training"\ndata_dir = "{(isolated_dirs / "d").as_posix()}"\n'
                    f'log_dir = "{(isolated_dirs / "l").as_posix()}"\nworkstation = "comptoir-1"\n'
                    '[card]\nbackend = "inprocess"\nwait_seconds = 0\n', encoding="utf-8")
    return path


def _killed_during_td11(config: Path) -> str:
    """The service created the DMP, the process died before writing it down: the journal entry is pending."""
    settings = load_settings(config)
    with open_services(settings) as services:
        pharmacist, ins = services.counter.pharmacist, SOPHIE.require_ins(settings.ins_environment)
        cid = services.ledger.begin(CreationRecord(
            at=datetime.now(UTC), workstation="comptoir-1", pharmacist_rpps=pharmacist.rpps,
            pharmacist_name=pharmacist.display_name, ins=ins, consent=Consent(True, True),
            patient=JournalPatient.of(SOPHIE)))
        services.dmp.create(SOPHIE, ins, Consent(True, True), pharmacist)
    return cid


def _state(config: Path, cid: str) -> CreationState:
    settings = load_settings(config)
    ledger = open_ledger(settings.database_url, spool_dir=settings.data_dir, workstation="comptoir-1")
    try:
        entry = ledger.record(cid)
        assert entry is not None
        return entry.state
    finally:
        ledger.close()


@pytest.mark.parametrize("command", [["ledger", "--json"], ["history", "--json"]])
def test_journal_commands_reconcile_first(config: Path, command: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    cid = _killed_during_td11(config)
    assert _state(config, cid) is CreationState.PENDING
    assert main(["--config", str(config), *command]) == 0
    assert _state(config, cid) is CreationState.CREATED  # counted in the very listing that was asked for
    out = capsys.readouterr().out
    if command[0] == "ledger":
        assert json.loads(out)["count"] == 1
    else:
        assert json.loads(out.splitlines()[0])["status"] == "created"


def test_opening_the_services_reconciles(config: Path) -> None:
    """What `create` and `reprint --new-credentials` open (app.open_services)."""
    cid = _killed_during_td11(config)
    with open_services(load_settings(config)):
        pass
    assert _state(config, cid) is CreationState.CREATED


def test_reconcile_command(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cid = _killed_during_td11(config)
    assert main(["--config", str(config), "reconcile", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"entries": [{"creation_id": cid, "state": "created"}],
                                                   "pending": 0}
    assert main(["--config", str(config), "reconcile"]) == 0
    assert "Aucune création en attente" in capsys.readouterr().out

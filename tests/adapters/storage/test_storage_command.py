"""`dmp-desktop ledger` on a real SQLite journal: fresh install, table, exact JSON, CSV, bad month."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from dmp_desktop.cli import main
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Consent, CreationRecord, CreationState
from dmp_desktop.storage import open_ledger


@pytest.fixture
def config(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = isolated_dirs / "data"
    path = isolated_dirs / "config.toml"
    path.write_text(
        f'data_dir = "{data.as_posix()}"\nlog_dir = "{(isolated_dirs / "log").as_posix()}"\n'
        'workstation = "comptoir-1"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DMP_DESKTOP_CONFIG", str(path))
    return data


def _fill(data: Path) -> None:
    ledger = open_ledger(f"sqlite:///{data / 'dmp-desktop-formation.sqlite3'}", spool_dir=data)
    try:
        for n, (ws, month) in enumerate([("comptoir-1", 3), ("comptoir-2", 3), ("comptoir-2", 4)]):
            cid = ledger.begin(
                CreationRecord(
                    at=datetime(2019, month, 10, 9, 0),
                    workstation=ws,
                    pharmacist_rpps="10000000001",
                    pharmacist_name="Camille FORMATION",
                    ins=Ins(InsType.INS_NIR, f"18005750561234{n}", "1.2.250.1.213.1.4.10"),
                    consent=Consent(True, False),
                )
            )
            ledger.set_state(cid, CreationState.CREATED)
    finally:
        ledger.close()


def test_fresh_install_creates_the_database(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger"]) == 0
    out = capsys.readouterr().out
    assert "Registre des DMP créés — " + datetime.now().strftime("%m/%Y") in out
    assert "DMP créés : 0" in out and "0,00 €" in out
    assert (config / "dmp-desktop-formation.sqlite3").exists()


def test_json_shape(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(config)
    assert main(["ledger", "--month", "2019-03", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["month", "count", "amount_eur", "by_pharmacist", "by_workstation"]
    assert data == {
        "month": "2019-03",
        "count": 2,
        "amount_eur": 2.0,
        "by_pharmacist": {"10000000001 Camille FORMATION": 2},
        "by_workstation": {"comptoir-1": 1, "comptoir-2": 1},
    }


def test_table_and_csv(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(config)
    assert main(["ledger", "--month", "2019-04"]) == 0
    out = capsys.readouterr().out
    assert "DMP créés : 1" in out and "1,00 €" in out and "comptoir-2" in out
    assert main(["ledger", "--month", "2019-03", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3 and rows[0][0] == "creation_id"
    assert {r[3] for r in rows[1:]} == {"comptoir-1", "comptoir-2"}


@pytest.mark.parametrize("month", ["2019-13", "03-2019", "2019-3"])
def test_bad_month_exits_2(config: Path, capsys: pytest.CaptureFixture[str], month: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(["ledger", "--month", month])
    assert info.value.code == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_json_and_csv_are_exclusive(config: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["ledger", "--json", "--csv"])
    assert info.value.code == 2

"""Several processes writing the same SQLite journal at once: BEGIN IMMEDIATE + busy time-out, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from dmp_desktop.storage import open_ledger
from dmp_desktop.storage.tables import creation_events, creations

PROCESSES = 3
EACH = 25

WRITER = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Consent, CreationRecord, CreationState
from dmp_desktop.storage import open_ledger

url, spool, name, go = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
(go.parent / ("ready-" + name)).touch()
while not go.exists():
    time.sleep(0.005)
ledger = open_ledger(url, spool_dir=spool, busy_timeout=5.0, workstation=name)
for n in range(int(sys.argv[5])):
    cid = ledger.begin(CreationRecord(
        at=datetime(2019, 3, 14, 10, n % 60, tzinfo=UTC), workstation=name, pharmacist_rpps="10000000001",
        pharmacist_name="Camille FORMATION", ins=Ins(InsType.INS_NIR, f"{name[-1]}{n:014d}", "1.2.250.1.213.1.4.10"),
        consent=Consent(True, False),
    ))
    ledger.set_state(cid, CreationState.CREATED)
print(json.dumps({"waiting": ledger.waiting}))
ledger.close()
"""


def test_processes_share_one_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(tmp_path / f"spool{i}"), f"poste-{i}", str(go), str(EACH)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < PROCESSES and time.monotonic() < deadline:
        time.sleep(0.02)
    go.touch()  # all start together, the first ones racing to create the schema
    for proc in procs:
        out, err = proc.communicate(timeout=90)
        assert proc.returncode == 0, err[-3000:]
        assert json.loads(out.strip().splitlines()[-1]) == {"waiting": 0}  # nobody needed the spool

    ledger = open_ledger(url, spool_dir=tmp_path / "check")
    try:
        statement = ledger.statement("2019-03")
        assert statement.count == PROCESSES * EACH
        assert statement.by_workstation == {f"poste-{i}": EACH for i in range(PROCESSES)}
        with ledger._engine.connect() as conn:
            rows = conn.execute(sa.select(sa.func.count()).select_from(creations)).scalar_one()
            events = conn.execute(sa.select(sa.func.count()).select_from(creation_events)).scalar_one()
        assert rows == PROCESSES * EACH and events == 2 * PROCESSES * EACH
    finally:
        ledger.close()

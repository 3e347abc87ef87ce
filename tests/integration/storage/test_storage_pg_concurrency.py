"""Several counters (one process each) recording creations into one PostgreSQL at once: exact counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from dmp_desktop.storage import open_ledger
from dmp_desktop.storage.tables import creation_events, creations

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

COUNTERS = 4
OWN = 40  # patients only this counter sees
SHARED = 20  # patients every counter tries to create at the same time (the race the unique index settles)

COUNTER = """
import json, os, random, sys, time
from datetime import UTC, datetime
from pathlib import Path
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Consent, CreationRecord, CreationState
from dmp_desktop.storage import open_ledger

url, spool, workstation, go, values = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), json.loads(sys.argv[5])
random.Random(workstation).shuffle(values)
(go.parent / ("ready-" + workstation)).touch()
while not go.exists():
    time.sleep(0.005)
ledger = open_ledger(url, spool_dir=Path(spool), workstation=workstation)  # all migrate at once
ids = []
for n, value in enumerate(values):
    rec = CreationRecord(
        at=datetime(2019, 3, 1 + n % 28, 9, n % 60, tzinfo=UTC), workstation=workstation,
        pharmacist_rpps="1000000000" + workstation[-1], pharmacist_name="Pharmacien " + workstation,
        ins=Ins(InsType.INS_NIR, value, "1.2.250.1.213.1.4.10"), consent=Consent(True, False),
    )
    cid = ledger.begin(rec)
    ledger.set_state(cid, CreationState.CREATED, "DMPOk")
    ids.append(cid)
print(json.dumps({"ids": ids, "waiting": ledger.waiting}))
ledger.close()
"""


def test_counters_in_parallel(pg_url: str, tmp_path: Path) -> None:
    shared = [f"2{n:014d}" for n in range(SHARED)]
    go = tmp_path / "go"
    procs = []
    for i in range(COUNTERS):
        own = [f"1{i:02d}{n:012d}" for n in range(OWN)]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", COUNTER, pg_url, str(tmp_path / f"spool{i}"), f"comptoir-{i}", str(go),
                 json.dumps(own + shared)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        )
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("ready-*"))) < COUNTERS and time.monotonic() < deadline:
        time.sleep(0.02)  # every interpreter has done its imports: start them together
    go.touch()
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=90)
        assert proc.returncode == 0, err[-3000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))

    attempts = COUNTERS * (OWN + SHARED)
    distinct = COUNTERS * OWN + SHARED
    all_ids = [cid for report in reports for cid in report["ids"]]
    assert len(all_ids) == len(set(all_ids)) == attempts
    assert all(report["waiting"] == 0 for report in reports)  # nothing left in a spool

    ledger = open_ledger(pg_url, spool_dir=tmp_path / "check")
    try:
        with ledger._engine.connect() as conn:
            states = dict(
                conn.execute(sa.select(creations.c.state, sa.func.count()).group_by(creations.c.state)).all()
            )
            doubles = conn.execute(
                sa.select(creations.c.ins_value)
                .where(creations.c.state == "created")
                .group_by(creations.c.ins_value)
                .having(sa.func.count() > 1)
            ).all()
            shared_rows = dict(
                conn.execute(
                    sa.select(creations.c.ins_value, sa.func.count())
                    .where(creations.c.ins_value.in_(shared), creations.c.state == "created")
                    .group_by(creations.c.ins_value)
                ).all()
            )
            events = conn.execute(sa.select(sa.func.count()).select_from(creation_events)).scalar_one()
        assert states == {"created": distinct, "already_existed": attempts - distinct}
        assert doubles == []
        assert shared_rows == dict.fromkeys(shared, 1)
        assert events == 2 * attempts  # begin + state for each attempt, none replayed twice
        statement = ledger.statement("2019-03")
        assert statement.count == distinct and statement.amount_eur == float(distinct)
        assert sum(statement.by_workstation.values()) == distinct
        assert set(statement.by_workstation) == {f"comptoir-{i}" for i in range(COUNTERS)}
        for i in range(COUNTERS):  # each counter got at least its own patients
            assert statement.by_workstation[f"comptoir-{i}"] >= OWN
        assert ledger.pending() == []
    finally:
        ledger.close()

"""A counter process killed at each point of a creation, then the next start replays and reconciles."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dmp_desktop.domain.model import CreationState, DmpStatus
from dmp_desktop.flow.fakes import FakeDmpService
from dmp_desktop.flow.reconcile import reconcile_pending
from dmp_desktop.settings import TRAINING_PHARMACIST
from dmp_desktop.storage import open_ledger

INS = "180057505612342"

# The counter: journal + a "DMP service" whose committed state lives in a file, killed with SIGKILL at `point`.
COUNTER = """
import json, os, signal, sys
from datetime import UTC, datetime
from pathlib import Path
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, CreationRecord, CreationState
from dmp_desktop.storage import open_ledger

url, spool, service, point, value = sys.argv[1:6]

def crash(at):
    if point == at:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))

ledger = open_ledger(url, spool_dir=Path(spool), busy_timeout=0.2)
rec = CreationRecord(
    at=datetime(2019, 3, 14, 10, 30, tzinfo=UTC), workstation="c1", pharmacist_rpps="10000000001",
    pharmacist_name="Camille FORMATION", ins=Ins(InsType.INS_NIR, value, "1.2.250.1.213.1.4.10"),
    consent=Consent(True, True), channels=(Channel.SMS,),
)
cid = ledger.begin(rec)
print(cid, flush=True)
crash("after_begin")
Path(service).write_text(json.dumps({value: "exists"}))  # TD1.1 committed on the service side
crash("after_service")
ledger.set_state(cid, CreationState.CREATED, "DMPOk")
crash("after_created")
ledger.mark_account_opened(cid, (Channel.SMS,))
crash("after_account")
ledger.mark_receipt_printed(cid)
crash("after_receipt")
ledger.close()
"""

# point -> (what reconciliation decides, paid count afterwards)
EXPECTED = {
    "after_begin": ([CreationState.FAILED], 0),
    "after_service": ([CreationState.CREATED], 1),
    "after_created": ([], 1),
    "after_account": ([], 1),
    "after_receipt": ([], 1),
}


def run_counter(url: str, spool: Path, service: Path, point: str) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-c", COUNTER, url, str(spool), str(service), point, INS],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0, proc.stdout + proc.stderr[-2000:]  # it was killed
    return proc.returncode, proc.stdout.strip()


def service_after(service: Path) -> FakeDmpService:
    dmp = FakeDmpService()
    if service.exists():
        dmp.dmps.update({k: DmpStatus(v) for k, v in json.loads(service.read_text()).items()})
    return dmp


def check_next_start(url: str, spool: Path, service: Path, point: str, cid: str) -> None:
    decided, paid = EXPECTED[point]
    ledger = open_ledger(url, spool_dir=spool)
    try:
        results = reconcile_pending(ledger, service_after(service), TRAINING_PHARMACIST)
        assert results == [(cid, state) for state in decided]
        assert ledger.pending() == []
        assert ledger.statement("2019-03").count == paid
        assert ledger.warning is None
        # a second start finds nothing left to do
        assert reconcile_pending(ledger, service_after(service), TRAINING_PHARMACIST) == []
    finally:
        ledger.close()


@pytest.mark.parametrize("point", list(EXPECTED))
def test_crash_at_each_point(tmp_path: Path, point: str) -> None:
    url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    spool, service = tmp_path / "spool", tmp_path / "service.json"
    code, out = run_counter(url, spool, service, point)
    assert code != 0, out  # it was killed
    cid = out.splitlines()[0]
    check_next_start(url, spool, service, point, cid)


@pytest.mark.parametrize("point", ["after_begin", "after_service", "after_created"])
def test_crash_while_the_database_was_locked(tmp_path: Path, point: str) -> None:
    """The journal lines only reached the spool before the kill: the next start replays, then reconciles."""
    db = tmp_path / "journal.sqlite3"
    url = f"sqlite:///{db}"
    spool, service = tmp_path / "spool", tmp_path / "service.json"
    open_ledger(url, spool_dir=spool).close()  # installed, migrated
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, out = run_counter(url, spool, service, point)
    finally:
        holder.rollback()
        holder.close()
    assert code != 0, out
    cid = out.splitlines()[0]
    assert cid in (spool / "ledger-spool.jsonl").read_text()
    check_next_start(url, spool, service, point, cid)

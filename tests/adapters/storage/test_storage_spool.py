"""Database locked, full or away: the counter goes on, entries wait in the spool and are replayed once."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from dmp_desktop.commands.ledger import waiting_notice
from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode
from dmp_desktop.domain.model import CreationRecord, CreationState
from dmp_desktop.storage import Ledger, open_ledger
from dmp_desktop.storage.spool import SPOOL_NAME
from dmp_desktop.storage.tables import creation_events, creations

RecordFactory = Callable[..., CreationRecord]


def _db_path(ledger: Ledger) -> Path:
    return Path(sa.make_url(ledger.url).database or "")


def _count(ledger: Ledger, table: sa.Table = creations) -> int:
    with ledger._engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_locked_database_spools_then_replays(ledger: Ledger, record: RecordFactory, tmp_path: Path) -> None:
    spool = tmp_path / "spool" / SPOOL_NAME
    holder = _hold_write_lock(_db_path(ledger))
    try:
        started = time.monotonic()
        cid = ledger.begin(record())
        ledger.set_state(cid, CreationState.CREATED, "DMPOk")
        assert time.monotonic() - started < 3  # busy time-out 0.2 s per write: the counter is not held up
        assert ledger.waiting_cause is ErrorCode.DB_LOCKED
        assert ledger.warning is WarningCode.LEDGER_WAITING
        assert ledger.waiting == 2
        notice = waiting_notice(ledger)  # what `dmp-desktop ledger` prints: the sentence, the count, the cause
        assert notice is not None and "attendent sur ce poste" in notice and "2 écriture(s)" in notice
        assert "occupée" in notice
        text = spool.read_text(encoding="utf-8")
        assert cid in text and "password" not in text.lower()
        if os.name == "posix":
            assert spool.stat().st_mode & 0o777 == 0o600
    finally:
        holder.rollback()
        holder.close()
    assert _count(ledger) == 0  # nothing written while locked
    assert ledger.statement("2019-03").count == 1  # the next call replays first
    assert ledger.warning is None and ledger.waiting == 0 and waiting_notice(ledger) is None
    assert spool.stat().st_size == 0
    assert _count(ledger, creation_events) == 2


def test_a_spool_the_disk_refuses_keeps_the_writes_in_memory_and_says_so(
    ledger: Ledger, record: RecordFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(op: dict[str, Any]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ledger._spool, "append", disk_full)
    holder = _hold_write_lock(_db_path(ledger))
    try:
        cid = ledger.begin(record())
        assert ledger.warning is WarningCode.LEDGER_IN_MEMORY and ledger.waiting == 1
        assert ledger.waiting_cause is ErrorCode.DB_LOCKED
    finally:
        holder.rollback()
        holder.close()
    assert [c for c, _ in ledger.pending()] == [cid]  # replayed from memory once the database is back
    assert ledger.warning is None


def test_order_is_kept_while_waiting(ledger: Ledger, record: RecordFactory) -> None:
    holder = _hold_write_lock(_db_path(ledger))
    try:
        cid = ledger.begin(record())
        ledger.set_state(cid, CreationState.FAILED, "timeout")
        ledger.set_state(cid, CreationState.CREATED, "reconciled")
    finally:
        holder.rollback()
        holder.close()
    assert ledger.flush_spool() == 3
    assert ledger.statement("2019-03").count == 1


def test_spool_replayed_at_next_start_after_a_crash(
    sqlite_url: str, tmp_path: Path, record: RecordFactory
) -> None:
    first = open_ledger(sqlite_url, spool_dir=tmp_path / "spool", busy_timeout=0.1)
    holder = _hold_write_lock(_db_path(first))
    cid = first.begin(record())
    first.set_state(cid, CreationState.CREATED)
    first._engine.dispose()  # the process dies here: no close(), no flush
    holder.rollback()
    holder.close()

    second = open_ledger(sqlite_url, spool_dir=tmp_path / "spool")
    try:
        assert second.warning is None
        assert second.statement("2019-03").count == 1
        assert second.pending() == []
    finally:
        second.close()


def test_replay_twice_is_idempotent(ledger: Ledger, record: RecordFactory, tmp_path: Path) -> None:
    spool = tmp_path / "spool" / SPOOL_NAME
    holder = _hold_write_lock(_db_path(ledger))
    try:
        cid = ledger.begin(record())
        ledger.set_state(cid, CreationState.CREATED)
        ledger.mark_receipt_printed(cid)
    finally:
        holder.rollback()
        holder.close()
    saved = spool.read_bytes()
    assert ledger.flush_spool() == 3
    # a crash between the commit and the truncation leaves the same lines behind
    spool.write_bytes(saved)
    assert ledger.waiting == 3
    assert ledger.flush_spool() == 0
    assert ledger.waiting == 0
    assert _count(ledger) == 1 and _count(ledger, creation_events) == 3
    assert ledger.statement("2019-03").count == 1


def test_torn_last_line_is_skipped(ledger: Ledger, record: RecordFactory, tmp_path: Path) -> None:
    spool = tmp_path / "spool" / SPOOL_NAME
    holder = _hold_write_lock(_db_path(ledger))
    try:
        ledger.begin(record())
    finally:
        holder.rollback()
        holder.close()
    with spool.open("ab") as fh:
        fh.write(b'{"op_id":"x","kind":"be')  # power cut in the middle of a write
    assert ledger.flush_spool() == 1
    assert len(ledger.pending()) == 1


def test_full_database_spools_then_replays(ledger: Ledger, record: RecordFactory) -> None:
    def cap(dbapi_conn: Any, _record: Any) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(ledger._engine, "connect", cap)
    ledger._engine.dispose()
    ids = [ledger.begin(record(f"1800575056{n:05d}")) for n in range(60)]
    assert ledger.waiting_cause is ErrorCode.DB_UNAVAILABLE
    assert ledger.warning is WarningCode.LEDGER_WAITING
    waiting = ledger.waiting
    assert waiting > 0

    event.remove(ledger._engine, "connect", cap)
    ledger._engine.dispose()
    assert ledger.flush_spool() == waiting
    assert {cid for cid, _ in ledger.pending()} == set(ids)
    assert ledger.warning is None


def test_unreachable_at_start_then_back(tmp_path: Path, record: RecordFactory) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("not a folder")  # the data folder is not there (unmounted share)
    led = open_ledger(f"sqlite:///{blocker / 'journal.sqlite3'}", spool_dir=tmp_path / "spool")
    try:
        assert led.warning is None  # nothing waits yet
        cid = led.begin(record())
        assert led.waiting_cause is ErrorCode.DB_UNAVAILABLE and led.waiting == 1
        assert led.warning is WarningCode.LEDGER_WAITING
        with pytest.raises(DomainError) as info:
            led.statement("2019-03")
        assert info.value.code is ErrorCode.DB_UNAVAILABLE

        blocker.unlink()  # the share is back
        assert [c for c, _ in led.pending()] == [cid]
        assert led.warning is None
    finally:
        led.close()


def test_a_refused_operation_is_set_aside(ledger: Ledger, record: RecordFactory, tmp_path: Path) -> None:
    """One operation the database refuses (not an outage) must not hold back the rest of the spool."""
    spool = tmp_path / "spool" / SPOOL_NAME
    holder = _hold_write_lock(_db_path(ledger))
    try:
        cid = ledger.begin(record())
        ledger.set_state(cid, CreationState.CREATED)
    finally:
        holder.rollback()
        holder.close()
    lines = spool.read_text(encoding="utf-8").splitlines()
    poison = lines[0].replace('"oral_consent":true', '"oral_consent":null')  # NOT NULL violated
    poison = poison.replace(cid, "00000000-0000-0000-0000-000000000000").replace('"op_id":"', '"op_id":"x')
    spool.write_text("\n".join([lines[0], poison, lines[1]]) + "\n", encoding="utf-8")

    assert ledger.flush_spool() == 2
    assert ledger.waiting == 0 and ledger.warning is None
    assert ledger.statement("2019-03").count == 1
    rejected = (tmp_path / "spool" / "ledger-spool.rejected.jsonl").read_text(encoding="utf-8")
    assert "00000000-0000-0000-0000-000000000000" in rejected and cid not in rejected

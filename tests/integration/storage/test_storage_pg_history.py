"""The history on the real PostgreSQL: r0002 → r0003 with entries in place, newest first, period and patient
filters in the counter's local time, one entry for a reprint, the ROSP year, the reprint events."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, CreationRecord, CreationState, JournalPatient, ReprintKind
from dmp_desktop.flow.fakes import FixedClock
from dmp_desktop.storage import Ledger, migrate, open_ledger
from dmp_desktop.storage.engine import make_engine
from dmp_desktop.storage.tables import creation_events

pytestmark = pytest.mark.postgres

HELENE = JournalPatient("D'Orléans-Lefèvre", "Hélène", "19800000", "Martin", "F")
PAUL = JournalPatient("DUPONT", "Paul", "19700101", "", "M")


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def rec(value: str, at: datetime, patient: JournalPatient = PAUL, rpps: str = "10000000001",
        name: str = "Camille FORMATION") -> CreationRecord:
    return CreationRecord(at=at, workstation="c1", pharmacist_rpps=rpps, pharmacist_name=name,
                          ins=Ins(InsType.INS_NIR, value, "1.2.250.1.213.1.4.10"), consent=Consent(True, True),
                          channels=(Channel.EMAIL,), patient=patient)


def add(ledger: Ledger, record: CreationRecord, state: CreationState = CreationState.CREATED) -> str:
    cid = ledger.begin(record)
    if state is not CreationState.PENDING:
        ledger.set_state(cid, state)
    return cid


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2019, 3, 14, 10, 30, 5, tzinfo=UTC))


@pytest.fixture
def ledger(pg_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[Ledger]:
    led = open_ledger(pg_url, spool_dir=tmp_path, clock=clock)
    yield led
    led.close()


def test_migration_from_r0002_keeps_entries(pg_url: str, tmp_path: Path) -> None:
    engine = make_engine(pg_url)
    at = datetime(2019, 3, 14, 9, 0, tzinfo=UTC)
    try:
        migrate.upgrade(engine, "0002")
        row = {"id": "old-1", "at": at, "month": "2019-03", "workstation": "c1", "pharmacist_rpps": "1",
               "pharmacist_name": "A B", "ins_type": "INS-NIR", "ins_value": "282056912304564",
               "ins_oid": "1.2.250.1.213.1.4.10", "oral_consent": True, "emergency_access": False, "channels": "",
               "state": "created", "detail": "", "updated_at": at}
        with engine.begin() as conn:
            conn.execute(sa.table("creations", *map(sa.column, row)).insert().values(**row))
    finally:
        engine.dispose()
    led = open_ledger(pg_url, spool_dir=tmp_path)
    try:
        assert migrate.current_revision(led._engine) == "0003"
        [old] = led.history()
        assert old.creation_id == "old-1" and old.patient == JournalPatient() and not old.account
        assert led.history(patient="a") == [] and led.year_statement(2019).count == 1
    finally:
        led.close()


def test_newest_first_period_and_patient(paris: None, ledger: Ledger) -> None:
    march = add(ledger, rec("1", datetime(2019, 3, 31, 21, 30, tzinfo=UTC), HELENE))  # 23:30 in Paris
    april = add(ledger, rec("2", datetime(2019, 3, 31, 22, 10, tzinfo=UTC)), CreationState.FAILED)  # 1 April, 00:10
    later = add(ledger, rec("3", datetime(2019, 4, 2, 8, 0, tzinfo=UTC)), CreationState.PENDING)
    assert [e.creation_id for e in ledger.history()] == [later, april, march]
    assert [e.creation_id for e in ledger.history(until=date(2019, 3, 31))] == [march]
    assert [e.creation_id for e in ledger.history(since=date(2019, 4, 1), until=date(2019, 4, 1))] == [april]
    assert [e.creation_id for e in ledger.history(patient="orleans HELENE")] == [march]
    assert [e.creation_id for e in ledger.history(patient="hélène dupont")] == []
    assert [e.creation_id for e in ledger.history(patient="%")] == [later, april, march]
    assert ledger.history(limit=1)[0].creation_id == later


def test_record_year_and_reprint_events(paris: None, ledger: Ledger, clock: FixedClock, pg_url: str) -> None:
    first = add(ledger, rec("1", datetime(2019, 1, 5, 9, 0, tzinfo=UTC), HELENE))
    add(ledger, rec("2", datetime(2019, 12, 31, 22, 30, tzinfo=UTC), rpps="10000000002", name="Anne LEROY"))
    add(ledger, rec("3", datetime(2019, 12, 31, 23, 30, tzinfo=UTC)))  # 1 January 2020 in Paris
    add(ledger, rec("4", datetime(2019, 6, 1, 9, 0, tzinfo=UTC)), CreationState.FAILED)

    entry = ledger.record(first)
    assert entry is not None and entry.created_at == clock.at and entry.patient == HELENE
    assert entry.channels == (Channel.EMAIL,) and entry.account_channels is None and not entry.printed
    assert ledger.record("nope") is None

    year = ledger.year_statement(2019)
    assert (year.count, year.amount_eur) == (2, 2.0)
    assert year.by_pharmacist == {"10000000001 Camille FORMATION": 1, "10000000002 Anne LEROY": 1}
    assert year.by_month == {f"2019-{m:02d}": {1: 1, 12: 1}.get(m, 0) for m in range(1, 13)}
    assert ledger.year_statement(2020).by_month["2020-01"] == 1
    rows = list(csv.reader(io.StringIO(ledger.export_year_csv(2019))))
    assert [r[2] for r in rows[1:]] == ["2019-01", "2019-12"]

    clock.at = datetime(2019, 5, 1, 9, 0, tzinfo=UTC)
    ledger.mark_credentials_reset(first)
    ledger.mark_reprinted(first, ReprintKind.NEW_CREDENTIALS, printed=True)
    clock.at = datetime(2019, 6, 1, 9, 0, tzinfo=UTC)
    ledger.mark_reprinted(first, ReprintKind.PLAIN, printed=True)
    assert ledger.record(first).receipt_printed_at == datetime(2019, 5, 1, 9, 0, tzinfo=UTC)  # type: ignore[union-attr]
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            events = conn.execute(sa.select(creation_events.c.kind, creation_events.c.detail)
                                  .where(creation_events.c.creation_id == first).order_by(creation_events.c.id)).all()
    finally:
        engine.dispose()
    assert [tuple(e) for e in events][-3:] == [
        ("credentials", "TD1.5d"), ("reprint", "new_credentials printed"), ("reprint", "plain printed")]

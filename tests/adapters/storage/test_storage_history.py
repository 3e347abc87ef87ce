"""The history on SQLite: r0002 → r0003 with entries in place, newest first, period and patient filters in
the counter's local time, one entry for a reprint, the ROSP year, the reprint events."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from tests.adapters.storage.conftest import make_record  # type: ignore[import-not-found]

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import InsType
from dmp_desktop.domain.model import Channel, CreationRecord, CreationState, JournalPatient, ReprintKind
from dmp_desktop.flow.fakes import FixedClock
from dmp_desktop.storage import Ledger, migrate, open_ledger
from dmp_desktop.storage.engine import make_engine
from dmp_desktop.storage.spool import SPOOL_NAME
from dmp_desktop.storage.tables import creation_events, creations

HELENE = JournalPatient("D'Orléans-Lefèvre", "Hélène", "19800000", "Martin", "F")  # lunar birth date
JEAN = JournalPatient("MARTIN", "Jean", "19800512", "MARTIN", "M")


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The counter's clock in Paris: UTC+1 in winter, UTC+2 in summer."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def rec(value: str, at: datetime, patient: JournalPatient = JEAN, **kwargs: object) -> CreationRecord:
    return replace(make_record(value, at=at, **kwargs), patient=patient)  # type: ignore[arg-type]


def add(ledger: Ledger, record: CreationRecord, state: CreationState = CreationState.CREATED) -> str:
    cid = ledger.begin(record)
    if state is not CreationState.PENDING:
        ledger.set_state(cid, state)
    return cid


def test_migration_from_r0002_keeps_entries_and_lists_them_as_unknown_patients(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    at = datetime(2019, 3, 14, 9, 0, tzinfo=UTC)
    try:
        migrate.upgrade(engine, "0002")
        old_columns = {"id": "old-1", "at": at, "month": "2019-03", "workstation": "comptoir-1",
                       "pharmacist_rpps": "10000000001", "pharmacist_name": "Camille FORMATION",
                       "ins_type": "INS-NIR", "ins_value": "282056912304564", "ins_oid": "1.2.250.1.213.1.4.10",
                       "oral_consent": True, "emergency_access": True, "channels": "EMAIL", "state": "created",
                       "detail": "", "updated_at": at, "account_channels": "EMAIL", "account_opened_at": at,
                       "receipt_printed_at": at}
        with engine.begin() as conn:
            conn.execute(sa.table("creations", *map(sa.column, old_columns)).insert().values(**old_columns))
            conn.execute(sa.table("creation_events", *map(sa.column, ("op_id", "creation_id", "at", "kind",
                                                                      "state_to")))
                         .insert().values(op_id="op-1", creation_id="old-1", at=at, kind="state", state_to="created"))
    finally:
        engine.dispose()

    ledger = open_ledger(url, spool_dir=tmp_path, clock=FixedClock(datetime(2019, 3, 15, 9, 0, tzinfo=UTC)))
    try:
        assert migrate.current_revision(ledger._engine) == "0003"
        [old] = ledger.history()
        assert old.creation_id == "old-1" and old.state is CreationState.CREATED
        assert old.patient == JournalPatient() and not old.patient.known and old.patient.birth_date_iso is None
        assert old.account and old.printed and old.account_channels == (Channel.EMAIL,)
        assert old.created_at == at and old.consent.emergency_access is True
        assert ledger.history(patient="martin") == []  # an unknown name never matches a filter
        assert ledger.statement("2019-03").count == 1  # still paid

        add(ledger, rec("180057505612342", datetime(2019, 3, 15, 9, 0, tzinfo=UTC)))
        assert [e.patient.first_name for e in ledger.history()] == ["Jean", ""]
    finally:
        ledger.close()


def test_newest_first_with_everything_a_line_shows(ledger: Ledger) -> None:
    first = add(ledger, rec("1", datetime(2019, 3, 1, 9, 0, tzinfo=UTC), channels=(Channel.SMS, Channel.EMAIL)))
    ledger.mark_account_opened(first, (Channel.SMS,))
    ledger.mark_receipt_printed(first)
    second = add(ledger, rec("2", datetime(2019, 3, 2, 9, 0, tzinfo=UTC), HELENE), CreationState.FAILED)
    third = add(ledger, rec("3", datetime(2019, 3, 3, 9, 0, tzinfo=UTC), workstation="comptoir-2"),
                CreationState.PENDING)

    entries = ledger.history()
    assert [e.creation_id for e in entries] == [third, second, first]
    newest, failed, oldest = entries
    assert newest.state is CreationState.PENDING and newest.workstation == "comptoir-2"
    assert failed.state is CreationState.FAILED and failed.patient == HELENE
    assert failed.patient.birth_date_iso == "1980-00-00" and failed.patient.birth_date_display == "00/00/1980"
    assert oldest.channels == (Channel.SMS, Channel.EMAIL) and oldest.account_channels == (Channel.SMS,)
    assert oldest.account and oldest.printed and not failed.account and not failed.printed
    assert oldest.pharmacist_rpps == "10000000001" and oldest.pharmacist_name == "Camille FORMATION"
    assert oldest.ins.type is InsType.INS_NIR and oldest.ins.value == "1"
    assert ledger.history(limit=2) == entries[:2]


def test_period_is_whole_local_days_both_included(paris: None, ledger: Ledger) -> None:
    # 31 March 2019 23:30 in Paris is 21:30 UTC; 1 April 00:10 in Paris is still 31 March (22:10) in UTC.
    march = add(ledger, rec("1", datetime(2019, 3, 31, 21, 30, tzinfo=UTC)))
    april = add(ledger, rec("2", datetime(2019, 3, 31, 22, 10, tzinfo=UTC)))
    later = add(ledger, rec("3", datetime(2019, 4, 2, 8, 0, tzinfo=UTC)))

    def ids(**period: date) -> list[str]:
        return [e.creation_id for e in ledger.history(**period)]  # type: ignore[arg-type]

    assert ids(until=date(2019, 3, 31)) == [march]
    assert ids(since=date(2019, 4, 1)) == [later, april]
    assert ids(since=date(2019, 4, 1), until=date(2019, 4, 1)) == [april]
    assert ids(since=date(2019, 3, 31), until=date(2019, 4, 2)) == [later, april, march]
    assert ledger.statement("2019-04").count == 2  # the same calendar as the paid month
    with pytest.raises(DomainError) as refused:
        ledger.history(since=date(2019, 4, 2), until=date(2019, 4, 1))
    assert refused.value.code is ErrorCode.REQUEST_INVALID


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("hélène", True),
        ("HELENE", True),
        ("d'orleans", True),
        ("lefevre helene", True),  # words in any order
        ("orléans-lefèvre", True),
        ("martin", True),  # the birth name
        ("  Hél  ", True),  # part of a word
        ("helene dupont", False),  # every word must match
        ("%", True),  # no word left after folding: no filter, never a LIKE wildcard
        ("_", True),
    ],
)
def test_patient_filter_ignores_case_accents_and_punctuation(ledger: Ledger, text: str, found: bool) -> None:
    cid = add(ledger, rec("1", datetime(2019, 3, 1, 9, 0, tzinfo=UTC), HELENE))
    add(ledger, rec("2", datetime(2019, 3, 1, 10, 0, tzinfo=UTC), JournalPatient("DUPONT", "Paul", "19700101")))
    got = [e.creation_id for e in ledger.history(patient=text)]
    if text.strip("%_ ") == "":
        assert len(got) == 2
    else:
        assert (cid in got) is found and len(got) == int(found)


def test_record_for_a_reprint(ledger: Ledger, sqlite_url: str, tmp_path: Path) -> None:
    clock = FixedClock(datetime(2019, 3, 14, 10, 30, 5, tzinfo=UTC))
    led = open_ledger(sqlite_url, spool_dir=tmp_path / "spool", clock=clock)
    try:
        cid = led.begin(rec("282056912304564", datetime(2019, 3, 14, 10, 30, tzinfo=UTC), HELENE))
        assert led.record(cid).created_at is None  # type: ignore[union-attr]
        led.set_state(cid, CreationState.CREATED)
        entry = led.record(cid)
        assert entry is not None and entry.created_at == clock.at and entry.at == datetime(2019, 3, 14, 10, 30,
                                                                                           tzinfo=UTC)
        b = entry.beneficiary()
        assert (b.surname, b.first_name, b.birth_date, b.birth_name, b.sex) == (
            "D'Orléans-Lefèvre", "Hélène", "19800000", "Martin", "F")
        assert led.record("no-such-id") is None
    finally:
        led.close()


def test_reprint_events_mark_printed_once_and_store_no_secret(sqlite_url: str, tmp_path: Path) -> None:
    clock = FixedClock(datetime(2019, 3, 14, 10, 30, tzinfo=UTC))
    led = open_ledger(sqlite_url, spool_dir=tmp_path / "spool", clock=clock)
    try:
        cid = add(led, rec("1", clock.at))
        clock.at = datetime(2019, 5, 1, 9, 0, tzinfo=UTC)
        led.mark_reprinted(cid, ReprintKind.PLAIN, printed=False)  # written to a file
        assert not led.record(cid).printed  # type: ignore[union-attr]
        led.mark_credentials_reset(cid)
        led.mark_reprinted(cid, ReprintKind.NEW_CREDENTIALS, printed=True)
        clock.at = datetime(2019, 6, 1, 9, 0, tzinfo=UTC)
        led.mark_reprinted(cid, ReprintKind.PLAIN, printed=True)
        assert led.record(cid).receipt_printed_at == datetime(2019, 5, 1, 9, 0, tzinfo=UTC)  # type: ignore[union-attr]
        with led._engine.connect() as conn:
            events = conn.execute(
                sa.select(creation_events.c.kind, creation_events.c.detail)
                .where(creation_events.c.creation_id == cid).order_by(creation_events.c.id)
            ).all()
            dump = json.dumps([list(r) for r in conn.execute(sa.select(creations)).all()], default=str)
        assert [tuple(e) for e in events][2:] == [
            ("reprint", "plain not printed"),
            ("credentials", "TD1.5d"),
            ("reprint", "new_credentials printed"),
            ("reprint", "plain printed"),
        ]
        assert "cbC!bqf3" not in dump and "mtef" not in dump
    finally:
        led.close()


def test_an_old_spool_line_without_the_patient_is_replayed(sqlite_url: str, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    line = {"op_id": "op-old", "kind": "begin", "creation_id": "c-old", "at": "2019-03-14T10:30:00+00:00",
            "month": "2019-03", "workstation": "comptoir-1", "pharmacist_rpps": "1", "pharmacist_name": "A B",
            "ins_type": "INS-C", "ins_value": "1541187387477485562488", "ins_oid": "1.2.250.1.213.1.4.2",
            "oral_consent": True, "emergency_access": False, "channels": ""}
    (spool / SPOOL_NAME).write_text(json.dumps(line) + "\n", encoding="utf-8")
    led = open_ledger(sqlite_url, spool_dir=spool)
    try:
        entry = led.record("c-old")
        assert entry is not None and entry.state is CreationState.PENDING and not entry.patient.known
    finally:
        led.close()


def test_year_statement_per_pharmacist_and_month_in_local_time(paris: None, ledger: Ledger) -> None:
    # New Year's Eve 23:30 in Paris (22:30 UTC) is 2019; 00:30 on 1 January in Paris (23:30 UTC) is 2020.
    add(ledger, rec("1", datetime(2019, 1, 5, 9, 0, tzinfo=UTC)))
    add(ledger, rec("2", datetime(2019, 12, 31, 22, 30, tzinfo=UTC), rpps="10000000002", name="Anne LEROY"))
    add(ledger, rec("3", datetime(2019, 12, 31, 23, 30, tzinfo=UTC)))
    add(ledger, rec("4", datetime(2019, 6, 1, 9, 0, tzinfo=UTC)), CreationState.FAILED)  # not paid
    add(ledger, rec("5", datetime(2019, 6, 2, 9, 0, tzinfo=UTC)), CreationState.PENDING)  # not paid

    year = ledger.year_statement(2019)
    assert year.as_json() == {
        "year": 2019,
        "count": 2,
        "amount_eur": 2.0,
        "by_pharmacist": {"10000000001 Camille FORMATION": 1, "10000000002 Anne LEROY": 1},
        "by_month": {f"2019-{m:02d}": {1: 1, 12: 1}.get(m, 0) for m in range(1, 13)},
    }
    assert list(year.by_month) == [f"2019-{m:02d}" for m in range(1, 13)]
    assert ledger.year_statement(2020).by_month["2020-01"] == 1
    assert ledger.year_statement(2018).count == 0

    rows = list(csv.reader(io.StringIO(ledger.export_year_csv(2019))))
    assert rows[0][:3] == ["creation_id", "date_utc", "month"]
    assert [r[2] for r in rows[1:]] == ["2019-01", "2019-12"]
    with pytest.raises(DomainError):
        ledger.year_statement(19)

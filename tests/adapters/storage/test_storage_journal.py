"""The journal on a real SQLite file: states, audit trail, no double count, statement, counts and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import Channel, CreationRecord, CreationState
from dmp_desktop.storage import Ledger
from dmp_desktop.storage.tables import creation_events, creations

RecordFactory = Callable[..., CreationRecord]


def _row(ledger: Ledger, creation_id: str) -> sa.Row[tuple[object, ...]]:
    with ledger._engine.connect() as conn:
        return conn.execute(sa.select(creations).where(creations.c.id == creation_id)).one()


def _events(ledger: Ledger, creation_id: str) -> list[tuple[str, str | None, str | None]]:
    with ledger._engine.connect() as conn:
        rows = conn.execute(
            sa.select(creation_events.c.kind, creation_events.c.state_from, creation_events.c.state_to)
            .where(creation_events.c.creation_id == creation_id)
            .order_by(creation_events.c.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_full_life_of_a_creation(ledger: Ledger, record: RecordFactory) -> None:
    cid = ledger.begin(record(channels=(Channel.SMS,)))
    row = _row(ledger, cid)
    assert row.state == "pending" and row.ins_type == "INS-NIR" and row.channels == "SMS"
    assert row.oral_consent is True and row.emergency_access is False
    assert row.month == "2019-03" and row.workstation == "comptoir-1"
    assert [c for c, _ in ledger.pending()] == [cid]
    assert ledger.pending()[0][1] == record().ins

    ledger.set_state(cid, CreationState.CREATED, "DMPOk")
    ledger.mark_account_opened(cid, (Channel.SMS, Channel.EMAIL))
    ledger.mark_receipt_printed(cid)

    row = _row(ledger, cid)
    assert row.state == "created" and row.detail == "DMPOk"
    assert row.account_channels == "SMS,EMAIL"
    assert row.account_opened_at is not None and row.receipt_printed_at is not None
    assert ledger.pending() == []
    assert _events(ledger, cid) == [
        ("begin", None, "pending"),
        ("state", "pending", "created"),
        ("account", None, None),
        ("receipt", None, None),
    ]


@pytest.mark.parametrize("final", [CreationState.ALREADY_EXISTED, CreationState.REFUSED, CreationState.FAILED])
def test_unpaid_outcomes(ledger: Ledger, record: RecordFactory, final: CreationState) -> None:
    cid = ledger.begin(record())
    ledger.set_state(cid, final, "x")
    assert _row(ledger, cid).state == final.value
    assert ledger.statement("2019-03").count == 0
    assert ledger.pending() == []


def test_same_patient_is_never_counted_twice(ledger: Ledger, record: RecordFactory) -> None:
    first = ledger.begin(record("180057505612342"))
    second = ledger.begin(record("180057505612342", workstation="comptoir-2"))
    ledger.set_state(first, CreationState.CREATED)
    ledger.set_state(second, CreationState.CREATED)
    assert _row(ledger, first).state == "created"
    assert _row(ledger, second).state == "already_existed"
    assert first in _row(ledger, second).detail
    assert ledger.statement("2019-03").count == 1
    assert ledger.warning is None  # handled, not an error


def test_unique_index_refuses_a_second_created_row(ledger: Ledger, record: RecordFactory) -> None:
    first = ledger.begin(record())
    second = ledger.begin(record())
    ledger.set_state(first, CreationState.CREATED)
    with pytest.raises(sa.exc.IntegrityError), ledger._engine.begin() as conn:
        conn.execute(creations.update().where(creations.c.id == second).values(state="created"))


def test_counted_creation_is_never_uncounted(ledger: Ledger, record: RecordFactory) -> None:
    cid = ledger.begin(record())
    ledger.set_state(cid, CreationState.CREATED)
    ledger.set_state(cid, CreationState.FAILED, "late reconciliation elsewhere")
    assert _row(ledger, cid).state == "created"
    assert _events(ledger, cid)[-1] == ("state", "created", "created")  # kept in the audit trail


def test_late_success_after_failure_is_counted(ledger: Ledger, record: RecordFactory) -> None:
    cid = ledger.begin(record())
    ledger.set_state(cid, CreationState.FAILED, "timeout")
    ledger.set_state(cid, CreationState.CREATED, "reconciled")
    assert ledger.statement("2019-03").count == 1


def test_statement_by_pharmacist_and_workstation(ledger: Ledger, record: RecordFactory) -> None:
    plan = [
        ("180057505612342", "c1", "10000000001", "Camille FORMATION", datetime(2019, 3, 1, 0, 0, 1)),
        ("282056912304564", "c2", "10000000001", "Camille FORMATION", datetime(2019, 3, 31, 23, 59)),
        ("150081505104053", "c2", "10000000002", "Louis PASTEUR", datetime(2019, 3, 15, 12, 0)),
        ("160081505104054", "c2", "10000000002", "Louis PASTEUR", datetime(2019, 4, 1, 0, 0)),  # April
        ("170081505104055", "c1", "10000000002", "Louis PASTEUR", datetime(2019, 2, 28, 23, 59)),  # Feb
    ]
    for ins, ws, rpps, name, at in plan:
        cid = ledger.begin(record(ins, at=at, workstation=ws, rpps=rpps, name=name))
        ledger.set_state(cid, CreationState.CREATED)
    ledger.set_state(ledger.begin(record("190081505104056", at=datetime(2019, 3, 5))), CreationState.FAILED)

    march = ledger.statement("2019-03")
    assert march.as_json() == {
        "month": "2019-03",
        "count": 3,
        "amount_eur": 3.0,
        "by_pharmacist": {"10000000001 Camille FORMATION": 2, "10000000002 Louis PASTEUR": 1},
        "by_workstation": {"c1": 1, "c2": 2},
    }
    assert ledger.statement("2019-04").count == 1
    assert ledger.statement("2019-05").count == 0
    assert ledger.monthly_counts(4, until="2019-05") == [
        ("2019-02", 1), ("2019-03", 3), ("2019-04", 1), ("2019-05", 0),
    ]
    assert len(ledger.monthly_counts()) == 12

    rows = list(csv.reader(io.StringIO(ledger.export_csv("2019-03"))))
    assert rows[0][:3] == ["creation_id", "date_utc", "month"]
    assert len(rows) == 4
    assert sorted(r[7] for r in rows[1:]) == sorted(p[0] for p in plan[:3])
    assert {r[8] for r in rows[1:]} == {"1.00"}
    assert all(r[2] == "2019-03" for r in rows[1:])


def test_bad_month_is_refused(ledger: Ledger) -> None:
    for call in (ledger.statement, ledger.export_csv):
        with pytest.raises(DomainError) as info:
            call("2019-3")
        assert info.value.code is ErrorCode.REQUEST_INVALID


def test_pending_of_one_workstation(sqlite_url: str, tmp_path: object, record: RecordFactory) -> None:
    from dmp_desktop.storage import open_ledger

    mine = open_ledger(sqlite_url, workstation="c1")
    try:
        mine.begin(record("180057505612342", workstation="c1"))
        mine.begin(record("282056912304564", workstation="c2"))
        assert [ins.value for _, ins in mine.pending()] == ["180057505612342"]
    finally:
        mine.close()


def test_created_at_is_kept_in_utc(ledger: Ledger, record: RecordFactory) -> None:
    at = datetime(2019, 3, 14, 10, 30, 5, tzinfo=UTC)
    cid = ledger.begin(record(at=at))
    ledger.set_state(cid, CreationState.CREATED)
    line = ledger.export_csv("2019-03").splitlines()[1]
    assert "2019-03-14T10:30:05+00:00" in line

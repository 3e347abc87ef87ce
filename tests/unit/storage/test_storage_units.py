"""Pure parts of the journal: month rules, operations, transitions, error classification, the table."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import exc

from dmp_desktop.commands.ledger import _month, format_table
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, CreationRecord, CreationState, LedgerStatement
from dmp_desktop.storage import migrate, ops, queries
from dmp_desktop.storage.engine import classify, sqlite_path
from dmp_desktop.storage.tables import add_postgresql_options, creations

INS = Ins(InsType.INS_NIR, "180057505612342", "1.2.250.1.213.1.4.10")


def record(at: datetime) -> CreationRecord:
    return CreationRecord(
        at=at,
        workstation="comptoir-1",
        pharmacist_rpps="10000000001",
        pharmacist_name="Camille FORMATION",
        ins=INS,
        consent=Consent(True, False),
        channels=(Channel.SMS, Channel.EMAIL),
    )


@pytest.mark.parametrize("month", ["2019-01", "2026-12", "0001-10"])
def test_check_month_accepts(month: str) -> None:
    assert ops.check_month(month) == month


@pytest.mark.parametrize("month", ["2019-13", "2019-00", "2019-1", "19-01", "2019/01", "", "2019-01-01"])
def test_check_month_rejects(month: str) -> None:
    with pytest.raises(DomainError) as info:
        ops.check_month(month)
    assert info.value.code is ErrorCode.REQUEST_INVALID
    assert info.value.field == "month"


def test_local_month_uses_local_calendar_of_an_aware_time() -> None:
    paris_winter = timezone(timedelta(hours=1))
    at = datetime(2019, 1, 31, 23, 30, tzinfo=paris_winter)
    assert ops.local_month(at) == at.astimezone().strftime("%Y-%m")
    assert ops.local_month(datetime(2019, 2, 1, 0, 5)) == "2019-02"  # naive = already local


def test_from_db_always_aware_utc() -> None:
    assert ops.from_db(datetime(2019, 3, 1, 10, 0)).tzinfo is UTC
    aware = datetime(2019, 3, 1, 11, 0, tzinfo=timezone(timedelta(hours=1)))
    assert ops.from_db(aware) == datetime(2019, 3, 1, 10, 0, tzinfo=UTC)


def test_begin_op_carries_the_record_and_a_fresh_op_id() -> None:
    at = datetime(2019, 3, 14, 10, 30, tzinfo=UTC)
    op1 = ops.begin_op("cid", record(at))
    op2 = ops.begin_op("cid", record(at))
    assert op1["op_id"] != op2["op_id"]
    assert op1["kind"] == "begin" and op1["creation_id"] == "cid"
    assert op1["ins_value"] == INS.value and op1["ins_type"] == "INS-NIR" and op1["ins_oid"] == INS.oid
    assert op1["channels"] == "SMS,EMAIL"
    assert op1["oral_consent"] is True and op1["emergency_access"] is False
    assert op1["month"] == ops.local_month(at)
    assert datetime.fromisoformat(op1["at"]) == at
    assert not any("password" in key for key in op1)


def test_state_op_truncates_detail() -> None:
    op = ops.state_op("cid", CreationState.FAILED, "x" * 1000, datetime(2019, 1, 1, tzinfo=UTC))
    assert op["state"] == "failed" and len(op["detail"]) == 255


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        ("pending", "created", True),
        ("pending", "failed", True),
        ("pending", "refused", True),
        ("failed", "created", True),  # a late success (reconciliation) is counted
        ("already_existed", "created", True),
        ("created", "failed", False),  # a counted creation is never un-counted
        ("created", "pending", False),
        ("created", "created", False),
        ("failed", "refused", False),
        ("pending", "pending", False),
    ],
)
def test_allowed_transitions(current: str, target: str, expected: bool) -> None:
    assert ops.allowed(current, target) is expected


def test_month_range_crosses_years() -> None:
    assert queries.month_range(3, "2019-02") == ["2018-12", "2019-01", "2019-02"]
    assert len(queries.month_range(12, "2026-11")) == 12
    assert queries.month_range(12, "2026-11")[0] == "2025-12"
    with pytest.raises(ValueError):
        queries.month_range(0, "2026-11")


def test_classify_lock_full_unreachable_and_bugs() -> None:
    locked = exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    full = exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    integrity = exc.IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert classify(locked) is ErrorCode.DB_LOCKED
    assert classify(full) is ErrorCode.DB_UNAVAILABLE
    assert classify(integrity) is None
    assert classify(ConnectionRefusedError("refused")) is ErrorCode.DB_UNAVAILABLE
    assert classify(ValueError("bug")) is None


def test_sqlite_path() -> None:
    assert sqlite_path("sqlite:///relative.db") is not None
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("postgresql+psycopg://u@h/db") is None


def test_command_month_argument() -> None:
    assert _month("2019-03") == "2019-03"
    with pytest.raises(argparse.ArgumentTypeError):
        _month("2019-3")


def test_format_table_french_labels_and_amount() -> None:
    statement = LedgerStatement("2019-03", 1234, 1234.0, {"10000000001 Camille FORMATION": 1234}, {"c1": 1234})
    text = format_table(statement, warning="base verrouillée")
    assert "Registre des DMP créés — 03/2019" in text
    assert "DMP créés : 1234" in text
    assert "1 234,00 €" in text
    assert "10000000001 Camille FORMATION" in text and "Par poste" in text
    assert "Attention : base verrouillée" in text
    assert "(aucun)" in format_table(LedgerStatement("2019-03", 0, 0.0, {}, {}))


def test_head_revision_constant_is_the_head_of_the_migration_scripts() -> None:
    # Every start compares the database with HEAD_REVISION (no Alembic import): a new migration must bump it.
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(migrate.alembic_config()).get_current_head() == migrate.HEAD_REVISION
    assert migrate.head_revision() == migrate.HEAD_REVISION


def test_partial_unique_index_on_both_engines() -> None:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    add_postgresql_options()
    add_postgresql_options()  # idempotent: every PostgreSQL engine calls it
    index = next(ix for ix in creations.indexes if ix.name == "uq_creations_ins_value_created")
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        ddl = str(CreateIndex(index).compile(dialect=dialect))
        assert ddl.startswith("CREATE UNIQUE INDEX") and ddl.endswith("WHERE state = 'created'"), ddl

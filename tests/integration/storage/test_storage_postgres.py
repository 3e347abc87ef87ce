"""The journal on the real PostgreSQL: migrations up/down, states, no double count, reconciliation, outage."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, CreationRecord, CreationState, DmpStatus
from dmp_desktop.flow.fakes import FakeDmpService
from dmp_desktop.flow.reconcile import reconcile_pending
from dmp_desktop.settings import TRAINING_PHARMACIST
from dmp_desktop.storage import migrate, open_ledger
from dmp_desktop.storage.engine import make_engine
from dmp_desktop.storage.tables import creations, metadata

pytestmark = pytest.mark.postgres


def rec(value: str, workstation: str = "c1", at: datetime | None = None) -> CreationRecord:
    return CreationRecord(
        at=at or datetime(2019, 3, 14, 10, 30, tzinfo=UTC),
        workstation=workstation,
        pharmacist_rpps="10000000001",
        pharmacist_name="Camille FORMATION",
        ins=Ins(InsType.INS_NIR, value, "1.2.250.1.213.1.4.10"),
        consent=Consent(True, True),
        channels=(Channel.EMAIL,),
    )


def test_up_down_up_and_model_match(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0003"
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        indexes = {ix["name"]: ix for ix in sa.inspect(engine).get_indexes("creations")}
        assert indexes["uq_creations_ins_value_created"]["unique"]
        where = indexes["uq_creations_ins_value_created"]["dialect_options"]["postgresql_where"]
        assert "state" in where and "'created'" in where  # partial: only counted rows are unique
        migrate.downgrade(engine, "0002")
        columns = {c["name"] for c in sa.inspect(engine).get_columns("creations")}
        assert not {c for c in columns if c.startswith("patient_")}
        assert "ix_creations_at" not in {ix["name"] for ix in sa.inspect(engine).get_indexes("creations")}
        migrate.downgrade(engine, "0001")
        assert "ix_creations_state_month_pharmacist" not in {
            ix["name"] for ix in sa.inspect(engine).get_indexes("creations")
        }
        migrate.downgrade(engine, "base")
        assert not {"creations", "creation_events"} & set(sa.inspect(engine).get_table_names())
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0003"
    finally:
        engine.dispose()


def test_start_at_head_without_alembic(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(pg_url)
    try:
        assert migrate.current_revision(engine) is None  # an empty database: no version table
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.HEAD_REVISION
        monkeypatch.setitem(sys.modules, "alembic", None)  # from here on, importing Alembic fails
        migrate.upgrade(engine)
        ledger = open_ledger(pg_url, spool_dir=tmp_path)
        try:
            assert ledger.statement("2019-03").count == 0
        finally:
            ledger.close()
    finally:
        engine.dispose()


def test_journal_states_and_statement(pg_url: str, tmp_path: Path) -> None:
    ledger = open_ledger(pg_url, spool_dir=tmp_path)
    try:
        a = ledger.begin(rec("180057505612342", "c1"))
        b = ledger.begin(rec("282056912304564", "c2"))
        dup = ledger.begin(rec("180057505612342", "c2"))
        failed = ledger.begin(rec("150081505104053", "c1"))
        for cid in (a, b, dup):
            ledger.set_state(cid, CreationState.CREATED)
        ledger.set_state(failed, CreationState.FAILED, "DMPAccessDeniedByRightsService")
        ledger.mark_account_opened(a, (Channel.EMAIL,))
        ledger.mark_receipt_printed(a)
        ledger.set_state(a, CreationState.FAILED)  # ignored: never un-counted

        statement = ledger.statement("2019-03")
        assert statement.count == 2 and statement.amount_eur == 2.0
        assert statement.by_workstation == {"c1": 1, "c2": 1}
        assert statement.by_pharmacist == {"10000000001 Camille FORMATION": 2}
        with ledger._engine.connect() as conn:
            states = dict(conn.execute(sa.select(creations.c.id, creations.c.state)).all())
            opened = conn.execute(sa.select(creations.c.account_channels).where(creations.c.id == a)).scalar()
        assert states == {a: "created", b: "created", dup: "already_existed", failed: "failed"}
        assert opened == "EMAIL"
        assert ledger.monthly_counts(2, until="2019-04") == [("2019-03", 2), ("2019-04", 0)]
        assert len(ledger.export_csv("2019-03").splitlines()) == 3
    finally:
        ledger.close()


def test_reconcile_with_the_real_journal(pg_url: str, tmp_path: Path) -> None:
    counter = open_ledger(pg_url, spool_dir=tmp_path / "c1", workstation="c1")
    went_through = counter.begin(rec("180057505612342", at=datetime(2019, 3, 14, 10, 30, tzinfo=UTC)))
    never_sent = counter.begin(rec("282056912304564", at=datetime(2019, 3, 14, 10, 31, tzinfo=UTC)))
    unknown = counter.begin(rec("150081505104053", at=datetime(2019, 3, 14, 10, 32, tzinfo=UTC)))
    other_counter = counter.begin(rec("160081505104054", workstation="c2"))
    counter._engine.dispose()  # killed: no set_state ever written

    dmp = FakeDmpService()
    dmp.dmps["180057505612342"] = DmpStatus.EXISTS
    dmp.dmps["150081505104053"] = DmpStatus.EXISTS
    dmp.fail("test_existence", ErrorCode.DMP_TIMEOUT)  # first call: the service is away

    restarted = open_ledger(pg_url, spool_dir=tmp_path / "c1", workstation="c1")
    try:
        first = dict(reconcile_pending(restarted, dmp, TRAINING_PHARMACIST))
        assert first == {
            went_through: CreationState.PENDING,  # the time-out hit this one: left for later
            never_sent: CreationState.FAILED,
            unknown: CreationState.CREATED,
        }
        assert other_counter not in first  # the other counter reconciles its own entries
        assert reconcile_pending(restarted, dmp, TRAINING_PHARMACIST) == [(went_through, CreationState.CREATED)]
        assert restarted.statement("2019-03").count == 2
        assert restarted.pending() == []
    finally:
        restarted.close()


def test_server_away_then_back(pg_database: Callable[[bool], str], pg_server: str, tmp_path: Path) -> None:
    url = pg_database(False)  # the database does not exist yet: connections fail like a server that is down
    ledger = open_ledger(url, spool_dir=tmp_path)
    try:
        cid = ledger.begin(rec("180057505612342"))
        ledger.set_state(cid, CreationState.CREATED)
        assert ledger.waiting_cause is ErrorCode.DB_UNAVAILABLE and ledger.waiting == 2
        assert ledger.warning is not None

        admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{sa.make_url(url).database}"')
        admin.dispose()

        assert ledger.statement("2019-03").count == 1  # migrated, then the spool replayed
        assert ledger.warning is None and ledger.waiting == 0
    finally:
        ledger.close()


def test_unreachable_server_does_not_hold_the_counter(tmp_path: Path) -> None:
    ledger = open_ledger("postgresql+psycopg://postgres@127.0.0.1:9/none", spool_dir=tmp_path)
    try:
        cid = ledger.begin(rec("180057505612342"))
        assert cid and ledger.waiting == 1 and ledger.waiting_cause is ErrorCode.DB_UNAVAILABLE
    finally:
        ledger._engine.dispose()

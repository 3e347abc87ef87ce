"""Migrations up/down on SQLite, the file's mode, WAL and busy time-out, and migrations matching the model."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dmp_desktop.storage import migrate, open_ledger
from dmp_desktop.storage.engine import make_engine
from dmp_desktop.storage.tables import metadata

SRC = Path(__file__).resolve().parents[3] / "src"

# A counter's start: open the journal, write, read; then list the heavy modules that got imported.
START = r"""
import json, sys
from pathlib import Path
from dmp_desktop.storage import open_ledger
led = open_ledger(sys.argv[1], spool_dir=Path(sys.argv[2]))
led.statement("2019-03")
led.close()
heavy = ("alembic", "mako", "sqlalchemy.dialects.postgresql", "psycopg", "psycopg2")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_up_down_up(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision() == "0003"
        assert {"creations", "creation_events", "alembic_version"} <= _tables(engine)
        indexes = {ix["name"] for ix in sa.inspect(engine).get_indexes("creations")}
        assert {"ix_creations_state_month_pharmacist", "ix_creations_at"} <= indexes

        migrate.downgrade(engine, "0002")
        columns = {c["name"] for c in sa.inspect(engine).get_columns("creations")}
        assert not {c for c in columns if c.startswith("patient_")}
        indexes = {ix["name"] for ix in sa.inspect(engine).get_indexes("creations")}
        assert "ix_creations_at" not in indexes and "uq_creations_ins_value_created" in indexes

        migrate.downgrade(engine, "0001")
        assert migrate.current_revision(engine) == "0001"
        indexes = {ix["name"] for ix in sa.inspect(engine).get_indexes("creations")}
        assert "ix_creations_state_month_pharmacist" not in indexes
        assert "uq_creations_ins_value_created" in indexes

        migrate.downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        assert not {"creations", "creation_events"} & _tables(engine)

        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0003"
    finally:
        engine.dispose()


def test_migrations_match_the_model(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_fresh_file_is_private_wal_with_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "new" / "journal.sqlite3"
    led = open_ledger(f"sqlite:///{path}", spool_dir=tmp_path, busy_timeout=1.5)
    try:
        assert path.exists()
        if os.name == "posix":
            assert path.stat().st_mode & 0o777 == 0o600
            for extra in path.parent.glob("journal.sqlite3-*"):
                assert extra.stat().st_mode & 0o777 == 0o600, extra
        with led._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1500
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        led.close()
    with sqlite3.connect(path) as raw:  # WAL is persistent in the file itself
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_existing_file_mode_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    open_ledger(f"sqlite:///{path}", spool_dir=tmp_path).close()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_reopen_is_a_no_op_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    open_ledger(url, spool_dir=tmp_path).close()
    led = open_ledger(url, spool_dir=tmp_path)
    try:
        assert migrate.current_revision(led._engine) == migrate.HEAD_REVISION == "0003"
    finally:
        led.close()


def test_stored_revision_reads_what_alembic_reads(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")

    def both() -> tuple[str | None, str | None]:
        with engine.connect() as conn:
            return migrate.stored_revision(conn), MigrationContext.configure(conn).get_current_revision()

    try:
        assert both() == (None, None)  # no version table yet
        migrate.upgrade(engine, "0001")
        assert both() == ("0001", "0001")
        migrate.upgrade(engine)
        assert both() == (migrate.HEAD_REVISION, migrate.HEAD_REVISION)
        migrate.downgrade(engine, "base")
        assert both() == (None, None)  # the table is left, empty
    finally:
        engine.dispose()


def test_a_start_at_head_imports_neither_alembic_nor_postgresql(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"

    def start() -> list[str]:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        done = subprocess.run([sys.executable, "-c", START, url, str(tmp_path)], capture_output=True, text=True,
                              env=env, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

    assert "alembic" in start()  # the first start creates the schema with Alembic
    assert start() == []  # every later one finds it at head: ~15 MiB of imports spared

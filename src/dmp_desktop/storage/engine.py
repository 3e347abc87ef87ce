"""Engines for the journal: SQLite (0600 file, WAL, busy time-out, BEGIN IMMEDIATE) or PostgreSQL (psycopg)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.storage.tables import add_postgresql_options

# Execution option asking for a write transaction: on SQLite it takes the write lock at BEGIN, so two
# writers queue on the busy handler instead of failing the read→write upgrade with SQLITE_BUSY at once.
WRITE = {"dmp_write": True}

PG_CONNECT_TIMEOUT_S = 3  # a dead server must not hold the counter longer than this


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def prepare_sqlite_file(path: Path) -> None:
    """Create the file 0600 (its -wal/-shm files inherit that mode) in a 0700 folder; tighten an old file."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    if os.name == "posix" and (path.stat().st_mode & 0o777) != 0o600:
        os.chmod(path, 0o600)


def make_engine(url: str, *, busy_timeout: float = 5.0) -> Engine:
    """An engine with the journal's connection settings; does not connect."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            with contextlib.suppress(OSError):  # retried before each migration: the folder may come back
                prepare_sqlite_file(path)
        engine = sa.create_engine(url, connect_args={"timeout": busy_timeout, "check_same_thread": False})
        _sqlite_events(engine, busy_timeout)
        return engine
    if backend == "postgresql":
        add_postgresql_options()  # the table definitions complete for this engine (see tables.py)
        lock_ms = int(busy_timeout * 1000)
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            pool_size=2,
            max_overflow=4,
            connect_args={
                "connect_timeout": PG_CONNECT_TIMEOUT_S,
                "options": f"-c lock_timeout={lock_ms} -c statement_timeout={max(lock_ms * 4, 10000)}",
            },
        )
    return sa.create_engine(url)


def _sqlite_events(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Driver-level autocommit: we emit BEGIN ourselves (below) to choose DEFERRED or IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            cur.execute("PRAGMA foreign_keys = ON")
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")  # a power cut must not lose a committed creation
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("dmp_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def classify(error: BaseException) -> ErrorCode | None:
    """DB_LOCKED / DB_UNAVAILABLE for errors the spool can wait out; None for bugs (which must surface)."""
    original = getattr(error, "orig", None) or error
    text = str(original).lower()
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return ErrorCode.DB_UNAVAILABLE
    if "locked" in text or "busy" in text or "lock timeout" in text or "lock_timeout" in text:
        return ErrorCode.DB_LOCKED
    if isinstance(original, sqlite3.OperationalError) or type(original) is sqlite3.DatabaseError:
        # "database or disk is full", "unable to open database file", "disk I/O error", read-only...
        return ErrorCode.DB_UNAVAILABLE
    if isinstance(error, exc.OperationalError | exc.InterfaceError | exc.DisconnectionError):
        return ErrorCode.DB_UNAVAILABLE
    if isinstance(error, OSError):
        return ErrorCode.DB_UNAVAILABLE
    module = type(original).__module__
    if module.startswith("psycopg") and type(original).__name__ in {
        "OperationalError",
        "InterfaceError",
        "DiskFull",
        "QueryCanceled",
        "LockNotAvailable",
        "AdminShutdown",
        "CannotConnectNow",
    }:
        return ErrorCode.DB_UNAVAILABLE
    return None

"""Alembic driven from code: upgrade to head (serialized between processes), downgrade, current revision.

Alembic (and Mako, and SQLAlchemy's PostgreSQL dialect it pulls in) weighs ~15 MiB of imports; the usual
start finds the database at head, so that check reads `alembic_version` with plain SQLAlchemy against
HEAD_REVISION and Alembic is imported only when a migration actually runs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dmp_desktop.storage.engine import WRITE

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# The newest revision in migrations/versions. A new migration must bump it: a unit test compares it with
# Alembic's own head, and a database at an older revision is upgraded at the next start.
HEAD_REVISION = "0003"
VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps
_version = sa.table(VERSION_TABLE, sa.column("version_num"))

# Any constant: every counter starting at once takes this PostgreSQL advisory lock, so one migrates.
_PG_MIGRATION_LOCK = 0x444D5001


def alembic_config(url: str = "") -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("version_locations", str(MIGRATIONS / "versions"))
    cfg.set_main_option("path_separator", "os")
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """Alembic's head, read from the migration scripts (imports Alembic); HEAD_REVISION is the same, free."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database; None for an empty database (no version table, or no row)."""
    with engine.connect() as conn:
        return stored_revision(conn)


def stored_revision(conn: Connection) -> str | None:
    """What Alembic's MigrationContext.get_current_revision() answers, without importing Alembic."""
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    rows = conn.execute(sa.select(_version.c.version_num)).scalars().all()
    if len(rows) > 1:
        raise RuntimeError(f"{VERSION_TABLE} holds several revisions {sorted(rows)}: not a single-head history")
    return rows[0] if rows else None


def _serialize(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")


def upgrade(engine: Engine, revision: str = "head") -> None:
    if revision in ("head", HEAD_REVISION) and current_revision(engine) == HEAD_REVISION:
        return  # the usual start: a read, no write lock taken, Alembic not even imported
    from alembic import command

    with engine.execution_options(**WRITE).begin() as conn:
        _serialize(conn)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.execution_options(**WRITE).begin() as conn:
        _serialize(conn)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)

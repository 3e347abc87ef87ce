"""A throwaway PostgreSQL database per test on the test server (DMP_DESKTOP_TEST_PG_URL), dropped after."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa


def _admin_engine(url: str) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


@pytest.fixture
def pg_server() -> str:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    return require_service("postgres")


@pytest.fixture
def pg_database(pg_server: str) -> Iterator[Callable[[bool], str]]:
    """Factory: a fresh database name on the server (created unless create=False); all dropped at the end."""
    admin = _admin_engine(pg_server)
    names: list[str] = []

    def make(create: bool = True) -> str:
        name = f"dmp_ledger_{uuid.uuid4().hex[:12]}"
        names.append(name)
        if create:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return sa.make_url(pg_server).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def pg_url(pg_database: Callable[[bool], str]) -> str:
    return pg_database(True)

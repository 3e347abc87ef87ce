"""Benchmark: the monthly statement (and the 12-month counts, the CSV) over 1,000,000 creations, SQLite and PostgreSQL.

Usage: python benchmarks/ledger.py [--rows 1000000] [--pg-url URL] [--repeat 30] [--skip-pg]
The PostgreSQL URL defaults to $DMP_DESKTOP_TEST_PG_URL; a throwaway database is created on that server and
dropped at the end. Target: statement <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from dmp_desktop.storage import Ledger, open_ledger

MONTHS = 24
START = datetime(2018, 1, 1, 8, 0, tzinfo=UTC)
PHARMACISTS = [(f"1000000000{i}", f"Pharmacien {i}") for i in range(5)]
WORKSTATIONS = [f"comptoir-{i}" for i in range(4)]
STATES = ["created"] * 17 + ["already_existed", "failed", "refused"]  # ~85 % paid
COLUMNS = (
    "id", "at", "month", "workstation", "pharmacist_rpps", "pharmacist_name", "ins_type", "ins_value", "ins_oid",
    "oral_consent", "emergency_access", "channels", "state", "detail", "updated_at",
)
TARGET_MS = 100.0


def rows(count: int) -> Iterator[tuple[Any, ...]]:
    """`count` journal rows spread evenly over MONTHS months (about 42,000 a month for 1,000,000)."""
    per_month = max(1, count // MONTHS)
    for n in range(count):
        month_index = min(n // per_month, MONTHS - 1)
        year, month = 2018 + month_index // 12, month_index % 12 + 1
        at = datetime(year, month, 1 + n % 28, 8 + n % 10, n % 60, tzinfo=UTC)
        rpps, name = PHARMACISTS[n % len(PHARMACISTS)]
        yield (
            str(uuid.UUID(int=n)), at, f"{year:04d}-{month:02d}", WORKSTATIONS[(n // 7) % len(WORKSTATIONS)],
            rpps, name, "INS-NIR", f"{n:015d}", "1.2.250.1.213.1.4.10", True, n % 2 == 0, "", STATES[n % 20], "",
            at + timedelta(seconds=5),
        )


def load_sqlite(ledger: Ledger, count: int) -> None:
    fmt = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's SQLite DateTime storage format

    def sqlite_rows() -> Iterator[tuple[Any, ...]]:
        for r in rows(count):
            yield (*r[:1], r[1].strftime(fmt), *r[2:14], r[14].strftime(fmt))

    insert = f"INSERT INTO creations ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"  # noqa: S608  (constant column names)
    raw = ledger._engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN IMMEDIATE")
        cur.executemany(insert, sqlite_rows())
        cur.execute("COMMIT")
        cur.execute("ANALYZE")
    finally:
        raw.close()


def load_postgres(ledger: Ledger, count: int) -> None:
    raw = ledger._engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        conn.execute("SET statement_timeout = 0")  # the journal's 20 s guard is for the counter, not a bulk load
        with conn.cursor() as cur, cur.copy(f"COPY creations ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for r in rows(count):
                copy.write_row(r)
        conn.commit()
    finally:
        raw.close()
    # Index-only scans need the visibility map (autovacuum sets it a little later in real life). A test
    # server with synchronous_commit=off sets hint bits (and so the map) only once the WAL is flushed.
    time.sleep(1.0)
    with ledger._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as fresh:
        fresh.exec_driver_sql("VACUUM ANALYZE creations")


def timings(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm the pool and the cache
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def plan(ledger: Ledger, month: str) -> str:
    sql = (
        "SELECT pharmacist_rpps, pharmacist_name, workstation, count(*) FROM creations "
        "WHERE state = 'created' AND month = :month GROUP BY 1, 2, 3"
    )
    with ledger._engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            found = conn.execute(sa.text("EXPLAIN QUERY PLAN " + sql), {"month": month})
            return " | ".join(str(r[-1]) for r in found)
        lines = [str(r[0]) for r in conn.execute(sa.text("EXPLAIN " + sql), {"month": month})]
        return next((line.strip() for line in lines if "Scan" in line), lines[0])


def bench(name: str, ledger: Ledger, load: Callable[[Ledger, int], None], count: int, repeat: int) -> list[str]:
    started = time.perf_counter()
    load(ledger, count)
    load_s = time.perf_counter() - started
    month = "2018-06"
    statement = ledger.statement(month)
    lines = [f"{name}: {count:,} rows loaded in {load_s:.1f} s; {month}: {statement.count:,} paid creations",
             f"  plan: {plan(ledger, month)}"]
    for what, call in (
        ("statement(month)", lambda: ledger.statement(month)),
        ("monthly_counts(12)", lambda: ledger.monthly_counts(12, until="2018-12")),
        ("export_csv(month)", lambda: ledger.export_csv(month)),
    ):
        t = sorted(timings(call, repeat))
        p95 = t[min(len(t) - 1, int(len(t) * 0.95))]
        verdict = ("OK" if statistics.median(t) <= TARGET_MS else "SLOW") if what.startswith("statement") else ""
        lines.append(
            f"  {what:<20} median {statistics.median(t):8.1f} ms   min {t[0]:8.1f}   p95 {p95:8.1f}   {verdict}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--pg-url", default=os.environ.get("DMP_DESKTOP_TEST_PG_URL", ""))
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args()
    report = [f"Ledger benchmark — target: statement(month) <= {TARGET_MS:.0f} ms (median)", ""]

    with tempfile.TemporaryDirectory() as tmp:
        ledger = open_ledger(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", spool_dir=Path(tmp))
        try:
            report += bench("SQLite", ledger, load_sqlite, args.rows, args.repeat)
        finally:
            ledger.close()

        if args.pg_url and not args.skip_pg:
            name = f"dmp_bench_{uuid.uuid4().hex[:10]}"
            admin = sa.create_engine(args.pg_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            url = sa.make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
            try:
                ledger = open_ledger(url, spool_dir=Path(tmp))
                try:
                    report += ["", *bench("PostgreSQL", ledger, load_postgres, args.rows, args.repeat)]
                finally:
                    ledger.close()
            finally:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.dispose()
        else:
            report += ["", "PostgreSQL: skipped (no --pg-url / DMP_DESKTOP_TEST_PG_URL)"]
    print("\n".join(report))


if __name__ == "__main__":
    main()

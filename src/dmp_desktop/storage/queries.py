"""Read side of the ledger: pending entries, the monthly statement, the 12-month counts and the CSV export."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import CreationState, LedgerStatement
from dmp_desktop.storage.ops import check_month, from_db
from dmp_desktop.storage.tables import creations

EUR_PER_CREATION = 1.0  # avenant 11 (2017): 1 € per DMP created
_CREATED = CreationState.CREATED.value

CSV_HEADER = (
    "creation_id",
    "date_utc",
    "month",
    "workstation",
    "pharmacist_rpps",
    "pharmacist_name",
    "ins_type",
    "ins",
    "amount_eur",
)


def pending(conn: Connection, workstation: str | None = None) -> list[tuple[str, Ins]]:
    query = sa.select(creations.c.id, creations.c.ins_type, creations.c.ins_value, creations.c.ins_oid).where(
        creations.c.state == CreationState.PENDING.value
    )
    if workstation is not None:
        query = query.where(creations.c.workstation == workstation)
    rows = conn.execute(query.order_by(creations.c.at, creations.c.id)).all()
    return [(row.id, Ins(InsType(row.ins_type), row.ins_value, row.ins_oid)) for row in rows]


def statement(conn: Connection, month: str) -> LedgerStatement:
    """One range scan of the covering index ix_creations_state_month_pharmacist, folded in Python."""
    check_month(month)
    rows = conn.execute(
        sa.select(
            creations.c.pharmacist_rpps,
            creations.c.pharmacist_name,
            creations.c.workstation,
            sa.func.count().label("n"),
        )
        .where(creations.c.state == _CREATED, creations.c.month == month)
        .group_by(creations.c.pharmacist_rpps, creations.c.pharmacist_name, creations.c.workstation)
    ).all()
    by_pharmacist: Counter[str] = Counter()
    by_workstation: Counter[str] = Counter()
    for row in rows:
        by_pharmacist[f"{row.pharmacist_rpps} {row.pharmacist_name}"] += row.n
        by_workstation[row.workstation] += row.n
    count = sum(by_workstation.values())
    return LedgerStatement(
        month=month,
        count=count,
        amount_eur=round(count * EUR_PER_CREATION, 2),
        by_pharmacist=dict(sorted(by_pharmacist.items())),
        by_workstation=dict(sorted(by_workstation.items())),
    )


def month_range(last: int, until: str) -> list[str]:
    """The `last` months ending with `until`, oldest first."""
    check_month(until)
    if last < 1:
        raise ValueError("last must be >= 1")
    year, month = int(until[:4]), int(until[5:])
    out: list[str] = []
    for _ in range(last):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def monthly_counts(conn: Connection, last: int, until: str) -> list[tuple[str, int]]:
    months = month_range(last, until)
    rows = conn.execute(
        sa.select(creations.c.month, sa.func.count().label("n"))
        .where(creations.c.state == _CREATED, creations.c.month.between(months[0], months[-1]))
        .group_by(creations.c.month)
    ).all()
    found = {row.month: int(row.n) for row in rows}
    return [(m, found.get(m, 0)) for m in months]


def export_csv(conn: Connection, month: str) -> str:
    """One line per paid creation of the month (RFC 4180, comma, UTF-8), for matching the CNAM payments."""
    check_month(month)
    return export_months_csv(conn, month, month)


def export_months_csv(conn: Connection, first: str, last: str) -> str:
    """The export's lines (CSV_HEADER) of the paid creations from month `first` to `last` (YYYY-MM), inclusive."""
    rows = conn.execute(
        sa.select(
            creations.c.id,
            creations.c.at,
            creations.c.month,
            creations.c.workstation,
            creations.c.pharmacist_rpps,
            creations.c.pharmacist_name,
            creations.c.ins_type,
            creations.c.ins_value,
        )
        .where(creations.c.state == _CREATED, creations.c.month.between(first, last))
        .order_by(creations.c.at, creations.c.id)
    ).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            (
                row.id,
                from_db(row.at).isoformat(timespec="seconds"),
                row.month,
                row.workstation,
                row.pharmacist_rpps,
                row.pharmacist_name,
                row.ins_type,
                row.ins_value,
                f"{EUR_PER_CREATION:.2f}",
            )
        )
    return out.getvalue()


def current_month(today: date) -> str:
    return f"{today.year:04d}-{today.month:02d}"

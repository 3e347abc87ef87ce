"""Read side of the history: entries newest first (period, patient filter), one entry, the ROSP year."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import (
    Channel,
    Consent,
    CreationState,
    HistoryEntry,
    JournalPatient,
    YearStatement,
    fold_search,
)
from dmp_desktop.storage.ops import from_db
from dmp_desktop.storage.queries import EUR_PER_CREATION, export_months_csv
from dmp_desktop.storage.tables import creation_events, creations

_CREATED = CreationState.CREATED.value

# When the entry became `created`: the date and time printed on its accusé.
_created_at = (
    sa.select(sa.func.min(creation_events.c.at))
    .where(creation_events.c.creation_id == creations.c.id, creation_events.c.state_to == _CREATED)
    .correlate(creations)
    .scalar_subquery()
    .label("created_at")
)

_COLUMNS = (
    creations.c.id,
    creations.c.at,
    creations.c.state,
    creations.c.workstation,
    creations.c.pharmacist_rpps,
    creations.c.pharmacist_name,
    creations.c.ins_type,
    creations.c.ins_value,
    creations.c.ins_oid,
    creations.c.oral_consent,
    creations.c.emergency_access,
    creations.c.channels,
    creations.c.account_channels,
    creations.c.receipt_printed_at,
    creations.c.detail,
    creations.c.patient_last_name,
    creations.c.patient_first_name,
    creations.c.patient_birth_name,
    creations.c.patient_birth_date,
    creations.c.patient_sex,
)


def local_start(day: date) -> datetime:
    """Midnight of `day` on the counter's clock, in UTC (the calendar `month` is written in)."""
    return datetime.combine(day, time()).astimezone(UTC)  # a naive time is taken as local time


def _channels(text: str | None) -> tuple[Channel, ...]:
    return tuple(Channel(c) for c in (text or "").split(",") if c)


def _aware(at: datetime | None) -> datetime | None:
    return from_db(at) if at is not None else None


def _entry(row: Row[*tuple[Any, ...]]) -> HistoryEntry:
    return HistoryEntry(
        creation_id=row.id,
        at=from_db(row.at),
        state=CreationState(row.state),
        workstation=row.workstation,
        pharmacist_rpps=row.pharmacist_rpps,
        pharmacist_name=row.pharmacist_name,
        ins=Ins(InsType(row.ins_type), row.ins_value, row.ins_oid),
        consent=Consent(bool(row.oral_consent), row.emergency_access),
        patient=JournalPatient(
            row.patient_last_name,
            row.patient_first_name,
            row.patient_birth_date,
            row.patient_birth_name,
            row.patient_sex,
        ),
        channels=_channels(row.channels),
        account_channels=_channels(row.account_channels) if row.account_channels is not None else None,
        receipt_printed_at=_aware(row.receipt_printed_at),
        created_at=_aware(row.created_at),
        detail=row.detail,
    )


def history(
    conn: Connection,
    *,
    since: date | None = None,
    until: date | None = None,
    patient: str = "",
    limit: int | None = None,
) -> list[HistoryEntry]:
    """Entries newest first; the period's bounds are whole local days, both included."""
    if since is not None and until is not None and since > until:
        raise DomainError(ErrorCode.REQUEST_INVALID, f"since {since} is after until {until}", field="since")
    query = sa.select(*_COLUMNS, _created_at)
    if since is not None:
        query = query.where(creations.c.at >= local_start(since))
    if until is not None:
        query = query.where(creations.c.at < local_start(until + timedelta(days=1)))
    for word in fold_search(patient).split():
        # fold_search leaves letters, digits and spaces only: no LIKE wildcard can come from the text.
        query = query.where(creations.c.patient_search.like(f"%{word}%"))
    query = query.order_by(creations.c.at.desc(), creations.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [_entry(row) for row in conn.execute(query).all()]


def record(conn: Connection, creation_id: str) -> HistoryEntry | None:
    row = conn.execute(sa.select(*_COLUMNS, _created_at).where(creations.c.id == creation_id)).first()
    return _entry(row) if row is not None else None


def check_year(year: int) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 9999:
        raise DomainError(ErrorCode.REQUEST_INVALID, f"year must be YYYY, got {year!r}", field="year")
    return year


def _year_months(year: int) -> list[str]:
    return [f"{year:04d}-{m:02d}" for m in range(1, 13)]


def year_statement(conn: Connection, year: int) -> YearStatement:
    """One range scan of ix_creations_state_month_pharmacist over the year's twelve months."""
    months = _year_months(check_year(year))
    rows = conn.execute(
        sa.select(
            creations.c.month,
            creations.c.pharmacist_rpps,
            creations.c.pharmacist_name,
            sa.func.count().label("n"),
        )
        .where(creations.c.state == _CREATED, creations.c.month.between(months[0], months[-1]))
        .group_by(creations.c.month, creations.c.pharmacist_rpps, creations.c.pharmacist_name)
    ).all()
    by_pharmacist: Counter[str] = Counter()
    by_month: dict[str, int] = dict.fromkeys(months, 0)
    for row in rows:
        by_pharmacist[f"{row.pharmacist_rpps} {row.pharmacist_name}"] += row.n
        by_month[row.month] += row.n
    count = sum(by_month.values())
    return YearStatement(
        year=year,
        count=count,
        amount_eur=round(count * EUR_PER_CREATION, 2),
        by_pharmacist=dict(sorted(by_pharmacist.items())),
        by_month=by_month,
    )


def export_year_csv(conn: Connection, year: int) -> str:
    """The monthly export's columns (queries.CSV_HEADER), one line per paid creation of the year."""
    months = _year_months(check_year(year))
    return export_months_csv(conn, months[0], months[-1])

"""Journal operations as plain dicts (what the spool stores) and their idempotent application to the tables."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import Channel, CreationRecord, CreationState, ReprintKind
from dmp_desktop.storage.tables import creation_events, creations

log = logging.getLogger(__name__)

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def check_month(month: str) -> str:
    """Return `month` if it is YYYY-MM, else raise DomainError(REQUEST_INVALID, field='month')."""
    if not isinstance(month, str) or not _MONTH.match(month):
        raise DomainError(ErrorCode.REQUEST_INVALID, f"month must be YYYY-MM, got {month!r}", field="month")
    return month


def local_month(at: datetime) -> str:
    """The paid month: the counter's local calendar (an aware time is converted to the local zone)."""
    local = at.astimezone() if at.tzinfo is not None else at
    return local.strftime("%Y-%m")


def to_utc(at: datetime) -> datetime:
    return at.astimezone(UTC)  # a naive time is taken as local time, as the counter's clock gives it


def from_db(at: datetime) -> datetime:
    """SQLite gives back naive UTC, PostgreSQL aware: always return aware UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _channels(channels: tuple[Channel, ...] | list[Channel]) -> str:
    return ",".join(c.value for c in channels)


def new_op(kind: str, creation_id: str, at: datetime, **payload: Any) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "kind": kind,
        "creation_id": creation_id,
        "at": to_utc(at).isoformat(),
        **payload,
    }


def begin_op(creation_id: str, record: CreationRecord) -> dict[str, Any]:
    """Everything the journal keeps about the attempt; never a password (the record holds none)."""
    return new_op(
        "begin",
        creation_id,
        record.at,
        month=local_month(record.at),
        workstation=record.workstation,
        pharmacist_rpps=record.pharmacist_rpps,
        pharmacist_name=record.pharmacist_name,
        ins_type=record.ins.type.value,
        ins_value=record.ins.value,
        ins_oid=record.ins.oid,
        oral_consent=record.consent.oral_consent,
        emergency_access=record.consent.emergency_access,
        channels=_channels(record.channels),
        patient_last_name=record.patient.last_name[:128],
        patient_first_name=record.patient.first_name[:128],
        patient_birth_name=record.patient.birth_name[:128],
        patient_birth_date=record.patient.birth_date[:8],
        patient_sex=record.patient.sex[:1],
        patient_search=record.patient.search_key[:400],
    )


def state_op(creation_id: str, state: CreationState, detail: str, at: datetime) -> dict[str, Any]:
    return new_op("state", creation_id, at, state=state.value, detail=detail[:255])


def account_op(creation_id: str, channels: tuple[Channel, ...], at: datetime) -> dict[str, Any]:
    return new_op("account", creation_id, at, channels=_channels(channels))


def receipt_op(creation_id: str, at: datetime) -> dict[str, Any]:
    return new_op("receipt", creation_id, at)


def credentials_op(creation_id: str, at: datetime) -> dict[str, Any]:
    """New temporary credentials were issued (TD1.5d): the fact only, never the login nor the password."""
    return new_op("credentials", creation_id, at)


def reprint_op(creation_id: str, kind: ReprintKind, printed: bool, at: datetime) -> dict[str, Any]:
    return new_op("reprint", creation_id, at, reprint=kind.value, printed=printed)


def _event(conn: Connection, op: dict[str, Any], at: datetime, **values: Any) -> None:
    conn.execute(
        creation_events.insert().values(
            op_id=op["op_id"], creation_id=op["creation_id"], at=at, kind=op["kind"], **values
        )
    )


def _current_state(conn: Connection, creation_id: str) -> str | None:
    query = sa.select(creations.c.state).where(creations.c.id == creation_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return conn.execute(query).scalar_one_or_none()


def apply(conn: Connection, op: dict[str, Any]) -> bool:
    """Apply one operation inside the caller's transaction; False if it was already applied (replay)."""
    seen = conn.execute(sa.select(creation_events.c.id).where(creation_events.c.op_id == op["op_id"]))
    if seen.first() is not None:
        return False
    at = datetime.fromisoformat(op["at"])
    kind = op["kind"]
    if kind == "begin":
        return _apply_begin(conn, op, at)
    current = _current_state(conn, op["creation_id"])
    if current is None:
        # Its begin never reached the journal (lost with a broken spool): nothing to attach the change to.
        log.error("ledger: operation %s for unknown creation %s dropped", kind, op["creation_id"])
        return False
    if kind == "state":
        return _apply_state(conn, op, at, current)
    if kind == "account":
        conn.execute(
            creations.update()
            .where(creations.c.id == op["creation_id"])
            .values(account_channels=op["channels"], account_opened_at=at, updated_at=at)
        )
        _event(conn, op, at, detail=op["channels"])
        return True
    if kind == "receipt":
        conn.execute(
            creations.update()
            .where(creations.c.id == op["creation_id"])
            .values(receipt_printed_at=at, updated_at=at)
        )
        _event(conn, op, at)
        return True
    if kind in ("credentials", "reprint"):
        return _apply_reprint(conn, op, at)
    raise ValueError(f"unknown journal operation {kind!r}")


def _apply_begin(conn: Connection, op: dict[str, Any], at: datetime) -> bool:
    exists = conn.execute(sa.select(creations.c.id).where(creations.c.id == op["creation_id"])).first()
    if exists is None:
        conn.execute(
            creations.insert().values(
                id=op["creation_id"],
                at=at,
                month=op["month"],
                workstation=op["workstation"],
                pharmacist_rpps=op["pharmacist_rpps"],
                pharmacist_name=op["pharmacist_name"],
                ins_type=op["ins_type"],
                ins_value=op["ins_value"],
                ins_oid=op["ins_oid"],
                oral_consent=op["oral_consent"],
                emergency_access=op["emergency_access"],
                channels=op["channels"],
                # Absent from spool lines written before the history existed: the patient stays unknown.
                **{name: op.get(name, "") for name in _PATIENT_COLUMNS},
                state=CreationState.PENDING.value,
                detail="",
                updated_at=at,
            )
        )
    _event(conn, op, at, state_to=CreationState.PENDING.value)
    return True


_PATIENT_COLUMNS = (
    "patient_last_name",
    "patient_first_name",
    "patient_birth_name",
    "patient_birth_date",
    "patient_sex",
    "patient_search",
)


def _apply_reprint(conn: Connection, op: dict[str, Any], at: datetime) -> bool:
    if op["kind"] == "credentials":
        _event(conn, op, at, detail="TD1.5d")
        return True
    printed = bool(op.get("printed"))
    if printed:  # a reprint that reached the spooler: the entry now has an accusé printed (the first time kept)
        conn.execute(
            creations.update()
            .where(creations.c.id == op["creation_id"])
            .values(receipt_printed_at=sa.func.coalesce(creations.c.receipt_printed_at, at), updated_at=at)
        )
    _event(conn, op, at, detail=f"{op.get('reprint', '')} {'printed' if printed else 'not printed'}")
    return True


def allowed(current: str, target: str) -> bool:
    """A decided entry only moves to `created` (a late success); a counted one never leaves `created`.

    This keeps a slow reconciliation on another counter from un-counting a creation that succeeded."""
    if current == target:
        return False
    if current == CreationState.PENDING.value:
        return True
    return target == CreationState.CREATED.value and current != CreationState.CREATED.value


def _apply_state(conn: Connection, op: dict[str, Any], at: datetime, current: str) -> bool:
    target, detail = op["state"], op.get("detail", "")
    if target == CreationState.CREATED.value:
        other = conn.execute(
            sa.select(creations.c.id).where(
                creations.c.state == CreationState.CREATED.value,
                creations.c.ins_value
                == sa.select(creations.c.ins_value).where(creations.c.id == op["creation_id"]).scalar_subquery(),
                creations.c.id != op["creation_id"],
            )
        ).first()
        if other is not None:  # this patient's creation is already counted: never twice
            target, detail = CreationState.ALREADY_EXISTED.value, f"already counted in {other[0]}"
    if not allowed(current, target):
        _event(conn, op, at, state_from=current, state_to=current, detail=f"ignored {target}: {detail}"[:255])
        return True
    conn.execute(
        creations.update()
        .where(creations.c.id == op["creation_id"])
        .values(state=target, detail=detail[:255], updated_at=at)
    )
    _event(conn, op, at, state_from=current, state_to=target, detail=detail[:255])
    return True

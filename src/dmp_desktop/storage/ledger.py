"""The CreationLedger adapter: journal writes that never block the counter (spool fallback), ledger reads."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from sqlalchemy import exc
from sqlalchemy.engine import Connection

from dmp_desktop.domain.errors import DomainError, ErrorCode, WarningCode
from dmp_desktop.domain.identity import Ins
from dmp_desktop.domain.model import (
    Channel,
    CreationRecord,
    CreationState,
    HistoryEntry,
    LedgerStatement,
    ReprintKind,
    YearStatement,
)
from dmp_desktop.domain.ports import Clock, SystemClock
from dmp_desktop.settings import APP_NAME
from dmp_desktop.storage import history as history_queries
from dmp_desktop.storage import migrate, ops, queries
from dmp_desktop.storage.engine import WRITE, classify, make_engine, prepare_sqlite_file, sqlite_path
from dmp_desktop.storage.spool import Spool

log = logging.getLogger(__name__)

T = TypeVar("T")


class Ledger:
    """Implements domain.ports.CreationLedger; one instance per process, safe to share between threads."""

    def __init__(
        self,
        url: str,
        *,
        spool_dir: Path,
        busy_timeout: float = 5.0,
        workstation: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.url = url
        self.workstation = workstation
        self._engine = make_engine(url, busy_timeout=busy_timeout)
        self._spool = Spool(spool_dir)
        self._clock: Clock = clock or SystemClock()
        self._migrated = False
        self._error: ErrorCode | None = None
        self._memory: list[dict[str, Any]] = []  # last resort when even the spool's disk refuses a write

    # ---- start-up -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Migrate to head and replay the spool; an absent database only leaves a warning."""
        try:
            self._ensure_schema()
        except Exception as error:
            code = classify(error)
            if code is None:
                raise
            self._error = code
            log.warning("ledger: database not reachable at start-up (%s): %s", code.value, _short(error))
            return  # the spool waits for the next call: no second connect time-out at start-up
        self.flush_spool()

    def _ensure_schema(self) -> None:
        if self._migrated:
            return
        path = sqlite_path(self.url)
        if path is not None:
            prepare_sqlite_file(path)  # OSError (folder gone, disk full) is waited out like a dead server
        try:
            migrate.upgrade(self._engine)
        except Exception as error:
            if classify(error) is not None:
                raise
            raise DomainError(ErrorCode.DB_MIGRATION, _short(error)) from error
        self._migrated = True

    # ---- CreationLedger -----------------------------------------------------------------------------
    def begin(self, record: CreationRecord) -> str:
        creation_id = str(uuid.uuid4())
        self._write(ops.begin_op(creation_id, record))
        return creation_id

    def set_state(self, creation_id: str, state: CreationState, detail: str = "") -> None:
        self._write(ops.state_op(creation_id, state, detail, self._clock.now()))

    def mark_account_opened(self, creation_id: str, channels: tuple[Channel, ...]) -> None:
        self._write(ops.account_op(creation_id, channels, self._clock.now()))

    def mark_receipt_printed(self, creation_id: str) -> None:
        self._write(ops.receipt_op(creation_id, self._clock.now()))

    def pending(self) -> list[tuple[str, Ins]]:
        return self._read(lambda conn: queries.pending(conn, self.workstation))

    def statement(self, month: str) -> LedgerStatement:
        ops.check_month(month)
        return self._read(lambda conn: queries.statement(conn, month))

    # ---- ledger extras ------------------------------------------------------------------------------
    def monthly_counts(self, last: int = 12, until: str | None = None) -> list[tuple[str, int]]:
        """(month, created count) for the `last` months ending with `until` (default: this month), oldest first."""
        end = ops.check_month(until) if until is not None else ops.local_month(self._clock.now())
        return self._read(lambda conn: queries.monthly_counts(conn, last, end))

    def export_csv(self, month: str) -> str:
        ops.check_month(month)
        return self._read(lambda conn: queries.export_csv(conn, month))

    @property
    def waiting(self) -> int:
        """Journal operations not yet in the database (spool file + memory)."""
        return self._spool.count() + len(self._memory)

    @property
    def waiting_cause(self) -> ErrorCode | None:
        """Why operations wait (DB_LOCKED, DB_UNAVAILABLE); None when all are stored."""
        return (self._error or ErrorCode.DB_UNAVAILABLE) if self.waiting else None

    @property
    def warning(self) -> WarningCode | None:
        if not self.waiting:
            return None
        return WarningCode.LEDGER_IN_MEMORY if self._memory else WarningCode.LEDGER_WAITING

    def flush_spool(self) -> int:
        """Replay waiting operations (idempotent); returns how many were newly written, 0 if the DB is away."""
        with self._spool.locked():
            return self._flush_locked()

    def close(self) -> None:
        try:
            if self.waiting:
                self.flush_spool()
        finally:
            self._engine.dispose()

    # ---- internals ----------------------------------------------------------------------------------
    def _flush_locked(self) -> int:
        waiting = self._spool.read() + self._memory
        if not waiting:
            return 0
        try:
            try:
                written = self._apply(waiting)
            except Exception as error:
                if classify(error) is not None:
                    raise
                written = self._apply_each(waiting)  # one bad line must not hold back the others
        except Exception as error:
            self._note_failure(error, "replay")
            return 0
        self._spool.clear()
        self._memory.clear()
        self._error = None
        log.info("ledger: %d spooled operation(s) replayed (%d new)", len(waiting), written)
        return written

    def _write(self, op: dict[str, Any]) -> None:
        """Store one operation in the database, else in the spool; never raises for a database problem."""
        with self._spool.locked():
            if self._spool.has_entries() or self._memory:
                self._flush_locked()
                if self._spool.has_entries() or self._memory:  # still away: queue behind, keeping the order
                    self._keep(op)
                    return
            try:
                self._apply([op])
                self._error = None
            except Exception as error:
                self._note_failure(error, op["kind"])
                self._keep(op)

    def _apply(self, batch: list[dict[str, Any]]) -> int:
        self._ensure_schema()
        for attempt in range(3):
            try:
                with self._engine.execution_options(**WRITE).begin() as conn:
                    return sum(1 for op in batch if ops.apply(conn, op))
            except exc.IntegrityError:
                # Two counters counted the same INS at once: the loser re-reads and becomes already_existed.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _apply_each(self, batch: list[dict[str, Any]]) -> int:
        """Replay one operation per transaction; an operation the database refuses for a reason other than
        availability is set aside in the rejected file (logged), never retried forever."""
        written = 0
        for op in batch:
            try:
                written += self._apply([op])
            except Exception as error:
                if classify(error) is not None:
                    raise  # the database went away again: the spool stays, the replay is idempotent
                log.error("ledger: operation %s rejected by the database: %s", op.get("op_id"), _short(error))
                self._spool.reject(op)
        return written

    def _keep(self, op: dict[str, Any]) -> None:
        if not self._memory:
            try:
                self._spool.append(op)
                return
            except OSError as error:
                log.error("ledger: spool not writable (%s): operation kept in memory", error)
        self._memory.append(op)

    def _note_failure(self, error: BaseException, what: str) -> None:
        code = classify(error)
        if code is None:
            # An unexpected error must not block the counter either: keep the entry, make it loud.
            log.exception("ledger: unexpected error on %s; entry kept in the spool", what)
            code = ErrorCode.DB_UNAVAILABLE
        else:
            log.warning("ledger: %s on %s, entry kept in the spool: %s", code.value, what, _short(error))
        self._error = code

    def _read(self, query: Callable[[Connection], T]) -> T:
        if self._spool.has_entries() or self._memory:
            self.flush_spool()
        try:
            self._ensure_schema()
            with self._engine.connect() as conn:
                return query(conn)
        except DomainError:
            raise
        except Exception as error:
            code = classify(error)
            if code is None:
                raise
            raise DomainError(code, _short(error)) from error

    # ---- the history of creations (docs/history.md) ---------------------------------------------------
    def history(self, *, since: date | None = None, until: date | None = None, patient: str = "",
                limit: int | None = None) -> list[HistoryEntry]:
        return self._read(
            lambda conn: history_queries.history(conn, since=since, until=until, patient=patient, limit=limit)
        )

    def record(self, creation_id: str) -> HistoryEntry | None:
        return self._read(lambda conn: history_queries.record(conn, creation_id))

    def year_statement(self, year: int) -> YearStatement:
        history_queries.check_year(year)
        return self._read(lambda conn: history_queries.year_statement(conn, year))

    def export_year_csv(self, year: int) -> str:
        history_queries.check_year(year)
        return self._read(lambda conn: history_queries.export_year_csv(conn, year))

    def mark_credentials_reset(self, creation_id: str) -> None:
        self._write(ops.credentials_op(creation_id, self._clock.now()))

    def mark_reprinted(self, creation_id: str, kind: ReprintKind, printed: bool) -> None:
        self._write(ops.reprint_op(creation_id, kind, printed, self._clock.now()))


def _short(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.splitlines()[0][:200] if text else type(error).__name__


def default_spool_dir(url: str) -> Path:
    path = sqlite_path(url)
    if path is not None:
        return path.parent
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def open_ledger(
    url: str,
    *,
    spool_dir: Path | None = None,
    busy_timeout: float = 5.0,
    workstation: str | None = None,
    clock: Clock | None = None,
) -> Ledger:
    """Open (creating and migrating if needed) the journal at `url`; replays the spool left by a previous run.

    `workstation`: when given, `pending()` lists only this counter's entries (the others reconcile theirs)."""
    ledger = Ledger(
        url,
        spool_dir=spool_dir or default_spool_dir(url),
        busy_timeout=busy_timeout,
        workstation=workstation,
        clock=clock,
    )
    ledger.start()
    return ledger

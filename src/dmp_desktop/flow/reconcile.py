"""Reconciliation: each journal entry left pending is settled with TD0.2 through the DMP port."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.model import CreationState, DmpStatus, Pharmacist
from dmp_desktop.domain.ports import Clock, CreationLedger, DmpService

log = logging.getLogger(__name__)

# Why a DMP that exists now means our interrupted TD1.1 went through: `begin` is written only after the
# pre-creation TD0.2 answered "not found", so a DMP found later is the one this counter created
# (a closed one too: created, then closed by the patient before we came back).
_FOUND = {
    DmpStatus.EXISTS: "reconciled: TD0.2 found the DMP",
    DmpStatus.CLOSED: "reconciled: TD0.2 found the DMP (closed since)",
}
# "Not found" settles an entry as failed only once no request of ours can still be on its way: a slow
# service may commit a TD1.1 well after our time-out gave up on it.
GRACE = timedelta(minutes=10)


def _never() -> bool:
    return False


def reconcile_pending(
    ledger: CreationLedger,
    dmp: DmpService,
    pharmacist: Pharmacist,
    *,
    clock: Clock | None = None,
    grace: timedelta = GRACE,
    out_of_time: Callable[[], bool] = _never,
) -> list[tuple[str, CreationState]]:
    """Settle every pending entry: DMP exists → created (counted); absent for longer than `grace` → failed;
    service error, a recent absence, or `out_of_time()` → left pending for the next entry point. Returns
    (creation id, state after reconciliation) for each entry seen."""
    results: list[tuple[str, CreationState]] = []
    for creation_id, ins in ledger.pending():
        if out_of_time():
            log.info("reconcile %s: left pending (out of time)", creation_id)
            results.append((creation_id, CreationState.PENDING))
            continue
        try:
            existence = dmp.test_existence(ins, pharmacist)
        except DomainError as error:
            # Unreachable, time-out, certificate...: the outcome is unknown, so nothing may be decided.
            log.warning("reconcile %s: left pending (%s)", creation_id, error.code.value)
            results.append((creation_id, CreationState.PENDING))
            continue
        if existence.status in _FOUND:
            state, detail = CreationState.CREATED, _FOUND[existence.status]
        elif _recent(ledger, creation_id, clock, grace):
            log.info("reconcile %s: not found yet, left pending", creation_id)
            results.append((creation_id, CreationState.PENDING))
            continue
        else:
            state, detail = CreationState.FAILED, "reconciled: TD0.2 found no DMP"
        ledger.set_state(creation_id, state, detail)
        log.info("reconcile %s: %s", creation_id, state.value)
        results.append((creation_id, state))
    return results


def _recent(ledger: CreationLedger, creation_id: str, clock: Clock | None, grace: timedelta) -> bool:
    if clock is None:
        return False
    try:
        entry = ledger.record(creation_id)
    except DomainError:
        return True  # age unknown: deciding "failed" could lose a paid creation
    return entry is not None and clock.now() - entry.at < grace

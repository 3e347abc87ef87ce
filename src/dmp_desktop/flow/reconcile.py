"""Start-up reconciliation: each journal entry left pending is settled with TD0.2 through the DMP port."""

from __future__ import annotations

import logging

from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.model import CreationState, DmpStatus, Pharmacist
from dmp_desktop.domain.ports import CreationLedger, DmpService

log = logging.getLogger(__name__)

# Why a DMP that exists now means our interrupted TD1.1 went through: `begin` is written only after the
# pre-creation TD0.2 answered "not found", so a DMP found at start-up is the one this counter created
# (a closed one too: created, then closed by the patient before we came back).
_OUTCOME = {
    DmpStatus.EXISTS: (CreationState.CREATED, "reconciled: TD0.2 found the DMP"),
    DmpStatus.CLOSED: (CreationState.CREATED, "reconciled: TD0.2 found the DMP (closed since)"),
    DmpStatus.NOT_FOUND: (CreationState.FAILED, "reconciled: TD0.2 found no DMP"),
}


def reconcile_pending(
    ledger: CreationLedger, dmp: DmpService, pharmacist: Pharmacist
) -> list[tuple[str, CreationState]]:
    """Settle every pending entry: DMP exists → created (counted), absent → failed, service error → left
    pending for the next start. Returns (creation id, state after reconciliation) for each entry seen."""
    results: list[tuple[str, CreationState]] = []
    for creation_id, ins in ledger.pending():
        try:
            existence = dmp.test_existence(ins, pharmacist)
        except DomainError as error:
            # Unreachable, time-out, certificate...: the outcome is unknown, so nothing may be decided.
            log.warning("reconcile %s: left pending (%s)", creation_id, error.code.value)
            results.append((creation_id, CreationState.PENDING))
            continue
        state, detail = _OUTCOME[existence.status]
        ledger.set_state(creation_id, state, detail)
        log.info("reconcile %s: %s", creation_id, state.value)
        results.append((creation_id, state))
    return results

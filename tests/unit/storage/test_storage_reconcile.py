"""reconcile_pending over fakes: DMP found → created, absent → failed, service away → left pending."""

from __future__ import annotations

from datetime import UTC, datetime

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Consent, CreationRecord, CreationState, DmpStatus
from dmp_desktop.flow.fakes import FakeDmpService, FakeLedger
from dmp_desktop.flow.reconcile import reconcile_pending
from dmp_desktop.settings import TRAINING_PHARMACIST


def _begin(ledger: FakeLedger, value: str) -> tuple[str, Ins]:
    ins = Ins(InsType.INS_NIR, value, "1.2.250.1.213.1.4.10")
    rec = CreationRecord(
        at=datetime(2019, 3, 14, 10, 30, tzinfo=UTC),
        workstation="c1",
        pharmacist_rpps="10000000001",
        pharmacist_name="Camille FORMATION",
        ins=ins,
        consent=Consent(True, True),
    )
    return ledger.begin(rec), ins


def test_each_outcome() -> None:
    ledger, dmp = FakeLedger(), FakeDmpService()
    found, ins_found = _begin(ledger, "180057505612342")
    absent, _ = _begin(ledger, "282056912304564")
    closed, ins_closed = _begin(ledger, "150081505104053")
    dmp.dmps[ins_found.value] = DmpStatus.EXISTS
    dmp.dmps[ins_closed.value] = DmpStatus.CLOSED

    results = dict(reconcile_pending(ledger, dmp, TRAINING_PHARMACIST))

    assert results == {found: CreationState.CREATED, absent: CreationState.FAILED, closed: CreationState.CREATED}
    assert ledger.entries[found].state is CreationState.CREATED
    assert ledger.entries[absent].state is CreationState.FAILED
    assert "reconciled" in ledger.entries[absent].detail
    assert ledger.pending() == []
    assert ledger.statement("2019-03").count == 2
    assert dmp.count("test_existence") == 3
    assert dmp.count("create") == 0  # reconciliation never creates


def test_service_unreachable_leaves_pending_and_goes_on() -> None:
    ledger, dmp = FakeLedger(), FakeDmpService()
    first, _ = _begin(ledger, "180057505612342")
    second, ins2 = _begin(ledger, "282056912304564")
    dmp.dmps[ins2.value] = DmpStatus.EXISTS
    dmp.fail("test_existence", ErrorCode.DMP_UNREACHABLE)

    results = reconcile_pending(ledger, dmp, TRAINING_PHARMACIST)

    assert results == [(first, CreationState.PENDING), (second, CreationState.CREATED)]
    assert [cid for cid, _ in ledger.pending()] == [first]
    # next start, service back: settled
    assert reconcile_pending(ledger, dmp, TRAINING_PHARMACIST) == [(first, CreationState.FAILED)]


def test_nothing_pending_calls_nothing() -> None:
    ledger, dmp = FakeLedger(), FakeDmpService()
    assert reconcile_pending(ledger, dmp, TRAINING_PHARMACIST) == []
    assert dmp.calls == []

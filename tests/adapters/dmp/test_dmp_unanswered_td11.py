"""An unanswered TD1.1 on the real parts (simulator over HTTPS, SQLite journal): an unknown outcome, never a
failure, settled by TD0.2 — in the same call when the service answers soon, later by reconciliation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmp_desktop.dmp.client import DmpClient, DmpTimeouts
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.domain.model import Consent, CreationState
from dmp_desktop.domain.ports import SystemClock
from dmp_desktop.flow.fakes import FakeCardReader, fake_counter, single_card
from dmp_desktop.flow.headless import create_headless
from dmp_desktop.flow.outcomes import CreationOrder, Outcome
from dmp_desktop.flow.reconcile import reconcile_pending
from dmp_desktop.flow.usecases import CounterServices
from dmp_desktop.storage import open_ledger

from .conftest import PHARMACIST, PHARMACY, new_patient

YES = Consent(True, True)
SLOW = DmpTimeouts(existence=2.0, creation=1.0, other=2.0)


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[EmbeddedSimulator]:
    s = EmbeddedSimulator(tmp_path / "sim").start()
    yield s
    s.stop()


@pytest.fixture
def parts(sim: EmbeddedSimulator, tmp_path: Path) -> Iterator[tuple[DmpClient, object]]:
    client = DmpClient(sim.url, sim.client_certificate, sim.client_certificate_password, pharmacy=PHARMACY,
                       ca_bundle=sim.ca_certificate, timeouts=SLOW)
    ledger = open_ledger(f"sqlite:///{tmp_path / 'journal.db'}", spool_dir=tmp_path, workstation="POSTE-1")
    yield client, ledger
    ledger.close()
    client.close()


def _counter(client: DmpClient, ledger: object, delays: tuple[float, ...]) -> CounterServices:
    return fake_counter(dmp=client, ledger=ledger, clock=SystemClock(), pharmacist=PHARMACIST,
                        confirm_delays=delays, pause=time.sleep, workstation="POSTE-1")


def _state(ledger: object, creation_id: str) -> CreationState:
    entry = ledger.record(creation_id)  # type: ignore[attr-defined]
    assert entry is not None
    return entry.state  # type: ignore[no-any-return]


def test_a_slow_td11_is_pending_then_reconciled_created(sim: EmbeddedSimulator, parts: tuple) -> None:
    client, ledger = parts
    beneficiary, ins = new_patient()
    sim.inject("latency", ins.value, seconds=3.0, transaction="TD1.1", count=1)  # commits after our time-out
    report = _counter(client, ledger, (0.2,)).create(CreationOrder(beneficiary, ins, YES))
    assert report.outcome is Outcome.PENDING
    assert report.error is not None and report.error.value == "dmp_creation_unconfirmed"
    assert report.creation_id is not None
    assert _state(ledger, report.creation_id) is CreationState.PENDING  # was FAILED: 1 € never counted
    time.sleep(3.0)  # the service commits the creation it was still holding
    settled = reconcile_pending(ledger, client, PHARMACIST, clock=SystemClock())
    assert settled == [(report.creation_id, CreationState.CREATED)]
    assert _state(ledger, report.creation_id) is CreationState.CREATED


def test_backoff_confirms_a_late_commit_in_the_same_call(sim: EmbeddedSimulator, parts: tuple) -> None:
    client, ledger = parts
    beneficiary, ins = new_patient()
    sim.inject("latency", ins.value, seconds=1.8, transaction="TD1.1", count=1)
    report = _counter(client, ledger, (0.5, 1.0, 2.0)).create(CreationOrder(beneficiary, ins, YES))
    assert report.outcome is Outcome.CREATED
    assert report.creation_id is not None and _state(ledger, report.creation_id) is CreationState.CREATED


def test_a_recent_not_found_stays_pending(sim: EmbeddedSimulator, parts: tuple) -> None:
    client, ledger = parts
    beneficiary, ins = new_patient()
    sim.inject("timeout", ins.value, seconds=2.0, transaction="TD1.1", count=1)  # dropped, never committed
    report = _counter(client, ledger, ()).create(CreationOrder(beneficiary, ins, YES))
    assert report.outcome is Outcome.PENDING and report.creation_id is not None
    # Not found a moment later proves nothing yet: the entry stays pending until the grace period is over.
    assert reconcile_pending(ledger, client, PHARMACIST, clock=SystemClock()) == [
        (report.creation_id, CreationState.PENDING)
    ]


def test_already_exists_confirms_our_pending_row(sim: EmbeddedSimulator, parts: tuple) -> None:
    client, ledger = parts
    card = single_card()
    beneficiary = card.beneficiaries[0]
    counter = _counter(client, ledger, ())
    counter = fake_counter(**{**counter.__dict__, "card_reader": FakeCardReader(card)})
    ins = beneficiary.require_ins(counter.environment)
    sim.inject("latency", ins.value, seconds=2.5, transaction="TD1.1", count=1)
    first = counter.create(CreationOrder(beneficiary, ins, YES))
    assert first.outcome is Outcome.PENDING and first.creation_id is not None
    time.sleep(2.5)
    # The host tries again: TD0.2 finds the DMP our first call created; that call is counted now.
    visit = create_headless(counter, beneficiary=0, consent=YES, account=None, print_receipt=False)
    assert visit.outcome is Outcome.ALREADY_EXISTS
    assert _state(ledger, first.creation_id) is CreationState.CREATED

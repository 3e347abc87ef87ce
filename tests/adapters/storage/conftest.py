"""Storage adapter fixtures: journal records and a SQLite ledger in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, CreationRecord
from dmp_desktop.storage import Ledger, open_ledger

RecordFactory = Callable[..., CreationRecord]


def make_record(
    ins_value: str = "180057505612342",
    *,
    at: datetime | None = None,
    workstation: str = "comptoir-1",
    rpps: str = "10000000001",
    name: str = "Camille FORMATION",
    channels: tuple[Channel, ...] = (),
) -> CreationRecord:
    return CreationRecord(
        at=at or datetime(2019, 3, 14, 10, 30, tzinfo=UTC),
        workstation=workstation,
        pharmacist_rpps=rpps,
        pharmacist_name=name,
        ins=Ins(InsType.INS_NIR, ins_value, "1.2.250.1.213.1.4.10"),
        consent=Consent(True, False),
        channels=channels,
    )


@pytest.fixture
def record() -> RecordFactory:
    return make_record


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db' / 'journal.sqlite3'}"


@pytest.fixture
def ledger(sqlite_url: str, tmp_path: Path) -> Iterator[Ledger]:
    led = open_ledger(sqlite_url, spool_dir=tmp_path / "spool", busy_timeout=0.2)
    yield led
    led.close()

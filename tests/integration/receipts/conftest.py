"""Real CUPS queue helpers for the receipts integration tests: wait for a job, find cups-pdf's output."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest

from dmp_desktop.domain.identity import OID_INS_NIR_TEST, Beneficiary, Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, Pharmacist, Pharmacy, ReceiptData, WebAccount

ENV = {**os.environ, "LC_ALL": "C", "LANG": "C"}


def make_receipt(login: str = "mtef3603", password: str = "cbC!bqf3", account: bool = True) -> ReceiptData:  # noqa: S107
    return ReceiptData(
        beneficiary=Beneficiary(index=0, surname="Lefèvre", first_name="Hélène", birth_date="19700812",
                                holder_nir="270108604926542"),
        ins=Ins(InsType.INS_NIR, "270108604926542", OID_INS_NIR_TEST),
        created_at=datetime(2019, 3, 14, 10, 42),
        pharmacist=Pharmacist("10000000001", "Camille", "Formation"),
        pharmacy=Pharmacy("Pharmacie de la Gare", "420012345"),
        consent=Consent(True, True),
        account=WebAccount(login, password, (Channel.SMS,)) if account else None,
        mobile="+33612345678" if account else None,
    )


def lp_admin(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True, timeout=30, env=ENV)


def wait_completed(job_id: str, timeout: float = 45.0) -> None:
    """Wait for the job to reach 'completed' (cups-pdf creates its file empty first: never wait for the file)."""
    queue = job_id.rsplit("-", 1)[0]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        out = subprocess.run(["lpstat", "-W", "completed", "-o", queue], capture_output=True, text=True,
                             timeout=10, env=ENV, check=False).stdout
        if any(line.split()[:1] == [job_id] for line in out.splitlines()):
            return
        time.sleep(0.1)
    pytest.fail(f"job {job_id} not completed after {timeout} s")


def output_file(job_id: str, since: float) -> Path:
    folder = Path(os.environ.get("DMP_DESKTOP_TEST_PRINTER_OUT", ""))
    number = job_id.rsplit("-", 1)[1]
    end = time.monotonic() + 10
    while time.monotonic() < end:
        found = [p for p in folder.glob(f"*-job_{number}.pdf") if p.stat().st_mtime >= since - 1]
        if found and found[0].stat().st_size > 0:
            return found[0]
        time.sleep(0.1)
    pytest.fail(f"no cups-pdf output for {job_id} in {folder}")


@pytest.fixture(autouse=True)
def _qt_application(qapp: object) -> object:
    """pytest-qt's QApplication first (see tests/adapters/receipts/conftest.py)."""
    return qapp

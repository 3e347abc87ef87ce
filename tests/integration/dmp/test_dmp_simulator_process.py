"""`dmp-desktop dmp-simulator` in its own process: a client and a fault injected from this (other) process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from dmp_desktop.dmp.client import DmpClient, DmpTimeouts
from dmp_desktop.dmp.simulator import TRAINING_CERTIFICATE_PASSWORD
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, Ins, InsType, Quality
from dmp_desktop.domain.model import Consent, DmpStatus
from dmp_desktop.settings import TRAINING_PHARMACIST, TRAINING_PHARMACY


def test_simulator_command(tmp_path: Path) -> None:
    state = tmp_path / "state"
    env = {**os.environ, "DMP_DESKTOP_CONFIG": "", "XDG_DATA_HOME": str(tmp_path / "xdg")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dmp_desktop", "dmp-simulator", "--state", str(state), "--mode", "2019", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["url"].startswith("https://127.0.0.1:")
        assert Path(info["ca_certificate"]) == state / "ca.pem"
        token = Path(info["admin_token_file"]).read_text().strip()
        sophie = Ins(InsType.INS_NIR, "282056912304564", "1.2.250.1.213.1.4.10")
        with DmpClient(info["url"], Path(info["client_certificate"]), TRAINING_CERTIFICATE_PASSWORD,
                       pharmacy=TRAINING_PHARMACY, ca_bundle=Path(info["ca_certificate"]),
                       timeouts=DmpTimeouts(3, 3, 3)) as client:
            assert client.test_existence(sophie, TRAINING_PHARMACIST).status is DmpStatus.NOT_FOUND
            httpx.post(f"{info['admin_url']}/faults", headers={"Authorization": f"Bearer {token}"},
                       json={"fault": "soap_fault", "ins": sophie.value, "subcode": "DMPInvalidCertificate",
                             "count": 1}, timeout=5).raise_for_status()
            with pytest.raises(DomainError) as err:
                client.test_existence(sophie, TRAINING_PHARMACIST)
            assert err.value.code is ErrorCode.DMP_INVALID_CERTIFICATE
            httpx.post(f"{info['admin_url']}/mode", headers={"Authorization": f"Bearer {token}"},
                       json={"mode": "today"}, timeout=5).raise_for_status()
            beneficiary = Beneficiary(1, "MARTIN", "Sophie", "19820518", "180057505612342", "DURAND",
                                      quality=Quality.CONJOINT, certified_nir="282056912304564")
            with pytest.raises(DomainError) as err:
                client.create(beneficiary, sophie, Consent(True, True), TRAINING_PHARMACIST)
            assert err.value.code is ErrorCode.DMP_CREATION_REFUSED
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert not (state / "simulator.json").exists()
        assert (state / "state.json").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()


def test_open_service_attaches_to_a_running_simulator(tmp_path: Path) -> None:
    """A headless process in training mode shares the simulator another process started on the same state."""
    from dmp_desktop.dmp import open_service, running_simulator
    from dmp_desktop.secrets import MemorySecretStore
    from dmp_desktop.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", log_dir=tmp_path / "log")
    state = settings.simulator_state_dir
    assert running_simulator(state) is None
    proc = subprocess.Popen(
        [sys.executable, "-m", "dmp_desktop", "dmp-simulator", "--state", str(state), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "DMP_DESKTOP_CONFIG": "", "XDG_DATA_HOME": str(tmp_path / "xdg")},
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert running_simulator(state) == info
        service, simulator = open_service(settings, MemorySecretStore())
        assert simulator is None
        try:
            token = Path(info["admin_token_file"]).read_text().strip()
            sophie = Ins(InsType.INS_NIR, "282056912304564", "1.2.250.1.213.1.4.10")
            httpx.post(f"{info['admin_url']}/faults", headers={"Authorization": f"Bearer {token}"},
                       json={"fault": "http500", "ins": sophie.value, "count": 1}, timeout=5).raise_for_status()
            with pytest.raises(DomainError) as err:
                service.test_existence(sophie, TRAINING_PHARMACIST)
            assert err.value.code is ErrorCode.DMP_HTTP_ERROR
            assert service.test_existence(sophie, TRAINING_PHARMACIST).status is DmpStatus.NOT_FOUND
        finally:
            service.close()  # type: ignore[attr-defined]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
    assert running_simulator(state) is None

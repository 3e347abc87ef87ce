"""Preloaded patients agree with the training cards; open_service/probe; the admin endpoint over HTTP."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from dmp_desktop import secrets as app_secrets
from dmp_desktop.dmp import CERTIFICATE_PASSWORD, open_service, probe
from dmp_desktop.dmp.client import DmpClient
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.dmp.simulator.state import ACTIVE, CLOSED, preload_records
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, InsEnvironment, Quality
from dmp_desktop.domain.model import DmpStatus
from dmp_desktop.secrets import MemorySecretStore
from dmp_desktop.settings import DmpSettings, Settings

from .conftest import PHARMACIST, new_patient

CARDS = Path(__file__).resolve().parents[3] / "resources" / "training-cards"


def _card(name: str) -> list[Beneficiary]:
    data = json.loads((CARDS / name).read_text(encoding="utf-8"))
    return [
        Beneficiary(i, b["surname"], b["first_name"], b["birth_date"], data["holder_nir"],
                    birth_name=b.get("birth_name", ""), quality=Quality(b["quality"]),
                    certified_nir=b.get("certified_nir"))
        for i, b in enumerate(data["beneficiaries"])
    ]


def test_preload_matches_the_training_cards() -> None:
    records = preload_records()
    robert = _card("dmp-existant.json")[0].require_ins(InsEnvironment.TEST)
    richard = _card("dmp-ferme.json")[0].require_ins(InsEnvironment.TEST)
    assert robert.value == "1271944183920062365689"
    assert richard.value == "1133405715678846068324"
    assert records[robert.value]["status"] == ACTIVE
    assert records[richard.value]["status"] == CLOSED
    assert (records[robert.value]["surname"], records[robert.value]["first_name"]) == ("ROBERT", "Hélène")
    # every other eligible training patient is *not* created, so creation succeeds in mode 2019
    others = {
        name: [b.ins(InsEnvironment.TEST) for b in _card(name)]
        for name in ("famille-martin.json", "naissance-lunaire.json", "ne-en-corse.json", "enfant-sans-nir.json")
    }
    martin = others["famille-martin.json"]
    assert martin[0] is not None and martin[0].value == "0844534189858022147202"
    assert martin[1] is not None and (martin[1].value, martin[1].oid) == ("282056912304564", "1.2.250.1.213.1.4.10")
    for ins_list in others.values():
        for ins in ins_list:
            if ins is not None:
                assert ins.value not in records
    assert set(records) == {robert.value, richard.value, "207058575627097"}  # + the kit's own patient


def test_keyring_entry_name_matches_secrets_module() -> None:
    assert CERTIFICATE_PASSWORD == app_secrets.CERTIFICATE_PASSWORD


def _settings(tmp_path: Path, **dmp: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", log_dir=tmp_path / "log", dmp=replace(DmpSettings(), **dmp))


def test_open_service_training_starts_the_simulator(tmp_path: Path) -> None:
    service, simulator = open_service(_settings(tmp_path), MemorySecretStore())
    try:
        assert simulator is not None and simulator.running
        assert simulator.state_dir == tmp_path / "data" / "simulator"
        assert isinstance(service, DmpClient)
        _, ins = new_patient()
        assert service.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND
    finally:
        service.close()  # type: ignore[attr-defined]
        assert simulator is not None
        simulator.stop()
    assert not simulator.running


def test_open_service_configured_endpoint(tmp_path: Path, simulator: EmbeddedSimulator) -> None:
    own = simulator.issue_client_certificate(tmp_path / "own.p12", usage="structure", password="S3cret-own")
    settings = _settings(tmp_path, endpoint=simulator.url, certificate=str(own),
                         ca_bundle=str(simulator.ca_certificate))
    with pytest.raises(DomainError) as err:
        open_service(settings, MemorySecretStore())
    assert err.value.code is ErrorCode.SECRET_MISSING
    service, sim = open_service(settings, MemorySecretStore({CERTIFICATE_PASSWORD: "S3cret-own"}))
    assert sim is None
    try:
        _, ins = new_patient()
        assert service.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND
    finally:
        service.close()  # type: ignore[attr-defined]


def test_training_certificate_needs_no_keyring(tmp_path: Path, simulator: EmbeddedSimulator) -> None:
    settings = _settings(tmp_path, endpoint=simulator.url, certificate=str(simulator.client_certificate),
                         ca_bundle=str(simulator.ca_certificate))
    service, _ = open_service(settings, MemorySecretStore())
    try:
        _, ins = new_patient()
        assert service.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND
    finally:
        service.close()  # type: ignore[attr-defined]
    production = replace(settings, mode="production")
    with pytest.raises(DomainError) as err:  # never in production: the keyring or nothing
        open_service(production, MemorySecretStore())
    assert err.value.code is ErrorCode.SECRET_MISSING


def test_open_service_refusals(tmp_path: Path) -> None:
    secrets = MemorySecretStore({CERTIFICATE_PASSWORD: "x"})
    no_cert = _settings(tmp_path, endpoint="https://formation1.lps2.dmp.gouv.fr/si-dmp-server/v2/services")
    with pytest.raises(DomainError) as err:
        open_service(no_cert, secrets)
    assert err.value.code is ErrorCode.CERTIFICATE_MISSING
    prod = _settings(tmp_path, endpoint="https://lps2.dmp.gouv.fr/si-dmp-server/v2/services", certificate="c.p12")
    with pytest.raises(DomainError) as err:
        open_service(prod, secrets)  # training settings use the test OID: never towards production
    assert err.value.code is ErrorCode.DMP_TEST_OID_IN_PRODUCTION
    missing = replace(prod, mode="production")
    with pytest.raises(DomainError) as err:
        open_service(missing, secrets)
    assert err.value.code is ErrorCode.CERTIFICATE_MISSING


def test_probe_training(tmp_path: Path) -> None:
    checks = {c.name: c for c in probe(_settings(tmp_path), MemorySecretStore())}
    assert list(checks) == ["certificate", "tls", "td0.2"]
    assert all(c.ok for c in checks.values()), checks
    cert = checks["certificate"]
    assert cert.not_before is not None and cert.not_after is not None and cert.not_before < cert.not_after
    assert "not_found" in checks["td0.2"].detail


def test_probe_reports_missing_secret(tmp_path: Path) -> None:
    (tmp_path / "c.p12").write_bytes(b"not read: the password is missing first")  # a missing file comes first
    checks = probe(_settings(tmp_path, endpoint="https://127.0.0.1:1/x", certificate=str(tmp_path / "c.p12")),
                   MemorySecretStore())
    assert [(c.name, c.ok) for c in checks] == [("certificate", False)]
    assert "secret_missing" in checks[0].detail


def test_admin_endpoint(simulator: EmbeddedSimulator, client: DmpClient) -> None:
    token = (simulator.state_dir / "admin-token").read_text().strip()
    info = json.loads(simulator.info_file.read_text())
    assert info["url"] == simulator.url and info["admin_url"] == simulator.admin_url
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=simulator.admin_url, timeout=5) as admin:
        assert admin.get("/state").status_code == 401
        _, ins = new_patient()
        made = admin.post("/faults", json={"fault": "http500", "ins": ins.value, "count": 1}, headers=auth)
        assert made.status_code == 201 and made.json()["fault"] == "http500"
        assert admin.post("/faults", json={"fault": "nope"}, headers=auth).status_code == 400
        with pytest.raises(DomainError) as err:
            client.test_existence(ins, PHARMACIST)
        assert err.value.code is ErrorCode.DMP_HTTP_ERROR
        state = admin.get("/state", headers=auth).json()
        assert state["mode"] == "2019" and state["faults"] == []
        assert "1271944183920062365689" in state["patients"]
        assert admin.get("/patients/1133405715678846068324", headers=auth).json()["status"] == CLOSED
        assert admin.post("/mode", json={"mode": "today"}, headers=auth).json() == {"mode": "today"}
        assert simulator.mode == "today"
        admin.post("/faults", json={"fault": "latency", "seconds": 0}, headers=auth)
        assert admin.delete("/faults", headers=auth).json() == []
        assert simulator.faults.as_json() == []

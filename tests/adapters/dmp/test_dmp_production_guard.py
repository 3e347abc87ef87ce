"""Production settings pointed at training material are refused loudly, and `doctor` says which and how to fix
it (the real simulator over HTTPS on loopback, its training PKI; a real SQLite URL check)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmp_desktop.commands.doctor import FAIL, check_database, check_dmp
from dmp_desktop.dmp import open_service
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.secrets import CERTIFICATE_PASSWORD, MemorySecretStore
from dmp_desktop.settings import Settings, settings_from_dict


def _production(tmp_path: Path, sim: EmbeddedSimulator, **dmp: object) -> Settings:
    return settings_from_dict({
        "mode": "production", "data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "log"),
        "dmp": {"endpoint": sim.url, "certificate": str(sim.client_certificate), "ca_bundle": str(sim.ca_certificate),
                "ins_environment": "production", **dmp},
        "pharmacy": {"name": "Pharmacie du Port", "number": "130000001"},
        "pharmacist": {"rpps": "10003456789", "first_name": "Anne", "last_name": "Durand"},
    })


def test_production_on_the_training_certificate_is_refused(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    s = _production(tmp_path, simulator)
    secrets = MemorySecretStore({CERTIFICATE_PASSWORD: simulator.client_certificate_password})
    with pytest.raises(DomainError) as err:
        open_service(s, secrets)
    assert err.value.code is ErrorCode.TRAINING_IN_PRODUCTION and "training certificate" in err.value.detail
    checks = {c.name: c for c in check_dmp(s, secrets)}
    assert checks["certificate"].status == FAIL
    assert "training_in_production" in checks["certificate"].detail and "ANS" in checks["certificate"].todo


def test_test_ins_towards_the_production_service_names_the_setting(tmp_path: Path) -> None:
    s = settings_from_dict({"mode": "training", "data_dir": str(tmp_path / "d"), "log_dir": str(tmp_path / "l"),
                            "dmp": {"endpoint": "https://lps2.dmp.gouv.fr/si-dmp-server/v2/services",
                                    "ins_environment": "test"}})
    checks = {c.name: c for c in check_dmp(s, MemorySecretStore())}
    assert "dmp_test_oid_in_production" in checks["certificate"].detail
    assert 'ins_environment = "production"' in checks["certificate"].todo


def test_a_missing_certificate_file_comes_before_the_keyring(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    s = _production(tmp_path, simulator, certificate=str(tmp_path / "absent.p12"))
    with pytest.raises(DomainError) as err:
        open_service(s, MemorySecretStore())  # no password either: the file is the first thing to fix
    assert err.value.code is ErrorCode.CERTIFICATE_MISSING and "absent.p12" in err.value.detail
    checks = {c.name: c for c in check_dmp(s, MemorySecretStore())}
    assert "[dmp] certificate" in checks["certificate"].todo


def test_an_empty_endpoint_is_named(tmp_path: Path) -> None:
    s = settings_from_dict({"mode": "production", "data_dir": str(tmp_path / "d"), "log_dir": str(tmp_path / "l"),
                            "dmp": {"endpoint": "", "ins_environment": "production"}})
    checks = {c.name: c for c in check_dmp(s, MemorySecretStore())}
    assert "[dmp] endpoint" in checks["certificate"].todo


def test_an_unsupported_database_scheme_is_named(tmp_path: Path) -> None:
    s = settings_from_dict({"mode": "training", "data_dir": str(tmp_path / "d"), "log_dir": str(tmp_path / "l"),
                            "database": {"url": "mysql://u@localhost/dmp"}})
    (check,) = check_database(s)
    assert check.status == FAIL and "mysql" in check.detail and "postgresql" in check.todo

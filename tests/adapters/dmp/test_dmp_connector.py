"""open_connector (the DmpConnector port) in training, and `dmp-desktop dmp-simulator history`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dmp_desktop import cli
from dmp_desktop.dmp import open_connector
from dmp_desktop.dmp.client import DmpClient
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.dmp.simulator.softcard import SoftCardSession, sample_image
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import Consent, DmpStatus
from dmp_desktop.domain.professional import AuthMode
from dmp_desktop.settings import Settings

from .conftest import new_patient


class _NoSecrets:
    def get(self, name: str) -> str | None:
        return None

    def set(self, name: str, value: str) -> None:
        raise AssertionError("nothing is stored")

    def delete(self, name: str) -> None:
        return None


def test_training_connector_directe_then_indirecte_on_one_simulator(isolated_dirs: Path) -> None:
    settings = Settings(data_dir=isolated_dirs / "data")
    card = SoftCardSession.issue(settings.simulator_state_dir, sample_image())  # the embedded simulator's IGC
    connector = open_connector(settings, _NoSecrets())
    beneficiary, ins = new_patient()
    try:
        service = connector.connect(card, None)
        assert isinstance(service, DmpClient) and service.mode is AuthMode.DIRECTE
        try:
            pharmacist = card.holder.pharmacist(card.situations[0])
            assert service.test_existence(ins, pharmacist).status is DmpStatus.NOT_FOUND
            service.create(beneficiary, ins, Consent(True, False), pharmacist)
        finally:
            service.close()
        simulator = connector.simulator
        assert simulator is not None and simulator.running
        establishment = connector.connect(None, None)
        try:
            assert isinstance(establishment, DmpClient) and establishment.mode is AuthMode.INDIRECTE
            assert establishment.endpoint == simulator.url  # the same simulator, not a second one
            assert establishment.test_existence(ins, settings.pharmacist).status is DmpStatus.EXISTS
        finally:
            establishment.close()
    finally:
        connector.close()
    assert connector.simulator is None


def test_connector_asks_which_situation(isolated_dirs: Path) -> None:
    settings = Settings(data_dir=isolated_dirs / "data")
    two = SoftCardSession.issue(settings.simulator_state_dir, sample_image(situations=[
        {"structure_id": "1130001234", "name": "Pharmacie du Port"},
        {"structure_id": "1130005678", "name": "Pharmacie de la Gare"},
    ]))
    connector = open_connector(settings, _NoSecrets())
    try:
        with pytest.raises(DomainError) as err:
            connector.connect(two, None)
        assert err.value.code is ErrorCode.CPS_SITUATION_REQUIRED
        assert connector.simulator is None  # nothing started for a refused connection
    finally:
        connector.close()


def test_production_directe_needs_the_dmp_ca_bundle(isolated_dirs: Path) -> None:
    from dmp_desktop.settings import DmpSettings

    settings = Settings(data_dir=isolated_dirs / "data", mode="production",
                        dmp=DmpSettings(endpoint="https://dmp.example.org/si-dmp-server/v2/services"))
    card = SoftCardSession.issue(isolated_dirs / "igc", sample_image())
    with pytest.raises(DomainError) as err:
        open_connector(settings, _NoSecrets()).connect(card, None)
    assert err.value.code is ErrorCode.CERTIFICATE_MISSING


def test_history_command_prints_json_lines(
    simulator: EmbeddedSimulator, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = SoftCardSession.issue(simulator.state_dir, sample_image())
    beneficiary, ins = new_patient()
    with DmpClient.directe(simulator.url, card, card.situations[0], ca_bundle=simulator.ca_certificate) as client:
        client.create(beneficiary, ins, Consent(True, True), card.holder.pharmacist())
        client.test_existence(ins, card.holder.pharmacist())
    capsys.readouterr()
    assert cli.main(["dmp-simulator", "history", "--state", str(simulator.state_dir), "--ins", ins.value]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["transaction"] for line in lines] == ["TD1.1", "TD0.2"]
    assert {line["ins"] for line in lines} == {ins.value}
    assert lines[0]["professional"]["name"] == "ANNE LEROY"
    assert cli.main(["dmp-simulator", "history", "--state", str(isolated_dirs / "nothing")]) == 2


class _Secrets:
    def __init__(self, **values: str) -> None:
        self.values = values

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def test_indirecte_establishment_pair_each_with_its_secret(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    """[dmp] certificate signs nothing: the VIHF goes out signed by [dmp] signature_certificate (the simulator
    refuses a VIHF signed by an authentication-only certificate, so a success proves which one signed)."""
    from dataclasses import dataclass

    from dmp_desktop.dmp import CERTIFICATE_PASSWORD, SIGNATURE_CERTIFICATE_PASSWORD, open_service
    from dmp_desktop.dmp.simulator.history import read_history
    from dmp_desktop.settings import DmpSettings

    @dataclass(frozen=True)
    class PairSettings(DmpSettings):  # the key settings.py is to declare
        signature_certificate: str = ""

    auth = simulator.issue_client_certificate(tmp_path / "auth.p12", usage="auth", password="secret-auth")
    sign = simulator.issue_client_certificate(tmp_path / "sign.p12", usage="sign", password="secret-sign")
    dmp = PairSettings(endpoint=simulator.url, certificate=str(auth), ca_bundle=str(simulator.ca_certificate),
                       signature_certificate=str(sign))
    settings = Settings(data_dir=tmp_path / "data", dmp=dmp)
    secrets = _Secrets(**{CERTIFICATE_PASSWORD: "secret-auth", SIGNATURE_CERTIFICATE_PASSWORD: "secret-sign"})
    beneficiary, ins = new_patient()
    service, started = open_service(settings, secrets)
    assert started is None
    try:
        service.create(beneficiary, ins, Consent(True, True), settings.pharmacist)
    finally:
        service.close()  # type: ignore[attr-defined]
    assert next(read_history(simulator.state_dir, ins.value))["signed_vihf"] is True

    production = Settings(data_dir=tmp_path / "data", dmp=dmp, mode="production")
    with pytest.raises(DomainError) as err:
        open_service(production, _Secrets(**{CERTIFICATE_PASSWORD: "secret-auth"}))
    assert err.value.code is ErrorCode.SECRET_MISSING and SIGNATURE_CERTIFICATE_PASSWORD in err.value.detail

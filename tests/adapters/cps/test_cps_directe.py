"""Mode DIRECTE end to end on real parts: a SoftHSM2 token provisioned with certificates from the simulator's
IGC, TLS client authentication with the token's key, TD0.2 to the simulator over HTTPS (signed VIHF or not).

Skipped while this build has no simulator IGC (dmp.simulator.issue_card_certificates, the dmp side of issue 13).
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dmp_desktop.cps import module, softhsm
from dmp_desktop.cps.image import load_image, resolve_image
from dmp_desktop.cps.pkcs11card import Pkcs11CardReader
from dmp_desktop.cps.training import issued_pems
from dmp_desktop.domain.identity import Beneficiary, Ins, InsEnvironment, nir_key

from .conftest import require_softhsm

simulator_package = importlib.import_module("dmp_desktop.dmp.simulator")
issue_card_certificates = getattr(simulator_package, "issue_card_certificates", None)
pytestmark = pytest.mark.skipif(issue_card_certificates is None,
                                reason="this build has no simulator IGC (dmp.simulator.issue_card_certificates)")
_rng = random.Random(2019)


def new_patient() -> Ins:
    nir13 = f"2{_rng.randint(10, 99)}{_rng.randint(1, 12):02d}75{_rng.randint(1, 999):03d}{_rng.randint(1, 999):03d}"
    nir = nir13 + nir_key(nir13)
    return Beneficiary(0, "TEST", "Patiente", "19800101", nir, certified_nir=nir).require_ins(InsEnvironment.TEST)


@pytest.fixture(scope="module")
def simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    sim = simulator_package.EmbeddedSimulator(tmp_path_factory.mktemp("sim"))
    sim.start()
    yield sim
    sim.stop()


@pytest.mark.parametrize("name", ["pharmacien-deux-officines", "adjoint-cpe"])
@pytest.mark.parametrize("signed", [False, True])
def test_td02_through_tls_with_the_tokens_key(name: str, signed: bool, simulator: Any, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    require_softhsm()
    from dmp_desktop.dmp.client import DmpClient

    image = load_image(resolve_image(name))
    issued = issue_card_certificates(simulator.state_dir, image.as_dict())  # type: ignore[misc]
    made = softhsm.provision(image, tmp_path / "token", *issued_pems(issued)[:4])
    monkeypatch.setenv("SOFTHSM2_CONF", made["env"]["SOFTHSM2_CONF"])
    reader = Pkcs11CardReader(made["module"])
    try:
        session = reader.login(image.pin)
        for situation in session.situations:
            who = session.holder.pharmacist(situation)
            with DmpClient.directe(simulator.url, session, situation, ca_bundle=simulator.ca_certificate,
                                   sign_vihf=signed) as client:
                assert client.test_existence(new_patient(), who).status.value == "not_found"
    finally:
        reader.close()
        module.release(made["module"])

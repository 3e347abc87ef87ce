"""A real simulator over HTTPS on loopback for the whole session, and a client holding its certificate."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from dmp_desktop.dmp.client import DmpClient, DmpTimeouts
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.domain.identity import Beneficiary, Ins, InsEnvironment, Quality, nir_key
from dmp_desktop.domain.model import Pharmacist, Pharmacy

PHARMACIST = Pharmacist(rpps="10000000001", first_name="Camille", last_name="Formation")
PHARMACY = Pharmacy(name="Pharmacie de formation", number="990000017")
FAST = DmpTimeouts(existence=2.0, creation=2.0, other=2.0)


@pytest.fixture(scope="session")
def simulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSimulator]:
    sim = EmbeddedSimulator(tmp_path_factory.mktemp("dmp-sim"))
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture(autouse=True)
def _clean_simulator(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "simulator" in request.fixturenames:
        sim: EmbeddedSimulator = request.getfixturevalue("simulator")
        sim.clear_faults()
        sim.set_mode("2019")


def make_client(sim: EmbeddedSimulator, certificate: Path | None = None, **kwargs: object) -> DmpClient:
    return DmpClient(
        sim.url, certificate or sim.client_certificate, sim.client_certificate_password, pharmacy=PHARMACY,
        ca_bundle=sim.ca_certificate, timeouts=kwargs.pop("timeouts", FAST), **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def client(simulator: EmbeddedSimulator) -> Iterator[DmpClient]:
    with make_client(simulator) as c:
        yield c


_rng = random.Random(20190701)


def new_patient() -> tuple[Beneficiary, Ins]:
    """A fresh (never created) patient with a valid certified NIR: INS-NIR, test OID."""
    nir13 = f"{_rng.choice('12')}{_rng.randint(0, 99):02d}{_rng.randint(1, 12):02d}{_rng.randint(10, 95):02d}" \
            f"{_rng.randint(1, 999):03d}{_rng.randint(1, 999):03d}"
    nir = nir13 + nir_key(nir13)
    b = Beneficiary(0, "TEST", "Patient", "19800101", nir, birth_name="TEST", quality=Quality.ASSURE,
                    certified_nir=nir)
    return b, b.require_ins(InsEnvironment.TEST)

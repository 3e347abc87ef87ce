"""Fixtures of the DMP unit tests: an in-memory test PKI (no files) and sample domain objects."""

from __future__ import annotations

import pytest

from dmp_desktop.dmp import pki
from dmp_desktop.domain.identity import Beneficiary, Ins, InsType, Quality
from dmp_desktop.domain.model import Pharmacist, Pharmacy


@pytest.fixture(scope="session")
def ca() -> pki.Credential:
    return pki.make_ca()


@pytest.fixture(scope="session")
def structure(ca: pki.Credential) -> pki.Credential:
    return pki.issue(ca, "PHARMACIE TEST", ou="1990000017", usage="structure")


@pytest.fixture(scope="session")
def auth_only(ca: pki.Credential) -> pki.Credential:
    return pki.issue(ca, "PHARMACIE TEST AUTH", ou="1990000017", usage="auth")


@pytest.fixture
def pharmacist() -> Pharmacist:
    return Pharmacist(rpps="10000000001", first_name="Camille", last_name="Formation")


@pytest.fixture
def pharmacy() -> Pharmacy:
    return Pharmacy(name="Pharmacie de formation", number="990000017")


@pytest.fixture
def sophie() -> Beneficiary:
    return Beneficiary(
        index=1, surname="MARTIN", first_name="Sophie", birth_date="19820518", holder_nir="180057505612342",
        birth_name="DURAND", quality=Quality.CONJOINT, certified_nir="282056912304564",
    )


@pytest.fixture
def sophie_ins() -> Ins:
    return Ins(InsType.INS_NIR, "282056912304564", "1.2.250.1.213.1.4.10")

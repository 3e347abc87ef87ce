"""Sample accusé data for the receipts adapter tests (accents beyond cp1252 on purpose)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from dmp_desktop.domain.identity import OID_INS_NIR_TEST, Beneficiary, Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, Pharmacist, Pharmacy, ReceiptData, WebAccount

LOGIN = "mtef3603"
PASSWORD = "cbC!bqf3"


def make_receipt(*, account: bool = True, training: bool = False, emergency: bool = True) -> ReceiptData:
    return ReceiptData(
        beneficiary=Beneficiary(index=0, surname="Lefèvre-Ñúñez", first_name="Hélène Łucja Ő",
                                birth_date="19700812", holder_nir="270108604926542", birth_name="Dœuf"),
        ins=Ins(InsType.INS_NIR, "270108604926542", OID_INS_NIR_TEST),
        created_at=datetime(2019, 3, 14, 10, 42),
        pharmacist=Pharmacist("10000000001", "Camille", "Formation"),
        pharmacy=Pharmacy("Pharmacie de la Gare — Saint-Étienne", "420012345"),
        consent=Consent(True, emergency),
        account=WebAccount(LOGIN, PASSWORD, (Channel.SMS, Channel.EMAIL)) if account else None,
        email="helene.lefevre@example.fr" if account else None,
        mobile="+33612345678" if account else None,
        training=training,
    )


@pytest.fixture(autouse=True)
def _qt_application(qapp: object) -> object:
    """pytest-qt's QApplication first: a bare QGuiApplication made by receipts.qtapp would break the
    widget tests that run later in the same process."""
    return qapp


@pytest.fixture
def receipt() -> Callable[..., ReceiptData]:
    return make_receipt

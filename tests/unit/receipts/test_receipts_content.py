"""The texts of the accusé, built from ReceiptData without ReportLab: every field, both variants."""

from __future__ import annotations

from datetime import datetime

import pytest

from dmp_desktop.domain.identity import OID_INS_C, OID_INS_NIR_TEST, Beneficiary, Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, Pharmacist, Pharmacy, ReceiptData, WebAccount
from dmp_desktop.receipts.content import (
    QR_PAYLOAD,
    SUPPORT_PHONE,
    TRAINING_MARK,
    build_content,
    civility,
    format_datetime,
    format_nir,
)


def _data(**changes: object) -> ReceiptData:
    base: dict[str, object] = dict(
        beneficiary=Beneficiary(index=0, surname="Lefèvre", first_name="Hélène", birth_date="19700812",
                                holder_nir="270108604926542", birth_name="Dubois"),
        ins=Ins(InsType.INS_NIR, "270108604926542", OID_INS_NIR_TEST),
        created_at=datetime(2019, 3, 14, 9, 5),
        pharmacist=Pharmacist("10000000001", "Camille", "Formation"),
        pharmacy=Pharmacy("Pharmacie du Marché", "420012345"),
        consent=Consent(True, False),
    )
    base.update(changes)
    return ReceiptData(**base)  # type: ignore[arg-type]


def _rows(content_section: object) -> dict[str, str]:
    return {r.label: r.value for r in content_section.rows}  # type: ignore[attr-defined]


def test_holder_fields() -> None:
    rows = _rows(build_content(_data()).holder)
    assert rows["Civilité"] == "Mme"
    assert rows["Nom"] == "LEFÈVRE"
    assert rows["Nom de naissance"] == "DUBOIS"
    assert rows["Prénom"] == "Hélène"
    assert rows["Date de naissance"] == "12/08/1970"
    assert rows["Identifiant (INS)"] == "2 70 10 86 049 265 42"
    assert rows["Type d'identifiant"].startswith("INS-NIR")


def test_insc_identifier_is_printed_whole() -> None:
    data = _data(ins=Ins(InsType.INS_C, "1541187387477485562488", OID_INS_C))
    rows = _rows(build_content(data).holder)
    # grouped by five, the key apart, every digit kept
    assert rows["Identifiant (INS)"] == "15411 87387 47748 55624 88"
    assert rows["Identifiant (INS)"].replace(" ", "") == "1541187387477485562488"
    assert rows["Type d'identifiant"].startswith("INS-C")


def test_birth_name_equal_to_surname_is_not_repeated() -> None:
    b = _data().beneficiary
    data = _data(beneficiary=Beneficiary(**{**b.__dict__, "birth_name": "LEFÈVRE"}))
    assert "Nom de naissance" not in _rows(build_content(data).holder)


@pytest.mark.parametrize(("answer", "label"), [(True, "autorisé"), (False, "refusé")])
def test_creation_fields(answer: bool, label: str) -> None:
    rows = _rows(build_content(_data(consent=Consent(True, answer))).creation)
    assert rows["Date et heure"] == "14/03/2019 à 09 h 05"
    assert rows["Créé par"].startswith("Camille FORMATION")
    assert rows["Pharmacie"] == "Pharmacie du Marché, n° 420012345"
    assert rows["Consentement"] == "recueilli oralement"
    assert rows["Accès en cas d'urgence"].startswith(label)


def test_without_account_no_credentials() -> None:
    content = build_content(_data())
    assert content.credentials is None
    assert "Aucun compte" in content.no_account_note


def test_with_account_credentials_and_masked_destinations() -> None:
    data = _data(account=WebAccount("mtef3603", "cbC!bqf3", (Channel.SMS, Channel.EMAIL)),
                 mobile="+33612345678", email="helene@example.fr")
    cred = build_content(data).credentials
    assert cred is not None
    assert (cred.login, cred.password) == ("mtef3603", "cbC!bqf3")
    assert cred.otp_destinations == ("par SMS au 06 •• •• •• 78", "par e-mail à h•••e@example.fr")
    assert any("mot de passe" in s for s in cred.steps)
    assert "helene@example.fr" not in repr(cred.otp_destinations)


def test_support_line_site_rights_and_qr() -> None:
    content = build_content(_data())
    assert any(SUPPORT_PHONE in line and "0,06 €/min" in line for line in content.help_lines)
    assert any("dmp.fr" in line for line in content.help_lines)
    assert any("10 ans" in r for r in content.rights)
    assert any("rectification" in r for r in content.rights)
    assert content.qr_payload == QR_PAYLOAD and QR_PAYLOAD.isascii()
    assert content.pharmacy_name == "Pharmacie du Marché"


def test_training_mark_only_in_training() -> None:
    assert build_content(_data()).training_mark is None
    assert build_content(_data(training=True)).training_mark == TRAINING_MARK


def test_helpers() -> None:
    assert civility("M") == "M." and civility("F") == "Mme" and civility("") == ""
    assert format_nir("188102B17295165") == "1 88 10 2B 172 951 65"
    assert format_nir("123") == "123"
    assert format_datetime(datetime(2020, 1, 2, 23, 59)) == "02/01/2020 à 23 h 59"

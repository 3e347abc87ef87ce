"""Reading the holder from the card's certificate, including the CPS test cards' non-DER CN+SN+GN."""

from __future__ import annotations

import datetime as dt

import pytest
from asn1crypto import x509 as asn1x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from dmp_desktop.cps.certificate import build_holder, card_type_from_id, parse_certificate, pem_to_der
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import CardType, Specialty

from .issuer import ca, image, issue

SUBJECT = (("2.5.4.3", "810000000001"), ("2.5.4.4", "FORMATION"), ("2.5.4.42", "CAMILLE"))


def test_a_der_ordered_subject_is_read_by_cryptography() -> None:
    der = pem_to_der(issue(image())[0])
    info = parse_certificate(der)
    assert set(info.subject[-1]) == set(SUBJECT)
    assert info.subject_value("2.5.4.11") == "Pharmacien"
    assert info.not_before == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert info.issuer_value("2.5.4.3") == "TEST CPS CLASSE-1 (tests)"


def test_the_cps_test_cards_subject_order_is_refused_by_cryptography_and_read_anyway() -> None:
    der = pem_to_der(issue(image(), unordered=True)[0])
    with pytest.raises(ValueError, match="InvalidSetOrdering"):
        x509.load_der_x509_certificate(der)
    info = parse_certificate(der)
    assert info.subject[-1] == SUBJECT  # in the certificate's own order
    assert info.not_after == dt.datetime(2036, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    holder = build_holder(info)
    assert (holder.national_id, holder.first_name, holder.last_name) == ("810000000001", "CAMILLE", "FORMATION")


def test_the_rewritten_certificate_still_verifies_with_its_ca() -> None:
    """The test certificate is a real one: its CA signature covers the re-ordered subject."""
    cert = asn1x509.Certificate.load(pem_to_der(issue(image(), unordered=True)[0]))
    public_key = ca()[1].public_key()
    public_key.verify(cert["signature_value"].native, cert["tbs_certificate"].dump(),  # type: ignore[call-arg]
                      padding.PKCS1v15(), hashes.SHA256())


def test_the_holder_is_the_certificates_completed_by_our_objects() -> None:
    info = parse_certificate(pem_to_der(issue(image())[0]))
    plain = build_holder(info)
    assert (plain.profession, plain.specialty, plain.card_type) == ("21", None, CardType.CPS)
    ours = build_holder(info, {"card_type": "CPF", "first_name": "Camille", "last_name": "Formation",
                               "specialty": {"code": "PH21", "code_system": "1.2.250.1.71.4.2.5"}})
    assert (ours.card_type, ours.display_name, ours.specialty) == (CardType.CPF, "Camille FORMATION", Specialty("PH21"))
    assert build_holder(info, raw_specialty="SM26").specialty == Specialty("SM26")
    assert ours.pharmacist().rpps == "10000000001"


def test_a_cpe_is_told_by_its_identifier() -> None:
    assert card_type_from_id("1990000017/PREP0001") is CardType.CPE
    assert card_type_from_id("810000000001") is CardType.CPS
    holder = build_holder(parse_certificate(pem_to_der(issue(image("CPE"), unordered=True)[0])))
    assert holder.card_type is CardType.CPE and holder.profession == ""


def test_garbage_is_an_unknown_card() -> None:
    with pytest.raises(DomainError) as caught:
        parse_certificate(b"\x30\x03\x02\x01\x01")
    assert caught.value.code is ErrorCode.CPS_UNKNOWN

"""Card certificate subjects as the VIHF Issuer, including a multi-valued RDN out of DER set order."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from dmp_desktop.dmp import pki
from dmp_desktop.dmp.certname import certificate_rsa_numbers, certificate_subject_dn
from dmp_desktop.dmp.simulator.softcard import SoftCardSession, sample_image


def _atv(oid: x509.ObjectIdentifier, value: str) -> bytes:
    """The DER AttributeTypeAndValue of one attribute (inside Name > RDN SET)."""
    der = x509.Name([x509.RelativeDistinguishedName([x509.NameAttribute(oid, value)])]).public_bytes()
    return der[4:]  # 30 len 31 len <atv>: short lengths here


def test_our_card_certificates(ca: pki.Credential) -> None:
    card = SoftCardSession.from_ca(ca, sample_image())
    der = card.signature_certificate()
    assert certificate_subject_dn(der) == pki.subject_dn(x509.load_der_x509_certificate(der))
    numbers = x509.load_der_x509_certificate(der).public_key().public_numbers()  # type: ignore[union-attr]
    assert certificate_rsa_numbers(der) == (numbers.n, numbers.e)


def _card_order(der: bytes) -> bytes:
    """The certificate with its CN+SN+GN set in the order the CPS test cards write it (not DER's)."""
    cn = _atv(NameOID.COMMON_NAME, "810001234567")
    sn = _atv(NameOID.SURNAME, "LEROY")
    gn = _atv(NameOID.GIVEN_NAME, "ANNE")
    sorted_set = b"".join(sorted((cn, sn, gn)))  # DER: SET OF sorted by encoding
    assert sorted_set in der
    reordered = der.replace(sorted_set, cn + sn + gn)
    with pytest.raises(ValueError):
        x509.load_der_x509_certificate(reordered)
    return reordered


def test_a_set_out_of_der_order_is_read_as_the_card_writes_it(ca: pki.Credential) -> None:
    card = SoftCardSession.from_ca(ca, sample_image())
    reordered = _card_order(card.signature_certificate())
    expected = "CN=810001234567+SN=LEROY+GN=ANNE,OU=Pharmacien,O=Pharmacie du Port,C=FR"
    assert certificate_subject_dn(reordered) == expected
    assert certificate_rsa_numbers(reordered)[1] == 65537


def test_special_characters_are_escaped(ca: pki.Credential) -> None:
    name = "Pharmacie Dupont, Durand + Fils"
    card = SoftCardSession.from_ca(ca, sample_image(situations=[{"structure_id": "1130001234", "name": name}]))
    reordered = _card_order(card.signature_certificate())
    assert ",O=Pharmacie Dupont\\, Durand \\+ Fils,C=FR" in certificate_subject_dn(reordered)

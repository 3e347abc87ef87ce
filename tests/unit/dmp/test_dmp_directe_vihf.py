"""Mode DIRECTE's VIHF built from the card, and what the simulator checks of it against the TLS certificate."""

from __future__ import annotations

import pytest
from cryptography import x509
from lxml import etree
from signxml.algorithms import DigestAlgorithm, SignatureMethod
from signxml.verifier import SignatureConfiguration, XMLVerifier

from dmp_desktop.dmp import pki, vihf
from dmp_desktop.dmp.messages import Transaction, existence_request
from dmp_desktop.dmp.simulator.softcard import SoftCardSession
from dmp_desktop.dmp.simulator.softcard import sample_cpe as staff_cpe
from dmp_desktop.dmp.simulator.softcard import sample_image as image
from dmp_desktop.dmp.simulator.verify import Reject, verify_vihf
from dmp_desktop.dmp.soap import build_request, new_message_id, read_envelope
from dmp_desktop.dmp.xmlsafe import NS
from dmp_desktop.domain.identity import Ins
from dmp_desktop.domain.professional import OID_PROFESSION, OID_SPECIALTY, CardType

ROLE = f"saml2:AttributeStatement/saml2:Attribute[@Name='{vihf.ATTR_ROLE}']/saml2:AttributeValue/{{urn:hl7-org:v3}}Role"


@pytest.fixture(scope="module")
def card(ca: pki.Credential) -> SoftCardSession:
    return SoftCardSession.from_ca(ca, image())


def _attr(assertion: etree._Element, name: str) -> str | None:
    path = f"saml2:AttributeStatement/saml2:Attribute[@Name='{name}']/saml2:AttributeValue"
    return assertion.findtext(path, namespaces=NS)


def _envelope(assertion: etree._Element, ins: Ins) -> bytes:
    return build_request(action=Transaction.TD0_2.action, body=existence_request(ins, "lps"), assertion=assertion,
                         message_id=new_message_id(), to="https://h/patients")


def _tls(card: SoftCardSession) -> x509.Certificate:
    return x509.load_der_x509_certificate(card.authentication_certificate())


def test_unsigned_directe_vihf_names_the_card_holder(card: SoftCardSession, sophie_ins: Ins) -> None:
    situation = card.situations[0]
    assertion = vihf.directe_vihf(card=card, situation=situation, ins=sophie_ins, lps=vihf.LpsInfo())
    assert [etree.QName(c).localname for c in assertion] == ["Issuer", "Subject", "AuthnStatement",
                                                            "AttributeStatement"]
    assert assertion.findtext("saml2:Subject/saml2:NameID", namespaces=NS) == "810001234567"
    issuer = assertion.findtext("saml2:Issuer", namespaces=NS)
    assert issuer == "GN=ANNE+SN=LEROY+CN=810001234567,OU=Pharmacien,O=Pharmacie du Port,C=FR"
    assert issuer == pki.subject_dn(x509.load_der_x509_certificate(card.signature_certificate()))
    roles = [(r.get("code"), r.get("codeSystem")) for r in assertion.iterfind(ROLE, NS)]
    assert roles == [("21", OID_PROFESSION), ("FH1", OID_SPECIALTY)]
    assert _attr(assertion, "Identifiant_Structure") == "1130001234"
    assert _attr(assertion, "Secteur_Activite") == "SA33^1.2.250.1.71.4.2.4"
    assert _attr(assertion, "Authentification_mode") == "DIRECTE"
    assert _attr(assertion, vihf.ATTR_SUBJECT_ID) is None  # the card names the professional
    context = "saml2:AuthnStatement/saml2:AuthnContext/"
    assert assertion.findtext(context + "saml2:AuthnContextClassRef", namespaces=NS) == vihf.SMARTCARD_PKI
    assert assertion.find(context + "saml2:AuthnContextDecl", NS) is None


def test_the_situation_chooses_the_structure(ca: pki.Credential, sophie_ins: Ins) -> None:
    two = SoftCardSession.from_ca(ca, image(situations=[
        {"structure_id": "1130001234", "name": "Pharmacie du Port", "sector": "SA33"},
        {"structure_id": "31300012340017", "name": "Pharmacie de la Gare", "sector": "SA33"},
    ]))
    assertion = vihf.directe_vihf(card=two, situation=two.situations[1], ins=sophie_ins, lps=vihf.LpsInfo())
    assert _attr(assertion, "Identifiant_Structure") == "31300012340017"


def test_card_signed_vihf_verifies_with_signxml(card: SoftCardSession, sophie_ins: Ins) -> None:
    before = card.signatures
    assertion = vihf.directe_vihf(card=card, situation=card.situations[0], ins=sophie_ins, lps=vihf.LpsInfo(),
                                  signed=True)
    assert card.signatures == before + 1  # one C_Sign with CPS_PRIV_SIG
    assert [etree.QName(c).localname for c in assertion][:2] == ["Issuer", "Signature"]
    config = SignatureConfiguration(signature_methods=frozenset({SignatureMethod.RSA_SHA256}),
                                    digest_algorithms=frozenset({DigestAlgorithm.SHA256}), location="./")
    signer = x509.load_der_x509_certificate(card.signature_certificate())
    result = XMLVerifier().verify(assertion, x509_cert=signer, expect_config=config, id_attribute="ID")
    assert result.signed_xml.findtext("saml2:Subject/saml2:NameID", namespaces=NS) == "810001234567"


def test_simulator_accepts_unsigned_directe_from_the_same_holder(
    ca: pki.Credential, card: SoftCardSession, sophie_ins: Ins
) -> None:
    assertion = vihf.directe_vihf(card=card, situation=card.situations[0], ins=sophie_ins, lps=vihf.LpsInfo())
    caller = verify_vihf(read_envelope(_envelope(assertion, sophie_ins)), ca.certificate, tls_certificate=_tls(card))
    assert (caller.subject_id, caller.mode, caller.signed) == ("810001234567", "DIRECTE", False)
    assert (caller.profession, caller.specialty, caller.card_type) == ("21", "FH1", CardType.CPS)
    assert caller.name == "ANNE LEROY"


def test_simulator_refuses_a_vihf_naming_another_professional(
    ca: pki.Credential, card: SoftCardSession, sophie_ins: Ins
) -> None:
    other = SoftCardSession.from_ca(ca, image(holder_rpps="10009999999", holder_last_name="Autre"))
    assertion = vihf.directe_vihf(card=other, situation=other.situations[0], ins=sophie_ins, lps=vihf.LpsInfo())
    with pytest.raises(Reject) as err:
        verify_vihf(read_envelope(_envelope(assertion, sophie_ins)), ca.certificate, tls_certificate=_tls(card))
    assert err.value.subcode == "DMPVIHFInvalid" and "porteur" in err.value.reason
    with pytest.raises(Reject) as err:
        verify_vihf(read_envelope(_envelope(assertion, sophie_ins)), ca.certificate, tls_certificate=None)
    assert err.value.subcode == "DMPInvalidCertificate"


def test_signed_vihf_checked_and_tampering_refused(ca: pki.Credential, card: SoftCardSession, sophie_ins: Ins) -> None:
    assertion = vihf.directe_vihf(card=card, situation=card.situations[0], ins=sophie_ins, lps=vihf.LpsInfo(),
                                  signed=True)
    data = _envelope(assertion, sophie_ins)
    assert verify_vihf(read_envelope(data), ca.certificate, tls_certificate=_tls(card)).signed
    tampered = data.replace(b"1130001234", b"1130009999", 1)
    assert tampered != data
    with pytest.raises(Reject) as err:
        verify_vihf(read_envelope(tampered), ca.certificate, tls_certificate=_tls(card))
    assert err.value.subcode == "DMPVIHFInvalid"


def test_only_directe_may_go_unsigned(ca: pki.Credential, card: SoftCardSession, sophie_ins: Ins) -> None:
    pharmacist = card.holder.pharmacist(card.situations[0])
    from dmp_desktop.domain.professional import AuthMode

    assertion = vihf.build_assertion(issuer="CN=X", pharmacist=pharmacist, structure_id="1130001234", ins=sophie_ins,
                                     lps=vihf.LpsInfo(), mode=AuthMode.INDIRECTE, signed=False)
    with pytest.raises(Reject, match="non signé"):
        verify_vihf(read_envelope(_envelope(assertion, sophie_ins)), ca.certificate, tls_certificate=_tls(card))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"holder_specialty": None}, "Aucune spécialité"),
        ({"situations": [{"structure_id": "9130001234", "name": "Sans préfixe", "sector": "SA33"}]}, "préfixe"),
    ],
)
def test_role_needs_a_specialty_and_structure_a_prefix(
    ca: pki.Credential, sophie_ins: Ins, changes: dict[str, object], reason: str
) -> None:
    card = SoftCardSession.from_ca(ca, image(**changes))
    assertion = vihf.directe_vihf(card=card, situation=card.situations[0], ins=sophie_ins, lps=vihf.LpsInfo())
    with pytest.raises(Reject, match=reason) as err:
        verify_vihf(read_envelope(_envelope(assertion, sophie_ins)), ca.certificate, tls_certificate=_tls(card))
    assert err.value.subcode == "DMPVIHFInvalid"


def test_cpe_holder_and_card_type(ca: pki.Credential, sophie_ins: Ins) -> None:
    cpe = SoftCardSession.from_ca(ca, staff_cpe())
    assertion = vihf.directe_vihf(card=cpe, situation=cpe.situations[0], ins=sophie_ins, lps=vihf.LpsInfo())
    caller = verify_vihf(read_envelope(_envelope(assertion, sophie_ins)), ca.certificate, tls_certificate=_tls(cpe))
    assert (caller.subject_id, caller.card_type) == ("3113000123400012", CardType.CPE)


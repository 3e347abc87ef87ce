"""The VIHF: attributes, signature, and the simulator's verification (signature cert rule, tampering)."""

from __future__ import annotations

import pytest
from lxml import etree

from dmp_desktop.dmp import vihf
from dmp_desktop.dmp.messages import Transaction, existence_request
from dmp_desktop.dmp.pki import Credential, is_signature_certificate
from dmp_desktop.dmp.simulator.body import check_body
from dmp_desktop.dmp.simulator.verify import Reject, check_addressing, verify_vihf
from dmp_desktop.dmp.soap import build_request, new_message_id, read_envelope
from dmp_desktop.dmp.xmlsafe import NS, q
from dmp_desktop.domain.identity import Ins
from dmp_desktop.domain.model import Pharmacist, Pharmacy
from dmp_desktop.domain.professional import AuthMode

AIR_ORDER = [
    "Identifiant_Structure", "Secteur_Activite", vihf.ATTR_SUBJECT_ID, vihf.ATTR_ROLE, "VIHF_Version",
    "Authentification_mode", vihf.ATTR_RESOURCE_ID, "Ressource_URN", vihf.ATTR_PURPOSE, "LPS_ID", "LPS_Nom",
    "LPS_Version", "LPS_ID_HOMOLOGATION_DMP",
]


def _envelope(signer: Credential, pharmacist: Pharmacist, pharmacy: Pharmacy, ins: Ins, algorithm: str) -> bytes:
    assertion = vihf.signed_vihf(signer=signer, pharmacist=pharmacist, pharmacy=pharmacy, ins=ins,
                                 lps=vihf.LpsInfo(), algorithm=algorithm)
    return build_request(action=Transaction.TD0_2.action, body=existence_request(ins, "lps"), assertion=assertion,
                         message_id=new_message_id(), to="https://h/patients")


@pytest.mark.parametrize("algorithm", ["rsa-sha256", "rsa-sha1"])
def test_signed_vihf_verifies_and_claims_are_read(
    algorithm: str, ca: Credential, structure: Credential, pharmacist: Pharmacist, pharmacy: Pharmacy,
    sophie_ins: Ins,
) -> None:
    envelope = read_envelope(_envelope(structure, pharmacist, pharmacy, sophie_ins, algorithm))
    tx = check_addressing(envelope)
    caller = verify_vihf(envelope, ca.certificate)
    assert tx is Transaction.TD0_2
    assert caller.subject_id == pharmacist.subject_id
    assert (caller.profession, caller.sector, caller.mode) == ("21", "SA33", "INDIRECTE")
    assert caller.signed
    assert caller.structure_id == pharmacy.vihf_structure_id
    assert caller.resource_id == "282056912304564^^^&1.2.250.1.213.1.4.10&ISO^NH"
    assert check_body(tx, envelope.body, caller) == (sophie_ins.value, sophie_ins.oid)
    method = envelope.root.find(".//ds:SignatureMethod", NS).get("Algorithm")
    assert method.endswith(algorithm)


def test_assertion_layout_like_the_air_sample(structure: Credential, pharmacist: Pharmacist, pharmacy: Pharmacy,
                                              sophie_ins: Ins) -> None:
    assertion = vihf.signed_vihf(signer=structure, pharmacist=pharmacist, pharmacy=pharmacy, ins=sophie_ins,
                                 lps=vihf.LpsInfo(), mode=AuthMode.AIR)
    children = [etree.QName(c).localname for c in assertion]
    assert children == ["Issuer", "Signature", "Subject", "AuthnStatement", "AttributeStatement"]
    names = [a.get("Name") for a in assertion.iterfind("saml2:AttributeStatement/saml2:Attribute", NS)]
    assert names == AIR_ORDER
    assert assertion.get("ID").startswith("_")
    assert assertion.findtext("saml2:Issuer", namespaces=NS) == structure.subject_dn
    role = assertion.find(".//{urn:hl7-org:v3}Role")
    assert (role.get("code"), role.get("codeSystem")) == ("21", "1.2.250.1.71.1.2.7")
    assert role.get(q("http://www.w3.org/2001/XMLSchema-instance", "type")) == "CE"


def test_authentication_certificate_signature_is_refused(
    ca: Credential, auth_only: Credential, structure: Credential, pharmacist: Pharmacist, pharmacy: Pharmacy,
    sophie_ins: Ins,
) -> None:
    assert not is_signature_certificate(auth_only.certificate)
    assert is_signature_certificate(structure.certificate)
    envelope = read_envelope(_envelope(auth_only, pharmacist, pharmacy, sophie_ins, "rsa-sha256"))
    with pytest.raises(Reject) as err:
        verify_vihf(envelope, ca.certificate)
    assert err.value.subcode == "DMPInvalidCertificate"
    assert "Not a valid signature certificate" in err.value.reason


def test_foreign_ca_refused(structure: Credential, pharmacist: Pharmacist, pharmacy: Pharmacy,
                            sophie_ins: Ins) -> None:
    from dmp_desktop.dmp.pki import make_ca

    other = make_ca("AUTRE AC")
    envelope = read_envelope(_envelope(structure, pharmacist, pharmacy, sophie_ins, "rsa-sha256"))
    with pytest.raises(Reject) as err:
        verify_vihf(envelope, other.certificate)
    assert err.value.subcode == "DMPInvalidCertificate"


def test_tampered_claim_refused(ca: Credential, structure: Credential, pharmacist: Pharmacist, pharmacy: Pharmacy,
                                sophie_ins: Ins) -> None:
    data = _envelope(structure, pharmacist, pharmacy, sophie_ins, "rsa-sha256")
    tampered = data.replace(pharmacist.subject_id.encode(), b"899999999999", 1)
    assert tampered != data
    with pytest.raises(Reject) as err:
        verify_vihf(read_envelope(tampered), ca.certificate)
    assert err.value.subcode == "DMPVIHFInvalid"


def test_pretty_printing_breaks_the_signature(ca: Credential, structure: Credential, pharmacist: Pharmacist,
                                              pharmacy: Pharmacy, sophie_ins: Ins) -> None:
    root = read_envelope(_envelope(structure, pharmacist, pharmacy, sophie_ins, "rsa-sha256")).root
    etree.indent(root)
    with pytest.raises(Reject):
        verify_vihf(read_envelope(etree.tostring(root)), ca.certificate)


def test_missing_or_duplicated_assertion(ca: Credential, structure: Credential, pharmacist: Pharmacist,
                                         pharmacy: Pharmacy, sophie_ins: Ins) -> None:
    unsigned = build_request(action=Transaction.TD0_2.action, body=existence_request(sophie_ins, "x"),
                             assertion=None, message_id=new_message_id())
    with pytest.raises(Reject, match="0 jeton"):
        verify_vihf(read_envelope(unsigned), ca.certificate)
    env = read_envelope(_envelope(structure, pharmacist, pharmacy, sophie_ins, "rsa-sha256"))
    security = env.root.find(".//wsse:Security", NS)
    security.append(etree.fromstring(etree.tostring(security[0])))
    with pytest.raises(Reject, match="2 jeton"):
        verify_vihf(read_envelope(etree.tostring(env.root)), ca.certificate)


def test_addressing_checks(sophie_ins: Ins) -> None:
    body = existence_request(sophie_ins, "x")
    bad_id = read_envelope(build_request(action=Transaction.TD0_2.action, body=body, assertion=None,
                                         message_id="not-a-uuid"))
    with pytest.raises(Reject, match="MessageID"):
        check_addressing(bad_id)
    unknown = read_envelope(build_request(action="urn:nope", body=existence_request(sophie_ins, "x"),
                                          assertion=None, message_id=new_message_id()))
    with pytest.raises(Reject) as err:
        check_addressing(unknown)
    assert err.value.subcode == "ActionNotSupported"

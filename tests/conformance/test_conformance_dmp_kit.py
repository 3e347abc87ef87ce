"""Conformance with the official DMP kit's sample messages and VIHF (read from the reference folder): every
response is read, our actions, headers, request bodies and VIHF attributes match the samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from dmp_desktop.dmp import messages, vihf
from dmp_desktop.dmp.client import check_answer
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.pki import issue, make_ca
from dmp_desktop.dmp.soap import read_envelope
from dmp_desktop.dmp.xmlsafe import NS, UnsafeXml
from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Channel, DmpStatus
from dmp_desktop.domain.professional import AuthMode
from dmp_desktop.settings import TRAINING_PHARMACIST, TRAINING_PHARMACY

pytestmark = pytest.mark.conformance

KIT_INS = Ins(InsType.INS_NIR, "207058575627097", "1.2.250.1.213.1.4.10")


def _sample(reference: Path, name: str) -> bytes:
    return (reference / "dmp-kit" / "messages" / name).read_bytes()


def test_every_sample_response_is_read(reference: Path) -> None:
    names = sorted(p.name for p in (reference / "dmp-kit" / "messages").glob("*_response.xml"))
    assert len(names) == 9
    for name in names:
        envelope = read_envelope(_sample(reference, name))
        assert envelope.body is not None, name
        assert envelope.fault is None, name


def test_td02_sample(reference: Path) -> None:
    env = read_envelope(_sample(reference, "TD0.2_Test_d_existence_response.xml"))
    body = check_answer(Transaction.TD0_2, 200, env, env.relates_to)
    result = messages.read_existence(body)
    assert result.status is DmpStatus.EXISTS
    assert result.pharmacist_authorised is True
    assert result.web_account_open is True
    assert env.relates_to == "urn:uuid:0b6f4648-f2e9-4a06-94fd-c563a807212f"


def test_td13a_sample_is_an_existence_answer_too(reference: Path) -> None:
    env = read_envelope(_sample(reference, "TD1.3a_Consultation_response.xml"))
    assert messages.read_existence(check_answer(Transaction.TD0_2, 200, env, None)).status is DmpStatus.EXISTS


@pytest.mark.parametrize("name", ["TD1.3b_Modification_response.xml", "TD1.4_Fermer_response.xml"])
def test_registration_samples(reference: Path, name: str) -> None:
    env = read_envelope(_sample(reference, name))
    assert env.action == "urn:hl7-org:v3:PRPA_IN201314ResponseUV02"
    assert messages.read_registration(env.body) == "AA"


def test_td15a_sample(reference: Path) -> None:
    env = read_envelope(_sample(reference, "TD1.5a_Creation_du_compte_internet_patient_response.xml"))
    out = messages.read_output(check_answer(Transaction.TD1_5A, 200, env, None), "createPatientAccessResponse")
    assert (out.status, out.login, out.password) == ("DMPOk", "mtef3603", "cbC!bqf3")


def test_td15b_sample(reference: Path) -> None:
    env = read_envelope(_sample(reference, "TD1.5b_Ajout_d_un_canal_OTP_response.xml"))
    out = messages.read_output(check_answer(Transaction.TD1_5B, 200, env, None), "patientOTPUpdateResponse")
    assert (out.status, out.context) == ("DMPOk", "OTP mis à jour")


def test_td15d_sample_with_its_odd_action(reference: Path) -> None:
    env = read_envelope(_sample(reference, "TD1.5d_Maj_des_information_du_compte_internet_response.xml"))
    assert env.action.endswith(":Fault:SoapFault")
    out = messages.read_output(check_answer(Transaction.TD1_5D, 200, env, None), "updatePatientAccessResponse")
    assert (out.login, out.password) == ("judj7573", "d=R#B9xi")


def test_td03_sample(reference: Path) -> None:
    env = read_envelope(_sample(reference, "TD0.3_Mise_a_jour_de_l_autorisation_response.xml"))
    out = messages.read_output(check_answer(Transaction.TD0_3, 200, env, None), "setAuthorizationResponse")
    assert out.context == "Autorisation déjà présente aucune action effectuée"


def test_insi_sample_envelope(reference: Path) -> None:
    env = read_envelope(_sample(reference, "WS_INS2_rechercherInsAvecTraitsIdentite_response.xml"))
    assert etree.QName(env.body).localname == "RESULTAT"
    assert env.body.findtext("{http://www.cnamts.fr/INSiResultat}CR/{http://www.cnamts.fr/INSiResultat}CodeCR") == "00"
    with pytest.raises(DomainError):  # no WS-Addressing: not an answer to any of our transactions
        check_answer(Transaction.TD0_2, 200, env, None)


@pytest.mark.parametrize(
    ("name", "tx"),
    [
        ("TD0.2_Test_d_existence_request.xml", Transaction.TD0_2),
        ("TD0.3_Mise_a_jour_de_l_autorisation_request.xml", Transaction.TD0_3),
        ("TD1.5a_Creation_du_compte_internet_patient_request.xml", Transaction.TD1_5A),
        ("TD1.5b_Ajout_d_un_canal_OTP_request.xml", Transaction.TD1_5B),
        ("TD1.5d_Maj_des_information_du_compte_internet_request.xml", Transaction.TD1_5D),
    ],
)
def test_our_actions_and_bodies_match_the_request_samples(reference: Path, name: str, tx: Transaction) -> None:
    data = _sample(reference, name)
    try:
        env = read_envelope(data)
    except UnsafeXml:
        # TD0.2's sample carries a raw Latin-1 byte (guide §5.10): repair it as the guide does
        env = read_envelope(data.decode("utf-8", "replace").encode("utf-8"))
    assert env.action == tx.action
    header = [etree.QName(c).localname for c in env.header if isinstance(c.tag, str)]
    assert header == ["MessageID", "To", "ReplyTo", "Action", "Security"]
    ours = {
        Transaction.TD0_2: lambda: messages.existence_request(KIT_INS, "x"),
        Transaction.TD0_3: messages.authorization_request,
        Transaction.TD1_5A: lambda: messages.access_request(Channel.SMS, "0606060606"),
        Transaction.TD1_5B: lambda: messages.otp_request(Channel.EMAIL, "mon.email@mail.fr"),
        Transaction.TD1_5D: messages.reset_request,
    }[tx]()
    assert ours.tag == env.body.tag
    sample_children = [etree.QName(c).localname for c in env.body if isinstance(c.tag, str)]
    our_children = [etree.QName(c).localname for c in ours]
    if tx is Transaction.TD0_2:
        sample_children.remove("attentionLine")  # xsi:nil placeholder in the sample
    assert our_children == sample_children
    if tx is not Transaction.TD0_2:
        assert [c.text for c in ours] == [c.text.strip() for c in env.body if isinstance(c.tag, str)]


def test_vihf_attributes_match_the_air_sample(reference: Path) -> None:
    data = (reference / "dmp-kit" / "vihf" / "VIHF_INDIRECTE_RENFORCEE_signe.xml").read_bytes()
    sample = etree.fromstring(data)
    names = [a.get("Name") for a in sample.iterfind("saml2:AttributeStatement/saml2:Attribute", NS)]
    signer = issue(make_ca(), "X", ou="1", usage="structure")
    ours = vihf.signed_vihf(signer=signer, pharmacist=TRAINING_PHARMACIST, pharmacy=TRAINING_PHARMACY,
                            ins=KIT_INS, lps=vihf.LpsInfo(), mode=AuthMode.AIR)
    assert [a.get("Name") for a in ours.iterfind("saml2:AttributeStatement/saml2:Attribute", NS)] == names
    assert [etree.QName(c).localname for c in ours] == [etree.QName(c).localname for c in sample]
    decl = "saml2:AuthnStatement/saml2:AuthnContext/saml2:AuthnContextDecl"
    assert ours.findtext(decl, namespaces=NS) == sample.findtext(decl, namespaces=NS)


def test_cps_sample_certificate_subject_read_despite_its_set_order(reference: Path) -> None:
    """The DIRECTE sample's card certificate: cryptography refuses its RDN set order, the Issuer is still read."""
    import base64
    import re

    from cryptography import x509

    from dmp_desktop.dmp.certname import certificate_rsa_numbers, certificate_subject_dn

    data = (reference / "dmp-kit" / "vihf" / "VIHF_DIRECTE_signe.xml").read_bytes()  # not valid UTF-8 (§5.10)
    found = re.search(rb"<X509Certificate>(.*?)</X509Certificate>", data)
    assert found is not None
    der = base64.b64decode(b"".join(found.group(1).split()))
    with pytest.raises(ValueError, match="InvalidSetOrdering"):
        x509.load_der_x509_certificate(der)
    assert certificate_subject_dn(der) == "CN=899900038839+SN=TRAL+GN=ADEMIS,OU=Médecin,O=TEST,C=FR"
    assert certificate_rsa_numbers(der)[1] == 65537


# ---- wire fidelity (issue 16): what the samples write and we now write the same way ---------------------------

REQUEST_SAMPLES = ["TD0.3_Mise_a_jour_de_l_autorisation_request.xml",
                   "TD1.5a_Creation_du_compte_internet_patient_request.xml",
                   "TD1.5b_Ajout_d_un_canal_OTP_request.xml",
                   "TD1.5d_Maj_des_information_du_compte_internet_request.xml",
                   "TD1.3b_Modification_request.xml", "TD1.4_Fermer_request.xml"]


def _addressing(header: etree._Element) -> list[tuple[str, str | None, dict[str, str]]]:
    """(local name, text, attributes) of the WS-Addressing headers, whitespace ignored."""
    out = []
    for child in header:
        if isinstance(child.tag, str) and etree.QName(child).namespace == "http://www.w3.org/2005/08/addressing":
            value = (child.text or "").strip() or None
            out.append((etree.QName(child).localname, value, dict(child.attrib)))
    return out


@pytest.mark.parametrize("name", REQUEST_SAMPLES)
def test_to_and_must_understand_as_the_samples_write_them(reference: Path, name: str) -> None:
    from dmp_desktop.dmp.soap import build_request, new_message_id

    sample = read_envelope(_sample(reference, name).decode("utf-8", "replace").encode("utf-8"))
    ours = read_envelope(build_request(action=sample.action, body=messages.reset_request(), assertion=None,
                                       message_id=new_message_id()))
    theirs = [(local, None if local == "MessageID" else value, attrs)
              for local, value, attrs in _addressing(sample.header)]
    mine = [(local, None if local == "MessageID" else value, attrs) for local, value, attrs in _addressing(ours.header)]
    assert mine == theirs  # empty To; mustUnderstand="true" unqualified on ReplyTo and Action


def test_td11_patient_person_and_author_like_the_td13b_sample(reference: Path) -> None:
    from dmp_desktop.domain.identity import Beneficiary
    from dmp_desktop.domain.model import AccountRequest, Consent, Pharmacist

    sample = read_envelope(_sample(reference, "TD1.3b_Modification_request.xml")).body
    h = {"h": "urn:hl7-org:v3"}
    person = sample.find(".//h:patientPerson", h)
    beneficiary = Beneficiary(0, "PATB-QUATRE", "LAURENCE", "19790328", "279037505612352", birth_name="DUPONT")
    pharmacist = Pharmacist("99900063480", "Max", "Libre", specialty="SM26")
    ours = messages.creation_request(beneficiary, KIT_INS, Consent(True, True), pharmacist, TRAINING_PHARMACY, "x",
                                     contacts=AccountRequest(email="dominque.pattrois@mail.com", mobile="0607080901"))
    mine = ours.find(".//h:patientPerson", h)
    telecoms = [(t.get("value"), t.get("use")) for t in person.iterfind("h:telecom", h)]
    assert [(t.get("value"), t.get("use")) for t in mine.iterfind("h:telecom", h)] == [
        t for t in telecoms if t[1] != "HP"]  # no landline is asked at the counter
    def order(element: etree._Element) -> list[str]:
        names = [etree.QName(c).localname for c in element if isinstance(c.tag, str)]
        return [n for i, n in enumerate(names) if n != names[i - 1] or i == 0]
    assert order(mine)[:4] == order(person)[:4] == ["name", "telecom", "administrativeGenderCode", "birthTime"]
    entity = "h:controlActProcess/h:subject/h:registrationRequest/h:author/h:assignedEntity"
    assert order(ours.find(entity, h))[:3] == order(sample.find(entity, h))[:3] == ["id", "code", "assignedPerson"]


def test_structure_samples_name_their_certificate_s_ou_with_a_type_prefix(reference: Path) -> None:
    import base64

    from cryptography import x509

    from dmp_desktop.dmp.client import certified_structure
    from dmp_desktop.dmp.pki import Credential
    from dmp_desktop.domain.model import Pharmacy
    from dmp_desktop.domain.professional import STRUCTURE_ID_TYPES

    for name in ("VIHF_INDIRECTE_signe.xml", "VIHF_INDIRECTE_RENFORCEE_signe.xml"):
        sample = etree.fromstring((reference / "dmp-kit" / "vihf" / name).read_bytes())
        encoded = sample.findtext(".//ds:X509Certificate", namespaces=NS)
        cert = x509.load_der_x509_certificate(base64.b64decode("".join(encoded.split())))
        structure = sample.findtext("saml2:AttributeStatement/saml2:Attribute[@Name='Identifiant_Structure']/"
                                    "saml2:AttributeValue", namespaces=NS)
        assert structure[:1] in STRUCTURE_ID_TYPES, name
        signer = Credential(key=None, certificate=cert)  # type: ignore[arg-type]
        assert certified_structure(Pharmacy("P", "000"), signer).vihf_structure_id == structure, name
    directe = (reference / "dmp-kit" / "vihf" / "VIHF_DIRECTE_non_signe.xml").read_bytes()
    assert b">499900063480001<" in directe and "499900063480001"[:1] in STRUCTURE_ID_TYPES


def test_the_sha1_setting_signs_as_the_samples(reference: Path) -> None:
    sample = etree.fromstring((reference / "dmp-kit" / "vihf" / "VIHF_INDIRECTE_signe.xml").read_bytes())
    signer = issue(make_ca(), "X", ou="1990000017", usage="structure")
    ours = vihf.signed_vihf(signer=signer, pharmacist=TRAINING_PHARMACIST, pharmacy=TRAINING_PHARMACY, ins=KIT_INS,
                            lps=vihf.LpsInfo(), algorithm="rsa-sha1")
    for path in (".//ds:SignatureMethod", ".//ds:DigestMethod", ".//ds:CanonicalizationMethod"):
        assert ours.find(path, NS).get("Algorithm") == sample.find(path, NS).get("Algorithm"), path

"""Our own expectations of the wire format, written out so a clone with nothing beside it checks them: the
WS-Addressing actions, the SOAP header order, the request bodies' element order and the VIHF attribute names.
The conformance tier (tests/conformance/) holds the same against the official kit's samples."""

from __future__ import annotations

import pytest
from lxml import etree

from dmp_desktop.dmp import messages, vihf
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.pki import Credential
from dmp_desktop.dmp.soap import build_request, new_message_id, read_envelope
from dmp_desktop.dmp.xmlsafe import NS
from dmp_desktop.domain.identity import Beneficiary, Ins
from dmp_desktop.domain.model import AccountRequest, Channel, Consent, Pharmacist, Pharmacy

PATIENTS = "urn:si-dmp-patients:PatientSpecificEndPoint:"
HABILITATIONS = "urn:si-dmp-habilitations:HabilitationsEndPoint:"
ACTIONS = {
    Transaction.TD0_2: ("urn:hl7-org:v3:PRPA_IN201307UV02", ("urn:hl7-org:v3:PRPA_IN201308UV02",)),
    Transaction.TD1_1: ("urn:hl7-org:v3:PRPA_IN201311UV02", ("urn:hl7-org:v3:PRPA_IN201311ResponseUV02",)),
    Transaction.TD1_5A: (PATIENTS + "createPatientAccess", (PATIENTS + "createPatientAccessResponse",)),
    Transaction.TD1_5B: (PATIENTS + "patientOTPUpdate", (PATIENTS + "patientOTPUpdateResponse",)),
    # the service's own sample answers TD1.5d with a ':Fault:SoapFault' action around a normal DMPOk body
    Transaction.TD1_5D: (PATIENTS + "updatePatientAccess",
                         (PATIENTS + "updatePatientAccessResponse", PATIENTS + "updatePatientAccess:Fault:SoapFault")),
    Transaction.TD0_3: (HABILITATIONS + "setAuthorization", (HABILITATIONS + "setAuthorizationResponse",)),
}
HEADER_ORDER = ["MessageID", "To", "ReplyTo", "Action", "Security"]
HL7_HEADER = ["id", "creationTime", "interactionId", "processingCode", "processingModeCode", "acceptAckCode",
              "receiver", "sender"]
VIHF_CHILDREN = ["Issuer", "Signature", "Subject", "AuthnStatement", "AttributeStatement"]
VIHF_ATTRIBUTES = [
    "Identifiant_Structure", "Secteur_Activite", "urn:oasis:names:tc:xspa:1.0:subject:subject-id",
    "urn:oasis:names:tc:xacml:2.0:subject:role", "VIHF_Version", "Authentification_mode",
    "urn:oasis:names:tc:xacml:2.0:resource:resource-id", "Ressource_URN",
    "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse", "LPS_ID", "LPS_Nom", "LPS_Version",
    "LPS_ID_HOMOLOGATION_DMP",
]


def _names(element: etree._Element) -> list[str]:
    return [etree.QName(c).localname for c in element if isinstance(c.tag, str)]


@pytest.mark.parametrize("tx", list(Transaction), ids=lambda tx: tx.label)
def test_actions(tx: Transaction) -> None:
    assert (tx.action, tx.response_actions) == ACTIONS[tx]
    assert Transaction.from_action(ACTIONS[tx][0]) is tx


def test_header_order(sophie_ins: Ins) -> None:
    data = build_request(action=Transaction.TD0_2.action, body=messages.existence_request(sophie_ins, "x"),
                         assertion=None, message_id=new_message_id(), to="https://h/patients")
    assert [etree.QName(c).localname for c in read_envelope(data).header] == HEADER_ORDER


def test_existence_request_element_order(sophie_ins: Ins) -> None:
    body = messages.existence_request(sophie_ins, "x")
    assert etree.QName(body).localname == "PRPA_IN201307UV02"
    assert _names(body) == [*HL7_HEADER, "controlActProcess"]


@pytest.mark.parametrize(
    ("build", "tag", "children"),
    [
        (lambda: messages.access_request(Channel.SMS, "0606060606"), "{urn:si-dmp-patients}createPatientAccess",
         [("type", "SMS"), ("canal", "0606060606")]),
        (lambda: messages.otp_request(Channel.EMAIL, "mon.email@mail.fr"), "{urn:si-dmp-patients}patientOTPUpdate",
         [("type", "EMAIL"), ("canal", "mon.email@mail.fr"), ("action", "AJOUT")]),
        (messages.reset_request, "{urn:si-dmp-patients}updatePatientAccess", []),
        (messages.authorization_request, "{urn:si-dmp-habilitations}setAuthorization", [("action", "AJOUT")]),
    ],
    ids=["TD1.5a", "TD1.5b", "TD1.5d", "TD0.3"],
)
def test_si_dmp_request_bodies(build: object, tag: str, children: list[tuple[str, str]]) -> None:
    body = build()  # type: ignore[operator]
    assert body.tag == tag
    assert [(etree.QName(c).localname, c.text) for c in body] == children


def test_vihf_layout_and_attribute_names(structure: Credential, pharmacist: Pharmacist, pharmacy: Pharmacy,
                                         sophie_ins: Ins) -> None:
    assertion = vihf.signed_vihf(signer=structure, pharmacist=pharmacist, pharmacy=pharmacy, ins=sophie_ins,
                                 lps=vihf.LpsInfo())
    assert _names(assertion) == VIHF_CHILDREN
    names = [a.get("Name") for a in assertion.iterfind("saml2:AttributeStatement/saml2:Attribute", NS)]
    assert names == VIHF_ATTRIBUTES


def test_header_to_and_must_understand(sophie_ins: Ins) -> None:
    """As every request sample: an empty To, mustUnderstand="true" unqualified on ReplyTo and Action."""
    data = build_request(action=Transaction.TD0_2.action, body=messages.existence_request(sophie_ins, "x"),
                         assertion=None, message_id=new_message_id())
    header = read_envelope(data).header
    assert [(etree.QName(c).localname, (c.text or "").strip() or None, dict(c.attrib)) for c in header][1:4] == [
        ("To", None, {}), ("ReplyTo", None, {"mustUnderstand": "true"}),
        ("Action", Transaction.TD0_2.action, {"mustUnderstand": "true"})]


def test_creation_patient_person_order(sophie: Beneficiary, sophie_ins: Ins, pharmacist: Pharmacist,
                                       pharmacy: Pharmacy) -> None:
    """The XSD order of patientPerson (vihf-soap-guide §3.1), the telecoms where the TD1.3b sample has them."""
    body = messages.creation_request(sophie, sophie_ins, Consent(True, True), pharmacist, pharmacy, "x",
                                     contacts=AccountRequest("a@b.fr", "+33612345678"))
    person = body.find(".//{urn:hl7-org:v3}patientPerson")
    assert _names(person) == ["name", "telecom", "telecom", "administrativeGenderCode", "birthTime", "contactParty"]
    assert _names(person.find("{urn:hl7-org:v3}name")) == ["prefix", "family", "family", "given"]

"""The transactions on the wire: actions, request bodies (HL7v3 and si-dmp) and the readers of their answers."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
import uuid
from dataclasses import dataclass

from lxml import etree

from dmp_desktop.dmp.xmlsafe import HABILITATIONS, HL7, PATIENTS, XSI, q, text
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, Ins
from dmp_desktop.domain.model import (
    AccountRequest,
    Channel,
    Consent,
    DmpStatus,
    ExistenceResult,
    Pharmacist,
    Pharmacy,
)

DMP_DEVICE_OID = "1.2.250.1.213.4.1.1.1"
REASON_SYSTEM = "1.2.250.1.213.1.1.4.11"
OBSERVATION_SYSTEM = "1.2.250.1.213.4.1.2.3"
ATTENTION_KEY_SYSTEM = "1.2.250.1.213.4.1.2.6.1"
# Our own message/device OID: a UUID-derived OID (2.25.x) needs no registration.
LPS_OID = "2.25.169338466473104611418766453330766385722"


class Transaction(enum.Enum):
    """(request action, accepted response actions, service path, timeout class)."""

    TD0_2 = ("urn:hl7-org:v3:PRPA_IN201307UV02", ("urn:hl7-org:v3:PRPA_IN201308UV02",), "patients", "existence")
    TD1_1 = (
        "urn:hl7-org:v3:PRPA_IN201311UV02",
        ("urn:hl7-org:v3:PRPA_IN201311ResponseUV02",),
        "patients",
        "creation",
    )
    TD1_5A = (
        "urn:si-dmp-patients:PatientSpecificEndPoint:createPatientAccess",
        ("urn:si-dmp-patients:PatientSpecificEndPoint:createPatientAccessResponse",),
        "PatientSpecific",
        "other",
    )
    TD1_5B = (
        "urn:si-dmp-patients:PatientSpecificEndPoint:patientOTPUpdate",
        ("urn:si-dmp-patients:PatientSpecificEndPoint:patientOTPUpdateResponse",),
        "PatientSpecific",
        "other",
    )
    TD1_5D = (
        "urn:si-dmp-patients:PatientSpecificEndPoint:updatePatientAccess",
        # the official sample answers with ':Fault:SoapFault' around a normal DMPOk body
        (
            "urn:si-dmp-patients:PatientSpecificEndPoint:updatePatientAccessResponse",
            "urn:si-dmp-patients:PatientSpecificEndPoint:updatePatientAccess:Fault:SoapFault",
        ),
        "PatientSpecific",
        "other",
    )
    TD0_3 = (
        "urn:si-dmp-habilitations:HabilitationsEndPoint:setAuthorization",
        ("urn:si-dmp-habilitations:HabilitationsEndPoint:setAuthorizationResponse",),
        "habilitations",
        "other",
    )

    @property
    def action(self) -> str:
        return str(self.value[0])

    @property
    def response_actions(self) -> tuple[str, ...]:
        return tuple(self.value[1])

    @property
    def path(self) -> str:
        return str(self.value[2])

    @property
    def timeout_class(self) -> str:
        return str(self.value[3])

    @property
    def label(self) -> str:
        return self.name.replace("_", ".").replace("5A", "5a").replace("5B", "5b").replace("5D", "5d")

    @classmethod
    def from_action(cls, action: str) -> Transaction | None:
        for member in cls:
            if member.action == action:
                return member
        return None


ACCESS_DENIED = "DMPAccessDeniedByRightsService"
# status strings and fault subcodes of the service (brief §1.3, the simulator's own in docs/dmp-simulator.md)
# -> product error codes. ACCESS_DENIED depends on the transaction: see error_code().
STATUS_CODES: dict[str, ErrorCode] = {
    "DMPFound": ErrorCode.DMP_FOUND,
    "DMPClosed": ErrorCode.DMP_CLOSED,
    ACCESS_DENIED: ErrorCode.DMP_ACCESS_DENIED,
    "DMPPatientAccessAlreadyExists": ErrorCode.DMP_ACCOUNT_EXISTS,
    "DMPPatientAccessOTPAlreadyExists": ErrorCode.DMP_OTP_CHANNEL_EXISTS,
    "DMPInvalidCertificate": ErrorCode.DMP_INVALID_CERTIFICATE,
    "DMPIdentityCertificationFailure": ErrorCode.DMP_IDENTITY_UNCERTIFIED,
    "DMPNotFound": ErrorCode.DMP_NOT_FOUND,
    "DMPPatientAccessNotFound": ErrorCode.DMP_ACCOUNT_NOT_FOUND,
    "DMPConsentMissing": ErrorCode.DMP_CONSENT_MISSING,
    "DMPInvalidRequest": ErrorCode.DMP_REQUEST_INVALID,
    "InvalidAddressingHeader": ErrorCode.DMP_REQUEST_INVALID,
    "ActionNotSupported": ErrorCode.DMP_REQUEST_INVALID,
    "DMPVIHFInvalid": ErrorCode.DMP_VIHF_INVALID,
}


def error_code(status: str, tx: Transaction | None, default: ErrorCode = ErrorCode.DMP_ERROR) -> ErrorCode:
    """The product's code for a service status or fault subcode. The rights service's refusal means « creation
    refused » on TD1.1 only (closed since July 2021); on any other transaction, no right on this DMP."""
    if status == ACCESS_DENIED and tx is Transaction.TD1_1:
        return ErrorCode.DMP_CREATION_REFUSED
    return STATUS_CODES.get(status, default)


def status_error(status: str, context: str, tx: Transaction | None) -> DomainError:
    return DomainError(error_code(status, tx), f"{status}: {context}" if context else status)


def _hl7(parent: etree._Element, local: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, q(HL7, local), **attrs)


def _header(root: etree._Element, interaction: str, now: dt.datetime, processing: str, lps_name: str) -> None:
    _hl7(root, "id", root=f"{LPS_OID}.1", extension=str(uuid.uuid4()))
    _hl7(root, "creationTime", value=now.strftime("%Y%m%d%H%M%S"))
    _hl7(root, "interactionId", root="2.16.840.1.113883.1.6", extension=interaction)
    _hl7(root, "processingCode", code=processing)
    _hl7(root, "processingModeCode", code="T")
    _hl7(root, "acceptAckCode", code="AL")
    for role, type_code, oid, name in (
        ("receiver", "RCV", DMP_DEVICE_OID, "DMP"),
        ("sender", "SND", LPS_OID, lps_name),
    ):
        device = _hl7(_hl7(root, role, typeCode=type_code), "device", classCode="DEV", determinerCode="INSTANCE")
        _hl7(device, "id", root=oid)
        _hl7(device, "softwareName").text = name


def existence_request(ins: Ins, lps_name: str, now: dt.datetime | None = None) -> etree._Element:
    """TD0.2: PRPA_IN201307UV02 with reasonCode TEST_EXST and the patient's INS as the query parameter."""
    root = etree.Element(q(HL7, "PRPA_IN201307UV02"), nsmap={None: HL7, "xsi": XSI}, ITSVersion="XML_1.0")
    _header(root, "PRPA_IN201307UV02", now or dt.datetime.now(dt.UTC), "D", lps_name)
    cap = _hl7(root, "controlActProcess", classCode="CACT", moodCode="EVN")
    _hl7(cap, "reasonCode", code="TEST_EXST", codeSystem=REASON_SYSTEM, displayName="Test d'existence de dossier")
    query = _hl7(cap, "queryByParameter")
    _hl7(query, "queryId", root=f"{LPS_OID}.2", extension=str(uuid.uuid4()))
    _hl7(query, "statusCode", code="new")
    pid = _hl7(_hl7(query, "parameterList"), "patientIdentifier")
    _hl7(pid, "value", root=ins.oid, extension=ins.value)
    _hl7(pid, "semanticsText").text = "Patient.id"
    return root


def _observation(patient: etree._Element, code: str, label: str, value: bool, when: str | None = None) -> None:
    obs = _hl7(_hl7(patient, "subjectOf", typeCode="SBJ"), "administrativeObservation", classCode="OBS", moodCode="EVN")
    _hl7(obs, "code", code=code, codeSystem=OBSERVATION_SYSTEM, displayName=label)
    if when:
        _hl7(obs, "effectiveTime", value=when)
    v = _hl7(obs, "value", value="true" if value else "false")
    v.set(q(XSI, "type"), "BL")


def hl7_birth_time(yyyymmdd: str) -> str | None:
    """The HL7 TS of a card's birth date at the precision it really has: YYYYMMDD when it is a calendar date,
    YYYYMM for a lunar day (00, 35, 30 February…), YYYY for a lunar month (00, 13…), None without a year.
    A TS is a point in time: an impossible date is never sent (the card's digits go verbatim in the Vitale
    block, contactParty/birthTime, and in the INS-C seed)."""
    if not re.fullmatch(r"[0-9]{8}", yyyymmdd) or yyyymmdd[:4] == "0000":
        return None
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8])
    if not 1 <= month <= 12:
        return yyyymmdd[:4]
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return yyyymmdd[:6]
    return yyyymmdd


def _telecoms(person: etree._Element, contacts: AccountRequest | None) -> None:
    """The patient's mobile (use MC) then e-mail, written as the TD1.3b sample writes them."""
    if contacts is None:
        return
    if contacts.mobile:
        _hl7(person, "telecom", value="tel:" + wire_contact(Channel.SMS, contacts.mobile), use="MC")
    if contacts.email:
        _hl7(person, "telecom", value="mailto:" + contacts.email)


def author_code(pharmacist: Pharmacist) -> str:
    """The author's code as the kit's TD1.1 builder writes it: G15_<profession>[/<specialty>]."""
    code = f"G15_{pharmacist.profession}"
    return f"{code}/{pharmacist.specialty}" if pharmacist.specialty else code


def creation_request(
    beneficiary: Beneficiary,
    ins: Ins,
    consent: Consent,
    pharmacist: Pharmacist,
    pharmacy: Pharmacy,
    lps_name: str,
    now: dt.datetime | None = None,
    contacts: AccountRequest | None = None,
) -> etree._Element:
    """TD1.1: PRPA_IN201311UV02 (vihf-soap-guide §3.1 element order). Oppositions are the negated answers;
    `contacts` (the patient's e-mail and mobile) let the service confirm the creation by e-mail."""
    if not consent.oral_consent:
        raise DomainError(ErrorCode.CONSENT_MISSING, "TD1.1 needs the patient's oral consent")
    if consent.emergency_access is None:
        raise DomainError(ErrorCode.EMERGENCY_ANSWER_MISSING, "TD1.1 needs the emergency-access answer")
    now = now or dt.datetime.now(dt.UTC)
    root = etree.Element(q(HL7, "PRPA_IN201311UV02"), nsmap={None: HL7, "xsi": XSI}, ITSVersion="XML_1.0")
    _header(root, "PRPA_IN201311UV02", now, "P", lps_name)
    cap = _hl7(root, "controlActProcess", classCode="CACT", moodCode="EVN")
    _hl7(cap, "reasonCode", code="CREA_RD", codeSystem=REASON_SYSTEM, displayName="Création de dossier")
    subject = _hl7(cap, "subject", typeCode="SUBJ", contextConductionInd="false")
    reg = _hl7(subject, "registrationRequest", classCode="REG", moodCode="RQO")
    _hl7(reg, "statusCode", code="active")
    patient = _hl7(_hl7(reg, "subject1", typeCode="SBJ"), "patient", classCode="PAT")
    _hl7(patient, "id", root=ins.oid, extension=ins.value)
    _hl7(patient, "statusCode", code="active")
    person = _hl7(patient, "patientPerson", classCode="PSN", determinerCode="INSTANCE")
    name = _hl7(person, "name")
    sex = beneficiary.sex
    if sex:
        _hl7(name, "prefix").text = "M" if sex == "M" else "MME"
    _hl7(name, "family", qualifier="SP").text = beneficiary.surname
    if beneficiary.birth_name:
        _hl7(name, "family", qualifier="BR").text = beneficiary.birth_name
    _hl7(name, "given").text = beneficiary.first_name
    _telecoms(person, contacts)
    if sex:
        _hl7(person, "administrativeGenderCode", code=sex)
    birth_time = hl7_birth_time(beneficiary.birth_date)
    if birth_time:
        _hl7(person, "birthTime", value=birth_time)
    else:
        _hl7(person, "birthTime", nullFlavor="UNK")
    contact = _hl7(person, "contactParty", classCode="CON")
    _hl7(contact, "code", code="CARTE_SESAM_VITALE", codeSystem="1.2.250.1.213.4.1.2.5")
    _hl7(contact, "telecom", nullFlavor="NI")
    vitale = _hl7(contact, "contactPerson", classCode="PSN", determinerCode="INSTANCE")
    vname = _hl7(vitale, "name")
    if beneficiary.birth_name:  # the card's own data: no birth name is invented from the usage name
        _hl7(vname, "family", qualifier="BR").text = beneficiary.birth_name
    _hl7(vname, "family", qualifier="SP").text = beneficiary.surname
    _hl7(vname, "given").text = beneficiary.first_name
    _hl7(vitale, "birthTime", value=beneficiary.birth_date_yymmdd)
    org = _hl7(patient, "providerOrganization", classCode="ORG", determinerCode="INSTANCE")
    _hl7(org, "id", nullFlavor="NI")
    _hl7(org, "contactParty", classCode="CON")
    _observation(
        patient, "CONSENTEMENT_OUVERTURE_DMP", "Consentement a l'ouverture du DMP", True, now.strftime("%Y%m%d")
    )
    opposed = not consent.emergency_access  # "authorises emergency access" = no opposition
    _observation(patient, "OPPOSITION_BRIS_DE_GLACE", "opposition au mode bris de glace", opposed)
    _observation(patient, "OPPOSITION_ACCES_URGENCE", "opposition à l'accès au mode Urgence", opposed)
    entity = _hl7(_hl7(reg, "author", typeCode="AUT"), "assignedEntity", classCode="ASSIGNED")
    _hl7(entity, "id", root="1.2.250.1.71.4.2.1", extension=pharmacist.subject_id)
    _hl7(entity, "code", code=author_code(pharmacist), codeSystem="1.2.250.1.213.1.1.4.5")
    author = _hl7(entity, "assignedPerson", classCode="PSN", determinerCode="INSTANCE")
    aname = _hl7(author, "name")
    _hl7(aname, "family").text = pharmacist.last_name
    _hl7(aname, "given").text = pharmacist.first_name
    rep = _hl7(entity, "representedOrganization", classCode="ORG", determinerCode="INSTANCE")
    _hl7(rep, "id", root="1.2.250.1.71.4.2.2", extension=pharmacy.vihf_structure_id)
    _hl7(rep, "name").text = pharmacy.name
    _hl7(rep, "contactParty", classCode="CON")
    return root


def wire_contact(channel: Channel, contact: str) -> str:
    """E.164 French mobiles go out in national form (the samples' '0606060606'); e-mails as given."""
    if channel is Channel.SMS and contact.startswith("+33") and len(contact) == 12:
        return "0" + contact[3:]
    return contact


def access_request(channel: Channel, contact: str) -> etree._Element:
    root = etree.Element(q(PATIENTS, "createPatientAccess"), nsmap={None: PATIENTS})
    etree.SubElement(root, q(PATIENTS, "type")).text = channel.value
    etree.SubElement(root, q(PATIENTS, "canal")).text = wire_contact(channel, contact)
    return root


def otp_request(channel: Channel, contact: str, action: str = "AJOUT") -> etree._Element:
    root = etree.Element(q(PATIENTS, "patientOTPUpdate"), nsmap={None: PATIENTS})
    etree.SubElement(root, q(PATIENTS, "type")).text = channel.value
    etree.SubElement(root, q(PATIENTS, "canal")).text = wire_contact(channel, contact)
    etree.SubElement(root, q(PATIENTS, "action")).text = action
    return root


def reset_request() -> etree._Element:
    return etree.Element(q(PATIENTS, "updatePatientAccess"), nsmap={None: PATIENTS})


def authorization_request(action: str = "AJOUT") -> etree._Element:
    root = etree.Element(q(HABILITATIONS, "setAuthorization"), nsmap={None: HABILITATIONS})
    etree.SubElement(root, q(HABILITATIONS, "action")).text = action
    return root


# ---- answers -------------------------------------------------------------------------------------------


def _bad(detail: str) -> DomainError:
    return DomainError(ErrorCode.DMP_BAD_RESPONSE, detail)


def _hl7_ack(body: etree._Element) -> tuple[str, str, str]:
    """(typeCode, detail code, detail text) of the first HL7 acknowledgement in the body."""
    ack = body.find(f".//{{{HL7}}}acknowledgement")
    if ack is None:
        raise _bad("HL7 answer without acknowledgement")
    detail = ack.find(f"{{{HL7}}}acknowledgementDetail")
    code = detail.find(f"{{{HL7}}}code") if detail is not None else None
    return (
        str(ack.get("typeCode", "")),
        str(code.get("code", "")) if code is not None else "",
        text(detail.find(f"{{{HL7}}}text")) if detail is not None else "",
    )


def _bool(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get((value or "").lower())


def read_existence(body: etree._Element) -> ExistenceResult:
    """TD0.2 (PRPA_IN201308UV02): OK + active = exists, OK + terminated = closed, NF = not found."""
    if body.tag != q(HL7, "PRPA_IN201308UV02"):
        raise _bad(f"TD0.2 answer is {body.tag}")
    type_code, code, detail = _hl7_ack(body)
    if type_code != "AA":
        raise status_error(code or f"ack {type_code}", detail, Transaction.TD0_2)
    response = body.find(f"{{{HL7}}}controlActProcess/{{{HL7}}}queryAck/{{{HL7}}}queryResponseCode")
    answer = response.get("code", "") if response is not None else ""
    authorised: bool | None = None
    for line in body.findall(f"{{{HL7}}}attentionLine"):
        key = line.find(f"{{{HL7}}}keyWordText")
        value = line.find(f"{{{HL7}}}value")
        if key is not None and key.get("code") == "AUTORISATION" and value is not None:
            authorised = value.get("code") == "VALIDE"
    if answer == "NF":  # no DMP: an authorisation on it means nothing
        return ExistenceResult(DmpStatus.NOT_FOUND, None, None)
    if answer != "OK":
        raise _bad(f"TD0.2 queryResponseCode {answer!r}")
    patient = body.find(f".//{{{HL7}}}subject1/{{{HL7}}}patient")
    if patient is None:
        raise _bad("TD0.2 OK without patient")
    status_el = patient.find(f"{{{HL7}}}statusCode")
    status = status_el.get("code", "") if status_el is not None else ""
    web: bool | None = None
    for obs in patient.findall(f"{{{HL7}}}subjectOf/{{{HL7}}}administrativeObservation"):
        code_el = obs.find(f"{{{HL7}}}code")
        if code_el is not None and code_el.get("code") == "COMPTE_INTERNET_OUVERT":
            value_el = obs.find(f"{{{HL7}}}value")
            web = _bool(value_el.get("value") if value_el is not None else None)
    if status == "terminated":
        return ExistenceResult(DmpStatus.CLOSED, authorised, web)
    if status != "active":
        raise _bad(f"TD0.2 patient statusCode {status!r}")
    return ExistenceResult(DmpStatus.EXISTS, authorised, web)


def read_registration(body: etree._Element, tx: Transaction = Transaction.TD1_1) -> str:
    """TD1.1 / TD1.3b / TD1.4 answers (PRPA_IN2013xxUV02_Response): 'AA' or the refusal as DomainError."""
    if not body.tag.endswith("_Response"):
        raise _bad(f"registration answer is {body.tag}")
    type_code, code, detail = _hl7_ack(body)
    if type_code == "AA":
        return type_code
    raise status_error(code or f"ack {type_code}", detail, tx)


@dataclass(frozen=True)
class Output:
    """The si-dmp 'output' block: status, context and, for TD1.5a/d, the credentials."""

    status: str
    context: str
    login: str = ""
    password: str = ""

    def __repr__(self) -> str:  # the temporary password stays out of reprs and logs
        return f"Output(status={self.status!r}, context={self.context!r}, login={self.login!r})"


def read_output(body: etree._Element, expected_local: str) -> Output:
    """si-dmp answers (TD1.5x, TD0.3, never TD1.1): <ns:xxxResponse><ns:output><ns:status>…; non-DMPOk
    statuses raise."""
    if etree.QName(body).localname != expected_local:
        raise _bad(f"expected {expected_local}, got {body.tag}")
    ns = etree.QName(body).namespace
    output = body.find(f"{{{ns}}}output")
    if output is None:
        raise _bad(f"{expected_local} without output")

    def field(local: str) -> str:
        return text(output.find(f"{{{ns}}}{local}"))

    result = Output(field("status"), field("context"), field("login"), field("password"))
    if not result.status:
        raise _bad(f"{expected_local} without status")
    if result.status != "DMPOk":
        raise status_error(result.status, result.context, None)
    return result

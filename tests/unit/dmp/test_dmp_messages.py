"""Request bodies (TD0.2, TD1.1, TD1.5x, TD0.3) and the readers of answers, errors mapped to ErrorCodes."""

from __future__ import annotations

import pytest
from lxml import etree

from dmp_desktop.dmp import messages
from dmp_desktop.dmp.client import check_answer
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.soap import build_fault, build_request, build_response, new_message_id, read_envelope
from dmp_desktop.dmp.xmlsafe import HL7, NS, parse
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, Ins
from dmp_desktop.domain.model import Channel, Consent, DmpStatus, Pharmacist, Pharmacy

H = {"h": HL7}


def _observations(root: etree._Element) -> dict[str, str]:
    out = {}
    for obs in root.iterfind(".//h:administrativeObservation", H):
        out[obs.find("h:code", H).get("code")] = obs.find("h:value", H).get("value")
    return out


@pytest.mark.parametrize(("authorises", "opposition"), [(True, "false"), (False, "true")])
def test_creation_opposition_polarity(
    authorises: bool, opposition: str, sophie: Beneficiary, sophie_ins: Ins, pharmacist: Pharmacist,
    pharmacy: Pharmacy,
) -> None:
    body = messages.creation_request(sophie, sophie_ins, Consent(True, authorises), pharmacist, pharmacy, "lps")
    obs = _observations(body)
    assert obs == {
        "CONSENTEMENT_OUVERTURE_DMP": "true",
        "OPPOSITION_BRIS_DE_GLACE": opposition,
        "OPPOSITION_ACCES_URGENCE": opposition,
    }


def test_creation_carries_identity_and_raw_vitale_data(
    sophie: Beneficiary, sophie_ins: Ins, pharmacist: Pharmacist, pharmacy: Pharmacy
) -> None:
    body = messages.creation_request(sophie, sophie_ins, Consent(True, True), pharmacist, pharmacy, "lps")
    patient = body.find(".//h:registrationRequest/h:subject1/h:patient", H)
    assert patient.find("h:id", H).attrib == {"root": sophie_ins.oid, "extension": "282056912304564"}
    person = patient.find("h:patientPerson", H)
    # XSD order: name, telecom, gender, birthTime, addr, contactParty
    assert [etree.QName(c).localname for c in person] == ["name", "administrativeGenderCode", "birthTime",
                                                          "contactParty"]
    assert person.find("h:administrativeGenderCode", H).get("code") == "F"
    assert person.find("h:name/h:prefix", H).text == "MME"
    vitale = person.find("h:contactParty/h:contactPerson", H)
    assert vitale.find("h:name/h:family[@qualifier='BR']", H).text == "DURAND"
    assert vitale.find("h:birthTime", H).get("value") == "820518"
    author = body.find(".//h:author/h:assignedEntity", H)
    assert author.find("h:id", H).get("extension") == pharmacist.subject_id
    assert author.find("h:representedOrganization/h:id", H).get("extension") == pharmacy.vihf_structure_id
    assert body.find(".//h:controlActProcess/h:reasonCode", H).get("code") == "CREA_RD"


def test_lunar_birth_date_verbatim_in_the_vitale_block_at_its_precision_in_birth_time(
    pharmacist: Pharmacist, pharmacy: Pharmacy, sophie_ins: Ins
) -> None:
    lunar = Beneficiary(0, "DUPONT", "Marcel", "19620230", "162029935000760")
    body = messages.creation_request(lunar, sophie_ins, Consent(True, False), pharmacist, pharmacy, "lps")
    assert body.find(".//h:patientPerson/h:birthTime", H).get("value") == "196202"  # no 30 February on the wire
    assert body.find(".//h:contactPerson/h:birthTime", H).get("value") == "620230"  # the card's digits


@pytest.mark.parametrize(
    ("consent", "code"),
    [(Consent(False, True), ErrorCode.CONSENT_MISSING), (Consent(True, None), ErrorCode.EMERGENCY_ANSWER_MISSING)],
)
def test_creation_refuses_incomplete_consent(
    consent: Consent, code: ErrorCode, sophie: Beneficiary, sophie_ins: Ins, pharmacist: Pharmacist,
    pharmacy: Pharmacy,
) -> None:
    with pytest.raises(DomainError) as err:
        messages.creation_request(sophie, sophie_ins, consent, pharmacist, pharmacy, "lps")
    assert err.value.code is code


def test_existence_request_queries_the_ins(sophie_ins: Ins) -> None:
    body = messages.existence_request(sophie_ins, "lps")
    value = body.find(".//h:parameterList/h:patientIdentifier/h:value", H)
    assert value.attrib == {"root": sophie_ins.oid, "extension": sophie_ins.value}
    assert body.find("h:controlActProcess/h:reasonCode", H).get("code") == "TEST_EXST"


def test_si_dmp_requests() -> None:
    access = messages.access_request(Channel.SMS, "+33612345678")
    assert access.tag == "{urn:si-dmp-patients}createPatientAccess"
    assert [c.text for c in access] == ["SMS", "0612345678"]
    otp = messages.otp_request(Channel.EMAIL, "a@b.fr")
    assert [c.text for c in otp] == ["EMAIL", "a@b.fr", "AJOUT"]
    assert len(messages.reset_request()) == 0
    assert messages.authorization_request().findtext("{urn:si-dmp-habilitations}action") == "AJOUT"


def test_request_envelope_headers(sophie_ins: Ins) -> None:
    mid = new_message_id()
    data = build_request(action=Transaction.TD0_2.action, body=messages.existence_request(sophie_ins, "x"),
                         assertion=None, message_id=mid, to="https://h/x")
    env = read_envelope(data)
    assert (env.message_id, env.action, env.to) == (mid, Transaction.TD0_2.action, "https://h/x")
    header = [etree.QName(c).localname for c in env.header]
    assert header == ["MessageID", "To", "ReplyTo", "Action", "Security"]
    assert data.startswith(b"<?xml") and b"\n  " not in data  # compact: never re-indented


def _ack_body(type_code: str, code: str = "") -> etree._Element:
    detail = f'<acknowledgementDetail><code code="{code}"/><text>t</text></acknowledgementDetail>' if code else ""
    return parse(
        f'<ns2:PRPA_IN201311UV02_Response xmlns="{HL7}" xmlns:ns2="asip:ci-sis:gdp:2010"><PRPA_IN201313UV02>'
        f'<acknowledgement typeCode="{type_code}">{detail}</acknowledgement></PRPA_IN201313UV02>'
        "</ns2:PRPA_IN201311UV02_Response>".encode()
    )


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("DMPFound", ErrorCode.DMP_FOUND),
        ("DMPClosed", ErrorCode.DMP_CLOSED),
        ("DMPAccessDeniedByRightsService", ErrorCode.DMP_CREATION_REFUSED),
        ("DMPSomethingElse", ErrorCode.DMP_ERROR),
    ],
)
def test_registration_refusals(status: str, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as err:
        messages.read_registration(_ack_body("AE", status))
    assert err.value.code is code
    assert status in err.value.detail


def test_registration_accepted() -> None:
    assert messages.read_registration(_ack_body("AA")) == "AA"


def _existence(answer: str, status: str = "active", web: str = "true", auth: str = "VALIDE") -> etree._Element:
    patient = (
        f'<controlActProcess><subject><registrationEvent><subject1><patient><statusCode code="{status}"/>'
        f'<subjectOf><administrativeObservation><code code="COMPTE_INTERNET_OUVERT"/><value value="{web}"/>'
        "</administrativeObservation></subjectOf></patient></subject1></registrationEvent></subject>"
        f'<queryAck><queryResponseCode code="{answer}"/></queryAck></controlActProcess>'
    )
    return parse(
        f'<PRPA_IN201308UV02 xmlns="{HL7}"><attentionLine><keyWordText code="AUTORISATION"/>'
        f'<value code="{auth}"/></attentionLine><acknowledgement typeCode="AA"/>{patient}</PRPA_IN201308UV02>'.encode()
    )


def test_existence_answers() -> None:
    found = messages.read_existence(_existence("OK"))
    assert (found.status, found.pharmacist_authorised, found.web_account_open) == (DmpStatus.EXISTS, True, True)
    closed = messages.read_existence(_existence("OK", "terminated", "false", "NON_EXISTANTE"))
    assert (closed.status, closed.pharmacist_authorised, closed.web_account_open) == (DmpStatus.CLOSED, False, False)
    assert messages.read_existence(_existence("NF")).status is DmpStatus.NOT_FOUND
    with pytest.raises(DomainError) as err:
        messages.read_existence(_existence("??"))
    assert err.value.code is ErrorCode.DMP_BAD_RESPONSE


def _output(local: str, status: str, login: str = "") -> etree._Element:
    creds = f"<ns1:login>{login}</ns1:login><ns1:password>pw!12345</ns1:password>" if login else ""
    return parse(
        f'<ns1:{local} xmlns:ns1="urn:si-dmp-patients"><ns1:output>{creds}<ns1:status>{status}</ns1:status>'
        f"<ns1:context>c</ns1:context></ns1:output></ns1:{local}>".encode()
    )


@pytest.mark.parametrize(
    ("status", "code"),
    [("DMPPatientAccessAlreadyExists", ErrorCode.DMP_ACCOUNT_EXISTS),
     ("DMPPatientAccessOTPAlreadyExists", ErrorCode.DMP_OTP_CHANNEL_EXISTS)],
)
def test_output_errors(status: str, code: ErrorCode) -> None:
    with pytest.raises(DomainError) as err:
        messages.read_output(_output("createPatientAccessResponse", status), "createPatientAccessResponse")
    assert err.value.code is code


def test_output_ok_keeps_password_out_of_repr() -> None:
    out = messages.read_output(_output("createPatientAccessResponse", "DMPOk", "abcd1234"),
                               "createPatientAccessResponse")
    assert (out.login, out.password) == ("abcd1234", "pw!12345")
    assert "pw!12345" not in repr(out)
    with pytest.raises(DomainError):
        messages.read_output(_output("somethingElse", "DMPOk"), "createPatientAccessResponse")


def test_check_answer_relates_to_and_action() -> None:
    mid = new_message_id()
    body = messages.authorization_request()
    good = read_envelope(build_response(action=Transaction.TD0_3.response_actions[0], relates_to=mid, body=body))
    assert check_answer(Transaction.TD0_3, 200, good, mid) is not None
    with pytest.raises(DomainError, match="RelatesTo") as err:
        check_answer(Transaction.TD0_3, 200, good, new_message_id())
    assert err.value.code is ErrorCode.DMP_BAD_RESPONSE
    with pytest.raises(DomainError, match="Action"):
        check_answer(Transaction.TD0_2, 200, good, mid)
    with pytest.raises(DomainError) as err:
        check_answer(Transaction.TD0_3, 503, good, mid)
    assert err.value.code is ErrorCode.DMP_HTTP_ERROR


@pytest.mark.parametrize(
    ("subcode", "code"),
    [("DMPInvalidCertificate", ErrorCode.DMP_INVALID_CERTIFICATE), ("DMPInternalError", ErrorCode.DMP_SOAP_FAULT)],
)
def test_faults_mapped(subcode: str, code: ErrorCode) -> None:
    mid = new_message_id()
    env = read_envelope(build_fault(subcode=subcode, reason="r", relates_to=mid))
    assert env.fault is not None and env.fault.subcode == subcode and env.fault.code == "Sender"
    assert env.root.find("soap:Body/soap:Fault", NS) is not None
    with pytest.raises(DomainError) as err:
        check_answer(Transaction.TD1_1, 500, env, mid)
    assert err.value.code is code


def test_transactions_table() -> None:
    assert Transaction.from_action("urn:hl7-org:v3:PRPA_IN201311UV02") is Transaction.TD1_1
    assert Transaction.from_action("nope") is None
    assert [t.label for t in Transaction] == ["TD0.2", "TD1.1", "TD1.5a", "TD1.5b", "TD1.5d", "TD0.3"]

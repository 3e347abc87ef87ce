"""What the real service would have seen differently: the structure's type prefix, TD1.1's contacts, birth name,
author code and lunar birth dates, the samples' WS-Addressing header, errors by transaction, the VIHF settings."""

from __future__ import annotations

import pytest
from lxml import etree

from dmp_desktop.dmp import messages
from dmp_desktop.dmp.client import certified_structure, check_answer
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.pki import Credential
from dmp_desktop.dmp.simulator.igc import TRAINING_STRUCTURE_ID
from dmp_desktop.dmp.soap import build_fault, build_request, new_message_id, read_envelope
from dmp_desktop.dmp.xmlsafe import HL7, PATIENTS, SOAP, WSA, q
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, Ins, InsEnvironment, compute_insc
from dmp_desktop.domain.model import AccountRequest, Consent, Pharmacist, Pharmacy, ReceiptData
from dmp_desktop.settings import TRAINING_PHARMACY, Settings, settings_from_dict

H = {"h": HL7}


# ---- Identifiant_Structure ----------------------------------------------------------------------------------

def test_a_pharmacy_known_by_its_finess_is_1_plus_finess() -> None:
    assert Pharmacy("P", "990000017").vihf_structure_id == "1990000017"
    assert Pharmacy("P", "990000017", structure_id="312345678900017").vihf_structure_id == "312345678900017"
    assert TRAINING_PHARMACY.vihf_structure_id == TRAINING_STRUCTURE_ID == "1990000017"


def test_indirecte_takes_the_structure_from_the_signature_certificate(structure: Credential) -> None:
    configured = Pharmacy("P", "990000099")
    assert certified_structure(configured, structure).vihf_structure_id == structure.organisational_unit
    assert certified_structure(configured, None) is configured


# ---- TD1.1 ----------------------------------------------------------------------------------------------------

def _person(body: etree._Element) -> etree._Element:
    found = body.find(".//h:patientPerson", H)
    assert found is not None
    return found


def _create(sophie: Beneficiary, sophie_ins: Ins, pharmacist: Pharmacist, pharmacy: Pharmacy,
            contacts: AccountRequest | None = None) -> etree._Element:
    return messages.creation_request(sophie, sophie_ins, Consent(True, True), pharmacist, pharmacy, "lps",
                                     contacts=contacts)


def test_td11_carries_mobile_then_email_as_the_samples_write_them(
    sophie: Beneficiary, sophie_ins: Ins, pharmacist: Pharmacist, pharmacy: Pharmacy
) -> None:
    body = _create(sophie, sophie_ins, pharmacist, pharmacy, AccountRequest("s.martin@example.fr", "+33612345678"))
    person = _person(body)
    telecoms = [(t.get("value"), t.get("use")) for t in person.iterfind("h:telecom", H)]
    assert telecoms == [("tel:0612345678", "MC"), ("mailto:s.martin@example.fr", None)]
    assert [etree.QName(c).localname for c in person][:4] == ["name", "telecom", "telecom", "administrativeGenderCode"]
    only_mail = _person(_create(sophie, sophie_ins, pharmacist, pharmacy, AccountRequest(email="a@b.fr")))
    assert [t.get("value") for t in only_mail.iterfind("h:telecom", H)] == ["mailto:a@b.fr"]
    assert _person(_create(sophie, sophie_ins, pharmacist, pharmacy)).find("h:telecom", H) is None


def test_td11_birth_name_when_the_card_gives_one(sophie: Beneficiary, sophie_ins: Ins, pharmacist: Pharmacist,
                                                 pharmacy: Pharmacy) -> None:
    name = _person(_create(sophie, sophie_ins, pharmacist, pharmacy)).find("h:name", H)
    assert [(etree.QName(c).localname, c.get("qualifier"), c.text) for c in name] == [
        ("prefix", None, "MME"), ("family", "SP", "MARTIN"), ("family", "BR", "DURAND"), ("given", None, "Sophie")]
    plain = Beneficiary(0, "LEROY", "Anne", "19800101", "280017505612345")
    body = messages.creation_request(plain, sophie_ins, Consent(True, True), pharmacist, pharmacy, "lps")
    assert body.find(".//h:patientPerson/h:name/h:family[@qualifier='BR']", H) is None
    assert body.find(".//h:contactPerson/h:name/h:family[@qualifier='BR']", H) is None  # none invented


def test_td11_author_code_with_the_specialty_as_the_kit_writes_it(
    sophie: Beneficiary, sophie_ins: Ins, pharmacy: Pharmacy
) -> None:
    with_specialty = Pharmacist("10001234567", "Anne", "Leroy", specialty="FH1")
    code = _create(sophie, sophie_ins, with_specialty, pharmacy).find(".//h:author/h:assignedEntity/h:code", H)
    assert (code.get("code"), code.get("codeSystem")) == ("G15_21/FH1", "1.2.250.1.213.1.1.4.5")
    plain = Pharmacist("10001234567", "Anne", "Leroy")
    assert messages.author_code(plain) == "G15_21"


@pytest.mark.parametrize(
    ("card", "wire"),
    [
        ("19820518", "19820518"),
        ("20000229", "20000229"),  # a real 29 February
        ("19000229", "190002"),  # 1900 was not a leap year
        ("19620230", "196202"),  # 30 February
        ("19800100", "198001"),  # day 00
        ("19800135", "198001"),  # day 35
        ("19800000", "1980"),  # month 00
        ("19801301", "1980"),  # month 13
        ("00000000", None),  # no year: nullFlavor
    ],
)
def test_birth_time_is_a_valid_ts_at_the_known_precision(card: str, wire: str | None) -> None:
    assert messages.hl7_birth_time(card) == wire


def test_lunar_date_verbatim_in_the_vitale_block_and_the_insc(sophie_ins: Ins, pharmacist: Pharmacist,
                                                              pharmacy: Pharmacy) -> None:
    lunar = Beneficiary(0, "DUPONT", "Marcel", "19800000", "180007505612359")
    body = messages.creation_request(lunar, sophie_ins, Consent(True, True), pharmacist, pharmacy, "lps")
    assert body.find(".//h:patientPerson/h:birthTime", H).get("value") == "1980"
    assert body.find(".//h:contactPerson/h:birthTime", H).get("value") == "800000"
    insc = lunar.ins(InsEnvironment.TEST)
    assert insc is not None and insc.value == compute_insc("Marcel", "800000", "1800075056123")
    unknown = Beneficiary(0, "DUPONT", "Marcel", "00000000", "180007505612359")
    body = messages.creation_request(unknown, sophie_ins, Consent(True, True), pharmacist, pharmacy, "lps")
    birth = body.find(".//h:patientPerson/h:birthTime", H)
    assert (birth.get("value"), birth.get("nullFlavor")) == (None, "UNK")


# ---- the SOAP header --------------------------------------------------------------------------------------------

def test_header_as_the_samples_write_it(sophie_ins: Ins) -> None:
    data = build_request(action=Transaction.TD0_2.action, body=messages.existence_request(sophie_ins, "x"),
                         assertion=None, message_id=new_message_id())
    header = read_envelope(data).header
    to = header.find(q(WSA, "To"))
    assert to is not None and to.text is None and not to.attrib  # empty, as in every request sample
    for local in ("ReplyTo", "Action"):
        element = header.find(q(WSA, local))
        assert element.get("mustUnderstand") == "true"  # unqualified, as the samples write it
        assert element.get(q(SOAP, "mustUnderstand")) is None


# ---- errors, by transaction ------------------------------------------------------------------------------------

def _ack(type_code: str, code: str) -> etree._Element:
    root = etree.Element(q(HL7, "PRPA_IN201308UV02"))
    ack = etree.SubElement(root, q(HL7, "acknowledgement"), typeCode=type_code)
    detail = etree.SubElement(ack, q(HL7, "acknowledgementDetail"))
    etree.SubElement(detail, q(HL7, "code"), code=code)
    return root


def _output(status: str) -> etree._Element:
    root = etree.Element(q(PATIENTS, "createPatientAccessResponse"))
    out = etree.SubElement(root, q(PATIENTS, "output"))
    etree.SubElement(out, q(PATIENTS, "status")).text = status
    return root


def _raised(run: object) -> ErrorCode:
    with pytest.raises(DomainError) as err:
        run()  # type: ignore[operator]
    return err.value.code


def test_access_denied_means_creation_refused_on_td11_only() -> None:
    denied = messages.ACCESS_DENIED
    registration = etree.Element(q("asip:ci-sis:gdp:2010", "PRPA_IN201311UV02_Response"))
    registration.append(_ack("AE", denied)[0])
    assert _raised(lambda: messages.read_registration(registration)) is ErrorCode.DMP_CREATION_REFUSED
    assert _raised(lambda: messages.read_existence(_ack("AE", denied))) is ErrorCode.DMP_ACCESS_DENIED
    assert _raised(lambda: messages.read_output(_output(denied), "createPatientAccessResponse")) is (
        ErrorCode.DMP_ACCESS_DENIED)
    for tx, code in ((Transaction.TD1_1, ErrorCode.DMP_CREATION_REFUSED), (Transaction.TD1_5A,
                                                                           ErrorCode.DMP_ACCESS_DENIED)):
        fault = read_envelope(build_fault(subcode=denied, reason="refus", relates_to="urn:uuid:x"))
        assert _raised(lambda tx=tx, fault=fault: check_answer(tx, 500, fault, None)) is code


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("DMPNotFound", ErrorCode.DMP_NOT_FOUND),
        ("DMPPatientAccessNotFound", ErrorCode.DMP_ACCOUNT_NOT_FOUND),
        ("DMPConsentMissing", ErrorCode.DMP_CONSENT_MISSING),
        ("DMPIdentityCertificationFailure", ErrorCode.DMP_IDENTITY_UNCERTIFIED),
        ("DMPInvalidRequest", ErrorCode.DMP_REQUEST_INVALID),
        ("InvalidAddressingHeader", ErrorCode.DMP_REQUEST_INVALID),
        ("ActionNotSupported", ErrorCode.DMP_REQUEST_INVALID),
        ("DMPVIHFInvalid", ErrorCode.DMP_VIHF_INVALID),
        ("DMPSomethingNew", ErrorCode.DMP_ERROR),
    ],
)
def test_every_known_status_has_its_own_code(status: str, code: ErrorCode) -> None:
    assert _raised(lambda: messages.read_output(_output(status), "createPatientAccessResponse")) is code


# ---- settings ---------------------------------------------------------------------------------------------------

def test_dmp_vihf_settings_declared_with_their_defaults() -> None:
    dmp = Settings().dmp
    assert (dmp.vihf_algorithm, dmp.vihf_signed, dmp.signature_certificate) == ("sha256", False, "")
    chosen = settings_from_dict({"dmp": {"vihf_algorithm": "sha1", "vihf_signed": True,
                                         "signature_certificate": "C:/certs/sign.p12"}}).dmp
    assert (chosen.vihf_algorithm, chosen.vihf_signed, chosen.signature_certificate) == (
        "sha1", True, "C:/certs/sign.p12")


@pytest.mark.parametrize("raw", [{"vihf_algorithm": "md5"}, {"vihf_signed": "yes"}])
def test_dmp_vihf_settings_refuse_bad_values(raw: dict[str, object]) -> None:
    with pytest.raises(DomainError) as err:
        settings_from_dict({"dmp": raw})
    assert err.value.code is ErrorCode.CONFIG_INVALID


# ---- the accusé ---------------------------------------------------------------------------------------------

def test_receipt_states_how_the_service_confirms(sophie: Beneficiary, sophie_ins: Ins, pharmacist: Pharmacist,
                                                 pharmacy: Pharmacy) -> None:
    import datetime as dt
    from dataclasses import replace

    base = ReceiptData(sophie, sophie_ins, dt.datetime(2019, 6, 1, tzinfo=dt.UTC), pharmacist, pharmacy,
                       Consent(True, True))
    assert base.confirmation_by == ""  # a reprint: the journal keeps no contact, nothing is claimed
    assert ReceiptData(**{**base.__dict__, "email": "a@b.fr"}).confirmation_by == "email"
    assert ReceiptData(**{**base.__dict__, "confirmation": "courrier"}).confirmation_by == "courrier"
    from dmp_desktop.receipts.content import build_content

    assert build_content(base).confirmation_note.endswith("par e-mail ou par courrier.")
    assert build_content(replace(base, email="a@b.fr")).confirmation_note.endswith("par e-mail.")
    assert build_content(replace(base, confirmation="courrier")).confirmation_note.endswith("par courrier.")

"""The simulator as a conformance referee: each request the real service would refuse is refused, with its fault
(docs/dmp-simulator.md, "What the simulator checks"). Every case starts from a request the simulator accepts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from cryptography import x509
from lxml import etree

from dmp_desktop.dmp import messages, pki, vihf
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.simulator.body import check_body
from dmp_desktop.dmp.simulator.softcard import SoftCardSession, sample_image
from dmp_desktop.dmp.simulator.verify import Reject, check_addressing, verify_vihf
from dmp_desktop.dmp.soap import build_request, new_message_id, read_envelope
from dmp_desktop.dmp.xmlsafe import HL7, NS, WSA, parse, q
from dmp_desktop.domain.identity import Beneficiary, Ins, InsType
from dmp_desktop.domain.model import Consent, Pharmacist, Pharmacy
from dmp_desktop.domain.professional import AuthMode

Mutation = Callable[[etree._Element], None]
H = {"h": HL7}


def _value(assertion: etree._Element, name: str) -> etree._Element:
    found = assertion.find(f"saml2:AttributeStatement/saml2:Attribute[@Name='{name}']/saml2:AttributeValue", NS)
    assert found is not None, name
    return found


def _set(name: str, value: str) -> Mutation:
    def apply(assertion: etree._Element) -> None:
        _value(assertion, name).text = value
    return apply


def _role_system(system: str) -> Mutation:
    def apply(assertion: etree._Element) -> None:
        _value(assertion, vihf.ATTR_ROLE)[0].set("codeSystem", system)
    return apply


def _purpose(code: str, system: str = vihf.PURPOSE_SYSTEM) -> Mutation:
    def apply(assertion: etree._Element) -> None:
        ce = _value(assertion, vihf.ATTR_PURPOSE)[0]
        ce.set("code", code)
        ce.set("codeSystem", system)
    return apply


def _instant(delta: dt.timedelta) -> Mutation:
    def apply(assertion: etree._Element) -> None:
        assertion.set("IssueInstant", vihf._instant(dt.datetime.now(dt.UTC) + delta))
    return apply


def _signed(structure: pki.Credential, pharmacist: Pharmacist, ins: Ins | None, *mutations: Mutation,
            structure_id: str | None = None, algorithm: str = "rsa-sha256") -> etree._Element:
    assertion = vihf.build_assertion(issuer=structure.subject_dn, pharmacist=pharmacist,
                                     structure_id=structure_id or structure.organisational_unit, ins=ins,
                                     lps=vihf.LpsInfo())
    for mutate in mutations:
        mutate(assertion)
    return parse(vihf.sign_assertion(assertion, structure, algorithm))


def _envelope(assertion: etree._Element, body: etree._Element, tx: Transaction = Transaction.TD0_2):
    return read_envelope(build_request(action=tx.action, body=body, assertion=assertion,
                                       message_id=new_message_id()))


def _refused(run: Callable[[], object], subcode: str, words: str) -> None:
    with pytest.raises(Reject) as err:
        run()
    assert err.value.subcode == subcode
    assert words in err.value.reason


def _td02(structure: pki.Credential, ca: pki.Credential, pharmacist: Pharmacist, ins: Ins, *mutations: Mutation,
          body_ins: Ins | None = None, structure_id: str | None = None) -> None:
    envelope = _envelope(_signed(structure, pharmacist, ins, *mutations, structure_id=structure_id),
                         messages.existence_request(body_ins or ins, "lps"))
    caller = verify_vihf(envelope, ca.certificate)
    check_body(Transaction.TD0_2, envelope.body, caller)


def test_the_baseline_is_accepted_with_both_algorithms(structure: pki.Credential, ca: pki.Credential,
                                                       pharmacist: Pharmacist, sophie_ins: Ins) -> None:
    for algorithm in ("rsa-sha256", "rsa-sha1"):
        assertion = _signed(structure, pharmacist, sophie_ins, algorithm=algorithm)
        envelope = _envelope(assertion, messages.existence_request(sophie_ins, "lps"))
        caller = verify_vihf(envelope, ca.certificate)
        assert check_body(Transaction.TD0_2, envelope.body, caller) == (sophie_ins.value, sophie_ins.oid)


@pytest.mark.parametrize(
    ("mutation", "words"),
    [
        (_role_system("1.2.250.1.71.4.2.99"), "système de codes inconnu"),
        (_set("Secteur_Activite", "SA33^1.2.250.1.71.1.2.7"), "Secteur_Activite hors du système"),
        (_purpose("urgence"), "PurposeOfUse 'urgence' inconnu"),
        (_purpose("normal", "1.2.3"), "PurposeOfUse hors du système"),
        (_set("Authentification_mode", "CARTE"), "Authentification_mode 'CARTE' inconnu"),
        (_set(vihf.ATTR_RESOURCE_ID, "282056912304564"), "format CX"),
        (_set(vihf.ATTR_RESOURCE_ID, "282056912304564^^^&1.2.250.1.213.1.4.99&ISO^NH"), "OID d’INS inconnu"),
        (_set(vihf.ATTR_RESOURCE_ID, "28205691230456^^^&1.2.250.1.213.1.4.10&ISO^NH"), "longueur"),
        (_instant(dt.timedelta(minutes=-6)), "hors de la tolérance"),
        (_instant(dt.timedelta(minutes=6)), "hors de la tolérance"),
    ],
    ids=["role-system", "sector-system", "purpose-code", "purpose-system", "auth-mode", "resource-id-shape",
         "resource-id-oid", "resource-id-length", "stale", "future"],
)
def test_vihf_claims_the_service_would_refuse(mutation: Mutation, words: str, structure: pki.Credential,
                                              ca: pki.Credential, pharmacist: Pharmacist, sophie_ins: Ins) -> None:
    _refused(lambda: _td02(structure, ca, pharmacist, sophie_ins, mutation), "DMPVIHFInvalid", words)


def test_an_instant_within_the_skew_is_accepted(structure: pki.Credential, ca: pki.Credential,
                                                pharmacist: Pharmacist, sophie_ins: Ins) -> None:
    _td02(structure, ca, pharmacist, sophie_ins, _instant(dt.timedelta(minutes=4)))


@pytest.mark.parametrize("structure_id", ["3990000017", "5990000017"], ids=["not-the-OU", "unknown-prefix"])
def test_structure_identifier_must_be_the_certificate_s(structure_id: str, structure: pki.Credential,
                                                        ca: pki.Credential, pharmacist: Pharmacist,
                                                        sophie_ins: Ins) -> None:
    _refused(lambda: _td02(structure, ca, pharmacist, sophie_ins, structure_id=structure_id), "DMPVIHFInvalid",
             "Identifiant_Structure")


def test_resource_id_naming_another_patient_than_the_body(structure: pki.Credential, ca: pki.Credential,
                                                          pharmacist: Pharmacist, sophie_ins: Ins) -> None:
    other = Ins(InsType.INS_NIR, "180057505612342", sophie_ins.oid)
    _refused(lambda: _td02(structure, ca, pharmacist, sophie_ins, body_ins=other), "DMPVIHFInvalid",
             "autre patient")


@pytest.mark.parametrize(
    ("ins", "words"),
    [
        (Ins(InsType.INS_NIR, "282056912304564", "1.2.250.1.213.1.4.7"), "OID d’INS inconnu"),
        (Ins(InsType.INS_NIR, "2820569123045", "1.2.250.1.213.1.4.10"), "longueur"),
        (Ins(InsType.INS_C, "154118738747748556248", "1.2.250.1.213.1.4.2"), "longueur"),
    ],
    ids=["unknown-oid", "nir-length", "insc-length"],
)
def test_body_ins_of_an_unknown_authority_or_length(ins: Ins, words: str, structure: pki.Credential,
                                                    ca: pki.Credential, pharmacist: Pharmacist) -> None:
    envelope = _envelope(_signed(structure, pharmacist, None), messages.existence_request(ins, "lps"))
    caller = verify_vihf(envelope, ca.certificate)
    _refused(lambda: check_body(Transaction.TD0_2, envelope.body, caller), "DMPInvalidRequest", words)


def _td11(structure: pki.Credential, ca: pki.Credential, pharmacist: Pharmacist, author: Pharmacist,
          sophie: Beneficiary, ins: Ins, pharmacy: Pharmacy, birth_time: str | None = None) -> None:
    body = messages.creation_request(sophie, ins, Consent(True, True), author, pharmacy, "lps")
    if birth_time is not None:
        body.find(".//h:patientPerson/h:birthTime", H).set("value", birth_time)
    envelope = _envelope(_signed(structure, pharmacist, ins), body, Transaction.TD1_1)
    check_body(Transaction.TD1_1, envelope.body, verify_vihf(envelope, ca.certificate))


def test_td11_author_must_be_the_vihf_s_professional(structure: pki.Credential, ca: pki.Credential,
                                                     pharmacist: Pharmacist, pharmacy: Pharmacy,
                                                     sophie: Beneficiary, sophie_ins: Ins) -> None:
    _td11(structure, ca, pharmacist, pharmacist, sophie, sophie_ins, pharmacy)  # the baseline
    someone = Pharmacist(rpps="10000000099", first_name="Autre", last_name="Personne")
    _refused(lambda: _td11(structure, ca, pharmacist, someone, sophie, sophie_ins, pharmacy), "DMPInvalidRequest",
             "author/id")


@pytest.mark.parametrize("value", ["19820230", "19821300", "1982051", "19820018"])
def test_td11_impossible_birth_time(value: str, structure: pki.Credential, ca: pki.Credential,
                                    pharmacist: Pharmacist, pharmacy: Pharmacy, sophie: Beneficiary,
                                    sophie_ins: Ins) -> None:
    _refused(lambda: _td11(structure, ca, pharmacist, pharmacist, sophie, sophie_ins, pharmacy, value),
             "DMPInvalidRequest", "birthTime")


@pytest.mark.parametrize("value", ["1982", "198202", "19820228"])
def test_td11_birth_time_at_a_known_precision(value: str, structure: pki.Credential, ca: pki.Credential,
                                              pharmacist: Pharmacist, pharmacy: Pharmacy, sophie: Beneficiary,
                                              sophie_ins: Ins) -> None:
    _td11(structure, ca, pharmacist, pharmacist, sophie, sophie_ins, pharmacy, value)


def test_directe_structure_must_be_one_of_the_card_s_situations(ca: pki.Credential, sophie_ins: Ins) -> None:
    card = SoftCardSession.from_ca(ca, sample_image())
    tls = x509.load_der_x509_certificate(card.authentication_certificate())

    def run(structure_id: str) -> None:
        assertion = vihf.directe_vihf(card=card, situation=card.situations[0], ins=sophie_ins, lps=vihf.LpsInfo())
        _value(assertion, "Identifiant_Structure").text = structure_id
        envelope = _envelope(assertion, messages.existence_request(sophie_ins, "lps"))
        verify_vihf(envelope, ca.certificate, tls_certificate=tls)

    run(card.situations[0].structure_id)  # the baseline: the chosen situation
    _refused(lambda: run("1130009999"), "DMPVIHFInvalid", "situations d’exercice de la carte")


def _addressing(sophie_ins: Ins, drop: str | None = None) -> etree._Element:
    data = build_request(action=Transaction.TD0_2.action, body=messages.existence_request(sophie_ins, "lps"),
                         assertion=None, message_id=new_message_id())
    root = parse(data)
    if drop:
        header = root.find("soap:Header", NS)
        header.remove(header.find(q(WSA, drop)))
    return root


def test_no_reply_to_is_refused(sophie_ins: Ins) -> None:
    envelope = read_envelope(etree.tostring(_addressing(sophie_ins, "ReplyTo")))
    _refused(lambda: check_addressing(envelope, "patients"), "InvalidAddressingHeader", "ReplyTo absent")
    assert check_addressing(read_envelope(etree.tostring(_addressing(sophie_ins))), "patients") is Transaction.TD0_2


@pytest.mark.parametrize(("service", "accepted"), [("patients", True), ("patient", True),
                                                   ("PatientSpecific", False), ("habilitations", False)])
def test_a_transaction_posted_to_the_wrong_endpoint(service: str, accepted: bool, sophie_ins: Ins) -> None:
    envelope = read_envelope(etree.tostring(_addressing(sophie_ins)))
    if accepted:
        assert check_addressing(envelope, service) is Transaction.TD0_2
    else:
        _refused(lambda: check_addressing(envelope, service), "ActionNotSupported", f"/{service}")


def test_air_mode_is_still_one_of_the_three(structure: pki.Credential, ca: pki.Credential, pharmacist: Pharmacist,
                                            sophie_ins: Ins) -> None:
    assertion = parse(vihf.sign_assertion(
        vihf.build_assertion(issuer=structure.subject_dn, pharmacist=pharmacist,
                             structure_id=structure.organisational_unit, ins=sophie_ins, lps=vihf.LpsInfo(),
                             mode=AuthMode.AIR), structure))
    caller = verify_vihf(_envelope(assertion, messages.existence_request(sophie_ins, "lps")), ca.certificate)
    assert caller.mode == AuthMode.AIR.value


def test_directe_any_situation_of_a_card_with_two(ca: pki.Credential, sophie_ins: Ins) -> None:
    two = sample_image(situations=[{"structure_id": "1130001234", "name": "Pharmacie du Port", "sector": "SA33"},
                                   {"structure_id": "312345678900017", "name": "Pharmacie de la Gare",
                                    "sector": "SA33"}])
    card = SoftCardSession.from_ca(ca, two)
    tls = x509.load_der_x509_certificate(card.authentication_certificate())
    for situation in card.situations:
        assertion = vihf.directe_vihf(card=card, situation=situation, ins=sophie_ins, lps=vihf.LpsInfo())
        envelope = _envelope(assertion, messages.existence_request(sophie_ins, "lps"))
        assert verify_vihf(envelope, ca.certificate, tls_certificate=tls).structure_id == situation.structure_id

"""What the simulated service checks on every request: WS-Addressing, the VIHF signature and claims, the body."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree
from signxml.algorithms import DigestAlgorithm, SignatureMethod
from signxml.exceptions import SignXMLException
from signxml.verifier import SignatureConfiguration, XMLVerifier

from dmp_desktop.dmp import vihf
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.pki import is_signature_certificate, subject_dn
from dmp_desktop.dmp.simulator.igc import card_type_of
from dmp_desktop.dmp.soap import Envelope
from dmp_desktop.dmp.xmlsafe import HL7, NS, SAML, WSA_ANONYMOUS, q, text
from dmp_desktop.domain.professional import (
    OID_PROFESSION,
    OID_SPECIALTY,
    PROFESSIONS_NEEDING_SPECIALTY,
    STRUCTURE_ID_TYPES,
    AuthMode,
    CardType,
)

_CONFIG = SignatureConfiguration(
    signature_methods=frozenset({SignatureMethod.RSA_SHA1, SignatureMethod.RSA_SHA256}),
    digest_algorithms=frozenset({DigestAlgorithm.SHA1, DigestAlgorithm.SHA256}),
    location="./",
    expect_references=1,
)
REQUIRED_ATTRIBUTES = (
    "Identifiant_Structure",
    "Secteur_Activite",
    vihf.ATTR_ROLE,
    "VIHF_Version",
    "Authentification_mode",
    "Ressource_URN",
    vihf.ATTR_PURPOSE,
    "LPS_Nom",
    "LPS_ID_HOMOLOGATION_DMP",
)
# Transactions that identify the patient in the VIHF only (brief §7).
NEEDS_RESOURCE_ID = {Transaction.TD1_5A, Transaction.TD1_5B, Transaction.TD1_5D, Transaction.TD0_3}


class Reject(Exception):
    """The request is refused with a SOAP fault: subcode (e.g. DMPInvalidCertificate) and a French reason."""

    def __init__(self, subcode: str, reason: str) -> None:
        super().__init__(f"{subcode}: {reason}")
        self.subcode = subcode
        self.reason = reason


@dataclass
class Caller:
    """The claims read from the verified (signed) copy of the VIHF, or from the unsigned VIHF of mode DIRECTE
    once the TLS client certificate (the card's) names the same professional."""

    subject_id: str
    structure_id: str
    profession: str
    sector: str
    mode: str
    resource_id: str
    attributes: dict[str, str] = field(default_factory=dict)
    specialty: str = ""
    signed: bool = True
    card_type: CardType | None = None  # from the TLS certificate in mode DIRECTE
    name: str = ""  # "FIRST LAST" as the certificate (DIRECTE) or the subject-id attribute says


def peer_certificate(der: bytes | None) -> x509.Certificate | None:
    """The TLS client certificate the server received (ssl's getpeercert(binary_form=True))."""
    return x509.load_der_x509_certificate(der) if der else None


def _cn(cert: x509.Certificate) -> str:
    values = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else ""


def _person(cert: x509.Certificate) -> str:
    def first(oid: x509.ObjectIdentifier) -> str:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return f"{first(x509.NameOID.GIVEN_NAME)} {first(x509.NameOID.SURNAME)}".strip()


def check_addressing(envelope: Envelope) -> Transaction:
    if not envelope.message_id.startswith("urn:uuid:"):
        raise Reject("InvalidAddressingHeader", "MessageID absent ou invalide")
    header = envelope.header
    if header is None or header.find("wsa:To", NS) is None:
        raise Reject("InvalidAddressingHeader", "en-tête To absent")
    reply = text(header.find("wsa:ReplyTo/wsa:Address", NS))
    if reply and reply != WSA_ANONYMOUS:
        raise Reject("InvalidAddressingHeader", "ReplyTo doit être anonyme")
    tx = Transaction.from_action(envelope.action)
    if tx is None:
        raise Reject("ActionNotSupported", f"action inconnue {envelope.action!r}")
    return tx


def _verify_chain(cert: x509.Certificate, ca: x509.Certificate, now: dt.datetime) -> None:
    if cert.issuer != ca.subject:
        raise Reject("DMPInvalidCertificate", "Le certificat ayant signé le VIHF est invalide : émetteur inconnu")
    public = ca.public_key()
    if not isinstance(public, rsa.RSAPublicKey) or cert.signature_hash_algorithm is None:
        raise Reject("DMPInvalidCertificate", "Le certificat ayant signé le VIHF est invalide")
    try:
        public.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm)
    except InvalidSignature:
        raise Reject("DMPInvalidCertificate", "Le certificat ayant signé le VIHF est invalide : chaîne") from None
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise Reject("DMPInvalidCertificate", "Le certificat ayant signé le VIHF est invalide : expiré")


def verify_vihf(
    envelope: Envelope,
    ca: x509.Certificate,
    now: dt.datetime | None = None,
    tls_certificate: x509.Certificate | None = None,
) -> Caller:
    """Exactly one assertion. Signed: the signer chains to our CA and is a *signature* certificate, claims are
    read from what is signed. Unsigned: mode DIRECTE only. Then the rules of every mode (role, structure) and,
    in mode DIRECTE, the VIHF must name the holder of the TLS client certificate (the card)."""
    header = envelope.header
    assertions = header.findall("wsse:Security/saml2:Assertion", NS) if header is not None else []
    if len(assertions) != 1:
        raise Reject("DMPVIHFInvalid", f"{len(assertions)} jeton(s) VIHF au lieu d'un")
    assertion = assertions[0]
    when = now or dt.datetime.now(dt.UTC)
    signer: x509.Certificate | None = None
    if assertion.find("ds:Signature", NS) is None:
        caller = _claims(assertion, None)
        if caller.mode != AuthMode.DIRECTE.value:
            raise Reject("DMPVIHFInvalid", "VIHF non signé")
        caller.signed = False
    else:
        signer = _signer_certificate(assertion, ca, when)
        try:
            result = XMLVerifier().verify(assertion, x509_cert=signer, expect_config=_CONFIG, id_attribute="ID")
        except SignXMLException as exc:
            raise Reject("DMPVIHFInvalid", f"signature du VIHF invalide : {type(exc).__name__}") from None
        if isinstance(result, list):  # pragma: no cover - expect_references=1 gives one result
            result = result[0]
        signed = result.signed_xml
        if signed is None or signed.tag != q(SAML, "Assertion"):
            raise Reject("DMPVIHFInvalid", "la signature ne couvre pas l'assertion")
        caller = _claims(signed, signer)
    _check_rules(caller)
    if caller.mode == AuthMode.DIRECTE.value:
        _check_card_holder(caller, tls_certificate, signer)
    return caller


def _signer_certificate(assertion: etree._Element, ca: x509.Certificate, now: dt.datetime) -> x509.Certificate:
    encoded = assertion.find("ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS)
    if encoded is None:
        raise Reject("DMPVIHFInvalid", "VIHF signé sans certificat")
    try:
        cert = x509.load_der_x509_certificate(base64.b64decode("".join(text(encoded).split())))
    except ValueError:
        raise Reject("DMPInvalidCertificate", "Le certificat ayant signé le VIHF est illisible") from None
    _verify_chain(cert, ca, now)
    if not is_signature_certificate(cert):
        raise Reject(
            "DMPInvalidCertificate",
            "Le certificat ayant signé le VIHF est invalide : Not a valid signature certificate",
        )
    return cert


def _check_rules(caller: Caller) -> None:
    """The structure's type prefix in every mode; in mode DIRECTE, where both come from the card, the role's
    two values (the specialty's code is not judged: the simulator ships no nomenclature)."""
    directe = caller.mode == AuthMode.DIRECTE.value
    if directe and caller.profession in PROFESSIONS_NEEDING_SPECIALTY and not caller.specialty:
        raise Reject("DMPVIHFInvalid", "Aucune spécialité dans le vihf")
    if caller.structure_id[:1] not in STRUCTURE_ID_TYPES:
        raise Reject(
            "DMPVIHFInvalid",
            f"Identifiant_Structure {caller.structure_id!r} sans préfixe de type (0 ADELI à 4 RPPS rang)",
        )


def _check_card_holder(caller: Caller, tls: x509.Certificate | None, signer: x509.Certificate | None) -> None:
    if tls is None:
        raise Reject("DMPInvalidCertificate", "mode DIRECTE sans certificat d'authentification de carte")
    holder = _cn(tls)
    if caller.subject_id != holder:
        raise Reject("DMPVIHFInvalid", "le VIHF ne désigne pas le porteur de la carte (NameID différent du CN)")
    if signer is not None and _cn(signer) != holder:
        raise Reject("DMPInvalidCertificate", "le VIHF est signé par une autre carte que celle de la connexion")
    caller.card_type = card_type_of(tls)
    caller.name = _person(tls)


def _claims(assertion: etree._Element, cert: x509.Certificate | None) -> Caller:
    attributes: dict[str, str] = {}
    profession = specialty = ""
    for attribute in assertion.findall("saml2:AttributeStatement/saml2:Attribute", NS):
        name = str(attribute.get("Name", ""))
        value = attribute.find("saml2:AttributeValue", NS)
        if value is None:
            continue
        if name == vihf.ATTR_ROLE:
            for role in attribute.iterfind(f"saml2:AttributeValue/{{{HL7}}}Role", NS):
                system, code = str(role.get("codeSystem", "")), str(role.get("code", ""))
                if system == OID_PROFESSION and not profession:
                    profession = code
                elif system == OID_SPECIALTY and not specialty:
                    specialty = code
            attributes[name] = profession
            continue
        coded = value.find(f"{{{HL7}}}PurposeOfUse")
        attributes[name] = str(coded.get("code", "")) if coded is not None else text(value)
    missing = [name for name in REQUIRED_ATTRIBUTES if not attributes.get(name)]
    if missing:
        raise Reject("DMPVIHFInvalid", "attribut(s) VIHF manquant(s) : " + ", ".join(missing))
    if attributes["VIHF_Version"] != "3.0":
        raise Reject("DMPVIHFInvalid", "VIHF_Version doit valoir 3.0")
    issuer = text(assertion.find("saml2:Issuer", NS))
    if cert is not None and issuer != subject_dn(cert):
        raise Reject("DMPVIHFInvalid", "Issuer différent du sujet du certificat signataire")
    return Caller(
        subject_id=text(assertion.find("saml2:Subject/saml2:NameID", NS)),
        structure_id=attributes["Identifiant_Structure"],
        profession=profession,
        sector=attributes["Secteur_Activite"].split("^", 1)[0],
        mode=attributes["Authentification_mode"],
        resource_id=attributes.get(vihf.ATTR_RESOURCE_ID, ""),
        attributes=attributes,
        specialty=specialty,
        name=attributes.get(vihf.ATTR_SUBJECT_ID, ""),
    )


def resource_ins(caller: Caller) -> tuple[str, str]:
    """(value, oid) from the CX resource-id 'value^^^&oid&ISO^NH'."""
    value, _, rest = caller.resource_id.partition("^^^&")
    oid = rest.split("&", 1)[0]
    return value, oid


def _require(body: etree._Element, path: str, what: str) -> etree._Element:
    found = body.find(path, {"h": HL7})
    if found is None:
        raise Reject("DMPInvalidRequest", f"message non conforme : {what} absent")
    return found


def check_body(tx: Transaction, body: etree._Element | None, caller: Caller) -> tuple[str, str]:
    """The message schema, as far as the simulator relies on it; returns the patient's (INS, OID)."""
    if body is None:
        raise Reject("DMPInvalidRequest", "Body vide")
    expected = {
        Transaction.TD0_2: q(HL7, "PRPA_IN201307UV02"),
        Transaction.TD1_1: q(HL7, "PRPA_IN201311UV02"),
        Transaction.TD1_5A: "{urn:si-dmp-patients}createPatientAccess",
        Transaction.TD1_5B: "{urn:si-dmp-patients}patientOTPUpdate",
        Transaction.TD1_5D: "{urn:si-dmp-patients}updatePatientAccess",
        Transaction.TD0_3: "{urn:si-dmp-habilitations}setAuthorization",
    }[tx]
    if body.tag != expected:
        raise Reject("DMPInvalidRequest", f"élément {body.tag} inattendu pour {tx.label}")
    if tx is Transaction.TD0_2:
        _require(body, "h:interactionId", "interactionId")
        reason = _require(body, "h:controlActProcess/h:reasonCode", "reasonCode")
        if reason.get("code") != "TEST_EXST":
            raise Reject("DMPInvalidRequest", "reasonCode TEST_EXST attendu")
        value = _require(
            body,
            "h:controlActProcess/h:queryByParameter/h:parameterList/h:patientIdentifier/h:value",
            "patientIdentifier",
        )
        return str(value.get("extension", "")), str(value.get("root", ""))
    if tx is Transaction.TD1_1:
        for path, what in (
            ("h:interactionId", "interactionId"),
            ("h:controlActProcess/h:reasonCode", "reasonCode"),
            (
                "h:controlActProcess/h:subject/h:registrationRequest/h:subject1/h:patient/h:patientPerson/h:name",
                "patientPerson/name",
            ),
            ("h:controlActProcess/h:subject/h:registrationRequest/h:author/h:assignedEntity/h:id", "author/id"),
        ):
            _require(body, path, what)
        pid = _require(
            body, "h:controlActProcess/h:subject/h:registrationRequest/h:subject1/h:patient/h:id", "patient/id"
        )
        return str(pid.get("extension", "")), str(pid.get("root", ""))
    if not caller.resource_id:
        raise Reject("DMPVIHFInvalid", f"{tx.label} : l'INS du patient (resource-id) est absent du VIHF")
    ns = etree.QName(body).namespace
    required = {
        Transaction.TD1_5A: ("type", "canal"),
        Transaction.TD1_5B: ("type", "canal", "action"),
        Transaction.TD0_3: ("action",),
    }.get(tx, ())
    for local in required:
        if not text(body.find(f"{{{ns}}}{local}")):
            raise Reject("DMPInvalidRequest", f"message non conforme : {local} absent")
    return resource_ins(caller)

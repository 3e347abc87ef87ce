"""What the simulated service checks on every request: WS-Addressing, the VIHF signature and claims, the body."""

from __future__ import annotations

import base64
import datetime as dt
import re
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
from dmp_desktop.dmp.simulator.igc import card_structures, card_type_of
from dmp_desktop.dmp.soap import Envelope
from dmp_desktop.dmp.xmlsafe import HL7, NS, SAML, WSA_ANONYMOUS, q, text
from dmp_desktop.domain.identity import (
    OID_INS_C,
    OID_INS_NIA,
    OID_INS_NIR_DEMO,
    OID_INS_NIR_PRODUCTION,
    OID_INS_NIR_TEST,
)
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
# The INS authorities (DOMAIN.md "Identifiers") and the shape of their identifiers: 22 digits for an INS-C,
# a NIR (13 characters, Corsica's 2A/2B included, + a 2-digit key) for the others.
_NIR = re.compile(r"[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{8}")
INS_SHAPES = {
    OID_INS_C: re.compile(r"[0-9]{22}"),
    OID_INS_NIR_PRODUCTION: _NIR,
    OID_INS_NIA: _NIR,
    OID_INS_NIR_TEST: _NIR,
    OID_INS_NIR_DEMO: _NIR,
}
CX = re.compile(r"(?P<value>[^^&]+)\^\^\^&(?P<oid>[0-9.]+)&ISO\^NH")
PURPOSES = frozenset({"normal", "bris_de_glace", "centre_15"})  # TRE_R248_ModeAcces
MODES = frozenset(m.value for m in AuthMode)
CLOCK_SKEW = dt.timedelta(minutes=5)  # how far IssueInstant may be from the service's clock, either way
# Which service path serves which transactions (the spellings of brief §1.1, lower-cased).
SERVICE_OF_PATH = {
    "patients": "patients",
    "patient": "patients",
    "patientspecific": "patientspecific",
    "patientsspecific": "patientspecific",
    "habilitation": "habilitations",
    "habilitations": "habilitations",
}


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


def check_addressing(envelope: Envelope, service: str | None = None) -> Transaction:
    """MessageID, To, ReplyTo (anonymous) and a known Action, as every request sample carries them; the Action
    served by the path it was posted to (`service`: the path's last segment)."""
    if not envelope.message_id.startswith("urn:uuid:"):
        raise Reject("InvalidAddressingHeader", "MessageID absent ou invalide")
    header = envelope.header
    if header is None or header.find("wsa:To", NS) is None:
        raise Reject("InvalidAddressingHeader", "en-tête To absent")
    if header.find("wsa:ReplyTo", NS) is None:
        raise Reject("InvalidAddressingHeader", "en-tête ReplyTo absent")
    if text(header.find("wsa:ReplyTo/wsa:Address", NS)) != WSA_ANONYMOUS:
        raise Reject("InvalidAddressingHeader", "ReplyTo doit être anonyme")
    tx = Transaction.from_action(envelope.action)
    if tx is None:
        raise Reject("ActionNotSupported", f"action inconnue {envelope.action!r}")
    if service is not None and SERVICE_OF_PATH.get(service.lower()) != tx.path.lower():
        raise Reject("ActionNotSupported", f"{tx.label} n’est pas servie par le point d’accès /{service}")
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
        raise Reject("DMPVIHFInvalid", f"{len(assertions)} jeton(s) VIHF au lieu d’un")
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
            raise Reject("DMPVIHFInvalid", "la signature ne couvre pas l’assertion")
        caller = _claims(signed, signer)
        assertion = signed
    _check_instant(assertion, when)
    _check_rules(caller)
    if caller.mode == AuthMode.DIRECTE.value:
        _check_card_holder(caller, tls_certificate, signer)
    elif signer is not None and caller.structure_id != _ou(signer):
        raise Reject("DMPVIHFInvalid", "Identifiant_Structure différent de celui du certificat de la structure (OU)")
    return caller


def _ou(cert: x509.Certificate) -> str:
    values = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATIONAL_UNIT_NAME)
    return str(values[0].value) if values else ""


def _check_instant(assertion: etree._Element, now: dt.datetime) -> None:
    """IssueInstant within CLOCK_SKEW of the service's clock: a stale token is not replayed, a future one is
    a workstation clock to fix."""
    raw = str(assertion.get("IssueInstant", ""))
    try:
        instant = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise Reject("DMPVIHFInvalid", f"IssueInstant illisible {raw!r}") from None
    if instant.tzinfo is None:
        raise Reject("DMPVIHFInvalid", "IssueInstant sans fuseau (UTC attendu, suffixe Z)")
    if abs(now - instant) > CLOCK_SKEW:
        raise Reject("DMPVIHFInvalid", f"IssueInstant {raw} hors de la tolérance de {CLOCK_SKEW.seconds // 60} min")


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
        raise Reject("DMPInvalidCertificate", "mode DIRECTE sans certificat d’authentification de carte")
    holder = _cn(tls)
    if caller.subject_id != holder:
        raise Reject("DMPVIHFInvalid", "le VIHF ne désigne pas le porteur de la carte (NameID différent du CN)")
    if signer is not None and _cn(signer) != holder:
        raise Reject("DMPInvalidCertificate", "le VIHF est signé par une autre carte que celle de la connexion")
    structures = card_structures(tls) or []
    if caller.structure_id not in structures:
        raise Reject("DMPVIHFInvalid", "Identifiant_Structure n’est aucune des situations d’exercice de la carte")
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
                elif system not in (OID_PROFESSION, OID_SPECIALTY):
                    raise Reject("DMPVIHFInvalid", f"rôle {code!r} dans un système de codes inconnu {system!r}")
            attributes[name] = profession
            continue
        coded = value.find(f"{{{HL7}}}PurposeOfUse")
        if coded is not None and coded.get("codeSystem") != vihf.PURPOSE_SYSTEM:
            raise Reject("DMPVIHFInvalid", f"PurposeOfUse hors du système {vihf.PURPOSE_SYSTEM}")
        attributes[name] = str(coded.get("code", "")) if coded is not None else text(value)
    missing = [name for name in REQUIRED_ATTRIBUTES if not attributes.get(name)]
    if missing:
        raise Reject("DMPVIHFInvalid", "attribut(s) VIHF manquant(s) : " + ", ".join(missing))
    if attributes["VIHF_Version"] != "3.0":
        raise Reject("DMPVIHFInvalid", "VIHF_Version doit valoir 3.0")
    sector, _, sector_system = attributes["Secteur_Activite"].partition("^")
    if sector_system != vihf.SECTOR_SYSTEM:
        raise Reject("DMPVIHFInvalid", f"Secteur_Activite hors du système {vihf.SECTOR_SYSTEM}")
    if attributes[vihf.ATTR_PURPOSE] not in PURPOSES:
        raise Reject("DMPVIHFInvalid", f"PurposeOfUse {attributes[vihf.ATTR_PURPOSE]!r} inconnu")
    if attributes["Authentification_mode"] not in MODES:
        raise Reject("DMPVIHFInvalid", f"Authentification_mode {attributes['Authentification_mode']!r} inconnu")
    resource_id = attributes.get(vihf.ATTR_RESOURCE_ID, "")
    if resource_id:
        cx = CX.fullmatch(resource_id)
        if cx is None:
            raise Reject("DMPVIHFInvalid", "resource-id n’est pas un INS au format CX valeur^^^&OID&ISO^NH")
        check_ins(cx["value"], cx["oid"], "resource-id", "DMPVIHFInvalid")
    issuer = text(assertion.find("saml2:Issuer", NS))
    if cert is not None and issuer != subject_dn(cert):
        raise Reject("DMPVIHFInvalid", "Issuer différent du sujet du certificat signataire")
    return Caller(
        subject_id=text(assertion.find("saml2:Subject/saml2:NameID", NS)),
        structure_id=attributes["Identifiant_Structure"],
        profession=profession,
        sector=sector,
        mode=attributes["Authentification_mode"],
        resource_id=attributes.get(vihf.ATTR_RESOURCE_ID, ""),
        attributes=attributes,
        specialty=specialty,
        name=attributes.get(vihf.ATTR_SUBJECT_ID, ""),
    )


def check_ins(value: str, oid: str, where: str, subcode: str = "DMPInvalidRequest") -> None:
    """An INS of a known authority, of the length and shape that authority gives."""
    shape = INS_SHAPES.get(oid)
    if shape is None:
        raise Reject(subcode, f"{where} : OID d’INS inconnu {oid!r}")
    if not shape.fullmatch(value):
        raise Reject(subcode, f"{where} : INS de longueur ou de forme invalide pour l’OID {oid}")

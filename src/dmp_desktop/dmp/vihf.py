"""The VIHF: a SAML 2.0 assertion naming pharmacist, structure, software and patient, signed with XML-DSig."""

from __future__ import annotations

import datetime as dt
import ssl
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from lxml import etree
from signxml import methods
from signxml.signer import XMLSigner

from dmp_desktop import LPS_NAME, PRODUCT_NAME, __version__
from dmp_desktop.dmp.certname import certificate_subject_dn
from dmp_desktop.dmp.pki import Credential
from dmp_desktop.dmp.xmlsafe import DS, HL7, SAML, XS, XSI, parse, q
from dmp_desktop.domain.identity import Ins
from dmp_desktop.domain.model import Pharmacist, Pharmacy
from dmp_desktop.domain.ports import CardSession
from dmp_desktop.domain.professional import OID_SPECIALTY, AuthMode, Situation

EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
SMARTCARD_PKI = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"
X509_SUBJECT = "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName"
ATTR_ROLE = "urn:oasis:names:tc:xacml:2.0:subject:role"
ATTR_SUBJECT_ID = "urn:oasis:names:tc:xspa:1.0:subject:subject-id"
ATTR_RESOURCE_ID = "urn:oasis:names:tc:xacml:2.0:resource:resource-id"
ATTR_PURPOSE = "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse"
PROFESSION_SYSTEM = "1.2.250.1.71.1.2.7"
SECTOR_SYSTEM = "1.2.250.1.71.4.2.4"
PURPOSE_SYSTEM = "1.2.250.1.213.1.1.4.248"
AIR = AuthMode.AIR.value
PROFESSION_LABELS = {"10": "Médecin", "21": "Pharmacien"}

# signature algorithm -> digest; the official samples and the C# kit use SHA-1, a third party reports the
# test platform accepting SHA-256 (vihf-soap-guide §1.3): configurable, SHA-256 by default.
ALGORITHMS = {"rsa-sha256": "sha256", "rsa-sha1": "sha1"}
DEFAULT_ALGORITHM = "rsa-sha256"

_PURPOSE_LABELS = {"normal": "Accès normal", "bris_de_glace": "Accès en urgence", "centre_15": "Accès centre 15"}


@dataclass(frozen=True)
class LpsInfo:
    """The software as the DMP knows it (LPS_* attributes; the homologation number comes with approval)."""

    lps_id: str = PRODUCT_NAME
    name: str = LPS_NAME
    version: str = __version__
    homologation: str = "DMP-DESKTOP-NON-HOMOLOGUE"


class _Signer(XMLSigner):  # type: ignore[misc]
    def check_deprecated_methods(self) -> None:
        # signxml refuses SHA-1 outright; the DMP's own samples use it, so the choice is the caller's.
        return None


def _instant(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def _string_attribute(statement: etree._Element, name: str, value: str) -> None:
    attribute = etree.SubElement(statement, q(SAML, "Attribute"), Name=name)
    av = etree.SubElement(attribute, q(SAML, "AttributeValue"), nsmap={"xs": XS})
    av.set(q(XSI, "type"), "xs:string")
    av.text = value


def _ce_attribute(statement: etree._Element, name: str, tag: str, **codes: str) -> None:
    attribute = etree.SubElement(statement, q(SAML, "Attribute"), Name=name)
    av = etree.SubElement(attribute, q(SAML, "AttributeValue"))
    ce = etree.SubElement(av, q(HL7, tag), nsmap={None: HL7})
    for key, value in codes.items():
        ce.set(key, value)
    ce.set(q(XSI, "type"), "CE")


def build_assertion(
    *,
    issuer: str,
    pharmacist: Pharmacist,
    structure_id: str,
    ins: Ins | None,
    lps: LpsInfo,
    mode: AuthMode = AuthMode.INDIRECTE,
    purpose: str = "normal",
    now: dt.datetime | None = None,
    signed: bool = True,
) -> etree._Element:
    """The assertion, attribute order as in the samples of `mode`, with a placeholder for the Signature when
    it is to be signed. DIRECTE names no subject-id (the card does); AIR adds AuthnContextDecl."""
    instant = _instant(now or dt.datetime.now(dt.UTC))
    root = etree.Element(
        q(SAML, "Assertion"),
        nsmap={"saml2": SAML, "xsi": XSI},
        ID=f"_{uuid.uuid4()}",
        IssueInstant=instant,
        Version="2.0",
    )
    etree.SubElement(root, q(SAML, "Issuer"), Format=X509_SUBJECT).text = issuer
    if signed:
        # signxml replaces this placeholder: the Signature must follow Issuer (SAML schema order).
        etree.SubElement(root, q(DS, "Signature"), nsmap={None: DS}, Id="placeholder")
    subject = etree.SubElement(root, q(SAML, "Subject"))
    etree.SubElement(subject, q(SAML, "NameID")).text = pharmacist.subject_id
    authn = etree.SubElement(root, q(SAML, "AuthnStatement"), AuthnInstant=instant)
    context = etree.SubElement(authn, q(SAML, "AuthnContext"))
    etree.SubElement(context, q(SAML, "AuthnContextClassRef")).text = SMARTCARD_PKI
    if mode is AuthMode.AIR:
        etree.SubElement(context, q(SAML, "AuthnContextDecl")).text = SMARTCARD_PKI
    st = etree.SubElement(root, q(SAML, "AttributeStatement"))
    _string_attribute(st, "Identifiant_Structure", structure_id)
    _string_attribute(st, "Secteur_Activite", f"{pharmacist.sector}^{SECTOR_SYSTEM}")
    if mode is not AuthMode.DIRECTE:
        _string_attribute(st, ATTR_SUBJECT_ID, f"{pharmacist.first_name} {pharmacist.last_name}".upper().strip())
    _role_attribute(st, pharmacist, with_system_names=mode is AuthMode.AIR)
    _string_attribute(st, "VIHF_Version", "3.0")
    _string_attribute(st, "Authentification_mode", mode.value)
    if ins is not None:
        _string_attribute(st, ATTR_RESOURCE_ID, ins.to_cx())
    _string_attribute(st, "Ressource_URN", "urn:dmp")
    _ce_attribute(
        st,
        ATTR_PURPOSE,
        "PurposeOfUse",
        code=purpose,
        codeSystem=PURPOSE_SYSTEM,
        codeSystemName="mode acces VIHF 2.0",
        displayName=_PURPOSE_LABELS.get(purpose, purpose),
    )
    _string_attribute(st, "LPS_ID", lps.lps_id)
    _string_attribute(st, "LPS_Nom", lps.name)
    _string_attribute(st, "LPS_Version", lps.version)
    _string_attribute(st, "LPS_ID_HOMOLOGATION_DMP", lps.homologation)
    return root


def _role_attribute(statement: etree._Element, pharmacist: Pharmacist, *, with_system_names: bool) -> None:
    """The role: the profession, then the specialty when known (the service wants both for 10 and 21)."""
    attribute = etree.SubElement(statement, q(SAML, "Attribute"), Name=ATTR_ROLE)
    values = [(pharmacist.profession, PROFESSION_SYSTEM, "professions", PROFESSION_LABELS.get(pharmacist.profession))]
    if pharmacist.specialty:
        system = pharmacist.specialty_system or OID_SPECIALTY
        values.append((pharmacist.specialty, system, "specialites RPPS", None))
    for code, system, system_name, label in values:
        av = etree.SubElement(attribute, q(SAML, "AttributeValue"))
        ce = etree.SubElement(av, q(HL7, "Role"), nsmap={None: HL7})
        ce.set("code", code)
        ce.set("codeSystem", system)
        if with_system_names:
            ce.set("codeSystemName", system_name)
        if label:
            ce.set("displayName", label)
        ce.set(q(XSI, "type"), "CE")


def sign_assertion(assertion: etree._Element, signer: Credential, algorithm: str = DEFAULT_ALGORITHM) -> bytes:
    """Enveloped exc-c14n signature with the signer's certificate in KeyInfo; returns the compact bytes.

    The bytes are what goes on the wire: never re-indent them (pitfall 5.3)."""
    return _sign(assertion, signer.key, [signer.certificate], algorithm)


def _sign(assertion: etree._Element, key: Any, certs: Any, algorithm: str) -> bytes:
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unsupported VIHF signature algorithm {algorithm!r}")
    xml_signer = _Signer(
        method=methods.enveloped,
        signature_algorithm=algorithm,
        digest_algorithm=ALGORITHMS[algorithm],
        c14n_algorithm=EXC_C14N,
    )
    xml_signer.namespaces = {None: DS}  # type: ignore[dict-item]  # <Signature xmlns=…> like the samples
    signed = xml_signer.sign(
        assertion,
        key=key,
        cert=certs,
        reference_uri="#" + str(assertion.get("ID")),
        id_attribute="ID",
    )
    return bytes(etree.tostring(signed, encoding="UTF-8", xml_declaration=False))


def signed_vihf(
    *,
    signer: Credential,
    pharmacist: Pharmacist,
    pharmacy: Pharmacy,
    ins: Ins | None,
    lps: LpsInfo,
    algorithm: str = DEFAULT_ALGORITHM,
    mode: AuthMode = AuthMode.INDIRECTE,
) -> etree._Element:
    """Build, sign with a structure credential (mode INDIRECTE, or AIR for the tests of its refusal) and
    re-parse (the in-memory signxml tree has namespace-less children, pitfall 5.2)."""
    assertion = build_assertion(
        issuer=signer.subject_dn,
        pharmacist=pharmacist,
        structure_id=pharmacy.vihf_structure_id,
        ins=ins,
        lps=lps,
        mode=mode,
    )
    return parse(sign_assertion(assertion, signer, algorithm))


class CardSignatureKey:
    """What signxml asks of a private key (`sign(data, padding, algorithm)`), answered by CPS_PRIV_SIG."""

    def __init__(self, card: CardSession) -> None:
        self._card = card

    def sign(self, data: bytes, padding: Any = None, algorithm: hashes.HashAlgorithm | None = None) -> bytes:
        return self._card.sign_signature(data, algorithm.name if algorithm else "sha256")


def card_issuer(card: CardSession) -> str:
    """The VIHF Issuer in mode DIRECTE: the subject of the card's signature certificate."""
    return certificate_subject_dn(card.signature_certificate())


def directe_vihf(
    *,
    card: CardSession,
    situation: Situation,
    ins: Ins | None,
    lps: LpsInfo,
    signed: bool = False,
    algorithm: str = DEFAULT_ALGORITHM,
    issuer: str | None = None,
) -> etree._Element:
    """The VIHF of mode DIRECTE, built from the card holder in `situation`. Unsigned by default, as the
    official kit and every request sample send it (TLS with the card authenticates); signed with the card's
    signature key on demand. `issuer`: card_issuer(card), when the caller keeps it for the session."""
    pharmacist = card.holder.pharmacist(situation)
    assertion = build_assertion(
        issuer=issuer or card_issuer(card),
        pharmacist=pharmacist,
        structure_id=situation.structure_id,
        ins=ins,
        lps=lps,
        mode=AuthMode.DIRECTE,
        signed=signed,
    )
    if not signed:
        return assertion
    # The certificate goes into KeyInfo as it is (PEM text, never re-encoded): real CPS certificates are
    # not always DER that cryptography accepts (vihf-soap-guide §5.9).
    pem = ssl.DER_cert_to_PEM_cert(card.signature_certificate())
    return parse(_sign(assertion, CardSignatureKey(card), pem, algorithm))

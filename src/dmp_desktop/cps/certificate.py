"""What a card's certificate says of its holder: subject (CN = national id, SN, GN, OU = profession), validity.

CPS test certificates carry a multi-valued RDN (CN+SN+GN) in an order that is not DER's; `cryptography`
refuses such a certificate on purpose, asn1crypto (lenient BER) reads it. Both give the same result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import CardHolder, CardType, Specialty

OID_CN = "2.5.4.3"
OID_SN = "2.5.4.4"
OID_GN = "2.5.4.42"
OID_OU = "2.5.4.11"
OID_O = "2.5.4.10"

# The profession as the certificates name it (OU) and its code (G15, OID 1.2.250.1.71.1.2.7).
PROFESSION_LABELS: dict[str, str] = {
    "10": "Médecin",
    "21": "Pharmacien",
    "40": "Chirurgien-Dentiste",
    "50": "Sage-Femme",
    "60": "Infirmier",
    "70": "Masseur-Kinésithérapeute",
}
_PROFESSION_CODES = {label.casefold(): code for code, label in PROFESSION_LABELS.items()}


@dataclass(frozen=True)
class CertificateInfo:
    """The parts of an X.509 certificate the card reader needs, however its subject was encoded."""

    subject: tuple[tuple[tuple[str, str], ...], ...]  # RDNs as (dotted OID, value) pairs, in certificate order
    issuer: tuple[tuple[tuple[str, str], ...], ...]
    not_before: dt.datetime
    not_after: dt.datetime
    serial: int
    der: bytes

    def subject_value(self, oid: str) -> str:
        return next((v for rdn in self.subject for o, v in rdn if o == oid), "")

    def issuer_value(self, oid: str) -> str:
        return next((v for rdn in self.issuer for o, v in rdn if o == oid), "")


def _with_cryptography(der: bytes) -> CertificateInfo:
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)

    def rdns(name: x509.Name) -> tuple[tuple[tuple[str, str], ...], ...]:
        return tuple(tuple((a.oid.dotted_string, str(a.value)) for a in rdn) for rdn in name.rdns)

    return CertificateInfo(rdns(cert.subject), rdns(cert.issuer), cert.not_valid_before_utc,
                           cert.not_valid_after_utc, cert.serial_number, der)


def _with_asn1crypto(der: bytes) -> CertificateInfo:
    from asn1crypto import x509 as asn1x509

    cert = asn1x509.Certificate.load(der)
    tbs = cert["tbs_certificate"]

    def rdns(name: Any) -> tuple[tuple[tuple[str, str], ...], ...]:
        return tuple(tuple((atv["type"].dotted, str(atv["value"].native)) for atv in rdn) for rdn in name.chosen)

    validity = tbs["validity"]
    return CertificateInfo(rdns(tbs["subject"]), rdns(tbs["issuer"]), validity["not_before"].native,
                           validity["not_after"].native, int(tbs["serial_number"].native), der)


def parse_certificate(der: bytes) -> CertificateInfo:
    """Parse a DER certificate; DomainError(CPS_UNKNOWN) when neither parser can read it."""
    try:
        return _with_cryptography(der)
    except ValueError:
        pass  # a non-DER SET OF (the CPS test certificates' CN+SN+GN): the lenient parser below reads it
    try:
        return _with_asn1crypto(der)
    except Exception as exc:  # asn1crypto raises ValueError, TypeError... on garbage
        raise DomainError(ErrorCode.CPS_UNKNOWN, f"unreadable certificate on the card ({type(exc).__name__})") \
            from None


def pem_to_der(pem: bytes | str) -> bytes:
    from asn1crypto import pem as asn1pem

    data = pem.encode("ascii") if isinstance(pem, str) else pem
    if not asn1pem.detect(data):
        return data
    _, _, der = asn1pem.unarmor(data)
    return bytes(der)


def card_type_from_id(national_id: str) -> CardType:
    """Without our own CPS_ID_CARD: a CPE's identifier is its structure's identifier, "/", a number; a
    professional's is 8 + RPPS (or 0 + ADELI). A CPF cannot be told from a CPS by its certificate."""
    return CardType.CPE if "/" in national_id else CardType.CPS


def build_holder(info: CertificateInfo, ours: dict[str, Any] | None = None, raw_specialty: str = "") -> CardHolder:
    """The holder from the authentication certificate, completed by our own data objects when present."""
    ours = ours or {}
    national_id = info.subject_value(OID_CN)
    if not national_id:
        raise DomainError(ErrorCode.CPS_UNKNOWN, "the card's certificate has no CN (national identifier)")
    label = info.subject_value(OID_OU)
    profession = str(ours.get("profession") or _PROFESSION_CODES.get(label.casefold(), ""))
    specialty: Specialty | None = None
    spec = ours.get("specialty")
    if isinstance(spec, dict) and spec.get("code"):
        specialty = Specialty(str(spec["code"]), str(spec.get("code_system") or Specialty("").code_system))
    elif raw_specialty:
        specialty = Specialty(raw_specialty)
    try:
        card_type = CardType(ours["card_type"]) if "card_type" in ours else card_type_from_id(national_id)
    except ValueError:
        card_type = card_type_from_id(national_id)
    return CardHolder(
        national_id=national_id,
        first_name=str(ours.get("first_name") or info.subject_value(OID_GN)),  # ours keep the name's case
        last_name=str(ours.get("last_name") or info.subject_value(OID_SN)),
        profession=profession,
        specialty=specialty,
        card_type=card_type,
        not_before=info.not_before.date(),
        not_after=info.not_after.date(),
    )

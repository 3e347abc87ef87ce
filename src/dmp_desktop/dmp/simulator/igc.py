"""The simulator's test IGC-Santé: its CA (persisted in the state folder) and the CPS/CPE/CPF card certificates."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto.core import IA5String, SequenceOf
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from dmp_desktop.dmp import pki
from dmp_desktop.dmp.messages import LPS_OID
from dmp_desktop.domain.errors import DomainError
from dmp_desktop.domain.professional import CardType

TRAINING_STRUCTURE_ID = "1990000017"  # the training pharmacy's Identifiant_Structure (1 + FINESS 990000017)
# A training certificate is only trusted by the local simulator's own CA, so its password can be public.
TRAINING_CERTIFICATE_PASSWORD = "formation-dmp"  # noqa: S105 - documented training value (docs/dmp-simulator.md)

# The card type travels in a certificate policy of our own arc (the real IGC-Santé tells it by its CA
# classes); the simulator reads it back to apply the rights of the card.
CARD_POLICIES: dict[CardType, ObjectIdentifier] = {
    CardType.CPS: ObjectIdentifier(f"{LPS_OID}.9.1"),
    CardType.CPE: ObjectIdentifier(f"{LPS_OID}.9.2"),
    CardType.CPF: ObjectIdentifier(f"{LPS_OID}.9.3"),
}
PROFESSION_LABELS = {
    "10": "Médecin",
    "21": "Pharmacien",
    "40": "Chirurgien-Dentiste",
    "50": "Sage-Femme",
    "60": "Infirmier",
}
STAFF_LABEL = "Personnel de structure"
# The structures of the card's situations d'exercice (with their type prefix), in an extension of our arc: the
# simulator checks the VIHF's Identifiant_Structure against it, as the service checks it against the card.
SITUATIONS_EXTENSION = ObjectIdentifier(f"{LPS_OID}.9.10")


@dataclass(frozen=True)
class CardCertificates:
    """What a card carries, as PEM: the authentication and signature pairs, and the CA that issued them."""

    auth_certificate: bytes
    auth_key: bytes
    signature_certificate: bytes
    signature_key: bytes
    ca_certificate: bytes


def ensure_pki(state_dir: Path) -> None:
    """The CA, the server certificate, the training structure certificate and the admin token, made once."""
    state_dir.mkdir(parents=True, exist_ok=True)
    key_file = state_dir / "ca-key.pem"
    if not key_file.exists():
        ca = pki.make_ca()
        pki.write_pem_key(key_file, ca.key)
        pki.write_pem_certificate(state_dir / "ca.pem", ca.certificate)
        server = pki.issue(ca, "localhost", usage="server")
        pki.write_pem_key(state_dir / "server-key.pem", server.key)
        pki.write_pem_certificate(state_dir / "server.pem", server.certificate, ca.certificate)
        _write_structure(state_dir, ca)
    elif _structure_ou(state_dir) != TRAINING_STRUCTURE_ID:
        # a state folder made when the training structure had another identifier: the VIHF's must match the OU
        _write_structure(state_dir, pki.load_pem(state_dir / "ca.pem", key_file))
    token_file = state_dir / "admin-token"
    if not token_file.exists():
        token_file.write_text(secrets.token_urlsafe(24), encoding="ascii")
        token_file.chmod(0o600)


STRUCTURE_ID_FILE = "structure.id"  # the OU of structure.p12, read at every start without opening the PKCS#12


def _write_structure(state_dir: Path, ca: pki.Credential) -> None:
    structure = pki.issue(ca, "PHARMACIE DE FORMATION", ou=TRAINING_STRUCTURE_ID, usage="structure")
    pki.write_pkcs12(state_dir / "structure.p12", structure, TRAINING_CERTIFICATE_PASSWORD)
    (state_dir / STRUCTURE_ID_FILE).write_text(TRAINING_STRUCTURE_ID, encoding="ascii")


def _structure_ou(state_dir: Path) -> str:
    """The training structure certificate's OU. Opening the PKCS#12 costs about 70 ms (its key is checked), so
    the OU is kept beside it once read."""
    if not (state_dir / "structure.p12").exists():
        return ""
    marker = state_dir / STRUCTURE_ID_FILE
    try:
        return marker.read_text(encoding="ascii").strip()
    except OSError:
        pass
    try:
        ou = pki.load_pkcs12(state_dir / "structure.p12", TRAINING_CERTIFICATE_PASSWORD).organisational_unit
    except DomainError:
        return ""
    marker.write_text(ou, encoding="ascii")
    return ou


class _Structures(SequenceOf):  # type: ignore[misc]
    _child_spec = IA5String


def situations_value(structure_ids: list[str]) -> bytes:
    """DER SEQUENCE OF IA5String: the structure identifiers of the card's situations."""
    return bytes(_Structures([IA5String(s) for s in structure_ids]).dump())


def card_structures(cert: x509.Certificate) -> list[str] | None:
    """The structure identifiers a card certificate of this IGC declares; None when it declares none."""
    try:
        raw = cert.extensions.get_extension_for_oid(SITUATIONS_EXTENSION).value
    except x509.ExtensionNotFound:
        return None
    if not isinstance(raw, x509.UnrecognizedExtension):
        return []
    try:
        return [str(item.native) for item in _Structures.load(raw.value)]
    except ValueError:
        return []


def card_national_id(image: dict[str, Any]) -> str:
    """8 + RPPS for a CPS/CPF; the CPE's own national identifier (`id_nat`) as it is."""
    holder = image["holder"]
    if holder.get("rpps"):
        rpps = str(holder["rpps"])
        return rpps if len(rpps) == 12 and rpps.startswith("8") else f"8{rpps}"
    return str(holder["id_nat"])


def card_subject(image: dict[str, Any]) -> x509.Name:
    """C=FR, O=<structure>, OU=<profession>, CN=<national id>+SN=<last name>+GN=<first name> (the sample's layout)."""
    holder = image["holder"]
    situations = image.get("situations") or [{}]
    label = PROFESSION_LABELS.get(str(holder.get("profession", "")), STAFF_LABEL)
    rdns = [
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR")]),
        x509.RelativeDistinguishedName(
            [x509.NameAttribute(NameOID.ORGANIZATION_NAME, str(situations[0].get("name") or "STRUCTURE"))]
        ),
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, label)]),
        x509.RelativeDistinguishedName(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, card_national_id(image)),
                x509.NameAttribute(NameOID.SURNAME, str(holder["last_name"]).upper()),
                x509.NameAttribute(NameOID.GIVEN_NAME, str(holder["first_name"]).upper()),
            ]
        ),
    ]
    return x509.Name(rdns)


def _day(value: str, end: bool) -> dt.datetime:
    day = dt.date.fromisoformat(value)
    clock = dt.time(23, 59, 59) if end else dt.time(0, 0, 0)
    return dt.datetime.combine(day, clock, tzinfo=dt.UTC)


def _card_certificate(ca: pki.Credential, image: dict[str, Any], signature: bool) -> pki.Credential:
    key = pki.new_key()
    today = dt.datetime.now(dt.UTC)
    start = _day(image["not_before"], False) if image.get("not_before") else today - dt.timedelta(days=1)
    end = _day(image["not_after"], True) if image.get("not_after") else start + dt.timedelta(days=3 * 365)
    policy = CARD_POLICIES[CardType(image.get("card_type", "CPS"))]
    usage = x509.KeyUsage(True, signature, False, False, False, False, False, False, False)
    structures = [str(s["structure_id"]) for s in image.get("situations") or [] if s.get("structure_id")]
    eku = ExtendedKeyUsageOID.EMAIL_PROTECTION if signature else ExtendedKeyUsageOID.CLIENT_AUTH
    cert = (
        x509.CertificateBuilder()
        .subject_name(card_subject(image))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
        .add_extension(x509.CertificatePolicies([x509.PolicyInformation(policy, None)]), critical=False)
        .add_extension(x509.UnrecognizedExtension(SITUATIONS_EXTENSION, situations_value(structures)), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
        .sign(ca.key, hashes.SHA256())
    )
    return pki.Credential(key, cert, (ca.certificate,))


def _pem_key(credential: pki.Credential) -> bytes:
    return credential.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def issue_card_certificates(state_dir: Path, image: dict[str, Any]) -> CardCertificates:
    """Authentication (digitalSignature, clientAuth) and signature (nonRepudiation, emailProtection) pairs for
    the card `image` (docs/dmp-simulator.md), from the CA of the simulator whose state folder is `state_dir`."""
    ensure_pki(state_dir)
    return issue_card_pair(pki.load_pem(state_dir / "ca.pem", state_dir / "ca-key.pem"), image)


def training_card_certificates(state_dir: Path, image: dict[str, Any]) -> CardCertificates:
    """issue_card_certificates, kept in `state_dir/cards/` (0600, beside the CA key it could remake them with) so
    that a training card is issued once per state folder, not at every start: two RSA keys cost about 0.3 s.
    A card issued by another CA, or for another image, is issued again."""
    ensure_pki(state_dir)
    ca_pem = (state_dir / "ca.pem").read_bytes()
    digest = hashlib.sha256(json.dumps(image, sort_keys=True).encode("utf-8") + ca_pem).hexdigest()[:32]
    path = state_dir / "cards" / f"{digest}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return CardCertificates(**{name: str(value).encode("ascii") for name, value in kept.items()})
    except (OSError, ValueError, TypeError):
        pass  # not issued yet (or unreadable): issue it
    issued = issue_card_certificates(state_dir, image)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    text = json.dumps({name: value.decode("ascii") for name, value in vars(issued).items()})
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)
    return issued


def issue_card_pair(ca: pki.Credential, image: dict[str, Any]) -> CardCertificates:
    """The same, from a CA held in memory (tests)."""
    auth = _card_certificate(ca, image, signature=False)
    sig = _card_certificate(ca, image, signature=True)
    pem = serialization.Encoding.PEM
    return CardCertificates(
        auth_certificate=auth.certificate.public_bytes(pem),
        auth_key=_pem_key(auth),
        signature_certificate=sig.certificate.public_bytes(pem),
        signature_key=_pem_key(sig),
        ca_certificate=ca.certificate.public_bytes(pem),
    )


def card_type_of(cert: x509.Certificate) -> CardType | None:
    """The card type a certificate of this IGC declares; None for an establishment certificate."""
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return None
    by_oid = {oid: kind for kind, oid in CARD_POLICIES.items()}
    for info in policies:
        if info.policy_identifier in by_oid:
            return by_oid[info.policy_identifier]
    return None

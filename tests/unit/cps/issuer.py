"""A throwaway CA for the cps tests only: card certificates in the CPS subject layout (C, O, OU, CN+SN+GN).

The application's certificates come from the DMP simulator's IGC (dmp.simulator); cps never imports it, so its
tests issue their own. `unordered=True` rewrites the multi-valued RDN in the CPS test cards' order (CN, SN, GN),
which is not DER's sorted order: `cryptography` refuses such a certificate, as it refuses the real ones.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PROFESSIONS = {"10": "Médecin", "21": "Pharmacien"}


@lru_cache(maxsize=8)
def _key(slot: int) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@lru_cache(maxsize=1)
def ca() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = _key(0)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "TEST"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "TEST CPS CLASSE-1 (tests)")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=3650))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def national_id(image: dict[str, Any]) -> str:
    holder = image["holder"]
    return str(holder["id_nat"]) if holder.get("id_nat") else "8" + str(holder["rpps"])


def _atv(oid: x509.ObjectIdentifier, value: str) -> bytes:
    """One AttributeTypeAndValue, as cryptography encodes it (UTF8String): the name's DER minus two headers."""
    der = x509.Name([x509.NameAttribute(oid, value)]).public_bytes()  # SEQ { SET { ATV } }
    assert der[1] < 0x80 and der[3] < 0x80, "short values only"
    return der[4:]


def unorder_rdn(cert: x509.Certificate, ca_key: rsa.RSAPrivateKey, first: str, last: str, ident: str) -> bytes:
    """The certificate with its CN+SN+GN set re-ordered CN, SN, GN and re-signed (same length, new signature)."""
    atvs = [_atv(NameOID.COMMON_NAME, ident), _atv(NameOID.SURNAME, last), _atv(NameOID.GIVEN_NAME, first)]
    body = b"".join(sorted(atvs))
    assert len(body) < 0x80
    sorted_set = bytes([0x31, len(body)]) + body
    unordered_set = bytes([0x31, len(body)]) + b"".join(atvs)
    tbs = cert.tbs_certificate_bytes
    assert tbs.count(sorted_set) == 1, "the multi-valued RDN was not found as expected"
    new_tbs = tbs.replace(sorted_set, unordered_set)
    signature = ca_key.sign(new_tbs, padding.PKCS1v15(), hashes.SHA256())
    der = cert.public_bytes(serialization.Encoding.DER)
    assert len(signature) == len(cert.signature)
    return der.replace(tbs, new_tbs).replace(cert.signature, signature)


def _certificate(image: dict[str, Any], key: rsa.RSAPrivateKey, signature: bool, unordered: bool) -> bytes:
    ca_key, ca_cert = ca()
    holder = image["holder"]
    first, last, ident = str(holder["first_name"]).upper(), str(holder["last_name"]).upper(), national_id(image)
    subject = x509.Name([
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR")]),
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "TEST")]),
        x509.RelativeDistinguishedName([x509.NameAttribute(
            NameOID.ORGANIZATIONAL_UNIT_NAME, PROFESSIONS.get(str(holder.get("profession", "")), "Personnel"))]),
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, ident),
                                        x509.NameAttribute(NameOID.SURNAME, last),
                                        x509.NameAttribute(NameOID.GIVEN_NAME, first)]),
    ])
    start = dt.datetime.combine(dt.date.fromisoformat(image["not_before"]), dt.time(0, 0), tzinfo=dt.UTC)
    end = dt.datetime.combine(dt.date.fromisoformat(image["not_after"]), dt.time(23, 59, 59), tzinfo=dt.UTC)
    eku = ExtendedKeyUsageOID.EMAIL_PROTECTION if signature else ExtendedKeyUsageOID.CLIENT_AUTH
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.KeyUsage(True, signature, False, False, False, False, False, False, False), True)
            .add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    if unordered:
        return unorder_rdn(cert, ca_key, first, last, ident)
    return cert.public_bytes(serialization.Encoding.DER)


def _pem_cert(der: bytes) -> bytes:
    import base64
    import textwrap

    body = "\n".join(textwrap.wrap(base64.b64encode(der).decode("ascii"), 64))
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n".encode("ascii")


def _pem_key(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def issue(image: dict[str, Any], unordered: bool = False) -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """(auth_cert_pem, auth_key_pem, sig_cert_pem, sig_key_pem, ca_pem), as the simulator's issuer answers."""
    auth_key, sig_key = _key(1), _key(2)
    ca_cert = ca()[1].public_bytes(serialization.Encoding.PEM)
    return (_pem_cert(_certificate(image, auth_key, False, unordered)), _pem_key(auth_key),
            _pem_cert(_certificate(image, sig_key, True, unordered)), _pem_key(sig_key), ca_cert)


def image(card_type: str = "CPS", **changes: Any) -> dict[str, Any]:
    """A valid CPS image (pharmacien, one situation, valid for years), with `changes` on top."""
    base: dict[str, Any] = {
        "card_type": card_type,
        "pin": "1234",
        "pin_tries_left": 3,
        "holder": {"rpps": "10000000001", "first_name": "Camille", "last_name": "Formation", "profession": "21",
                   "specialty": {"code": "PH21", "code_system": "1.2.250.1.71.4.2.5"}},
        "situations": [{"structure_id": "1990000017", "name": "Pharmacie de formation", "sector": "SA33"}],
        "not_before": "2024-01-01",
        "not_after": "2036-12-31",
    }
    if card_type == "CPE":
        base["holder"] = {"id_nat": "1990000017/PREP0001", "first_name": "Alix", "last_name": "Préparatrice"}
    base.update(changes)
    return base

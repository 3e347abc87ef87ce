"""Certificates: load the structure PKCS#12, build the TLS context from it, and make the simulator's test PKI."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from dmp_desktop.domain.errors import DomainError, ErrorCode


@dataclass(frozen=True)
class Credential:
    """A private key with its certificate and the chain that came with it (loaded once, kept in memory)."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def subject_dn(self) -> str:
        """RFC 2253/4514 subject: the VIHF Issuer (CN=…,OU=…,O=…,ST=…,C=FR, as in the samples)."""
        return subject_dn(self.certificate)

    @property
    def organisational_unit(self) -> str:
        values = self.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
        return str(values[0].value) if values else ""

    @property
    def not_before(self) -> dt.datetime:
        return self.certificate.not_valid_before_utc

    @property
    def not_after(self) -> dt.datetime:
        return self.certificate.not_valid_after_utc


# A CPS subject is CN=<8+RPPS>+SN=<last name>+GN=<first name>: names SN and GN, not the dotted OIDs.
_DN_NAMES = {NameOID.SURNAME: "SN", NameOID.GIVEN_NAME: "GN"}


def subject_dn(cert: x509.Certificate) -> str:
    """The subject as the VIHF Issuer writes it, the same on the client and in the simulator."""
    return cert.subject.rfc4514_string(_DN_NAMES)


def load_pkcs12(path: Path, password: str) -> Credential:
    """Open the structure certificate; a missing file or wrong password is CERTIFICATE_MISSING (never logged)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(ErrorCode.CERTIFICATE_MISSING, f"{path}: {exc.strerror or exc}") from None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode("utf-8"))
    except ValueError:
        raise DomainError(ErrorCode.CERTIFICATE_MISSING, f"{path}: wrong password or not a PKCS#12 file") from None
    if not isinstance(key, rsa.RSAPrivateKey) or cert is None:
        raise DomainError(ErrorCode.CERTIFICATE_MISSING, f"{path}: no RSA key and certificate inside")
    return Credential(key, cert, tuple(extra or ()))


def client_ssl_context(credential: Credential, ca_bundle: Path | None) -> ssl.SSLContext:
    """TLS ≥ 1.2 context presenting the structure certificate; trusts `ca_bundle` (else the system store)."""
    try:
        ctx = ssl.create_default_context(cafile=str(ca_bundle) if ca_bundle else None)
    except (OSError, ssl.SSLError) as exc:
        raise DomainError(ErrorCode.CERTIFICATE_MISSING, f"CA bundle {ca_bundle}: {exc}") from None
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    _load_chain(ctx, credential)
    return ctx


def _load_chain(ctx: ssl.SSLContext, credential: Credential) -> None:
    # ssl only reads files: write the key re-encrypted with a throw-away passphrase, load it, delete it.
    passphrase = os.urandom(24).hex().encode()
    pem = credential.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    ) + b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (credential.certificate, *credential.chain))
    fd, name = tempfile.mkstemp(prefix="dmp-tls-", suffix=".pem")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        ctx.load_cert_chain(name, password=passphrase)
    finally:
        os.unlink(name)


# ---- test PKI (simulator and tests only) -------------------------------------------------------------

_KEY_SIZE = 2048


def _name(cn: str, ou: str | None = None) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DMP SIMULATEUR"),
    ]
    if ou:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)


def make_ca(cn: str = "DMP SIMULATEUR AC TEST", days: int = 3650) -> Credential:
    key = new_key()
    now = dt.datetime.now(dt.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    return Credential(key, cert)


def _ku(*, signature: bool = True, non_repudiation: bool = False, encipherment: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(signature, non_repudiation, encipherment, False, False, False, False, False, False)


def issue(
    ca: Credential,
    cn: str,
    *,
    ou: str | None = None,
    usage: str,
    days: int = 1095,
    not_before: dt.datetime | None = None,
) -> Credential:
    """Issue an end-entity certificate. usage: server | auth (TLS client) | sign (VIHF) | structure (both)."""
    key = new_key()
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, ou))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
    )
    if usage == "server":
        builder = builder.add_extension(_ku(encipherment=True), critical=True)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    elif usage == "auth":
        builder = builder.add_extension(_ku(), critical=True)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    elif usage == "sign":
        builder = builder.add_extension(_ku(non_repudiation=True), critical=True)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    elif usage == "structure":
        # One PKCS#12 for both roles (training): TLS client auth and VIHF signature.
        builder = builder.add_extension(_ku(non_repudiation=True), critical=True)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
    else:
        raise ValueError(f"unknown usage {usage!r}")
    return Credential(key, builder.sign(ca.key, hashes.SHA256()), (ca.certificate,))


def is_signature_certificate(cert: x509.Certificate) -> bool:
    """A VIHF signer must carry nonRepudiation or the emailProtection EKU (an AUTH-only cert is refused)."""
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if ku.content_commitment:
            return True
    except x509.ExtensionNotFound:
        pass
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return ExtendedKeyUsageOID.EMAIL_PROTECTION in eku


def write_pem_certificate(path: Path, *certs: x509.Certificate) -> None:
    path.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs))


def write_pem_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    path.chmod(0o600)


def write_pkcs12(path: Path, credential: Credential, password: str, name: str = "structure") -> None:
    data = pkcs12.serialize_key_and_certificates(
        name.encode(),
        credential.key,
        credential.certificate,
        list(credential.chain),
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    )
    path.write_bytes(data)
    path.chmod(0o600)


def load_pem(cert_path: Path, key_path: Path) -> Credential:
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{key_path}: not an RSA key")
    return Credential(key, cert)

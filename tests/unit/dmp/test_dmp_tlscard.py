"""The card-backed TLS key and the server chain check, without a network."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from dmp_desktop.dmp import choose_situation, pki
from dmp_desktop.dmp.simulator.softcard import SoftCardSession
from dmp_desktop.dmp.simulator.softcard import sample_image as image
from dmp_desktop.dmp.tlscard import CardRsaKey, CertificateRefused, load_store, verify_server_chain
from dmp_desktop.domain.errors import DomainError, ErrorCode

SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


@pytest.fixture(scope="module")
def card(ca: pki.Credential) -> SoftCardSession:
    return SoftCardSession.from_ca(ca, image())


def _public(card: SoftCardSession) -> rsa.RSAPublicKey:
    key = x509.load_der_x509_certificate(card.authentication_certificate()).public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    return key


def _numbers(card: SoftCardSession) -> tuple[int, int]:
    numbers = _public(card).public_numbers()
    return numbers.n, numbers.e


def test_tls12_certificate_verify_goes_to_the_card_as_a_digest_info(card: SoftCardSession) -> None:
    """tlslite hands sign() a DigestInfo already built (hashAlg None); the card signs it with CKM_RSA_PKCS."""
    seen: list[bytes] = []

    class Spy(SoftCardSession):
        def sign_authentication(self, digest_info: bytes) -> bytes:
            seen.append(digest_info)
            return super().sign_authentication(digest_info)

    spy = Spy(card.certificates, card.holder, card.situations)
    key = CardRsaKey(spy, *_numbers(spy))
    message = b"handshake messages"
    digest_info = SHA256_PREFIX + hashlib.sha256(message).digest()
    signature = key.sign(bytearray(digest_info), "pkcs1", None, 0)
    assert seen == [digest_info]
    _public(spy).verify(bytes(signature), message, padding.PKCS1v15(), hashes.SHA256())
    assert key.verify(signature, bytearray(digest_info), "pkcs1", None, 0)  # what tlslite checks next
    # with a hash name, tlslite expects the prefix added for it
    again = key.sign(bytearray(hashlib.sha256(message).digest()), "pkcs1", "sha256")
    assert seen[-1] == digest_info and bytes(again) == bytes(signature)


def test_the_card_key_refuses_pss_and_raw_operations(card: SoftCardSession) -> None:
    key = CardRsaKey(card, *_numbers(card))
    assert key.hasPrivateKey()
    with pytest.raises(ValueError, match="PKCS#1"):
        key.sign(bytearray(32), "pss", "sha256", 32)
    with pytest.raises(NotImplementedError):
        key._rawPrivateKeyOp(2)


def test_a_pulled_card_signs_nothing(ca: pki.Credential) -> None:
    card = SoftCardSession.from_ca(ca, image())
    key = CardRsaKey(card, *_numbers(card))
    card.pull()
    with pytest.raises(DomainError) as err:
        key.sign(bytearray(SHA256_PREFIX + bytes(32)), "pkcs1", None, 0)
    assert err.value.code is ErrorCode.CPS_REMOVED


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def test_server_chain_checked_against_the_bundle_and_the_host(ca: pki.Credential) -> None:
    server = pki.issue(ca, "localhost", usage="server")
    store = load_store(ca.certificate.public_bytes(serialization.Encoding.PEM))
    verify_server_chain([_der(server.certificate)], store, "localhost")
    verify_server_chain([_der(server.certificate)], store, "127.0.0.1")
    with pytest.raises(CertificateRefused):
        verify_server_chain([_der(server.certificate)], store, "dmp.example.org")
    other = pki.make_ca("AUTRE AC")
    with pytest.raises(CertificateRefused):
        verify_server_chain([_der(server.certificate)], load_store(other.certificate.public_bytes(
            serialization.Encoding.PEM)), "localhost")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=4000)
    with pytest.raises(CertificateRefused):
        verify_server_chain([_der(server.certificate)], store, "localhost", now=later)
    with pytest.raises(CertificateRefused):
        verify_server_chain([], store, "localhost")


def test_a_client_certificate_is_no_server_certificate(ca: pki.Credential, card: SoftCardSession) -> None:
    store = load_store(ca.certificate.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(CertificateRefused):
        verify_server_chain([card.authentication_certificate()], store, "localhost")


def test_choose_situation(ca: pki.Credential) -> None:
    one = SoftCardSession.from_ca(ca, image())
    assert choose_situation(one, None) == one.situations[0]
    two = SoftCardSession.from_ca(ca, image(situations=[
        {"structure_id": "1130001234", "name": "A"}, {"structure_id": "1130005678", "name": "B"}]))
    with pytest.raises(DomainError) as err:
        choose_situation(two, None)
    assert err.value.code is ErrorCode.CPS_SITUATION_REQUIRED
    assert choose_situation(two, two.situations[1]).name == "B"
    with pytest.raises(DomainError) as err:
        choose_situation(one, two.situations[1])  # not a situation of this card
    assert err.value.code is ErrorCode.CPS_SITUATION_REQUIRED


def test_invalid_signature_is_detected(card: SoftCardSession) -> None:
    signature = card.sign_authentication(SHA256_PREFIX + hashlib.sha256(b"a").digest())
    with pytest.raises(InvalidSignature):
        _public(card).verify(signature, b"b", padding.PKCS1v15(), hashes.SHA256())


def test_a_ca_without_webpki_extensions_is_accepted_but_still_checked() -> None:
    """Of the CA only the chain and basicConstraints are required (an IGC-Santé CA need not carry KeyUsage)."""
    from cryptography.x509.oid import NameOID

    key = pki.new_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "AC SANS KEYUSAGE")])
    now = dt.datetime.now(dt.UTC)
    bare = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=9))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    ca = pki.Credential(key, bare)
    server = pki.issue(ca, "localhost", usage="server")
    store = load_store(bare.public_bytes(serialization.Encoding.PEM))
    verify_server_chain([_der(server.certificate)], store, "localhost")
    impostor = pki.issue(pki.make_ca("AC SANS KEYUSAGE"), "localhost", usage="server")  # same name, other key
    with pytest.raises(CertificateRefused):
        verify_server_chain([_der(impostor.certificate)], store, "localhost")

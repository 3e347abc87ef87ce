"""TLS 1.2 client authentication with a key that never leaves the card: tlslite-ng under httpx (docs/dmp-service.md).

Python's ssl only loads client keys from files. tlslite-ng is a TLS stack in pure Python whose RSA key object
we subclass so that the one private-key operation of a handshake (the client's CertificateVerify) goes to
CardSession.sign_authentication. Its records are sealed by `cryptography`'s AEAD (OpenSSL), the server's
chain is checked with `cryptography.x509.verification`; httpx keeps the connection (one handshake a session).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import select
import socket
import ssl
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.x509.verification import Criticality, ExtensionPolicy, PolicyBuilder, Store, VerificationError
from tlslite import HandshakeSettings, TLSConnection, X509CertChain, recordlayer
from tlslite.errors import TLSError
from tlslite.utils.python_rsakey import Python_RSAKey
from tlslite.x509 import X509

from dmp_desktop.dmp.certname import certificate_rsa_numbers
from dmp_desktop.dmp.deadline import PoolTransport
from dmp_desktop.domain.ports import CardSession

# The DMP's channel for software: TLS 1.2, ECDHE_RSA with AES-GCM or CHACHA20 (PDT-INF-579, guide §3.2).
CIPHERS = ["aes256gcm", "aes128gcm", "chacha20-poly1305"]


class CertificateRefused(Exception):
    """The server's certificate does not chain to the DMP's CA bundle or does not name the host."""


class CardRsaKey(Python_RSAKey):  # type: ignore[misc]
    """The card's authentication key as tlslite sees it: the public half, and a sign() that asks the card.

    In TLS 1.2 tlslite calls sign(DigestInfo, "pkcs1", None) for the client's CertificateVerify (the
    DigestInfo prefix is already there); with a hash name it adds the prefix itself. Either way the card
    receives a DER DigestInfo for CKM_RSA_PKCS."""

    def __init__(self, card: CardSession, n: int, e: int) -> None:
        super().__init__(n, e)
        self._card = card
        self._lock = threading.Lock()  # one card, one signature at a time, whichever connection asks

    def hasPrivateKey(self) -> bool:
        return True

    def sign(
        self,
        data: bytes | bytearray,
        padding: str = "pkcs1",
        hashAlg: str | None = None,
        saltLen: int | None = None,
    ) -> bytearray:
        if padding.lower() != "pkcs1":
            raise ValueError(f"the card signs PKCS#1 v1.5 only, not {padding}")
        digest_info = self.addPKCS1Prefix(bytearray(data), hashAlg) if hashAlg else bytearray(data)
        with self._lock:
            return bytearray(self._card.sign_authentication(bytes(digest_info)))

    def _rawPrivateKeyOp(self, message: int) -> int:
        raise NotImplementedError("the private key stays on the card")


class _Aead:
    """tlslite's AEAD interface over `cryptography` (OpenSSL): tlslite only finds OpenSSL through M2Crypto,
    which has no Windows wheels, and its pure-Python AES-GCM costs ~30 ms for a 4 KB message."""

    isBlockCipher = False
    isAEAD = True
    nonceLength = 12
    tagLength = 16
    implementation = "openssl"

    def __init__(self, aead: AESGCM | ChaCha20Poly1305, key: bytearray, name: str) -> None:
        self._aead = aead
        self.key = key
        self.name = name

    def seal(self, nonce: bytearray, plaintext: bytearray, data: bytearray) -> bytearray:
        return bytearray(self._aead.encrypt(bytes(nonce), bytes(plaintext), bytes(data)))

    def open(self, nonce: bytearray, ciphertext: bytearray, data: bytearray) -> bytearray | None:
        try:
            return bytearray(self._aead.decrypt(bytes(nonce), bytes(ciphertext), bytes(data)))
        except InvalidTag:
            return None  # tlslite turns it into bad_record_mac


def _aes_gcm(key: bytearray, impl_list: Any = None) -> _Aead:
    return _Aead(AESGCM(bytes(key)), key, "aes128gcm" if len(key) == 16 else "aes256gcm")


def _chacha20(key: bytearray, impl_list: Any = None) -> _Aead:
    return _Aead(ChaCha20Poly1305(bytes(key)), key, "chacha20-poly1305")


# The record layer looks its cipher factories up in its module: point the two AEADs we negotiate at OpenSSL.
recordlayer.createAESGCM = _aes_gcm
recordlayer.createCHACHA20 = _chacha20


def handshake_settings() -> HandshakeSettings:
    settings = HandshakeSettings()
    settings.minVersion = settings.maxVersion = (3, 3)
    settings.cipherNames = list(CIPHERS)
    settings.keyExchangeNames = ["ecdhe_rsa"]
    settings.rsaSchemes = ["pkcs1"]  # a card does CKM_RSA_PKCS, not PSS
    settings.eccCurves = ["x25519", "secp256r1", "secp384r1"]
    settings.useEncryptThenMAC = False
    return settings


def verify_server_chain(chain: list[bytes], store: Store, host: str, now: dt.datetime | None = None) -> None:
    """The server's chain (DER, leaf first) against the trust store and the host name or address; fail closed."""
    if not chain:
        raise CertificateRefused("the server sent no certificate")
    try:
        leaf = x509.load_der_x509_certificate(chain[0])
        intermediates = [x509.load_der_x509_certificate(der) for der in chain[1:]]
    except ValueError as exc:
        raise CertificateRefused(f"unreadable server certificate: {exc}") from None
    subject: x509.verification.Subject
    try:
        subject = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        subject = x509.DNSName(host)
    # The server certificate meets the WebPKI rules (SAN naming the host, serverAuth); of the CAs only the
    # chain and basicConstraints are required: IGC-Santé CAs need not carry WebPKI's CA extensions.
    ca_policy = ExtensionPolicy.permit_all().require_present(x509.BasicConstraints, Criticality.AGNOSTIC, None)
    builder = (
        PolicyBuilder()
        .store(store)
        .time(now or dt.datetime.now(dt.UTC))
        .extension_policies(ca_policy=ca_policy, ee_policy=ExtensionPolicy.webpki_defaults_ee())
    )
    try:
        builder.build_server_verifier(subject).verify(leaf, intermediates)
    except (VerificationError, ValueError) as exc:
        raise CertificateRefused(f"server certificate refused for {host}: {exc}") from None


def load_store(pem: bytes) -> Store:
    try:
        return Store(x509.load_pem_x509_certificates(pem))
    except ValueError as exc:
        raise CertificateRefused(f"unreadable CA bundle: {exc}") from None


@contextlib.contextmanager
def _mapped(timeout_error: type[Exception], other: type[Exception]) -> Iterator[None]:
    try:
        yield
    except TimeoutError as exc:
        raise timeout_error(str(exc) or "timed out") from None
    except (TLSError, OSError) as exc:
        raise other(f"TLS {type(exc).__name__}: {exc}") from None


class _TlsStream(httpcore.NetworkStream):
    def __init__(self, sock: socket.socket, conn: TLSConnection) -> None:
        self._sock = sock
        self._conn = conn

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._sock.settimeout(timeout)
        with _mapped(httpcore.ReadTimeout, httpcore.ReadError):
            return bytes(self._conn.read(max=max_bytes))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        self._sock.settimeout(timeout)
        with _mapped(httpcore.WriteTimeout, httpcore.WriteError):
            self._conn.write(buffer)

    def close(self) -> None:
        with contextlib.suppress(TLSError, OSError):  # the socket may be closed already (tlslite, on errors)
            self._sock.settimeout(0.2)  # send close_notify; do not wait long for the server's
            self._conn.close()
        self._sock.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        raise RuntimeError("TLS is already established")

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # httpcore asks before reusing a kept connection: readable = closed by the peer
            readable, _, _ = select.select([self._sock], [], [], 0)
            return bool(readable)
        if info == "socket":
            return self._sock
        if info == "server_addr":
            return self._sock.getpeername()
        return None


class _TcpStream(httpcore.NetworkStream):
    def __init__(self, sock: socket.socket, backend: CardTlsBackend) -> None:
        self._sock = sock
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._sock.settimeout(timeout)
        with _mapped(httpcore.ReadTimeout, httpcore.ReadError):
            return self._sock.recv(max_bytes)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._sock.settimeout(timeout)
        with _mapped(httpcore.WriteTimeout, httpcore.WriteError):
            self._sock.sendall(buffer)

    def close(self) -> None:
        self._sock.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return self._backend.handshake(self._sock, server_hostname or "", timeout)


class CardTlsBackend(httpcore.NetworkBackend):
    """httpcore's network: TCP sockets, then a tlslite-ng handshake signed by the card."""

    def __init__(self, card: CardSession, ca_pem: bytes) -> None:
        self._card = card
        self._store = load_store(ca_pem)
        der = card.authentication_certificate()
        try:  # leniently: real CPS certificates are not always DER that cryptography accepts
            n, e = certificate_rsa_numbers(der)
        except (ValueError, SyntaxError, IndexError) as exc:
            raise CertificateRefused(f"the card's authentication certificate: {exc}") from None
        self._key = CardRsaKey(card, n, e)
        leaf = X509()
        leaf.parseBinary(bytearray(der))
        self._chain = X509CertChain([leaf])
        self._settings = handshake_settings()
        self.handshakes = 0

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        source = (local_address, 0) if local_address else None
        with _mapped(httpcore.ConnectTimeout, httpcore.ConnectError):
            sock = socket.create_connection((host, port), timeout, source_address=source)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return _TcpStream(sock, self)

    def handshake(self, sock: socket.socket, host: str, timeout: float | None) -> _TlsStream:
        sock.settimeout(timeout)
        conn = TLSConnection(sock)
        try:
            with _mapped(httpcore.ConnectTimeout, httpcore.ConnectError):
                sni = None if _is_address(host) else host
                conn.handshakeClientCert(self._chain, self._key, settings=self._settings, serverName=sni)
            self.handshakes += 1
            chain = [bytes(c.bytes) for c in conn.session.serverCertChain.x509List]
            verify_server_chain(chain, self._store, host)
        except CertificateRefused as exc:
            with contextlib.suppress(OSError):
                sock.close()
            # Worded as Python's ssl says it, so the client names it the same way (DMP_SERVER_UNTRUSTED).
            raise httpcore.ConnectError(f"CERTIFICATE_VERIFY_FAILED: {exc}") from None
        except BaseException:
            with contextlib.suppress(OSError):
                sock.close()
            raise
        return _TlsStream(sock, conn)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class CardTransport(PoolTransport):
    """An httpx transport whose HTTPS connections are tlslite-ng connections authenticated by the card."""

    backend: CardTlsBackend

    def __init__(self, backend: CardTlsBackend, *, max_connections: int = 4, keepalive_expiry: float = 60.0) -> None:
        # httpcore sets ALPN on an ssl context before start_tls: give it one; tlslite does the TLS.
        placeholder = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        super().__init__(backend, placeholder, max_connections=max_connections, keepalive_expiry=keepalive_expiry)

"""The training CPS: an in-process card with software keys, same ports as the PKCS#11 one, nothing to install.

Its certificates come from a CA outside this package (the embedded DMP simulator's), handed over as PEM; so
training mode's simulator trusts the card the way the real service trusts a real CPS.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from dmp_desktop.cps.certificate import build_holder, parse_certificate, pem_to_der
from dmp_desktop.cps.image import CpsImage, load_image, resolve_image, training_images, validate_image
from dmp_desktop.cps.pin import PIN_TRIES, incorrect, pin_state_from_flags
from dmp_desktop.cps.pin import flags_for_tries as _flags
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import CardHolder, PinState, Situation

# What a CA issues for a card image: (auth_cert_pem, auth_key_pem, sig_cert_pem, sig_key_pem[, ca_pem]), or an
# object with those as attributes auth_certificate, auth_key, signature_certificate, signature_key, ca_certificate.
Issued = Any
Issuer = Callable[[dict[str, Any]], Issued]
_ISSUED_FIELDS = ("auth_certificate", "auth_key", "signature_certificate", "signature_key", "ca_certificate")


def issued_pems(issued: Issued) -> tuple[Any, Any, Any, Any, Any]:
    """The five PEMs of an issuer's answer, whichever of the two shapes it has."""
    if all(hasattr(issued, name) for name in _ISSUED_FIELDS[:4]):
        values = [getattr(issued, name, None) for name in _ISSUED_FIELDS]
    else:
        values = [*issued, None][:5]
    auth_cert, auth_key, sig_cert, sig_key, ca = values
    return auth_cert, auth_key, sig_cert, sig_key, ca


_DIGESTS: dict[str, hashes.HashAlgorithm] = {
    "sha1": hashes.SHA1(),  # noqa: S303 (TLS and the VIHF may still ask for it)
    "sha224": hashes.SHA224(), "sha256": hashes.SHA256(), "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _key(pem: bytes | str) -> rsa.RSAPrivateKey:
    # The training keys come from our own issuer (the embedded simulator's CA): OpenSSL's RSA consistency check
    # (about 50 ms a key) is skipped for them; a real card's keys never pass here.
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    key = serialization.load_pem_private_key(data, password=None, unsafe_skip_rsa_key_validation=True)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("a CPS key is an RSA key")
    return key


class TrainingCard:
    """One training CPS: the image's holder and situations, the issued certificates and their keys."""

    def __init__(self, image: CpsImage, auth_cert_pem: bytes | str, auth_key_pem: bytes | str,
                 sig_cert_pem: bytes | str, sig_key_pem: bytes | str, ca_pem: bytes | str | None = None,
                 name: str = "") -> None:
        self.image = image
        self.name = name or image.label or image.national_id
        self.auth_der = pem_to_der(auth_cert_pem)
        self.sig_der = pem_to_der(sig_cert_pem)
        self.ca_der = pem_to_der(ca_pem) if ca_pem else b""
        self.auth_key = _key(auth_key_pem)
        self.sig_key = _key(sig_key_pem)
        # what our provisioned tokens say in their data objects (card type, names as typed, profession, specialty)
        ours: dict[str, Any] = {"card_type": image.card_type.value, "profession": image.profession,
                                "first_name": image.first_name, "last_name": image.last_name}
        if image.specialty:
            ours["specialty"] = {"code": image.specialty.code, "code_system": image.specialty.code_system}
        self.holder = build_holder(parse_certificate(self.auth_der), ours)
        self.tries_left = image.pin_tries_left


def training_card(image: CpsImage | dict[str, Any], issued: Issued, name: str = "") -> TrainingCard:
    """A training card from a CPS image (validated here when given as its JSON dict) and what the CA issued
    for it: (auth_cert, auth_key, sig_cert, sig_key[, ca]) PEMs, or the simulator's CardCertificates."""
    cps = image if isinstance(image, CpsImage) else validate_image(image)
    auth_cert, auth_key, sig_cert, sig_key, ca = issued_pems(issued)
    return TrainingCard(cps, auth_cert, auth_key, sig_cert, sig_key, ca, name=name)


class TrainingSession:
    """The CardSession of a training card: valid while that very insertion lasts."""

    def __init__(self, reader: TrainingCardReader, card: TrainingCard, insertion: int) -> None:
        self._reader = reader
        self._card = card
        self._insertion = insertion
        self._closed = False

    @property
    def holder(self) -> CardHolder:
        return self._card.holder

    @property
    def situations(self) -> tuple[Situation, ...]:
        return self._card.image.situations

    def authentication_certificate(self) -> bytes:
        return self._card.auth_der

    def signature_certificate(self) -> bytes:
        return self._card.sig_der

    def _check(self, what: str) -> None:
        if self._closed:
            raise DomainError(ErrorCode.CPS_REMOVED, f"{what}: the card session is closed")
        if not self.is_present():
            raise DomainError(ErrorCode.CPS_REMOVED, f"{what}: the training card was pulled")

    def sign_authentication(self, digest_info: bytes) -> bytes:
        """What CKM_RSA_PKCS does with a DigestInfo: PKCS#1 v1.5 over the digest it names."""
        self._check("sign_authentication")
        from asn1crypto.algos import DigestInfo

        try:
            info = DigestInfo.load(digest_info)
            algorithm = _DIGESTS[info["digest_algorithm"]["algorithm"].native]
            digest = bytes(info["digest"].native)
        except (KeyError, ValueError, TypeError):
            raise ValueError("sign_authentication expects a DER DigestInfo (SHA-1 or SHA-2)") from None
        return self._card.auth_key.sign(digest, padding.PKCS1v15(), Prehashed(algorithm))

    def sign_signature(self, data: bytes, hash_name: str = "sha256") -> bytes:
        self._check("sign_signature")
        if hash_name.lower() not in ("sha256", "sha1"):
            raise ValueError(f"hash {hash_name!r}: sha256 or sha1")
        return self._card.sig_key.sign(data, padding.PKCS1v15(), _DIGESTS[hash_name.lower()])

    def is_present(self) -> bool:
        return not self._closed and self._reader.insertion == self._insertion

    def close(self) -> None:
        self._closed = True


class TrainingCardReader:
    """The « Cartes de formation » reader: insert a training card, pull it; a ProfessionalCardReader."""

    def __init__(self, issuer: Issuer | None = None, today: Callable[[], dt.date] = _today) -> None:
        self._issuer = issuer
        self._today = today
        self._lock = threading.Lock()
        self._card: TrainingCard | None = None
        self._issued: dict[str, TrainingCard] = {}
        self.insertion = 0

    @staticmethod
    def images() -> list[tuple[str, str]]:
        """(name, label) of the shipped training CPS, for a menu."""
        out = []
        for path in training_images():
            out.append((path.stem, load_image(path).label or path.stem))
        return out

    @property
    def card(self) -> TrainingCard | None:
        return self._card

    def reissue(self, issuer: Issuer) -> None:
        """Take certificates from `issuer` from now on: the cards issued before are forgotten and pulled."""
        with self._lock:
            self._issuer = issuer
            self._issued.clear()
            self._card = None
            self.insertion += 1

    def insert(self, card: TrainingCard) -> None:
        with self._lock:
            self._card = card
            self.insertion += 1

    def insert_image(self, name_or_path: str) -> TrainingCard:
        """Insert a shipped training card by name (or an image file); its certificates are issued once."""
        path = resolve_image(name_or_path)
        key = str(Path(path).resolve())
        card = self._issued.get(key)
        if card is None:
            if self._issuer is None:
                raise DomainError(ErrorCode.CPS_MODULE_MISSING, "no certificate issuer for the training cards")
            image = load_image(path)
            card = training_card(image, self._issuer(image.as_dict()), name=Path(path).stem)
            self._issued[key] = card
        elif card.tries_left <= 0 < card.image.pin_tries_left:
            # a card the trainee blocked with wrong PINs comes back whole from the menu (a real one would need
            # its unblocking code); wrong tries short of blocking stay counted, as on a real card
            card.tries_left = card.image.pin_tries_left
        self.insert(card)
        return card

    def pull(self) -> None:
        with self._lock:
            self._card = None
            self.insertion += 1

    def _current(self) -> TrainingCard:
        card = self._card
        if card is None:
            raise DomainError(ErrorCode.CPS_MISSING, "no training card inserted")
        return card

    def holder(self, *, allow_expired: bool = False) -> CardHolder:
        holder = self._current().holder
        if not allow_expired and holder.expired(self._today()):
            raise DomainError(ErrorCode.CPS_EXPIRED,
                              f"{holder.display_name}: valid {holder.not_before} to {holder.not_after}")
        return holder

    def pin_state(self) -> PinState:
        return pin_state_from_flags(_flags(self._current().tries_left))

    def login(self, pin: str) -> TrainingSession:
        self.holder()
        with self._lock:
            card = self._current()
            if card.tries_left <= 0:
                raise DomainError(ErrorCode.CPS_PIN_LOCKED, "0")
            if pin != card.image.pin:
                card.tries_left -= 1
                raise incorrect(card.tries_left)
            card.tries_left = PIN_TRIES
            return TrainingSession(self, card, self.insertion)

    def close(self) -> None:
        """Nothing to release: sessions end with the card's insertion."""

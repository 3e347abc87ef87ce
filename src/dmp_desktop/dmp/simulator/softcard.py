"""A software CardSession (keys in memory, issued by the simulator's IGC): tests, benchmarks, demos."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from dmp_desktop.dmp import pki
from dmp_desktop.dmp.simulator.igc import CardCertificates, card_national_id, issue_card_certificates, issue_card_pair
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import OID_SPECIALTY, CardHolder, CardType, Situation, Specialty

# DER DigestInfo prefixes (RFC 8017 §9.2 note 1): what CKM_RSA_PKCS receives from a TLS stack.
_DIGEST_INFO_PREFIXES: dict[bytes, hashes.HashAlgorithm] = {
    bytes.fromhex("3021300906052b0e03021a05000414"): hashes.SHA1(),  # noqa: S303 - TLS 1.2 peers may ask it
    bytes.fromhex("302d300d06096086480165030402040500041c"): hashes.SHA224(),
    bytes.fromhex("3031300d060960864801650304020105000420"): hashes.SHA256(),
    bytes.fromhex("3041300d060960864801650304020205000430"): hashes.SHA384(),
    bytes.fromhex("3051300d060960864801650304020305000440"): hashes.SHA512(),
}
_HASHES: dict[str, hashes.HashAlgorithm] = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256()}  # noqa: S303


def _key(pem: bytes) -> rsa.RSAPrivateKey:
    # Our own freshly issued keys: skipping the slow validation is safe here (vihf-soap-guide §5.8).
    key = serialization.load_pem_private_key(pem, password=None, unsafe_skip_rsa_key_validation=True)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the card keys are RSA keys")
    return key


def holder_from_image(image: dict[str, Any]) -> CardHolder:
    raw = image["holder"]
    specialty = raw.get("specialty")
    return CardHolder(
        national_id=card_national_id(image),
        first_name=str(raw["first_name"]),
        last_name=str(raw["last_name"]),
        profession=str(raw.get("profession", "")),
        specialty=Specialty(str(specialty["code"]), str(specialty.get("code_system", OID_SPECIALTY)))
        if specialty
        else None,
        card_type=CardType(image.get("card_type", "CPS")),
        not_before=dt.date.fromisoformat(image["not_before"]) if image.get("not_before") else dt.date.min,
        not_after=dt.date.fromisoformat(image["not_after"]) if image.get("not_after") else dt.date.max,
    )


def situations_from_image(image: dict[str, Any]) -> tuple[Situation, ...]:
    return tuple(
        Situation(str(s["structure_id"]), str(s.get("name", "")), str(s.get("sector", "SA33")))
        for s in image.get("situations", [])
    )


class SoftCardSession:
    """Implements domain.ports.CardSession with keys in memory; `pull()` plays the card taken out."""

    def __init__(self, certificates: CardCertificates, holder: CardHolder, situations: tuple[Situation, ...]):
        self.certificates = certificates
        self._holder = holder
        self._situations = situations
        self._auth_key = _key(certificates.auth_key)
        self._sig_key = _key(certificates.signature_key)
        der = serialization.Encoding.DER
        self._auth_der = x509.load_pem_x509_certificate(certificates.auth_certificate).public_bytes(der)
        self._sig_der = x509.load_pem_x509_certificate(certificates.signature_certificate).public_bytes(der)
        self._present = True
        self.signatures = 0  # private-key operations made, for tests (one TLS handshake = one)

    @classmethod
    def issue(cls, state_dir: Path, image: dict[str, Any]) -> SoftCardSession:
        """A new card from `image`, its certificates issued by the simulator whose state folder is `state_dir`."""
        return cls(issue_card_certificates(state_dir, image), holder_from_image(image), situations_from_image(image))

    @classmethod
    def from_ca(cls, ca: pki.Credential, image: dict[str, Any]) -> SoftCardSession:
        """A new card from `image`, issued by a CA held in memory (unit tests)."""
        return cls(issue_card_pair(ca, image), holder_from_image(image), situations_from_image(image))

    @property
    def holder(self) -> CardHolder:
        return self._holder

    @property
    def situations(self) -> tuple[Situation, ...]:
        return self._situations

    def _check(self) -> None:
        if not self._present:
            raise DomainError(ErrorCode.CPS_REMOVED, "the software card was pulled")

    def authentication_certificate(self) -> bytes:
        self._check()
        return self._auth_der

    def signature_certificate(self) -> bytes:
        self._check()
        return self._sig_der

    def sign_authentication(self, digest_info: bytes) -> bytes:
        self._check()
        for prefix, algorithm in _DIGEST_INFO_PREFIXES.items():
            if digest_info.startswith(prefix) and len(digest_info) == len(prefix) + algorithm.digest_size:
                self.signatures += 1
                digest = digest_info[len(prefix) :]
                return self._auth_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(algorithm))
        raise ValueError("not a DER DigestInfo of a known hash")

    def sign_signature(self, data: bytes, hash_name: str = "sha256") -> bytes:
        self._check()
        self.signatures += 1
        return self._sig_key.sign(data, padding.PKCS1v15(), _HASHES[hash_name])

    def is_present(self) -> bool:
        return self._present

    def pull(self) -> None:
        self._present = False

    def close(self) -> None:
        self._present = False


# ---- sample cards (tests, benchmarks, docs): the image format of docs/dmp-simulator.md ------------------

SAMPLE_CPS: dict[str, Any] = {
    "card_type": "CPS",
    "pin": "1234",
    "pin_tries_left": 3,
    "holder": {
        "rpps": "10001234567",
        "first_name": "Anne",
        "last_name": "Leroy",
        "profession": "21",
        "specialty": {"code": "FH1", "code_system": "1.2.250.1.71.4.2.5"},  # any code: not judged
    },
    "situations": [{"structure_id": "1130001234", "name": "Pharmacie du Port", "sector": "SA33"}],
    "not_before": "2019-01-01",
    "not_after": "2035-12-31",
}


def sample_image(**changes: Any) -> dict[str, Any]:
    """A copy of the sample pharmacist's CPS with top-level or `holder` keys changed (holder_<key>=...)."""
    out = copy.deepcopy(SAMPLE_CPS)
    for key, value in changes.items():
        if key.startswith("holder_"):
            out["holder"][key[len("holder_") :]] = value
        else:
            out[key] = value
    return out


def sample_cpe() -> dict[str, Any]:
    """A CPE (staff card) of an adjoint: its holder's national identifier instead of an RPPS."""
    out = sample_image(card_type="CPE", holder_first_name="Paul", holder_last_name="Martin")
    del out["holder"]["rpps"]
    out["holder"]["id_nat"] = "3113000123400012"
    return out

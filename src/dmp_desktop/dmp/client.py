"""DmpClient: the DmpService port over SOAP 1.2 + WS-Addressing + a signed VIHF, on mutual TLS (httpx)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from lxml import etree

from dmp_desktop.dmp import messages
from dmp_desktop.dmp.deadline import PoolTransport, call_deadline, read_capped
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.pki import Credential, client_ssl_context, load_pkcs12
from dmp_desktop.dmp.soap import CONTENT_TYPE, Envelope, build_request, new_message_id, read_envelope
from dmp_desktop.dmp.vihf import DEFAULT_ALGORITHM, LpsInfo, card_issuer, directe_vihf, signed_vihf
from dmp_desktop.dmp.xmlsafe import UnsafeXml
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Beneficiary, Ins
from dmp_desktop.domain.model import (
    AccountRequest,
    Channel,
    Consent,
    ExistenceResult,
    Pharmacist,
    Pharmacy,
    WebAccount,
)
from dmp_desktop.domain.ports import CardSession
from dmp_desktop.domain.professional import STRUCTURE_ID_TYPES, AuthMode, Situation

log = logging.getLogger(__name__)

PRODUCTION_HOSTS = frozenset({"lps2.dmp.gouv.fr"})


@dataclass(frozen=True)
class DmpTimeouts:
    """Seconds per call (DCJS figures: 6 s TD0.2, 10 s TD1.1); `other` covers TD0.3 and TD1.5x."""

    existence: float = 6.0
    creation: float = 10.0
    other: float = 10.0

    def for_class(self, name: str) -> float:
        return {"existence": self.existence, "creation": self.creation}.get(name, self.other)


def is_production_endpoint(endpoint: str) -> bool:
    return (urlsplit(endpoint).hostname or "").lower() in PRODUCTION_HOSTS


def _transport_code(exc: BaseException) -> ErrorCode:
    """Our verification of the service's certificate failed: possibly an impostor (DMP_SERVER_UNTRUSTED);
    the service refused ours (DMP_INVALID_CERTIFICATE); anything else: unreachable."""
    message = str(exc).upper()
    if "CERTIFICATE_VERIFY_FAILED" in message or "CERTIFICATE VERIFY FAILED" in message:
        return ErrorCode.DMP_SERVER_UNTRUSTED
    if isinstance(exc, httpx.ConnectError) and "HOSTNAME MISMATCH" in message:
        return ErrorCode.DMP_SERVER_UNTRUSTED
    return ErrorCode.DMP_INVALID_CERTIFICATE if _tls_problem(exc) else ErrorCode.DMP_UNREACHABLE


def _tls_problem(exc: BaseException) -> bool:
    """A certificate refused by either side (not a plain EOF, which OpenSSL also reports through 'ssl')."""
    message = str(exc).upper()
    return any(word in message for word in ("CERTIFICATE", "ALERT", "HANDSHAKE_FAILURE", "UNKNOWN_CA"))


def certified_structure(pharmacy: Pharmacy, signer: Credential | None) -> Pharmacy:
    """Mode INDIRECTE: Identifiant_Structure is the signature certificate's OU, as in the official structure
    samples and the kit (`1`+FINESS, `3`+SIRET…): the service compares them. The configured identifier stays
    when the OU carries no type prefix."""
    ou = signer.organisational_unit if signer is not None else ""
    if ou[:1] not in STRUCTURE_ID_TYPES or ou == pharmacy.vihf_structure_id:
        return pharmacy
    log.info("Identifiant_Structure %s from the signature certificate (configured: %s)", ou, pharmacy.vihf_structure_id)
    return replace(pharmacy, structure_id=ou)


class DmpClient:
    """Implements domain.ports.DmpService. One httpx.Client (pooled, TLS sessions reused) shared by threads.

    Mode INDIRECTE (this constructor): an establishment pair from PKCS#12 files, the AUTH certificate for TLS
    (Python's ssl) and the SIGN certificate for the VIHF. Mode DIRECTE: `DmpClient.directe()` with a card."""

    def __init__(
        self,
        endpoint: str,
        certificate: Path,
        certificate_password: str,
        *,
        pharmacy: Pharmacy,
        ca_bundle: Path | None = None,
        timeouts: DmpTimeouts | None = None,
        production: bool = False,
        signing_certificate: Path | None = None,
        signing_certificate_password: str | None = None,
        lps: LpsInfo | None = None,
        vihf_algorithm: str = DEFAULT_ALGORITHM,
        mode: AuthMode = AuthMode.INDIRECTE,
    ) -> None:
        self._check_endpoint(endpoint)
        # The TLS (AUTH) credential; the VIHF is signed by the SIGN credential when one is given (guide §1.4).
        self._tls: Credential | None = load_pkcs12(certificate, certificate_password)
        self._signer: Credential | None = (
            load_pkcs12(signing_certificate, signing_certificate_password or certificate_password)
            if signing_certificate
            else self._tls
        )
        self._card: CardSession | None = None
        self._situation: Situation | None = None
        self._issuer = ""
        self.mode = mode
        self.sign_vihf = True
        pharmacy = certified_structure(pharmacy, self._signer)
        context = client_ssl_context(self._tls, ca_bundle)
        transport = PoolTransport(httpcore.SyncBackend(), context, max_connections=8)
        self._setup(endpoint, pharmacy, timeouts, production, lps, vihf_algorithm, {"transport": transport})

    @classmethod
    def directe(
        cls,
        endpoint: str,
        card: CardSession,
        situation: Situation,
        *,
        ca_bundle: Path,
        timeouts: DmpTimeouts | None = None,
        production: bool = False,
        lps: LpsInfo | None = None,
        sign_vihf: bool = False,
        vihf_algorithm: str = DEFAULT_ALGORITHM,
    ) -> DmpClient:
        """Mode DIRECTE: TLS with the card's authentication key (tlslite-ng), the VIHF names the card holder
        in `situation` and goes unsigned unless `sign_vihf` (then signed by the card's signature key)."""
        from dmp_desktop.dmp.tlscard import CardTlsBackend, CardTransport, CertificateRefused

        cls._check_endpoint(endpoint)
        try:
            ca_pem = ca_bundle.read_bytes()
        except OSError as exc:
            raise DomainError(ErrorCode.CERTIFICATE_MISSING, f"CA bundle {ca_bundle}: {exc.strerror or exc}") from None
        try:
            transport = CardTransport(CardTlsBackend(card, ca_pem))
        except CertificateRefused as exc:
            raise DomainError(ErrorCode.CERTIFICATE_MISSING, str(exc)) from None
        client = cls.__new__(cls)
        client._tls = client._signer = None
        client._card, client._situation = card, situation
        client._issuer = card_issuer(card)  # read once: the card's certificates do not change while it is in
        client.mode = AuthMode.DIRECTE
        client.sign_vihf = sign_vihf
        client._setup(
            endpoint, situation.pharmacy(), timeouts, production, lps, vihf_algorithm, {"transport": transport}
        )
        return client

    @staticmethod
    def _check_endpoint(endpoint: str) -> None:
        if not endpoint.startswith("https://"):
            raise DomainError(ErrorCode.CONFIG_INVALID, f"the DMP endpoint must be https: {endpoint!r}")

    def _setup(
        self,
        endpoint: str,
        pharmacy: Pharmacy,
        timeouts: DmpTimeouts | None,
        production: bool,
        lps: LpsInfo | None,
        vihf_algorithm: str,
        connection: dict[str, Any],
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.production = production or is_production_endpoint(endpoint)
        self.pharmacy = pharmacy
        self.timeouts = timeouts or DmpTimeouts()
        self.lps = lps or LpsInfo()
        self.vihf_algorithm = vihf_algorithm
        self._http = httpx.Client(
            **connection,
            timeout=httpx.Timeout(self.timeouts.other),  # the pool's size lives in the transport
            headers={"User-Agent": f"{self.lps.name}/{self.lps.version}"},
        )

    @property
    def certificate(self) -> Credential:
        """The establishment's TLS credential (mode INDIRECTE); a card's stays on the card."""
        if self._tls is None:
            raise DomainError(ErrorCode.CERTIFICATE_MISSING, "mode DIRECTE: the TLS key is on the card")
        return self._tls

    @property
    def card(self) -> CardSession | None:
        return self._card

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DmpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the DmpService port ---------------------------------------------------------------------------

    def test_existence(self, ins: Ins, pharmacist: Pharmacist) -> ExistenceResult:
        body = self._call(Transaction.TD0_2, messages.existence_request(ins, self.lps.name), ins, pharmacist)
        return messages.read_existence(body)

    def create(
        self,
        beneficiary: Beneficiary,
        ins: Ins,
        consent: Consent,
        pharmacist: Pharmacist,
        contacts: AccountRequest | None = None,
    ) -> None:
        if self._card is not None and self._situation is not None:
            pharmacist = self._card.holder.pharmacist(self._situation)  # the author is whom the VIHF names
        request = messages.creation_request(
            beneficiary, ins, consent, pharmacist, self.pharmacy, self.lps.name, contacts=contacts
        )
        messages.read_registration(self._call(Transaction.TD1_1, request, ins, pharmacist))

    def open_web_account(self, ins: Ins, channel: Channel, contact: str, pharmacist: Pharmacist) -> WebAccount:
        body = self._call(Transaction.TD1_5A, messages.access_request(channel, contact), ins, pharmacist)
        return self._account(messages.read_output(body, "createPatientAccessResponse"), (channel,))

    def add_otp_channel(self, ins: Ins, channel: Channel, contact: str, pharmacist: Pharmacist) -> None:
        body = self._call(Transaction.TD1_5B, messages.otp_request(channel, contact), ins, pharmacist)
        messages.read_output(body, "patientOTPUpdateResponse")

    def reset_credentials(self, ins: Ins, pharmacist: Pharmacist) -> WebAccount:
        body = self._call(Transaction.TD1_5D, messages.reset_request(), ins, pharmacist)
        return self._account(messages.read_output(body, "updatePatientAccessResponse"), ())

    def authorize(self, ins: Ins, pharmacist: Pharmacist) -> None:
        body = self._call(Transaction.TD0_3, messages.authorization_request(), ins, pharmacist)
        messages.read_output(body, "setAuthorizationResponse")

    # ---- plumbing --------------------------------------------------------------------------------------

    @staticmethod
    def _account(output: messages.Output, channels: tuple[Channel, ...]) -> WebAccount:
        if not output.login or not output.password:
            raise DomainError(ErrorCode.DMP_BAD_RESPONSE, "DMPOk without login or password")
        return WebAccount(output.login, output.password, channels)

    def _check_ins(self, ins: Ins) -> None:
        if self.production and ins.is_test:
            raise DomainError(
                ErrorCode.DMP_TEST_OID_IN_PRODUCTION, f"OID {ins.oid} is a test OID; the endpoint is production"
            )

    def _call(self, tx: Transaction, body: etree._Element, ins: Ins, pharmacist: Pharmacist) -> etree._Element:
        self._check_ins(ins)
        assertion = self._assertion(pharmacist, ins)
        message_id = new_message_id()
        url = f"{self.endpoint}/{tx.path}"
        payload = build_request(action=tx.action, body=body, assertion=assertion, message_id=message_id)
        headers = {"Content-Type": f'{CONTENT_TYPE}; action="{tx.action}"'}
        started = time.perf_counter()
        status, content = self._post(tx, url, payload, headers)
        elapsed = (time.perf_counter() - started) * 1000
        log.info("DMP %s -> HTTP %s in %.0f ms", tx.label, status, elapsed)
        return self._answer(tx, status, content, message_id)

    def _post(self, tx: Transaction, url: str, payload: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """POST and read the answer within one whole-call deadline: every connect, handshake, write and read
        of the call gets at most the time left (dmp.deadline); the answer is read capped."""
        budget = self.timeouts.for_class(tx.timeout_class)
        try:
            with call_deadline(time.monotonic() + budget):
                response = self._http.post(url, content=payload, headers=headers, timeout=budget)
                # The transports read the answer themselves (capped); this is for a transport that did not.
                return response.status_code, read_capped(response.iter_bytes(), tx.label)
        except httpx.TimeoutException as exc:
            raise DomainError(ErrorCode.DMP_TIMEOUT, f"{tx.label}: {type(exc).__name__}") from None
        except httpx.TransportError as exc:
            # Never re-sent here: after a dropped TD1.1 the caller must ask TD0.2 what happened.
            raise DomainError(_transport_code(exc), f"{tx.label}: {type(exc).__name__}: {exc}") from None

    def _assertion(self, pharmacist: Pharmacist, ins: Ins) -> etree._Element:
        if self._card is not None and self._situation is not None:
            if not self._card.is_present():
                raise DomainError(ErrorCode.CPS_REMOVED, "the card was pulled: its session is over")
            # The card holder is who the VIHF names, whatever the caller passes.
            return directe_vihf(
                card=self._card,
                situation=self._situation,
                ins=ins,
                lps=self.lps,
                signed=self.sign_vihf,
                algorithm=self.vihf_algorithm,
                issuer=self._issuer,
            )
        assert self._signer is not None
        return signed_vihf(
            signer=self._signer,
            pharmacist=pharmacist,
            pharmacy=self.pharmacy,
            ins=ins,
            lps=self.lps,
            algorithm=self.vihf_algorithm,
            mode=self.mode,
        )

    @staticmethod
    def _answer(tx: Transaction, status: int, content: bytes, message_id: str) -> etree._Element:
        try:
            envelope = read_envelope(content)
        except UnsafeXml as exc:
            if status != 200:
                raise DomainError(ErrorCode.DMP_HTTP_ERROR, f"{tx.label}: HTTP {status}") from None
            raise DomainError(ErrorCode.DMP_BAD_RESPONSE, f"{tx.label}: {exc}") from None
        return check_answer(tx, status, envelope, message_id)


def check_answer(tx: Transaction, status: int, envelope: Envelope, message_id: str | None) -> etree._Element:
    """Map faults and HTTP errors; check Action and RelatesTo; return the body element."""
    if envelope.fault is not None:
        fault = envelope.fault
        detail = f"{tx.label}: {fault.code}/{fault.subcode}: {fault.reason}"
        raise DomainError(messages.error_code(fault.subcode, tx, ErrorCode.DMP_SOAP_FAULT), detail)
    if status != 200:
        raise DomainError(ErrorCode.DMP_HTTP_ERROR, f"{tx.label}: HTTP {status}")
    if envelope.action not in tx.response_actions:
        raise DomainError(ErrorCode.DMP_BAD_RESPONSE, f"{tx.label}: unexpected Action {envelope.action!r}")
    if message_id is not None and envelope.relates_to != message_id:
        raise DomainError(ErrorCode.DMP_BAD_RESPONSE, f"{tx.label}: RelatesTo does not match our MessageID")
    if envelope.body is None:
        raise DomainError(ErrorCode.DMP_BAD_RESPONSE, f"{tx.label}: empty Body")
    return envelope.body

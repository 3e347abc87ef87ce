"""The DMP service adapter: the SOAP client, the local simulator, and how the app opens and probes them."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cryptography.utils import CryptographyDeprecationWarning

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import OID_INS_NIR_TEST, Ins, InsEnvironment, InsType
from dmp_desktop.domain.ports import CardSession, SecretStore
from dmp_desktop.domain.professional import Situation

# signxml names DSA types in its signatures, which makes cryptography warn on every command's stderr; this
# package is the first import of every module that loads signxml (vihf, simulator.verify), so filtered here.
warnings.filterwarnings(
    "ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning, module=r"signxml(\..*)?$"
)

if TYPE_CHECKING:
    from dmp_desktop.dmp.client import DmpClient, DmpTimeouts
    from dmp_desktop.dmp.simulator import EmbeddedSimulator
    from dmp_desktop.settings import Settings

# Same name as dmp_desktop.secrets.CERTIFICATE_PASSWORD (adapters may not import each other; a test checks).
CERTIFICATE_PASSWORD = "structure-certificate-password"  # noqa: S105 - the keyring entry's name, not a secret
# The establishment pair's second half (INDIRECTE): the VIHF signature certificate has its own secret.
SIGNATURE_CERTIFICATE_PASSWORD = "structure-signature-certificate-password"  # noqa: S105 - an entry's name
# MARTIN Sophie of the training card famille-martin.json: never created in the simulator's preload.
PROBE_INS = Ins(InsType.INS_NIR, "282056912304564", OID_INS_NIR_TEST)


def _timeouts(settings: Settings) -> DmpTimeouts:
    from dmp_desktop.dmp.client import DmpTimeouts

    return DmpTimeouts(settings.dmp.timeout_existence, settings.dmp.timeout_creation, settings.dmp.timeout_other)


def _client(
    settings: Settings,
    endpoint: str,
    certificate: Path,
    password: str,
    ca: Path | None,
    production: bool,
    signing: tuple[Path, str] | None = None,
) -> DmpClient:
    """Mode INDIRECTE: the AUTH certificate for TLS, the SIGN certificate (when configured) for the VIHF."""
    from dmp_desktop.dmp.client import DmpClient

    return DmpClient(
        endpoint,
        certificate,
        password,
        pharmacy=settings.pharmacy,
        ca_bundle=ca,
        timeouts=_timeouts(settings),
        production=production,
        signing_certificate=signing[0] if signing else None,
        signing_certificate_password=signing[1] if signing else None,
        vihf_algorithm=f"rsa-{settings.dmp.vihf_algorithm}",
    )


def _signing_pair(settings: Settings, secrets: SecretStore, password: str) -> tuple[Path, str] | None:
    """[dmp] signature_certificate and its keyring secret; None when one PKCS#12 serves both (training)."""
    path = settings.dmp.signature_certificate
    if not path:
        return None
    secret = secrets.get(SIGNATURE_CERTIFICATE_PASSWORD)
    if secret is None and settings.training:
        secret = password
    if secret is None:
        raise DomainError(
            ErrorCode.SECRET_MISSING,
            f"the signature certificate password is not in the keyring (entry '{SIGNATURE_CERTIFICATE_PASSWORD}')",
        )
    return Path(path), secret


def open_service(settings: Settings, secrets: SecretStore) -> tuple[DmpClient, EmbeddedSimulator | None]:
    """Training without endpoint: start the embedded simulator and a client on it. Otherwise: the configured
    endpoint with the PKCS#12 of [dmp] certificate and its password from the keyring. Close the client and
    stop the simulator (if any) when done."""
    from dmp_desktop.dmp.client import is_production_endpoint

    if settings.training and not settings.dmp.endpoint:
        from dmp_desktop.dmp.simulator import TRAINING_CERTIFICATE_PASSWORD, EmbeddedSimulator

        running = running_simulator(settings.simulator_state_dir)
        if running is not None:  # a `dmp-desktop dmp-simulator` on the same state: share it, never fork state
            return _client(
                settings,
                str(running["url"]),
                Path(str(running["client_certificate"])),
                TRAINING_CERTIFICATE_PASSWORD,
                Path(str(running["ca_certificate"])),
                False,
            ), None
        simulator = EmbeddedSimulator(settings.simulator_state_dir, mode=settings.dmp.simulator_mode).start()
        try:
            client = _client(
                settings,
                simulator.url,
                simulator.client_certificate,
                simulator.client_certificate_password,
                simulator.ca_certificate,
                False,
            )
        except BaseException:
            simulator.stop()
            raise
        return client, simulator
    endpoint = settings.dmp.endpoint
    if not endpoint:
        raise DomainError(ErrorCode.CONFIG_INVALID, "[dmp] endpoint is empty: production mode needs the DMP URL")
    production = not settings.training or is_production_endpoint(endpoint)
    if production and settings.ins_environment is not InsEnvironment.PRODUCTION:
        raise DomainError(
            ErrorCode.DMP_TEST_OID_IN_PRODUCTION,
            f"[dmp] ins_environment={settings.dmp.ins_environment.value} with the production endpoint {endpoint}",
        )
    if not settings.dmp.certificate:
        raise DomainError(ErrorCode.CERTIFICATE_MISSING, "[dmp] certificate is empty (structure PKCS#12 file)")
    if not Path(settings.dmp.certificate).is_file():  # before the keyring: its password is no use without it
        raise DomainError(ErrorCode.CERTIFICATE_MISSING, f"[dmp] certificate {settings.dmp.certificate}: no such file")
    password = secrets.get(CERTIFICATE_PASSWORD)
    if password is None and not production:
        # training against a separately started simulator: its training certificate has a public password
        from dmp_desktop.dmp.simulator import TRAINING_CERTIFICATE_PASSWORD

        try:
            ca = Path(settings.dmp.ca_bundle) if settings.dmp.ca_bundle else None
            return _client(
                settings, endpoint, Path(settings.dmp.certificate), TRAINING_CERTIFICATE_PASSWORD, ca, False
            ), None
        except DomainError as exc:
            if exc.code is not ErrorCode.CERTIFICATE_MISSING:
                raise
    if password is None:
        raise DomainError(
            ErrorCode.SECRET_MISSING,
            f"the certificate password is not in the keyring (entry '{CERTIFICATE_PASSWORD}')",
        )
    ca = Path(settings.dmp.ca_bundle) if settings.dmp.ca_bundle else None
    signing = _signing_pair(settings, secrets, password)
    client = _client(settings, endpoint, Path(settings.dmp.certificate), password, ca, production, signing)
    if production:
        problem = training_material(client, ca)
        if problem:
            client.close()
            raise DomainError(ErrorCode.TRAINING_IN_PRODUCTION, problem)
    return client, None


# The subject organisation of every certificate the simulator's test PKI issues (dmp.pki._name).
_TRAINING_ORGANISATION = "DMP SIMULATEUR"


def training_material(client: DmpClient, ca: Path | None) -> str:
    """Why production settings point at training material (empty: they do not): the simulator's certificate
    (public password: anyone may hold it) or its CA (whoever holds it can impersonate the service)."""
    from cryptography import x509

    def training(name: x509.Name) -> bool:
        orgs = name.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)
        return any(str(a.value) == _TRAINING_ORGANISATION for a in orgs)

    cert = client.certificate.certificate
    if training(cert.subject) or training(cert.issuer):
        return "[dmp] certificate is the simulator's training certificate"
    if ca is not None:
        try:
            trusted = x509.load_pem_x509_certificates(ca.read_bytes())
        except (OSError, ValueError):
            return ""  # the TLS set-up reports an unreadable bundle in its own words
        if any(training(c.subject) for c in trusted):
            return "[dmp] ca_bundle trusts the simulator's training CA"
    return ""


def running_simulator(state_dir: Path) -> dict[str, object] | None:
    """The info of a simulator already serving `state_dir` from another live process, else None."""
    import json
    import os

    try:
        info = json.loads((state_dir / "simulator.json").read_text(encoding="utf-8"))
        pid = int(info["pid"])
        admin = urlsplit(str(info["admin_url"]))
        url = str(info["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if pid == os.getpid():
        return None
    # Alive = its admin port answers (no os.kill(pid, 0): on Windows that would terminate the process).
    try:
        with socket.create_connection((admin.hostname or "127.0.0.1", admin.port or 80), timeout=0.5):
            pass
    except OSError:
        return None  # stale file of a simulator that died
    return info if url.startswith("https://") else None


@dataclass(frozen=True)
class ProbeCheck:
    """One line of `doctor`: name (certificate | tls | td0.2), ok, detail (never a secret)."""

    name: str
    ok: bool
    detail: str
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None


def _tls_check(client: DmpClient, ca: Path | None) -> ProbeCheck:
    from dmp_desktop.dmp.pki import client_ssl_context

    parts = urlsplit(client.endpoint)
    host, port = parts.hostname or "", parts.port or 443
    try:
        ctx = client_ssl_context(client.certificate, ca)
        with (
            socket.create_connection((host, port), timeout=5) as raw,
            ctx.wrap_socket(raw, server_hostname=host) as tls,
        ):
            cipher = tls.cipher()
            return ProbeCheck("tls", True, f"{host}:{port} {tls.version()} {cipher[0] if cipher else ''}")
    except (OSError, DomainError) as exc:
        return ProbeCheck("tls", False, f"{host}:{port}: {type(exc).__name__}: {exc}")


def probe(settings: Settings, secrets: SecretStore) -> list[ProbeCheck]:
    """Checks for `doctor`: certificate dates, TLS handshake, and TD0.2 on a test INS in training mode."""
    try:
        service, simulator = open_service(settings, secrets)
    except DomainError as exc:
        return [ProbeCheck("certificate", False, f"{exc.code.value}: {exc.detail}")]
    from dmp_desktop.dmp.client import DmpClient

    assert isinstance(service, DmpClient)
    checks: list[ProbeCheck] = []
    try:
        cred = service.certificate
        now = dt.datetime.now(dt.UTC)
        valid = cred.not_before <= now <= cred.not_after
        checks.append(ProbeCheck("certificate", valid, cred.subject_dn, cred.not_before, cred.not_after))
        ca = (
            simulator.ca_certificate
            if simulator
            else (Path(settings.dmp.ca_bundle) if settings.dmp.ca_bundle else None)
        )
        checks.append(_tls_check(service, ca))
        if settings.training:
            try:
                result = service.test_existence(PROBE_INS, settings.pharmacist)
                checks.append(ProbeCheck("td0.2", True, f"TD0.2 answered {result.status.value}"))
            except DomainError as exc:
                checks.append(ProbeCheck("td0.2", False, f"{exc.code.value}: {exc.detail}"))
    finally:
        service.close()
        if simulator is not None:
            simulator.stop()
    return checks


class Connector:
    """Implements domain.ports.DmpConnector. Mode DIRECTE with a card session and one of its situations;
    mode INDIRECTE (the establishment pair of the settings) without a card. In training without endpoint
    it starts the embedded simulator once and keeps it until close()."""

    def __init__(self, settings: Settings, secrets: SecretStore) -> None:
        self._settings = settings
        self._secrets = secrets
        self._lock = threading.Lock()
        self._simulator: EmbeddedSimulator | None = None

    def connect(self, card: CardSession | None, situation: Situation | None) -> DmpClient:
        if card is None:
            settings = self._settings
            if settings.training and not settings.dmp.endpoint:
                from dmp_desktop.dmp.simulator import TRAINING_CERTIFICATE_PASSWORD

                endpoint, ca = self._training_target()
                structure = settings.simulator_state_dir / "structure.p12"
                return _client(settings, endpoint, structure, TRAINING_CERTIFICATE_PASSWORD, ca, False)
            return open_service(settings, self._secrets)[0]  # a configured endpoint: no simulator here
        return self._directe(card, choose_situation(card, situation))

    def _directe(self, card: CardSession, situation: Situation) -> DmpClient:
        from dmp_desktop.dmp.client import DmpClient, is_production_endpoint

        settings = self._settings
        if settings.training and not settings.dmp.endpoint:
            endpoint, ca = self._training_target()
            production = False
        else:
            endpoint = settings.dmp.endpoint
            if not endpoint:
                raise DomainError(ErrorCode.CONFIG_INVALID, "[dmp] endpoint is empty: production needs the DMP URL")
            if not settings.dmp.ca_bundle:
                raise DomainError(ErrorCode.CERTIFICATE_MISSING, "[dmp] ca_bundle is empty: the DMP's CA chain")
            ca = Path(settings.dmp.ca_bundle)
            production = not settings.training or is_production_endpoint(endpoint)
            if production and settings.ins_environment is not InsEnvironment.PRODUCTION:
                raise DomainError(
                    ErrorCode.DMP_TEST_OID_IN_PRODUCTION,
                    f"[dmp] ins_environment={settings.dmp.ins_environment.value} with the production endpoint",
                )
        return DmpClient.directe(
            endpoint,
            card,
            situation,
            ca_bundle=ca,
            timeouts=_timeouts(settings),
            production=production,
            sign_vihf=settings.dmp.vihf_signed,
            vihf_algorithm=f"rsa-{settings.dmp.vihf_algorithm}",
        )

    def _training_target(self) -> tuple[str, Path]:
        running = running_simulator(self._settings.simulator_state_dir)
        if running is not None:
            return str(running["url"]), Path(str(running["ca_certificate"]))
        from dmp_desktop.dmp.simulator import EmbeddedSimulator

        with self._lock:
            if self._simulator is None:
                state = self._settings.simulator_state_dir
                self._simulator = EmbeddedSimulator(state, mode=self._settings.dmp.simulator_mode).start()
            return self._simulator.url, self._simulator.ca_certificate

    @property
    def simulator(self) -> EmbeddedSimulator | None:
        return self._simulator

    def close(self) -> None:
        with self._lock:
            if self._simulator is not None:
                self._simulator.stop()
                self._simulator = None


def choose_situation(card: CardSession, situation: Situation | None) -> Situation:
    """The situation d'exercice: the one chosen among the card's, else the card's only one (EX_GEN-1370:
    never guess)."""
    if situation is not None:
        if situation.structure_id not in {s.structure_id for s in card.situations}:
            raise DomainError(
                ErrorCode.CPS_SITUATION_REQUIRED, f"structure {situation.structure_id} is not a situation of the card"
            )
        return situation
    if len(card.situations) == 1:
        return card.situations[0]
    raise DomainError(ErrorCode.CPS_SITUATION_REQUIRED, f"the card holds {len(card.situations)} situations")


def open_connector(settings: Settings, secrets: SecretStore) -> Connector:
    """The DmpConnector app.py hands to flow and ui; close() it at exit (it may hold the training simulator)."""
    return Connector(settings, secrets)


__all__ = [
    "CERTIFICATE_PASSWORD",
    "SIGNATURE_CERTIFICATE_PASSWORD",
    "Connector",
    "ProbeCheck",
    "choose_situation",
    "open_connector",
    "open_service",
    "probe",
    "running_simulator",
]

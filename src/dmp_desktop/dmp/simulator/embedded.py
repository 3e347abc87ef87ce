"""EmbeddedSimulator: creates the test PKI and state in DIR, runs the HTTPS service and the admin endpoint."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import ssl
import threading
from pathlib import Path
from typing import Any

from cryptography import x509

from dmp_desktop.dmp import pki
from dmp_desktop.dmp.simulator.faults import FaultBoard
from dmp_desktop.dmp.simulator.igc import TRAINING_CERTIFICATE_PASSWORD, TRAINING_STRUCTURE_ID, ensure_pki
from dmp_desktop.dmp.simulator.server import BASE_PATH, Server, admin_server, https_server
from dmp_desktop.dmp.simulator.service import DmpRules
from dmp_desktop.dmp.simulator.state import SimulatorState

log = logging.getLogger(__name__)


class EmbeddedSimulator:
    """The local DMP service. `start()` / `stop()`; usable as a context manager."""

    def __init__(
        self, state_dir: Path, mode: str = "2019", host: str = "127.0.0.1", port: int = 0, admin_port: int = 0
    ) -> None:
        if mode not in {"2019", "today"}:
            raise ValueError(f"simulator mode must be 2019 or today, not {mode!r}")
        self.state_dir = Path(state_dir)
        self.mode = mode
        self.host = host
        self.port = port
        self.admin_port = admin_port
        self.faults = FaultBoard()
        self.stopping = threading.Event()
        self.client_certificate_password = TRAINING_CERTIFICATE_PASSWORD
        self._servers: list[tuple[Server[Any], threading.Thread]] = []
        self.rules: DmpRules
        self.state: SimulatorState
        self.ca: x509.Certificate
        self.admin_token = ""

    # ---- files -----------------------------------------------------------------------------------------

    @property
    def ca_certificate(self) -> Path:
        return self.state_dir / "ca.pem"

    @property
    def client_certificate(self) -> Path:
        """The training structure certificate (PKCS#12): TLS client and VIHF signature."""
        return self.state_dir / "structure.p12"

    @property
    def info_file(self) -> Path:
        return self.state_dir / "simulator.json"

    def _ensure_pki(self) -> None:
        ensure_pki(self.state_dir)
        self.ca = x509.load_pem_x509_certificate(self.ca_certificate.read_bytes())
        self.admin_token = (self.state_dir / "admin-token").read_text(encoding="ascii").strip()

    def ca_credential(self) -> pki.Credential:
        return pki.load_pem(self.ca_certificate, self.state_dir / "ca-key.pem")

    def issue_client_certificate(self, path: Path, usage: str = "structure", password: str | None = None) -> Path:
        """Another PKCS#12 from the simulator's CA (usage auth|sign|structure): for tests and demos."""
        cred = pki.issue(self.ca_credential(), f"STRUCTURE {usage.upper()}", ou=TRAINING_STRUCTURE_ID, usage=usage)
        pki.write_pkcs12(path, cred, password or TRAINING_CERTIFICATE_PASSWORD)
        return path

    def _tls_context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(str(self.state_dir / "server.pem"), str(self.state_dir / "server-key.pem"))
        ctx.load_verify_locations(cafile=str(self.ca_certificate))
        ctx.verify_mode = ssl.CERT_REQUIRED
        return ctx

    # ---- life cycle ------------------------------------------------------------------------------------

    def start(self) -> EmbeddedSimulator:
        if self._servers:
            return self
        self._ensure_pki()
        self.state = SimulatorState(self.state_dir / "state.json")
        self.rules = DmpRules(self.state, self.mode)
        self.stopping.clear()
        main = https_server(self, self.host, self.port, self._tls_context())
        admin = admin_server(self, self.admin_port)
        for name, server in (("dmp-simulator", main), ("dmp-simulator-admin", admin)):
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.2}, name=name, daemon=True
            )
            thread.start()
            self._servers.append((server, thread))
        self.port = main.server_address[1]
        self.admin_port = admin.server_address[1]
        self.info_file.write_text(json.dumps(self.info(), indent=1), encoding="utf-8")
        log.info("DMP simulator on %s (mode %s)", self.url, self.mode)
        return self

    def stop(self) -> None:
        self.stopping.set()
        for server, thread in self._servers:
            server.shutdown()
            server.close_connections()
            server.server_close()
            thread.join(timeout=5)
        self._servers.clear()
        with contextlib.suppress(FileNotFoundError):
            self.info_file.unlink()

    def __enter__(self) -> EmbeddedSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return bool(self._servers)

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}{BASE_PATH}"

    @property
    def admin_url(self) -> str:
        return f"http://127.0.0.1:{self.admin_port}"

    def info(self) -> dict[str, Any]:
        """What another process needs to talk to this simulator (never a secret but the file names)."""
        return {
            "url": self.url,
            "admin_url": self.admin_url,
            "admin_token_file": str(self.state_dir / "admin-token"),
            "ca_certificate": str(self.ca_certificate),
            "client_certificate": str(self.client_certificate),
            "mode": self.mode,
            "pid": os.getpid(),
        }

    # ---- control ---------------------------------------------------------------------------------------

    def inject(self, fault: str, ins: str | None = None, **params: Any) -> None:
        self.faults.add(fault, ins, **params)

    def clear_faults(self) -> None:
        self.faults.clear()

    def set_mode(self, mode: str) -> None:
        if mode not in {"2019", "today"}:
            raise ValueError(f"simulator mode must be 2019 or today, not {mode!r}")
        self.mode = mode
        if self._servers:
            self.rules.mode = mode

    def snapshot(self) -> dict[str, Any]:
        return self.state.public_view()

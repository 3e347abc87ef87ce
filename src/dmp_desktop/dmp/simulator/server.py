"""The simulator's HTTPS service (mutual TLS, one thread per connection) and its loopback admin endpoint."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Generic, Protocol, TypeVar

from cryptography import x509

from dmp_desktop.dmp.simulator.body import check_body
from dmp_desktop.dmp.simulator.faults import FaultBoard
from dmp_desktop.dmp.simulator.service import DmpRules
from dmp_desktop.dmp.simulator.verify import Reject, check_addressing, peer_certificate, verify_vihf
from dmp_desktop.dmp.soap import build_fault, build_response, new_message_id, read_envelope
from dmp_desktop.dmp.xmlsafe import MAX_MESSAGE_BYTES, UnsafeXml

log = logging.getLogger(__name__)

BASE_PATH = "/si-dmp-server/v2/services"
# Service path spellings seen in the kit, DRIMBOX and Dehempe (brief §1.1): accept them all.
SERVICE_PATHS = {"patients", "patient", "patientspecific", "patientsspecific", "habilitation", "habilitations"}
SOAP_TYPE = "application/soap+xml; charset=utf-8"
XXE_ANSWER = (
    b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>&xxe;</soap:Body>'
    b"</soap:Envelope>"
)


def _content_type_action(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "action":
            return value.strip('"')
    return ""


class SoapOwner(Protocol):
    """What the SOAP service needs of the simulator that runs it."""

    ca: x509.Certificate  # the CA that issued every accepted client and VIHF certificate
    faults: FaultBoard
    rules: DmpRules
    stopping: threading.Event  # set on stop: delayed answers (latency, timeout faults) give up


class AdminOwner(Protocol):
    """What the admin endpoint needs of the simulator that runs it."""

    admin_token: str
    mode: str
    faults: FaultBoard

    def snapshot(self) -> dict[str, Any]: ...

    def set_mode(self, mode: str) -> None: ...

    def clear_faults(self) -> None: ...


OwnerT = TypeVar("OwnerT")


class Server(ThreadingHTTPServer, Generic[OwnerT]):
    """A threading HTTP server that knows its owner and can cut its open connections on stop."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], owner: OwnerT):
        self.owner = owner
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # TLS refusals (no or foreign client certificate) land here: expected, not worth a traceback.
        log.debug("simulator: connection from %s failed", client_address, exc_info=True)

    def close_connections(self) -> None:
        with self.connections_lock:
            for conn in list(self.connections):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


class _Tracked(BaseHTTPRequestHandler):
    server: Server[Any]
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else Nagle + delayed ACK add ~40 ms per answer (guide §5.8)
    timeout = 30

    def setup(self) -> None:
        with self.server.connections_lock:
            self.server.connections.add(self.request)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(self.request)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("simulator: " + format, *args)

    def _send(self, status: int, body: bytes, content_type: str = SOAP_TYPE) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SoapHandler(_Tracked):
    server: Server[SoapOwner]

    def setup(self) -> None:
        self.request.settimeout(self.timeout)
        self.request.do_handshake()  # in this connection's thread, not in the accept loop
        super().setup()

    def _fault(self, reject: Reject, relates_to: str) -> None:
        self._send(500, build_fault(subcode=reject.subcode, reason=reject.reason, relates_to=relates_to))

    def do_POST(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0].rstrip("/")
        if path == BASE_PATH + "/_echo":  # bare mTLS POST, the baseline of benchmarks/dmp_roundtrip.py
            self._send(
                200,
                self.rfile.read(min(int(self.headers.get("Content-Length") or 0), MAX_MESSAGE_BYTES)),
                "application/octet-stream",
            )
            return
        if not path.startswith(BASE_PATH + "/") or path.rsplit("/", 1)[-1].lower() not in SERVICE_PATHS:
            self._send(404, b"not found", "text/plain")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_MESSAGE_BYTES:
            self._send(413 if length else 411, b"bad length", "text/plain")
            return
        data = self.rfile.read(length)
        content_type = self.headers.get("Content-Type", "")
        if not content_type.startswith("application/soap+xml"):
            self._send(415, b"SOAP 1.2 expects application/soap+xml", "text/plain")
            return
        try:
            envelope = read_envelope(data)
        except UnsafeXml as exc:
            self._fault(Reject("DMPInvalidRequest", f"message illisible : {exc}"), "")
            return
        relates_to = envelope.message_id
        try:
            tx = check_addressing(envelope, path.rsplit("/", 1)[-1])
            declared = _content_type_action(content_type)
            if declared and declared != envelope.action:  # the kit sends it; it must agree with wsa:Action
                raise Reject("InvalidAddressingHeader", "action du Content-Type différente de wsa:Action")
            tls = peer_certificate(self.request.getpeercert(binary_form=True))
            caller = verify_vihf(envelope, owner.ca, tls_certificate=tls)
            ins, oid = check_body(tx, envelope.body, caller)
        except Reject as reject:
            self._fault(reject, relates_to)
            return
        fault = owner.faults.take(ins, tx.label)
        if fault is not None and self._pre_fault(fault.kind, fault.params, relates_to):
            return
        assert envelope.body is not None
        try:
            answer = owner.rules.handle(tx, caller, ins, oid, envelope.body)
        except Reject as reject:
            self._fault(reject, relates_to)
            return
        if fault is not None and fault.kind == "drop_after_commit":
            self.close_connection = True  # committed and saved; the client never hears about it
            return
        if fault is not None and fault.kind == "wrong_relates_to":
            relates_to = new_message_id()
        self._send(200, build_response(action=tx.response_actions[0], relates_to=relates_to, body=answer))

    def _pre_fault(self, kind: str, params: dict[str, Any], relates_to: str) -> bool:
        """Apply a fault that replaces (or delays) the answer; True when the request is finished."""
        owner = self.server.owner
        if kind == "latency":
            owner.stopping.wait(float(params.get("seconds", 1.0)))
            return False
        if kind == "timeout":
            owner.stopping.wait(float(params.get("seconds", 30.0)))
            self.close_connection = True
            return True
        if kind == "http500":
            self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
            return True
        if kind == "soap_fault":
            subcode = str(params.get("subcode", "DMPInternalError"))
            self._fault(Reject(subcode, str(params.get("reason", "Erreur interne du service DMP"))), relates_to)
            return True
        if kind == "malformed":
            self._send(200, b'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><broken')
            return True
        if kind == "xxe":
            self._send(200, XXE_ANSWER)
            return True
        if kind in ("trickle", "huge"):
            self._stream_junk(kind, params)
            return True
        return False

    def _stream_junk(self, kind: str, params: dict[str, Any]) -> None:
        """Headers at once, then a body of spaces: slowly (trickle) or enormous (huge); stops when the client
        hangs up or the simulator stops."""
        trickle = kind == "trickle"
        size = int(params.get("bytes", 100 if trickle else 50_000_000))
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {SOAP_TYPE}\r\nContent-Length: {size}\r\n\r\n".encode()
        self.close_connection = True
        step, pause = (1, float(params.get("seconds", 1.5))) if trickle else (65536, 0.0)
        # `headers`: the status line and headers trickled too (else they go at once, then the body trickles)
        data, start = (head, 0) if trickle and params.get("headers") else (b"", len(head))
        if not data:
            self.wfile.write(head)
        total, sent = start + size, start
        try:
            while sent < total and not self.server.owner.stopping.is_set():
                chunk = min(step, total - sent)
                self.wfile.write(head[sent:sent + chunk] if sent < len(head) else b" " * chunk)
                self.wfile.flush()
                sent += chunk
                if pause:
                    self.server.owner.stopping.wait(pause)
        except OSError:  # the client gave up: that is the point
            return


class AdminHandler(_Tracked):
    """Loopback JSON API for other processes: state, faults, mode (bearer token from DIR/admin-token)."""

    server: Server[AdminOwner]

    def _authorised(self) -> bool:
        expected = f"Bearer {self.server.owner.admin_token}"
        if self.headers.get("Authorization") != expected:
            self._json(401, {"error": "unauthorised"})
            return False
        return True

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

    def _read(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if 0 < length < 100_000 else b"{}"
        value = json.loads(raw or b"{}")
        return value if isinstance(value, dict) else {}

    def do_GET(self) -> None:
        if not self._authorised():
            return
        owner = self.server.owner
        if self.path == "/state":
            self._json(200, {"mode": owner.mode, **owner.snapshot(), "faults": owner.faults.as_json()})
        elif self.path.startswith("/patients/"):
            record = owner.snapshot()["patients"].get(self.path.rsplit("/", 1)[-1])
            self._json(200 if record else 404, record or {"error": "not created"})
        elif self.path == "/faults":
            self._json(200, owner.faults.as_json())
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        if not self._authorised():
            return
        owner = self.server.owner
        try:
            body = self._read()
            if self.path == "/faults":
                kind = str(body.pop("fault", ""))
                ins = body.pop("ins", None)
                self._json(201, owner.faults.add(kind, ins, **body).as_json())
            elif self.path == "/mode":
                owner.set_mode(str(body.get("mode", "")))
                self._json(200, {"mode": owner.mode})
            else:
                self._json(404, {"error": "not found"})
        except (ValueError, TypeError) as exc:
            self._json(400, {"error": str(exc)})

    def do_DELETE(self) -> None:
        if not self._authorised():
            return
        if self.path == "/faults":
            self.server.owner.clear_faults()
            self._json(200, [])
        else:
            self._json(404, {"error": "not found"})


def https_server(owner: SoapOwner, host: str, port: int, context: ssl.SSLContext) -> Server[SoapOwner]:
    server = Server((host, port), SoapHandler, owner)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    return server


def admin_server(owner: AdminOwner, port: int = 0) -> Server[AdminOwner]:
    return Server(("127.0.0.1", port), AdminHandler, owner)

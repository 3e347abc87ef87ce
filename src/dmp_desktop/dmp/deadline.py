"""Whole-call deadlines and a size cap for the DMP's answers, for both transports (Python's ssl, card TLS).

httpx's timeouts bound each wait (connect, one read, one write), not the call: an answer trickled one byte
at a time outlives them. Here every socket operation of a call gets at most the time left until the call's
deadline (a thread-local set by the client around the call), and the answer is read chunk by chunk, refused
past MAX_ANSWER_BYTES before it fills the memory."""

from __future__ import annotations

import contextlib
import math
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

from dmp_desktop.dmp.xmlsafe import MAX_MESSAGE_BYTES
from dmp_desktop.domain.errors import DomainError, ErrorCode

# SOAP answers are a few kilobytes; the XML reader refuses more than MAX_MESSAGE_BYTES anyway.
MAX_ANSWER_BYTES = MAX_MESSAGE_BYTES

_local = threading.local()


@contextlib.contextmanager
def call_deadline(deadline: float) -> Iterator[None]:
    """Every socket operation of this thread, inside the block, ends by `deadline` (time.monotonic())."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = deadline
    try:
        yield
    finally:
        _local.deadline = previous


def _deadline() -> float:
    value = getattr(_local, "deadline", None)
    return math.inf if value is None else float(value)


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` cut to the time left before the call's deadline; `error` when none is left."""
    left = _deadline() - time.monotonic()
    if left <= 0:
        raise error("whole-call deadline passed")
    if math.isinf(left):
        return timeout
    return left if timeout is None else min(timeout, left)


def read_capped(chunks: Iterable[bytes], label: str) -> bytes:
    """The body from `chunks`, refused past MAX_ANSWER_BYTES (DMP_BAD_RESPONSE) or the deadline (DMP_TIMEOUT)."""
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            raise DomainError(ErrorCode.DMP_BAD_RESPONSE, f"{label}: answer over {MAX_ANSWER_BYTES} bytes")
        if time.monotonic() > _deadline():
            raise DomainError(ErrorCode.DMP_TIMEOUT, f"{label}: whole-call deadline passed while reading")
    return bytes(body)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every wait is cut to the call's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout))
        return DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps a network backend (httpcore's sockets, or the card's TLS) so its streams keep the deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(
            host, port, _bounded(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return DeadlineStream(
            self.inner.connect_unix_socket(path, _bounded(timeout, httpcore.ConnectTimeout), socket_options)
        )

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
)


class PoolTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool whose network keeps the call's deadline; the answer is read
    here, capped, and the connection goes back to the pool (kept alive)."""

    def __init__(self, backend: httpcore.NetworkBackend, ssl_context: ssl.SSLContext, *, max_connections: int = 4,
                 keepalive_expiry: float = 60.0) -> None:
        self.backend = backend
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=keepalive_expiry,
            network_backend=DeadlineBackend(backend),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,  # type: ignore[arg-type]
            extensions=request.extensions,
        )
        try:
            response = self._pool.handle_request(core)
            try:
                content = read_capped(response.iter_stream(), request.url.path)
            finally:
                response.close()
        except Exception as exc:
            for source, target in _EXCEPTIONS:
                if isinstance(exc, source):
                    raise target(str(exc), request=request) from None
            raise
        return httpx.Response(
            status_code=response.status, headers=response.headers, content=content, extensions=response.extensions
        )

    def close(self) -> None:
        self._pool.close()

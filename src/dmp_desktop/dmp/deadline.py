"""Whole-call deadlines and a size cap for the DMP's answers, shared by both transports (ssl and card TLS)."""

from __future__ import annotations

import time
from collections.abc import Iterable

from dmp_desktop.dmp.xmlsafe import MAX_MESSAGE_BYTES
from dmp_desktop.domain.errors import DomainError, ErrorCode

# A request extension (seconds since time.monotonic's origin) that the card's TLS transport also honours.
DEADLINE = "dmp_deadline"
# SOAP answers are a few kilobytes; the XML reader refuses more than MAX_MESSAGE_BYTES anyway.
MAX_ANSWER_BYTES = MAX_MESSAGE_BYTES


def read_capped(chunks: Iterable[bytes], deadline: float, label: str) -> bytes:
    """The body from `chunks`, refused past MAX_ANSWER_BYTES (DMP_BAD_RESPONSE) or `deadline` (DMP_TIMEOUT)."""
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            raise DomainError(ErrorCode.DMP_BAD_RESPONSE, f"{label}: answer over {MAX_ANSWER_BYTES} bytes")
        if time.monotonic() > deadline:
            raise DomainError(ErrorCode.DMP_TIMEOUT, f"{label}: whole-call deadline passed while reading")
    return bytes(body)



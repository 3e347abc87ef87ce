"""Safe XML: DTDs, entities (XXE, billion laughs) and oversize messages are refused, never expanded."""

from __future__ import annotations

import pytest

from dmp_desktop.dmp.soap import read_envelope
from dmp_desktop.dmp.xmlsafe import MAX_MESSAGE_BYTES, UnsafeXml, parse

ENVELOPE = (
    b'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Header/>'
    b"<soap:Body><x>ok</x></soap:Body></soap:Envelope>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><x>&xxe;</x></soap:Body>'
    b"</soap:Envelope>"
)
PARAMETER_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]><e/>'
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b"]><lolz>&lol9;</lolz>"
)


def test_plain_envelope_parses() -> None:
    envelope = read_envelope(ENVELOPE)
    assert envelope.body is not None and envelope.body.text == "ok"
    assert envelope.fault is None


@pytest.mark.parametrize("payload", [XXE, PARAMETER_ENTITY, LAUGHS], ids=["xxe", "parameter-entity", "laughs"])
def test_dtd_and_entities_rejected(payload: bytes) -> None:
    with pytest.raises(UnsafeXml):
        parse(payload)


def test_xxe_never_leaks_file_content() -> None:
    try:
        root = parse(XXE)
    except UnsafeXml:
        return
    pytest.fail(f"XXE accepted: {root!r}")  # pragma: no cover


def test_internal_entity_without_dtd_is_not_well_formed() -> None:
    with pytest.raises(UnsafeXml):
        parse(b"<a>&undefined;</a>")


def test_oversize_refused_before_parsing() -> None:
    with pytest.raises(UnsafeXml, match="too large"):
        parse(b"<a>" + b" " * MAX_MESSAGE_BYTES + b"</a>")


@pytest.mark.parametrize("payload", [b"", b"<a>", b"not xml", b"<a></b>"])
def test_malformed_refused(payload: bytes) -> None:
    with pytest.raises(UnsafeXml):
        parse(payload)


def test_non_soap_root_refused() -> None:
    with pytest.raises(UnsafeXml, match="SOAP"):
        read_envelope(b"<Envelope><Body/></Envelope>")

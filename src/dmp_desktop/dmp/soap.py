"""SOAP 1.2 envelopes with WS-Addressing and WS-Security: build a request, read an answer or a fault."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from lxml import etree

from dmp_desktop.dmp.xmlsafe import NS, SOAP, WSA, WSA_ANONYMOUS, WSSE, UnsafeXml, parse, q, text

CONTENT_TYPE = "application/soap+xml; charset=utf-8"


def new_message_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _wsa(parent: etree._Element, local: str, value: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, q(WSA, local), nsmap={None: WSA}, **attrs)
    if value is not None:
        element.text = value
    return element


def build_request(
    *, action: str, body: etree._Element, assertion: etree._Element | None, message_id: str, to: str = ""
) -> bytes:
    """The request as every request sample writes it: MessageID, an empty To, ReplyTo (anonymous), Action, then
    wsse:Security; ReplyTo and Action carry an unqualified mustUnderstand="true" (docs/dmp-service.md, "The
    SOAP header": the samples are the only bytes known to be accepted)."""
    envelope = etree.Element(q(SOAP, "Envelope"), nsmap={"soap": SOAP})
    header = etree.SubElement(envelope, q(SOAP, "Header"))
    _wsa(header, "MessageID", message_id)
    _wsa(header, "To", to or None)
    reply_to = _wsa(header, "ReplyTo", mustUnderstand="true")
    etree.SubElement(reply_to, q(WSA, "Address")).text = WSA_ANONYMOUS
    _wsa(header, "Action", action, mustUnderstand="true")
    security = etree.SubElement(header, q(WSSE, "Security"), nsmap={"wsse": WSSE})
    if assertion is not None:
        security.append(assertion)
    etree.SubElement(envelope, q(SOAP, "Body")).append(body)
    return bytes(etree.tostring(envelope, encoding="UTF-8", xml_declaration=True))


def build_response(*, action: str, relates_to: str, body: etree._Element) -> bytes:
    envelope = etree.Element(q(SOAP, "Envelope"), nsmap={"soap": SOAP})
    header = etree.SubElement(envelope, q(SOAP, "Header"))
    _wsa(header, "Action", action)
    _wsa(header, "MessageID", new_message_id())
    _wsa(header, "To", WSA_ANONYMOUS)
    _wsa(header, "RelatesTo", relates_to)
    etree.SubElement(envelope, q(SOAP, "Body")).append(body)
    return bytes(etree.tostring(envelope, encoding="UTF-8", xml_declaration=True))


def build_fault(*, subcode: str, reason: str, relates_to: str, sender: bool = True) -> bytes:
    """A SOAP 1.2 fault: Code soap:Sender|Receiver, Subcode soap:<DMP code>, Reason text (fr)."""
    fault = etree.Element(q(SOAP, "Fault"), nsmap={"soap": SOAP})
    code = etree.SubElement(fault, q(SOAP, "Code"))
    etree.SubElement(code, q(SOAP, "Value")).text = "soap:Sender" if sender else "soap:Receiver"
    sub = etree.SubElement(code, q(SOAP, "Subcode"))
    etree.SubElement(sub, q(SOAP, "Value")).text = f"soap:{subcode}"
    reason_el = etree.SubElement(fault, q(SOAP, "Reason"))
    txt = etree.SubElement(reason_el, q(SOAP, "Text"))
    txt.set("{http://www.w3.org/XML/1998/namespace}lang", "fr")
    txt.text = reason
    return build_response(action="http://www.w3.org/2005/08/addressing/soap/fault", relates_to=relates_to, body=fault)


@dataclass(frozen=True)
class Fault:
    code: str  # Sender | Receiver | ...
    subcode: str  # e.g. DMPInvalidCertificate
    reason: str


@dataclass(frozen=True)
class Envelope:
    """A parsed message: WS-Addressing headers, the first Body child, and the fault if it is one."""

    root: etree._Element
    action: str
    message_id: str
    relates_to: str
    to: str
    body: etree._Element | None
    fault: Fault | None
    header: etree._Element | None


def _local(value: str) -> str:
    return value.rsplit(":", 1)[-1] if value else ""


def read_envelope(data: bytes) -> Envelope:
    """Parse safely and check it is a SOAP 1.2 envelope; raises UnsafeXml otherwise."""
    root = parse(data)
    if root.tag != q(SOAP, "Envelope"):
        raise UnsafeXml(f"not a SOAP 1.2 envelope: {root.tag}")
    header = root.find("soap:Header", NS)
    body_el = root.find("soap:Body", NS)
    if body_el is None:
        raise UnsafeXml("SOAP envelope without Body")
    children = [c for c in body_el if isinstance(c.tag, str)]
    first = children[0] if children else None

    def hdr(local: str) -> str:
        return text(header.find(f"wsa:{local}", NS)) if header is not None else ""

    fault = None
    if first is not None and first.tag == q(SOAP, "Fault"):
        fault = Fault(
            code=_local(text(first.find("soap:Code/soap:Value", NS))),
            subcode=_local(text(first.find("soap:Code/soap:Subcode/soap:Value", NS))),
            reason=text(first.find("soap:Reason/soap:Text", NS)),
        )
    return Envelope(
        root=root,
        action=hdr("Action"),
        message_id=hdr("MessageID"),
        relates_to=hdr("RelatesTo"),
        to=hdr("To"),
        body=first,
        fault=fault,
        header=header,
    )

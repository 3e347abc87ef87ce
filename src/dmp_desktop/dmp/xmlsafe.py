"""Namespaces and the one safe XML parser used for every message, in and out (no DTD, no entities, no network)."""

from __future__ import annotations

from lxml import etree

SOAP = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"
DS = "http://www.w3.org/2000/09/xmldsig#"
HL7 = "urn:hl7-org:v3"
GDP = "asip:ci-sis:gdp:2010"
PATIENTS = "urn:si-dmp-patients"
HABILITATIONS = "urn:si-dmp-habilitations"
WSA_ANONYMOUS = "http://www.w3.org/2005/08/addressing/anonymous"

NS = {
    "soap": SOAP,
    "wsa": WSA,
    "wsse": WSSE,
    "saml2": SAML,
    "xsi": XSI,
    "ds": DS,
    "hl7": HL7,
    "gdp": GDP,
    "pat": PATIENTS,
    "hab": HABILITATIONS,
}

# Messages are small; anything bigger than this is refused before parsing (no 'huge_tree' either).
MAX_MESSAGE_BYTES = 2_000_000


class UnsafeXml(ValueError):
    """The document is not well-formed, too big, or carries a DTD / entity declarations."""


def _parser() -> etree.XMLParser:
    # A parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=False
    )


def parse(data: bytes) -> etree._Element:
    """Parse one message; DOCTYPE, entity declarations or references are rejected, never expanded."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise UnsafeXml(f"message too large ({len(data)} bytes)")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeXml(f"not well-formed XML: {exc}") from None
    if root is None:
        raise UnsafeXml("empty document")
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXml("DOCTYPE is not allowed in SOAP messages")
    if any(True for _ in root.iter(etree.Entity)):
        raise UnsafeXml("entity references are not allowed in SOAP messages")
    return root


def text(element: etree._Element | None) -> str:
    """The stripped text of an element, '' when absent."""
    if element is None or element.text is None:
        return ""
    return str(element.text).strip()


def q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"

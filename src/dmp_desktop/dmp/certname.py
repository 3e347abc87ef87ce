"""The subject of a card certificate as RFC 4514 text, even when `cryptography` refuses to parse the certificate.

CPS test certificates carry a multi-valued RDN (CN+SN+GN) whose SET is not in DER order; `cryptography`
refuses them on purpose (vihf-soap-guide §5.9) while OpenSSL, Python's ssl and tlslite-ng read them. The
VIHF Issuer must still be that subject: this module reads the Name with tlslite's lenient ASN.1 parser.
"""

from __future__ import annotations

from typing import Any

from cryptography import x509

from dmp_desktop.dmp.pki import subject_dn

# tlslite is imported only when needed: importing it costs ~0.4 s, and the VIHF module is on the start path.

_NAMES = {
    "2.5.4.3": "CN",
    "2.5.4.4": "SN",
    "2.5.4.42": "GN",
    "2.5.4.11": "OU",
    "2.5.4.10": "O",
    "2.5.4.6": "C",
    "2.5.4.8": "ST",
    "2.5.4.7": "L",
}
# ASN.1 string tags -> codec (T61String: the sample's « Médecin » is Latin-1 bytes in a T61String).
_CODECS = {12: "utf-8", 19: "ascii", 20: "latin-1", 22: "ascii", 26: "ascii", 30: "utf-16-be"}


def _oid(content: bytes) -> str:
    first, rest = divmod(content[0], 40) if content[0] < 80 else (2, content[0] - 80)
    arcs, value = [first, rest], 0
    for byte in content[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    return ".".join(str(a) for a in arcs)


def _escape(value: str) -> str:
    out = "".join("\\" + c if c in ',+"\\<>;=' else c for c in value)
    if out[:1] in {"#", " "}:
        out = "\\" + out
    if out.endswith(" "):
        out = out[:-1] + "\\ "
    return out


def _rdn(rdn: Any) -> str:
    parts = []
    for i in range(rdn.getChildCount()):
        atv = rdn.getChild(i)
        oid = _oid(bytes(atv.getChild(0).value))
        value = atv.getChild(1)
        codec = _CODECS.get(value.type.tag_id)
        text = bytes(value.value).decode(codec, "replace") if codec else "#" + bytes(value.value).hex()
        parts.append(f"{_NAMES.get(oid, oid)}={_escape(text)}")
    return "+".join(parts)


def certificate_subject_dn(der: bytes) -> str:
    """RFC 4514 subject (last RDN first, SN/GN named), multi-valued RDNs kept in the certificate's order."""
    try:
        return subject_dn(x509.load_der_x509_certificate(der))
    except ValueError:
        pass  # a non-DER SET: read it as it is
    from tlslite.utils.asn1parser import ASN1Parser
    from tlslite.x509 import X509

    cert = X509()
    cert.parseBinary(bytearray(der))
    name = ASN1Parser(cert.subject)
    return ",".join(_rdn(name.getChild(i)) for i in reversed(range(name.getChildCount())))


def certificate_rsa_numbers(der: bytes) -> tuple[int, int]:
    """(n, e) of the certificate's RSA key, read leniently like the subject."""
    from tlslite.x509 import X509

    cert = X509()
    cert.parseBinary(bytearray(der))
    if cert.certAlg != "rsa":
        raise ValueError(f"not an RSA certificate key: {cert.certAlg}")
    return int(cert.publicKey.n), int(cert.publicKey.e)

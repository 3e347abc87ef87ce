"""BER-TLV (ISO 7816-4 / X.690 subset) decoding and encoding for the Vitale data objects."""

from __future__ import annotations

from dataclasses import dataclass

from dmp_desktop.domain.errors import DomainError, ErrorCode

MAX_DEPTH = 8  # the Vitale layout nests three levels; deeper data is not a Vitale card


@dataclass(frozen=True)
class Tlv:
    """One data object: tag as an int (0x65, 0xDF41...), raw value, children when constructed."""

    tag: int
    value: bytes
    children: tuple[Tlv, ...] = ()

    @property
    def constructed(self) -> bool:
        return tag_is_constructed(self.tag)

    def find(self, tag: int) -> Tlv | None:
        return next((c for c in self.children if c.tag == tag), None)

    def find_all(self, tag: int) -> list[Tlv]:
        return [c for c in self.children if c.tag == tag]


def tag_is_constructed(tag: int) -> bool:
    first = tag
    while first > 0xFF:
        first >>= 8
    return bool(first & 0x20)


def _bad(detail: str) -> DomainError:
    return DomainError(ErrorCode.CARD_DATA_INVALID, f"TLV: {detail}")


def _read_tag(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise _bad("truncated tag")
    tag = data[pos]
    pos += 1
    if tag & 0x1F == 0x1F:  # multi-byte tag: continuation bytes have bit 8 set
        for _ in range(3):
            if pos >= len(data):
                raise _bad("truncated multi-byte tag")
            byte = data[pos]
            pos += 1
            tag = (tag << 8) | byte
            if not byte & 0x80:
                break
        else:
            raise _bad("tag longer than 4 bytes")
    return tag, pos


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise _bad("truncated length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    count = first & 0x7F
    if count == 0 or count > 3:  # indefinite form is not allowed in ISO 7816-4; 16 MB is plenty
        raise _bad(f"unsupported length byte {first:02X}")
    if pos + count > len(data):
        raise _bad("truncated length")
    return int.from_bytes(data[pos : pos + count], "big"), pos + count


def parse(data: bytes, *, depth: int = 0) -> tuple[Tlv, ...]:
    """Decode a sequence of data objects. 00/FF bytes between objects are padding (ISO 7816-4)."""
    if depth > MAX_DEPTH:
        raise _bad("nesting too deep")
    items: list[Tlv] = []
    pos = 0
    while pos < len(data):
        if data[pos] in (0x00, 0xFF):
            pos += 1
            continue
        tag, pos = _read_tag(data, pos)
        length, pos = _read_length(data, pos)
        if pos + length > len(data):
            raise _bad(f"tag {tag:X}: value of {length} bytes runs past the end ({len(data) - pos} left)")
        value = bytes(data[pos : pos + length])
        pos += length
        children = parse(value, depth=depth + 1) if tag_is_constructed(tag) else ()
        items.append(Tlv(tag, value, children))
    return tuple(items)


def _encode_tag(tag: int) -> bytes:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def _encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode(tag: int, value: bytes | list[bytes]) -> bytes:
    """One data object; a list value is the already-encoded children of a constructed object."""
    body = b"".join(value) if isinstance(value, list) else value
    return _encode_tag(tag) + _encode_length(len(body)) + body

"""BER-TLV decoding/encoding, and hypothesis fuzzing: only the project's DomainError may escape the parsers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dmp_desktop.card import layout, tlv
from dmp_desktop.domain.errors import DomainError, ErrorCode


def test_primitive_and_constructed_objects() -> None:
    data = bytes.fromhex("65 08 80 03 414243 81 01 44".replace(" ", ""))
    (node,) = tlv.parse(data)
    assert node.tag == 0x65 and node.constructed
    assert [c.tag for c in node.children] == [0x80, 0x81]
    assert node.find(0x80) is not None and node.find(0x80).value == b"ABC"  # type: ignore[union-attr]
    assert node.find(0x99) is None


def test_multibyte_tag_and_long_lengths() -> None:
    value = bytes(range(256)) * 2
    encoded = tlv.encode(0xDF41, value)
    assert encoded[:2] == b"\xdf\x41" and encoded[2:5] == b"\x82\x02\x00"
    (node,) = tlv.parse(encoded)
    assert node.tag == 0xDF41 and node.value == value and not node.constructed
    assert tlv.encode(0x80, b"x" * 200)[1:3] == b"\x81\xc8"


def test_padding_between_objects_is_skipped() -> None:
    data = b"\x00\xff" + tlv.encode(0x80, b"A") + b"\x00\x00" + tlv.encode(0x81, b"B") + b"\xff\xff"
    assert [n.tag for n in tlv.parse(data)] == [0x80, 0x81]


@pytest.mark.parametrize(
    "hexdata",
    [
        "80",  # no length
        "8005414243",  # value shorter than its length
        "DF",  # truncated multi-byte tag
        "DFFFFFFF01",  # tag longer than 4 bytes
        "8080",  # indefinite length
        "808401000000",  # 4-byte length
        "8082FF",  # truncated length
        "6503800541",  # child runs past its parent
    ],
)
def test_malformed_tlv_is_card_data_invalid(hexdata: str) -> None:
    with pytest.raises(DomainError) as err:
        tlv.parse(bytes.fromhex(hexdata))
    assert err.value.code is ErrorCode.CARD_DATA_INVALID


def test_nesting_depth_is_bounded() -> None:
    data = b"\x80\x00"
    for _ in range(tlv.MAX_DEPTH + 3):
        data = tlv.encode(0x65, [data])
    with pytest.raises(DomainError):
        tlv.parse(data)


# --- generated trees round-trip -------------------------------------------------------------------

primitive_tags = st.sampled_from([0x80, 0x81, 0x82, 0x93, 0x5F37, 0xDF41, 0xDF44])
constructed_tags = st.sampled_from([0x65, 0x66, 0xA0, 0xE0, 0x7F21])
leaves = st.tuples(primitive_tags, st.binary(max_size=300))


def _trees(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(constructed_tags, st.lists(children, max_size=4))


trees = st.recursive(leaves, _trees, max_leaves=12)


def _encode(tree: tuple) -> bytes:
    tag, value = tree
    return tlv.encode(tag, [_encode(c) for c in value]) if isinstance(value, list) else tlv.encode(tag, value)


def _shape(node: tlv.Tlv) -> tuple:
    return (node.tag, [_shape(c) for c in node.children]) if node.constructed else (node.tag, node.value)


@given(trees)
@settings(max_examples=200, deadline=None, database=None)
def test_encode_parse_round_trip(tree: tuple) -> None:
    (node,) = tlv.parse(_encode(tree))
    assert _shape(node) == tree


# --- fuzzing: arbitrary bytes, and mutations of real card files -----------------------------------


def _only_domain_errors(fn, data: bytes) -> None:  # type: ignore[no-untyped-def]
    try:
        fn(data)
    except DomainError as exc:
        assert exc.code is ErrorCode.CARD_DATA_INVALID


@given(st.binary(max_size=600))
@settings(max_examples=500, deadline=None, database=None)
def test_fuzz_random_bytes(data: bytes) -> None:
    _only_domain_errors(tlv.parse, data)
    _only_domain_errors(layout.parse_pointer_map, data)
    _only_domain_errors(lambda d: layout.parse_data_files([d]), data)


_IMAGE = {
    "holder_nir": "180057505612342",
    "beneficiaries": [
        {"surname": "MARTIN", "birth_name": "DURAND", "first_name": "Sophie", "birth_date": "19820518",
         "birth_rank": 2, "quality": "conjoint", "certified_nir": "282056912304564"},
        {"surname": "MARTIN", "first_name": "Léa", "birth_date": "20150302", "quality": "enfant"},
    ],
}
_LAYOUT = layout.encode_image(_IMAGE, b"\x3b")
_FILES = _LAYOUT.applications[next(iter(_LAYOUT.applications))]
_BENEFS = _FILES[layout.EF_BENEFICIARIES] or b""
_MAP = _FILES[0x2001] or b""


@given(st.sampled_from([_BENEFS, _MAP]), st.integers(min_value=0, max_value=400), st.integers(0, 255))
@settings(max_examples=500, deadline=None, database=None)
def test_fuzz_mutated_card_files(base: bytes, position: int, byte: int) -> None:
    position %= len(base)
    mutated = base[:position] + bytes([byte]) + base[position + 1 :]
    for candidate in (mutated, base[:position]):  # one byte changed; the file truncated
        _only_domain_errors(layout.parse_pointer_map, candidate)
        _only_domain_errors(lambda d: layout.parse_data_files([d]), candidate)


_FIELD_TAGS = [0x80, 0x81, 0x82, 0x90, 0x93, 0xDF41, 0xDF42, 0xDF43, 0xDF44]
_TEXTS = st.one_of(st.binary(max_size=20), st.text(max_size=20).map(lambda t: t.encode("utf-8")),
                   st.sampled_from([b"19800512", b"180057505612342", b"1800575056123", b"2", b"02", b"\xb2"]))


@given(st.dictionaries(st.sampled_from(_FIELD_TAGS), _TEXTS))
@settings(max_examples=500, deadline=None, database=None)
def test_fuzz_beneficiary_fields(fields: dict[int, bytes]) -> None:
    group = tlv.encode(0x65, [tlv.encode(t, v) for t, v in fields.items()])
    try:
        (ben,) = layout.parse_data_files([group]).beneficiaries
    except DomainError as exc:
        assert exc.code is ErrorCode.CARD_DATA_INVALID
        return
    assert len(ben.birth_date) == 8 and ben.birth_date.isascii() and len(ben.holder_nir) == 15
    assert 1 <= ben.birth_rank <= 99

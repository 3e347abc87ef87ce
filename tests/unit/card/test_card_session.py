"""The full read sequence over the virtual card's applet (no PC/SC): layout, T=0, faults, real-card shapes."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dmp_desktop.card import apdu, layout, tlv
from dmp_desktop.card.applet import VitaleApplet
from dmp_desktop.card.layout import CardLayout
from dmp_desktop.card.session import read_vitale
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Eligibility, Quality, nir_key

FAMILY: dict[str, Any] = {
    "holder_nir": "180057505612342",
    "valid_from": "20190301",
    "beneficiaries": [
        {"surname": "MARTIN", "birth_name": "MARTIN", "first_name": "Jean", "birth_date": "19800512",
         "birth_rank": 1, "quality": "assure"},
        {"surname": "MARTIN", "birth_name": "DURAND", "first_name": "Sophie", "birth_date": "19820518",
         "birth_rank": 1, "quality": "conjoint", "certified_nir": "282056912304564"},
        {"surname": "MARTIN", "birth_name": "MARTIN", "first_name": "Léa", "birth_date": "20150302",
         "birth_rank": 2, "quality": "enfant"},
    ],
}


class Recording:
    def __init__(self, applet: VitaleApplet) -> None:
        self.applet = applet
        self.sent: list[bytes] = []

    def transmit(self, command: bytes) -> bytes:
        self.sent.append(command)
        return self.applet.transmit(command)


@pytest.mark.parametrize("t0", [True, False])
def test_family_card_reads_back_exactly(t0: bool) -> None:
    parsed = read_vitale(VitaleApplet.from_image(FAMILY, t0=t0))
    assert parsed.valid_from == "20190301"
    jean, sophie, lea = parsed.beneficiaries
    assert (jean.index, jean.surname, jean.first_name, jean.birth_date, jean.quality) == (
        0, "MARTIN", "Jean", "19800512", Quality.ASSURE)
    assert sophie.birth_name == "DURAND" and sophie.certified_nir == "282056912304564"
    assert sophie.quality is Quality.CONJOINT and sophie.holder_nir == "180057505612342"
    assert lea.birth_rank == 2 and lea.quality is Quality.ENFANT and lea.certified_nir is None
    assert [b.eligibility for b in parsed.beneficiaries] == [
        Eligibility.ELIGIBLE, Eligibility.ELIGIBLE, Eligibility.NO_OWN_NIR]


def test_t0_card_makes_the_reader_use_get_response_and_exact_le() -> None:
    ch = Recording(VitaleApplet.from_image(FAMILY, t0=True))
    read_vitale(ch)
    instructions = [c[1] for c in ch.sent]
    assert 0xC0 in instructions  # GET RESPONSE after a 61xx
    reads = [c for c in ch.sent if c[1] == 0xB0]
    assert any(c[4] not in (0,) for c in reads)  # a READ BINARY resent with the Le from 6Cxx


def test_lunar_date_and_corsica_nir_are_kept() -> None:
    image = {"holder_nir": "275032A00401290", "beneficiaries": [
        {"surname": "CASANOVA", "first_name": "Marie-Ange", "birth_date": "19750030"}]}
    (ben,) = read_vitale(VitaleApplet.from_image(image)).beneficiaries
    assert ben.birth_date == "19750030" and ben.birth_date_display == "30/00/1975"
    assert ben.holder_nir == "275032A00401290" and ben.nir_valid


def test_many_beneficiaries_span_several_read_binary_chunks() -> None:
    image = copy.deepcopy(FAMILY)
    image["beneficiaries"] = [dict(FAMILY["beneficiaries"][2], first_name=f"Enfant{i}") for i in range(12)]
    ch = Recording(VitaleApplet.from_image(image))
    parsed = read_vitale(ch)
    assert [b.first_name for b in parsed.beneficiaries] == [f"Enfant{i}" for i in range(12)]
    offsets = {(c[2] << 8) | c[3] for c in ch.sent if c[1] == 0xB0}
    assert {256, 512} <= offsets


def test_file_of_exactly_256_bytes_ends_on_wrong_offset() -> None:
    content = tlv.encode(0x65, [tlv.encode(0x80, b"A" * 60), tlv.encode(0x81, b"B"), tlv.encode(0x82, b"19800101"),
                                tlv.encode(0x93, b"180057505612342")])
    content += tlv.encode(0xC2, b"\x02" * 40)  # fillers with one-byte lengths up to 256 bytes
    content += tlv.encode(0xC1, b"\x01" * (256 - len(content) - 2))
    assert len(content) == 256
    entries = [layout.MapEntry("BENEFS", apdu.AID_VITALE, 0x2005)]
    files: dict[int, bytes | None] = {0x2001: layout.encode_pointer_map(entries), 0x2005: content}
    card = CardLayout(apdu.ATR_VITALE2, {apdu.AID_VITALE: files})
    (ben,) = read_vitale(VitaleApplet(card)).beneficiaries
    assert ben.surname == "A" * 60


def _full_sequence_length() -> int:
    applet = VitaleApplet.from_image(FAMILY)
    read_vitale(applet)
    return applet.count


@pytest.mark.parametrize("sw", [0x6F00, 0x6581, 0x6A82])
def test_error_status_at_any_mandatory_step_is_card_status(sw: int) -> None:
    total = _full_sequence_length()
    outcomes = set()
    for position in range(total):
        try:
            read_vitale(VitaleApplet.from_image(FAMILY, fault=(position, sw)))
            outcomes.add("ok")
        except DomainError as exc:
            assert exc.code in (ErrorCode.CARD_STATUS, ErrorCode.CARD_DATA_INVALID), exc
            outcomes.add(exc.code)
    assert ErrorCode.CARD_STATUS in outcomes


def test_protected_file_is_skipped_but_unexpected_status_on_it_is_not() -> None:
    applet = VitaleApplet.from_image(FAMILY)
    read_vitale(applet)  # the layout lists a protected PHOTO file: 6982 there is normal
    assert layout.EF_PHOTO in next(iter(applet.layout.applications.values()))


def test_real_card_without_extension_tags() -> None:
    def group(surname: str, first: str, date: str, nir: str) -> bytes:
        return tlv.encode(0x65, [tlv.encode(0x90, b"FR"), tlv.encode(0x93, nir.encode()),
                                 tlv.encode(0x80, surname.encode()), tlv.encode(0x81, first.encode()),
                                 tlv.encode(0x82, date.encode())])

    nir = "1700175123456"
    content = group("DURAND", "PAUL", "19700101", nir) + group("DURAND", "ANNE", "19720202", nir)
    entries = [layout.MapEntry("DATA", apdu.AID_VITALE, 0x2010), layout.MapEntry("RAW", apdu.AID_VITALE, 0x2011)]
    card = CardLayout(apdu.ATR_VITALE2, {apdu.AID_VITALE: {
        0x2001: layout.encode_pointer_map(entries), 0x2010: content, 0x2011: b"\x04\x00\x12\x34"}})
    paul, anne = read_vitale(VitaleApplet(card)).beneficiaries
    assert paul.holder_nir == "1700175123456" + nir_key("1700175123456")  # stored without key: derived
    assert paul.nir_valid and paul.quality is Quality.ASSURE and paul.birth_name == "" and paul.birth_rank == 1
    assert anne.quality is Quality.AUTRE and not anne.eligible


def test_files_in_a_second_application_are_selected_by_aid() -> None:
    other_aid = bytes.fromhex("D2500000044164E86C650101")
    entries = [layout.MapEntry("BENEFS", other_aid, 0x3001)]
    benef = layout.encode_beneficiary("180057505612342", FAMILY["beneficiaries"][0])
    card = CardLayout(apdu.ATR_VITALE2, {apdu.AID_VITALE: {0x2001: layout.encode_pointer_map(entries)},
                                         other_aid: {0x3001: benef}})
    ch = Recording(VitaleApplet(card))
    (ben,) = read_vitale(ch).beneficiaries
    assert ben.first_name == "Jean"
    assert apdu.select_aid(other_aid) in ch.sent


def test_card_without_beneficiary_is_data_invalid() -> None:
    entries = [layout.MapEntry("CARTE", apdu.AID_VITALE, 0x2004)]
    card = CardLayout(apdu.ATR_VITALE2, {apdu.AID_VITALE: {
        0x2001: layout.encode_pointer_map(entries), 0x2004: tlv.encode(0x66, [tlv.encode(0x80, b"20190101")])}})
    with pytest.raises(DomainError) as err:
        read_vitale(VitaleApplet(card))
    assert err.value.code is ErrorCode.CARD_DATA_INVALID


def test_card_without_vitale_application() -> None:
    card = CardLayout(apdu.ATR_VITALE2, {b"\xa0\x00\x00\x00\x01": {}})
    with pytest.raises(DomainError) as err:
        read_vitale(VitaleApplet(card))
    assert err.value.code is ErrorCode.CARD_STATUS and "6A82" in err.value.detail


@pytest.mark.parametrize(
    ("tag", "value"),
    [(0x82, b"1980-05-12"), (0x82, b"198005"), (0x80, b""), (0x93, b"12345"), (0xDF42, b"0"), (0xDF44, b"XYZ"),
     (0x81, b"Je\x01an"), (0xDF42, "²".encode())],  # '²'.isdigit() is True: found by hypothesis
)
def test_bad_beneficiary_fields_are_data_invalid(tag: int, value: bytes) -> None:
    fields = {0x80: b"MARTIN", 0x81: b"Jean", 0x82: b"19800512", 0x93: b"180057505612342", tag: value}
    node = tlv.parse(tlv.encode(0x65, [tlv.encode(t, v) for t, v in fields.items()]))[0]
    with pytest.raises(DomainError) as err:
        layout.parse_beneficiary(0, node)
    assert err.value.code is ErrorCode.CARD_DATA_INVALID


def test_unknown_quality_code_reads_as_autre() -> None:
    node = tlv.parse(tlv.encode(0x65, [tlv.encode(0x80, b"X"), tlv.encode(0x81, b"Y"), tlv.encode(0x82, b"20000101"),
                                       tlv.encode(0x93, b"180057505612342"), tlv.encode(0xDF43, b"77")]))[0]
    assert layout.parse_beneficiary(0, node).quality is Quality.AUTRE


def test_latin1_text_from_older_tools_is_decoded() -> None:
    node = tlv.parse(tlv.encode(0x65, [tlv.encode(0x80, "HÉLÈNE".encode("latin-1")), tlv.encode(0x81, b"A"),
                                       tlv.encode(0x82, b"20000101"), tlv.encode(0x93, b"180057505612342")]))[0]
    assert layout.parse_beneficiary(0, node).surname == "HÉLÈNE"


def test_pointer_map_errors() -> None:
    with pytest.raises(DomainError):
        layout.parse_pointer_map(tlv.encode(0xE1, b""))
    bad_entry = tlv.encode(0xE0, [tlv.encode(0xA0, [tlv.encode(0x82, b"\x00\x01\x00\x00\xd2")]),
                                  tlv.encode(0x80, b"NAME    \x00\x09\x20\x05")])
    with pytest.raises(DomainError, match="unknown application"):
        layout.parse_pointer_map(bad_entry)


def test_applet_answers_like_an_iso_card() -> None:
    applet = VitaleApplet.from_image(FAMILY, t0=False)
    assert applet.transmit(b"\x00\xa4") == bytes.fromhex("6700")
    assert applet.transmit(bytes.fromhex("80CA000000")) == bytes.fromhex("6E00")
    assert applet.transmit(bytes.fromhex("00CA000000")) == bytes.fromhex("6D00")
    assert applet.transmit(apdu.read_binary(0)) == bytes.fromhex("6986")  # nothing selected
    assert applet.transmit(apdu.get_response(0)) == bytes.fromhex("6985")
    assert applet.transmit(apdu.select_ef(0x2001)) == bytes.fromhex("6A82")  # no application yet
    assert applet.transmit(apdu.select_aid(apdu.AID_VITALE))[-2:] == b"\x90\x00"
    assert applet.transmit(apdu.select_ef(0x2999)) == bytes.fromhex("6A82")
    assert applet.transmit(apdu.select_ef(layout.EF_PHOTO))[-2:] == b"\x90\x00"
    assert applet.transmit(apdu.read_binary(0)) == bytes.fromhex("6982")
    assert applet.transmit(apdu.select_ef(0x2001))[-2:] == b"\x90\x00"
    assert applet.transmit(apdu.read_binary(0x7000)) == bytes.fromhex("6B00")


# --- a hostile or broken card: random answers to every APDU ----------------------------------------


class RandomCard:
    """Answers from a list; once exhausted it behaves like a pulled card."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers

    def transmit(self, command: bytes) -> bytes:
        if not self.answers:
            raise DomainError(ErrorCode.CARD_REMOVED, "pulled")
        return self.answers.pop(0)


_SW = st.sampled_from([b"\x90\x00", b"\x61\x05", b"\x6c\x03", b"\x6a\x82", b"\x69\x82", b"\x6b\x00", b"\x62\x82"])
_ANSWER = st.one_of(st.binary(max_size=40), st.tuples(st.binary(max_size=260), _SW).map(lambda t: t[0] + t[1]))


@given(st.lists(_ANSWER, max_size=40))
@settings(max_examples=400, deadline=None, database=None)
def test_fuzz_random_card_answers(answers: list[bytes]) -> None:
    try:
        read_vitale(RandomCard(answers))
    except DomainError as exc:
        assert exc.code in (ErrorCode.CARD_STATUS, ErrorCode.CARD_DATA_INVALID, ErrorCode.CARD_REMOVED)

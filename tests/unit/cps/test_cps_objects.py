"""The data objects' contents: the situations' BER-TLV (real cards and ours), our JSON objects, nothing else."""

from __future__ import annotations

from dmp_desktop.cps import objects
from dmp_desktop.domain.professional import Situation


def test_a_situation_round_trips_through_the_card_layout() -> None:
    situation = Situation("1990000017", "Pharmacie de l'Église", "SA33")
    raw = objects.encode_activity(situation)
    assert raw[0] == 0xEE and raw[2] == 0x84
    assert objects.decode_activity(raw) == situation


def test_a_real_cards_layout_with_long_lengths_and_padding_is_decoded() -> None:
    name = ("CABINET " + "X" * 130).encode()
    inner = b"\x84\x81" + bytes([len(name)]) + name + b"\x85\x0f499700735741008" + b"\x86\x04SA07"
    raw = b"\xee\x81" + bytes([len(inner)]) + inner + b"\x00\x00\xff"
    assert objects.decode_activity(raw) == Situation("499700735741008", name.decode(), "SA07")


def test_an_empty_or_foreign_object_holds_no_situation() -> None:
    assert objects.decode_activity(b"") is None
    assert objects.decode_activity(b"\xee\x03\x84\x01A") is None  # no structure
    assert objects.decode_activity(b"\xee\x10\x84") is None  # truncated
    assert objects.decode_activity(b'{"structure_id": "1990000017"}') is None


def test_only_our_objects_are_read_as_json() -> None:
    value = objects.encode_ours({"card_type": "CPE"})
    assert objects.decode_ours(objects.OUR_APPLICATION, value) == {"card_type": "CPE"}
    assert objects.decode_ours("", value) is None
    assert objects.decode_ours(objects.OUR_APPLICATION, b"\x30\x03\x02\x01\x01") is None


def test_a_real_cards_specialty_is_the_tail_of_cps_info_ps_when_it_looks_like_one() -> None:
    assert objects.specialty_from_raw_info(b"\x80\x0c810000000001\x81\x03DOC\x82\x04SM26") == "SM26"
    assert objects.specialty_from_raw_info(b"\x80\x02\x00\x01") == ""


def test_activity_labels_count_from_one() -> None:
    assert objects.activity_label(0) == "CPS_ACTIVITY_01_PS"
    assert objects.activity_label(15) == "CPS_ACTIVITY_16_PS"
    assert objects.is_activity_label("CPS_ACTIVITY_07_PS") and not objects.is_activity_label("CPS_INFO_PS")

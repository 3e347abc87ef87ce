"""Names read from a card: hidden characters and over-long fields are card_data_invalid; the reasons a
beneficiary cannot get a DMP reach `card read`."""

from __future__ import annotations

import pytest

from dmp_desktop.card import layout, tlv
from dmp_desktop.commands.card import REASONS
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Eligibility

BEN = {"surname": "MARTIN", "first_name": "Jean", "birth_date": "19800512", "birth_name": "MARTIN"}


def _parse(**changes: str) -> object:
    node = tlv.parse(layout.encode_beneficiary("180057505612342", dict(BEN, **changes)))[0]
    return layout.parse_beneficiary(0, node)


@pytest.mark.parametrize(("field", "value"), [
    ("first_name", "Jean\u202eNAEJ"), ("first_name", "Je\u200ban"), ("surname", "MARTIN\u0085"),
    ("birth_name", "DU\u200fPONT"), ("surname", "M" * 65), ("first_name", "J" * 65),
])
def test_a_name_the_card_should_never_hold_is_card_data_invalid(field: str, value: str) -> None:
    with pytest.raises(DomainError) as err:
        _parse(**{field: value})
    assert err.value.code is ErrorCode.CARD_DATA_INVALID


def test_names_up_to_the_card_limit_with_accents_pass() -> None:
    ben = _parse(surname="É" * 64, first_name="Zoé-Anaïs")
    assert ben.surname == "É" * 64  # type: ignore[attr-defined]


def test_every_reason_has_a_french_label_in_card_read() -> None:
    assert set(REASONS) == {e.value for e in Eligibility}

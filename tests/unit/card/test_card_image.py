"""Card image validation: every bad field gets a CARD_DATA_INVALID naming it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dmp_desktop.card.image import validate_image
from dmp_desktop.domain.errors import DomainError, ErrorCode

GOOD: dict[str, Any] = {
    "atr": "3B 75 13 00 00 45 09 EA 90 00",
    "label": "Test",
    "holder_nir": "180057505612342",
    "beneficiaries": [{"surname": "MARTIN", "first_name": "Jean", "birth_date": "19800512"}],
}


def test_defaults_are_filled() -> None:
    image = validate_image(GOOD)
    assert image["beneficiaries"][0] == {
        "surname": "MARTIN", "birth_name": "", "first_name": "Jean", "birth_date": "19800512",
        "birth_rank": 1, "quality": "assure",
    }
    assert image["label"] == "Test" and image["atr"] == GOOD["atr"]


def test_wrong_nir_key_is_allowed_in_an_image() -> None:
    assert validate_image(dict(GOOD, holder_nir="171081305508799"))["holder_nir"] == "171081305508799"


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ((), [], "image"),
        (("extra",), 1, "image"),
        (("holder_nir",), "18005750561234", "holder_nir"),
        (("holder_nir",), 180057505612342, "holder_nir"),
        (("atr",), "zz", "atr"),
        (("atr",), "3B", "atr"),
        (("valid_from",), "2019", "valid_from"),
        (("beneficiaries",), [], "beneficiaries"),
        (("beneficiaries",), [GOOD["beneficiaries"][0]] * 13, "beneficiaries"),
        (("beneficiaries", 0), "x", "beneficiaries[0]"),
        (("beneficiaries", 0, "nickname"), "x", "beneficiaries[0]"),
        (("beneficiaries", 0, "surname"), "", "beneficiaries[0].surname"),
        (("beneficiaries", 0, "first_name"), None, "beneficiaries[0].first_name"),
        (("beneficiaries", 0, "first_name"), "A" * 65, "beneficiaries[0].first_name"),
        (("beneficiaries", 0, "birth_name"), 3, "beneficiaries[0].birth_name"),
        (("beneficiaries", 0, "birth_date"), "1980-05-12", "beneficiaries[0].birth_date"),
        (("beneficiaries", 0, "birth_rank"), 0, "beneficiaries[0].birth_rank"),
        (("beneficiaries", 0, "birth_rank"), True, "beneficiaries[0].birth_rank"),
        (("beneficiaries", 0, "quality"), "fils", "beneficiaries[0].quality"),
        (("beneficiaries", 0, "certified_nir"), "123", "beneficiaries[0].certified_nir"),
    ],
)
def test_bad_field_is_named(path: tuple[Any, ...], value: Any, field: str) -> None:
    image: Any = copy.deepcopy(GOOD)
    if not path:
        image = value
    else:
        target = image
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    with pytest.raises(DomainError) as err:
        validate_image(image)
    assert err.value.code is ErrorCode.CARD_DATA_INVALID
    assert err.value.field == field

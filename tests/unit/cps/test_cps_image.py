"""The CPS image (docs/cps.md): what is accepted, and each refusal naming its field."""

from __future__ import annotations

from typing import Any

import pytest

from dmp_desktop.cps.image import load_image, training_images, validate_image
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import CardType, Situation, Specialty

from .issuer import image


def refused(raw: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        validate_image(raw)
    assert caught.value.code is ErrorCode.CARD_DATA_INVALID
    return caught.value


def test_a_pharmacist_cps_is_read_with_its_national_id_and_situation() -> None:
    cps = validate_image(image())
    assert cps.card_type is CardType.CPS
    assert cps.national_id == "810000000001"
    assert cps.specialty == Specialty("PH21")
    assert cps.situations == (Situation("1990000017", "Pharmacie de formation", "SA33"),)
    assert (cps.pin, cps.pin_tries_left) == ("1234", 3)


def test_as_dict_validates_back_to_the_same_image() -> None:
    cps = validate_image(image(situations=[{"structure_id": "1990000017", "name": "A"},
                                           {"structure_id": "3123456789", "name": "B", "sector": "SA07"}]))
    again = validate_image({k: v for k, v in cps.as_dict().items()} | {"holder": {
        k: v for k, v in cps.as_dict()["holder"].items() if k != "national_id"}})
    assert again == cps
    assert cps.as_dict()["holder"]["national_id"] == "810000000001"


def test_a_cpe_is_known_by_its_id_nat_and_may_have_no_profession() -> None:
    cpe = validate_image(image("CPE"))
    assert cpe.card_type is CardType.CPE
    assert cpe.national_id == "1990000017/PREP0001"
    assert cpe.profession == "" and cpe.specialty is None


@pytest.mark.parametrize("profession", ["10", "21"])
def test_physicians_and_pharmacists_need_a_specialty(profession: str) -> None:
    raw = image()
    raw["holder"] = {**raw["holder"], "profession": profession}
    del raw["holder"]["specialty"]
    assert refused(raw).field == "holder.specialty"


def test_a_nurse_needs_no_specialty() -> None:
    raw = image()
    raw["holder"] = {k: v for k, v in raw["holder"].items() if k != "specialty"} | {"profession": "60"}
    assert validate_image(raw).specialty is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"card_type": "CPX"}, "card_type"),
        ({"pin": "12345"}, "pin"),
        ({"pin": 1234}, "pin"),
        ({"pin_tries_left": 4}, "pin_tries_left"),
        ({"pin_tries_left": True}, "pin_tries_left"),
        ({"not_before": "01/01/2024"}, "not_before"),
        ({"not_before": "2030-01-01", "not_after": "2029-12-31"}, "not_after"),
        ({"situations": []}, "situations"),
        ({"situations": [{"structure_id": "990000017", "name": "sans préfixe"}]}, "situations[0].structure_id"),
        ({"situations": [{"structure_id": "1990000017", "name": "A"}, {"structure_id": "1990000017", "name": "B"}]},
         "situations[1].structure_id"),
        ({"situations": [{"structure_id": "1990000017", "name": "A", "sector": "33"}]}, "situations[0].sector"),
        ({"situations": [{"structure_id": "1990000017", "name": ""}]}, "situations[0].name"),
        ({"extra": 1}, "image"),
    ],
)
def test_a_bad_value_is_refused_with_its_field(change: dict[str, Any], field: str) -> None:
    assert refused(image(**change)).field == field


@pytest.mark.parametrize(
    ("holder", "field"),
    [
        ({"rpps": "1234"}, "holder.rpps"),
        ({"id_nat": "1990000017/X"}, "holder.id_nat"),
        ({"profession": "pharmacien"}, "holder.profession"),
        ({"first_name": ""}, "holder.first_name"),
        ({"specialty": {"code": "PH21", "code_system": "not an oid"}}, "holder.specialty.code_system"),
    ],
)
def test_a_bad_holder_is_refused_with_its_field(holder: dict[str, Any], field: str) -> None:
    raw = image()
    raw["holder"] = {**raw["holder"], **holder}
    assert refused(raw).field == field


@pytest.mark.parametrize(("id_nat", "ok"), [("3113000123400012", True), ("1990000017/ADJ0001", True),
                                            ("9990000017", False), ("1990000017/", False), ("", False)])
def test_a_cpe_identifier_begins_with_a_structure_type(id_nat: str, ok: bool) -> None:
    raw = image("CPE")
    raw["holder"]["id_nat"] = id_nat
    if ok:
        assert validate_image(raw).national_id == id_nat
    else:
        assert refused(raw).field == "holder.id_nat"


def test_a_cpe_with_an_rpps_is_refused() -> None:
    raw = image("CPE")
    raw["holder"]["rpps"] = "10000000001"
    assert refused(raw).field == "holder.rpps"


def test_the_shipped_training_cards_are_valid_and_cover_the_cases() -> None:
    images = {path.stem: load_image(path) for path in training_images()}
    shipped = {"pharmacien", "pharmacien-deux-officines", "adjoint-cpe", "carte-bloquee", "carte-expiree"}
    assert shipped <= set(images)
    assert all(i.pin == "1234" and i.label for i in images.values())
    assert len(images["pharmacien-deux-officines"].situations) == 2
    assert images["adjoint-cpe"].card_type is CardType.CPE
    assert images["carte-bloquee"].pin_tries_left == 0
    assert images["carte-expiree"].not_after.year == 2020

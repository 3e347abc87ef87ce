"""Hostile card-image files: size and nesting capped, hidden characters refused, short messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dmp_desktop.card.image import MAX_FILE_BYTES, load_image, resolve_image, validate_image
from dmp_desktop.domain.errors import DomainError, ErrorCode

IMAGE: dict[str, Any] = {"holder_nir": "180057505612342",
                         "beneficiaries": [{"surname": "MARTIN", "first_name": "Jean", "birth_date": "19800512"}]}


def _refused(path: Path) -> DomainError:
    with pytest.raises(DomainError) as err:
        load_image(path)
    assert err.value.code is ErrorCode.CARD_DATA_INVALID
    assert len(err.value.detail) < 250, err.value.detail
    return err.value


def test_a_big_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(dict(IMAGE, label="x" * (MAX_FILE_BYTES + 10))), encoding="utf-8")
    assert "larger than" in _refused(path).detail


def test_deep_nesting_is_a_card_data_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 3000 + "]" * 3000, encoding="utf-8")
    assert "nested too deeply" in _refused(path).detail


def test_unknown_keys_are_not_echoed_at_length(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(dict(IMAGE, **{"k" * 100_000: 1, "\x1b[2J": 2})), encoding="utf-8")
    detail = _refused(path).detail
    assert "100000 characters" in detail and "\x1b" not in detail


def test_a_missing_name_is_not_echoed_at_length() -> None:
    with pytest.raises(DomainError) as err:
        resolve_image("n" * 10_000)
    assert len(err.value.detail) < 150


@pytest.mark.parametrize("name", ["Jean\u202e", "Je\u200ban", "Jean\x85", "Jean\x1b[31m", "Jean\u2028"])
def test_control_format_and_bidi_characters_in_names_are_refused(name: str) -> None:
    bad = dict(IMAGE, beneficiaries=[dict(IMAGE["beneficiaries"][0], first_name=name)])
    with pytest.raises(DomainError) as err:
        validate_image(bad)
    assert err.value.code is ErrorCode.CARD_DATA_INVALID and err.value.field == "beneficiaries[0].first_name"


def test_accents_apostrophes_and_non_latin_letters_are_still_names() -> None:
    ok = dict(IMAGE, beneficiaries=[dict(IMAGE["beneficiaries"][0], first_name="Zoé-Anaïs", surname="D’ARC")])
    assert validate_image(ok)["beneficiaries"][0]["first_name"] == "Zoé-Anaïs"

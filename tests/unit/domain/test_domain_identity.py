"""NIR, INS-C (against the golden figures of tests/data), INS-NIR OIDs and beneficiary eligibility."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import DATA  # type: ignore[import-not-found]

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import (
    OID_INS_C,
    OID_INS_NIR_DEMO,
    OID_INS_NIR_PRODUCTION,
    OID_INS_NIR_TEST,
    Beneficiary,
    Eligibility,
    InsEnvironment,
    InsType,
    Quality,
    compute_insc,
    insc_first_name,
    is_temporary_nir,
    is_valid_insc,
    is_valid_nir,
    nir_key,
    validate_nir,
)

# first name, birth date (YYMMDD), NIR without key, NIR key, INS-C: figures of the ASIP Santé INS-C sample
GOLDEN: list[list[str]] = json.loads((DATA / "insc-golden.json").read_text(encoding="utf-8"))["rows"]


def test_golden_figures_cover_the_hard_cases() -> None:
    assert len(GOLDEN) >= 20
    dates = [date for _, date, *_ in GOLDEN]
    assert any(date[2:4] == "00" or date[4:] in ("00", "30", "31") for date in dates)  # lunar dates kept
    assert any(" " in name for name, *_ in GOLDEN)  # compound first names


@pytest.mark.parametrize(("first_name", "birth_date", "nir13", "key", "insc"), GOLDEN, ids=[row[0] for row in GOLDEN])
def test_insc_matches_every_golden_row(first_name: str, birth_date: str, nir13: str, key: str, insc: str) -> None:
    assert compute_insc(first_name, birth_date, nir13) == insc
    assert is_valid_insc(insc)


@pytest.mark.parametrize(("first_name", "birth_date", "nir13", "key", "insc"), GOLDEN, ids=[row[0] for row in GOLDEN])
def test_golden_nir_keys(first_name: str, birth_date: str, nir13: str, key: str, insc: str) -> None:
    assert nir_key(nir13) == key
    assert is_valid_nir(nir13 + key)


def test_insc_domain_example() -> None:
    assert compute_insc("JEAN", "500801", "1500815051040") == "1541187387477485562488"


def test_insc_first_name_normalisation() -> None:
    assert insc_first_name("Marie-Ange") == "MARIEANGE "
    assert insc_first_name("Hélène") == "HELENE    "
    assert insc_first_name("Jean-Christophe Éric") == "JEANCHRIST"
    assert insc_first_name("Zoë O'Neil") == "ZOEONEIL  "


def test_insc_keeps_lunar_dates() -> None:
    lunar = compute_insc("MARCEL", "620230", "1620299350007")
    assert len(lunar) == 22 and is_valid_insc(lunar)
    assert lunar != compute_insc("MARCEL", "620228", "1620299350007")


def test_insc_rejects_bad_inputs() -> None:
    with pytest.raises(DomainError) as exc:
        compute_insc("JEAN", "5008", "1500815051040")
    assert exc.value.code is ErrorCode.CARD_DATA_INVALID
    with pytest.raises(DomainError) as exc:
        compute_insc("JEAN", "500801", "15008150510")
    assert exc.value.code is ErrorCode.NIR_INVALID


def test_nir_valid_wrong_key_and_shapes() -> None:
    assert validate_nir("1 80 05 75 056 123 42") == "180057505612342"
    for bad in ("180057505612343", "18005750561234", "380057505612342", "", "ABCDEFGHIJKLMNO"):
        with pytest.raises(DomainError) as exc:
            validate_nir(bad)
        assert exc.value.code is ErrorCode.NIR_INVALID
        assert exc.value.field == "nir"


def test_nir_corsica() -> None:
    assert nir_key("275032A004012") == "90"
    assert validate_nir("275032A00401290") == "275032A00401290"
    assert nir_key("275032B004012") != nir_key("275032A004012")
    assert not is_valid_nir("275032A00401291")


def test_temporary_nir() -> None:
    temp = "7800575056123" + nir_key("7800575056123")
    assert is_valid_nir(temp) and is_temporary_nir(temp)
    assert not is_temporary_nir("180057505612342")


@given(st.from_regex(r"[12][0-9]{12}", fullmatch=True))
def test_computed_key_always_validates(nir13: str) -> None:
    assert is_valid_nir(nir13 + nir_key(nir13))


def _beneficiary(**kw: object) -> Beneficiary:
    base: dict[str, object] = {
        "index": 0, "surname": "MARTIN", "first_name": "Jean", "birth_date": "19800512",
        "holder_nir": "180057505612342",
    }
    base.update(kw)
    return Beneficiary(**base)  # type: ignore[arg-type]


def test_insured_person_gets_insc() -> None:
    ins = _beneficiary().ins(InsEnvironment.TEST)
    assert ins is not None and ins.type is InsType.INS_C and ins.oid == OID_INS_C
    assert ins.value == compute_insc("Jean", "800512", "1800575056123")
    assert ins.to_cx() == f"{ins.value}^^^&{OID_INS_C}&ISO^NH"


def test_certified_nir_gives_ins_nir_with_environment_oid() -> None:
    b = _beneficiary(quality=Quality.CONJOINT, certified_nir="282056912304564")
    assert b.ins(InsEnvironment.PRODUCTION).oid == OID_INS_NIR_PRODUCTION  # type: ignore[union-attr]
    assert b.ins(InsEnvironment.TEST).oid == OID_INS_NIR_TEST  # type: ignore[union-attr]
    demo = b.ins(InsEnvironment.DEMO)
    assert demo is not None and demo.oid == OID_INS_NIR_DEMO and demo.is_test
    assert demo.type is InsType.INS_NIR and demo.value == "282056912304564"


def test_dependant_without_own_nir_is_not_eligible() -> None:
    child = _beneficiary(quality=Quality.ENFANT, first_name="Léa", birth_date="20150302")
    assert child.eligibility is Eligibility.NO_OWN_NIR and child.ins(InsEnvironment.TEST) is None
    with pytest.raises(DomainError) as exc:
        child.require_ins(InsEnvironment.TEST)
    assert exc.value.code is ErrorCode.BENEFICIARY_NOT_ELIGIBLE


def test_wrong_key_is_not_eligible() -> None:
    b = _beneficiary(holder_nir="171081305508799")
    assert not b.nir_valid and b.eligibility is Eligibility.NIR_INVALID
    with pytest.raises(DomainError) as exc:
        b.require_ins(InsEnvironment.TEST)
    assert exc.value.code is ErrorCode.NIR_INVALID


def test_birth_date_display_keeps_lunar_dates() -> None:
    assert _beneficiary(birth_date="19620230").birth_date_display == "30/02/1962"
    assert _beneficiary(birth_date="19620000").birth_date_yymmdd == "620000"

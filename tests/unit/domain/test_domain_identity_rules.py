"""The identity rules: which NIR may identify a patient, which names a card may carry, when no INS-C exists."""

from __future__ import annotations

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import (
    Beneficiary,
    Eligibility,
    InsEnvironment,
    InsType,
    Quality,
    compute_insc,
    nir_eligibility,
    nir_key,
)

ENV = InsEnvironment.TEST


def nir(first: str) -> str:
    """A NIR with a right key whose first digit is `first`."""
    body = first + "800575056123"
    return body + nir_key(body)


def insured(holder: str, first_name: str = "Jean", **kw: object) -> Beneficiary:
    return Beneficiary(0, "MARTIN", first_name, "19800512", holder, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("first", "reason"), [
    ("1", Eligibility.ELIGIBLE), ("2", Eligibility.ELIGIBLE),
    ("7", Eligibility.NIR_TEMPORARY), ("8", Eligibility.NIR_TEMPORARY),
    ("3", Eligibility.NIR_NOT_CERTIFIED), ("4", Eligibility.NIR_NOT_CERTIFIED),
])
def test_only_a_permanent_nir_identifies_a_patient(first: str, reason: Eligibility) -> None:
    assert nir_eligibility(nir(first)) is reason
    ben = insured(nir(first))
    assert ben.eligibility is reason
    assert (ben.ins(ENV) is not None) is (reason is Eligibility.ELIGIBLE)  # no INS-C from a temporary NIR


@pytest.mark.parametrize("first", ["7", "8", "3", "4"])
def test_a_temporary_or_uncertified_nir_gives_neither_ins_nir_nor_ins_c(first: str) -> None:
    dependant = Beneficiary(1, "MARTIN", "Léa", "20150302", nir("1"), quality=Quality.ENFANT, certified_nir=nir(first))
    for ben in (insured(nir(first)), dependant):
        assert ben.ins(ENV) is None and not ben.eligible
        with pytest.raises(DomainError) as err:
            ben.require_ins(ENV)
        assert err.value.code is ErrorCode.BENEFICIARY_NOT_ELIGIBLE
        assert err.value.detail == ben.eligibility.value  # the reason travels with the refusal


def test_a_wrong_key_is_still_reported_as_such_before_the_kind() -> None:
    wrong = nir("8")[:13] + ("00" if nir("8")[13:] != "00" else "01")
    assert insured(wrong).eligibility is Eligibility.NIR_INVALID


def test_a_dependant_with_a_permanent_certified_nir_is_eligible_whatever_the_holder() -> None:
    ben = Beneficiary(1, "MARTIN", "Léa", "20150302", nir("8"), quality=Quality.ENFANT, certified_nir=nir("2"))
    ins = ben.ins(ENV)
    assert ins is not None and ins.type is InsType.INS_NIR


@pytest.mark.parametrize("first_name", ["Иван", "Ελένη", "李", "- ' -", "١٢٣"])
def test_a_first_name_without_latin_letters_gives_no_ins_c(first_name: str) -> None:
    ben = insured(nir("1"), first_name)
    assert ben.eligibility is Eligibility.FIRST_NAME_UNUSABLE and ben.ins(ENV) is None
    with pytest.raises(DomainError) as err:
        ben.require_ins(ENV)
    assert err.value.code is ErrorCode.BENEFICIARY_NOT_ELIGIBLE and err.value.detail == "first_name_unusable"
    with pytest.raises(DomainError):
        compute_insc(first_name, "800512", nir("1")[:13])


def test_different_non_latin_names_no_longer_share_one_ins_c() -> None:
    inss = {insured(nir("1"), name).ins(ENV) for name in ("Иван", "Ελένη", "李")}
    assert inss == {None}


def test_the_first_name_does_not_matter_for_an_ins_nir() -> None:
    ben = Beneficiary(1, "MARTIN", "李", "20150302", nir("1"), quality=Quality.ENFANT, certified_nir=nir("2"))
    assert ben.eligible


@pytest.mark.parametrize(("field", "value"), [
    ("first_name", "Jean\u202e"),  # right-to-left override
    ("first_name", "Je\u200ban"),  # zero-width space
    ("surname", "MARTIN\x85"),  # C1 control (NEL)
    ("surname", "MAR\x1b[31mTIN"),
    ("birth_name", "DU\u2066PONT"),  # bidi isolate
    ("surname", "A" * 257),
])
def test_names_with_hidden_characters_or_too_long_are_card_data_errors(field: str, value: str) -> None:
    with pytest.raises(DomainError) as err:
        Beneficiary(0, **{"surname": "MARTIN", "first_name": "Jean", field: value},  # type: ignore[arg-type]
                    birth_date="19800512", holder_nir=nir("1"))
    assert err.value.code is ErrorCode.CARD_DATA_INVALID and err.value.field == field
    assert "\x1b" not in err.value.detail and "\u202e" not in err.value.detail


def test_ordinary_french_names_pass() -> None:
    ben = Beneficiary(0, "D’ARC-O'NEIL", "Zoé Anaïs", "19800512", nir("2"), birth_name="LE\u00a0GALL")
    assert ben.eligible and ben.display_name == "D’ARC-O'NEIL Zoé Anaïs"

"""The simulator's rights matrix: by authentication mode, and by card type in mode DIRECTE."""

from __future__ import annotations

import pytest

from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.simulator.rights import refusal
from dmp_desktop.dmp.simulator.verify import Caller
from dmp_desktop.domain.professional import CardType

CREATION_PATH = (Transaction.TD0_2, Transaction.TD1_1, Transaction.TD1_5A, Transaction.TD1_5B, Transaction.TD1_5D)


def _caller(mode: str, card: CardType | None = None, profession: str = "21") -> Caller:
    return Caller(subject_id="810001234567", structure_id="1130001234", profession=profession, sector="SA33",
                  mode=mode, resource_id="", card_type=card)


@pytest.mark.parametrize("tx", CREATION_PATH)
@pytest.mark.parametrize(
    "caller",
    [_caller("DIRECTE", CardType.CPS), _caller("DIRECTE", CardType.CPE, profession=""), _caller("INDIRECTE")],
    ids=["directe-cps-pharmacien", "directe-cpe", "indirecte-establishment"],
)
def test_creation_path_allowed(tx: Transaction, caller: Caller) -> None:
    assert refusal(tx, caller) is None


@pytest.mark.parametrize("tx", [Transaction.TD1_1, Transaction.TD1_5A, Transaction.TD1_5B, Transaction.TD1_5D])
def test_air_cannot_create(tx: Transaction) -> None:
    reason = refusal(tx, _caller("INDIRECTE_RENFORCEE"))
    assert reason is not None and tx.label in reason


def test_air_may_consult() -> None:
    assert refusal(Transaction.TD0_2, _caller("INDIRECTE_RENFORCEE")) is None


def test_cpf_and_cpe_limits() -> None:
    assert refusal(Transaction.TD1_1, _caller("DIRECTE", CardType.CPF)) is not None
    assert refusal(Transaction.TD0_2, _caller("DIRECTE", CardType.CPF)) is None
    # a CPE's rights are creation and administrative updates: not the authorisation of a professional
    assert refusal(Transaction.TD0_3, _caller("DIRECTE", CardType.CPE)) is not None
    assert refusal(Transaction.TD0_3, _caller("DIRECTE", CardType.CPS)) is None


def test_directe_needs_a_card_and_a_creating_profession() -> None:
    assert refusal(Transaction.TD0_2, _caller("DIRECTE", None)) is not None
    reason = refusal(Transaction.TD1_1, _caller("DIRECTE", CardType.CPS, profession="60"))
    assert reason is not None and "Profession 60" in reason
    assert refusal(Transaction.TD1_1, _caller("SANS_MODE")) is not None

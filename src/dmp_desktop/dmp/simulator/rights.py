"""The rights matrix the simulator enforces: by authentication mode and, in mode DIRECTE, by card type.

After the public matrices PDT-INF-526/527/606: in DIRECTE the card type decides (a CPE may create a DMP and
update its administrative data, nothing more); INDIRECTE is the establishment certificate's column; AIR
(INDIRECTE_RENFORCEE) serves consultation only and has no TD1.1."""

from __future__ import annotations

from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.simulator.verify import Caller
from dmp_desktop.domain.professional import AuthMode, CardType

DENIED = "DMPAccessDeniedByRightsService"
PROFESSIONS_ALLOWED_TO_CREATE = frozenset({"10", "21"})  # médecin, pharmacien (2017-2021)

_CREATION = frozenset({Transaction.TD1_1, Transaction.TD1_5A, Transaction.TD1_5B, Transaction.TD1_5D})
_ALL = frozenset(Transaction)
CARD_RIGHTS: dict[CardType, frozenset[Transaction]] = {
    CardType.CPS: _ALL,
    CardType.CPE: frozenset({Transaction.TD0_2}) | _CREATION,
    CardType.CPF: frozenset({Transaction.TD0_2}),
}
MODE_RIGHTS: dict[AuthMode, frozenset[Transaction]] = {
    AuthMode.INDIRECTE: _ALL,
    AuthMode.AIR: frozenset({Transaction.TD0_2, Transaction.TD0_3}),
}


def refusal(tx: Transaction, caller: Caller) -> str | None:
    """Why `caller` may not make `tx` (a French reason for the DMPAccessDeniedByRightsService answer), or None."""
    try:
        mode = AuthMode(caller.mode)
    except ValueError:
        return f"mode d’authentification inconnu {caller.mode!r}"
    if mode is AuthMode.DIRECTE:
        if caller.card_type is None:
            return "mode DIRECTE sans carte de professionnel (CPS, CPE, CPF)"
        allowed = CARD_RIGHTS[caller.card_type]
        who = f"carte {caller.card_type.value}"
    else:
        allowed = MODE_RIGHTS[mode]
        who = f"mode {mode.value}"
    if tx not in allowed:
        return f"{tx.label} n’est pas autorisée en {who}"
    needs_profession = tx is Transaction.TD1_1 and caller.card_type is not CardType.CPE
    if needs_profession and caller.profession not in PROFESSIONS_ALLOWED_TO_CREATE:
        return f"Profession {caller.profession or '?'} non autorisée à créer un DMP"
    return None

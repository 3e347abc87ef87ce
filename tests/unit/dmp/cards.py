"""Card images of the DMP tests (the format of docs/dmp-simulator.md), shared by unit, adapter and benchmark code."""

from __future__ import annotations

import copy
from typing import Any

PHARMACIST_CPS: dict[str, Any] = {
    "card_type": "CPS",
    "pin": "1234",
    "pin_tries_left": 3,
    "holder": {
        "rpps": "10001234567",
        "first_name": "Anne",
        "last_name": "Leroy",
        "profession": "21",
        "specialty": {"code": "FH1", "code_system": "1.2.250.1.71.4.2.5"},
    },
    "situations": [{"structure_id": "1130001234", "name": "Pharmacie du Port", "sector": "SA33"}],
    "not_before": "2019-01-01",
    "not_after": "2035-12-31",
}


def image(**changes: Any) -> dict[str, Any]:
    """A copy of the pharmacist's CPS with top-level or `holder` keys changed (holder_<key>=...)."""
    out = copy.deepcopy(PHARMACIST_CPS)
    for key, value in changes.items():
        if key.startswith("holder_"):
            out["holder"][key[len("holder_") :]] = value
        else:
            out[key] = value
    return out


def staff_cpe() -> dict[str, Any]:
    """A CPE (staff card) of an adjoint: no RPPS of its own card number, its national id instead."""
    out = image(card_type="CPE", holder_first_name="Paul", holder_last_name="Martin")
    del out["holder"]["rpps"]
    out["holder"]["id_nat"] = "3113000123400012"
    return out

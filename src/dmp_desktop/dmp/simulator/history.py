"""The access history of each DMP, as the patient read it on dmp.fr: who, when, which transaction, how."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dmp_desktop.dmp.simulator.igc import PROFESSION_LABELS, STAFF_LABEL
from dmp_desktop.dmp.simulator.verify import Caller


def entry(at: str, ins: str, transaction: str, caller: Caller, status: str) -> dict[str, Any]:
    """One line of history: never a password, only what the patient is entitled to see."""
    return {
        "at": at,
        "ins": ins,
        "transaction": transaction,
        "status": status,
        "professional": {
            "id": caller.subject_id,
            "name": caller.name,
            "profession": caller.profession,
            "profession_label": PROFESSION_LABELS.get(caller.profession, STAFF_LABEL),
            "card_type": caller.card_type.value if caller.card_type else None,
        },
        "mode": caller.mode,
        "structure": caller.structure_id,
        "sector": caller.sector,
        "signed_vihf": caller.signed,
    }


def read_history(state_dir: Path, ins: str | None = None) -> Iterator[dict[str, Any]]:
    """The recorded accesses of a simulator's state folder (all DMPs, or the one of `ins`), oldest first."""
    path = state_dir / "state.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    for line in raw.get("history", []):
        if ins is None or line.get("ins") == ins:
            yield line

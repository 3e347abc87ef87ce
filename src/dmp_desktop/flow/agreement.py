"""French agreement with the patient's sex as the card gives it (« né / née », « il / elle »): one choice for
every page."""

from __future__ import annotations

import enum


class Agreement(enum.Enum):
    MASCULINE = "M"
    FEMININE = "F"
    UNKNOWN = ""  # the card does not say (a dependant without their own NIR): « né(e) », « il/elle »


def agreement(sex: str) -> Agreement:
    """The agreement for a Beneficiary.sex ("M", "F", anything else unknown)."""
    for value in Agreement:
        if value.value and value.value == sex.strip().upper():
            return value
    return Agreement.UNKNOWN


def agree(sex: str, masculine: str, feminine: str, unknown: str) -> str:
    """One of three already translated texts, by the patient's sex (the ui passes three tr() literals so that
    each language words its own agreement)."""
    return {Agreement.MASCULINE: masculine, Agreement.FEMININE: feminine, Agreement.UNKNOWN: unknown}[agreement(sex)]

"""The professional's own card (CPS, CPE, CPF): what it says of its holder, its situations, its PIN state."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from dmp_desktop.domain.model import Pharmacist, Pharmacy

# Type prefixes of the national identifiers (IGC-Santé nomenclature), first character of an identifier.
STRUCTURE_ID_TYPES: dict[str, str] = {"0": "ADELI", "1": "FINESS", "2": "SIREN", "3": "SIRET", "4": "RPPS rang"}
PERSON_ID_RPPS = "8"  # a person known by their RPPS: 8 + 11 digits

OID_PROFESSION = "1.2.250.1.71.1.2.7"  # role codes: 10 médecin, 21 pharmacien...
OID_SPECIALTY = "1.2.250.1.71.4.2.5"  # the specialty, the role's second value in the VIHF
PROFESSIONS_NEEDING_SPECIALTY = frozenset({"10", "21"})


class CardType(enum.Enum):
    """CPS: a professional (pharmacien); CPE: staff of a structure; CPF: a professional in training."""

    CPS = "CPS"
    CPE = "CPE"
    CPF = "CPF"


class PinState(enum.Enum):
    """From the token flags, re-read before each PIN: no wrong try, a wrong try made, one left, blocked."""

    READY = "ready"
    COUNT_LOW = "count_low"
    FINAL_TRY = "final_try"
    LOCKED = "locked"


class AuthMode(enum.Enum):
    """How the DMP service knows who calls. Only DIRECTE (the card) and INDIRECTE (an ES pair) may create."""

    DIRECTE = "DIRECTE"
    INDIRECTE = "INDIRECTE"
    AIR = "INDIRECTE_RENFORCEE"


@dataclass(frozen=True)
class Specialty:
    code: str
    code_system: str = OID_SPECIALTY


@dataclass(frozen=True)
class Situation:
    """One situation d'exercice: where the holder works. `structure_id` carries its type prefix (1 + FINESS...)."""

    structure_id: str
    name: str
    sector: str = "SA33"

    @property
    def structure_type(self) -> str:
        return STRUCTURE_ID_TYPES.get(self.structure_id[:1], "inconnu")

    def pharmacy(self, workstation: str = "") -> Pharmacy:
        number = self.structure_id[1:] if self.structure_id[:1] in STRUCTURE_ID_TYPES else self.structure_id
        return Pharmacy(self.name, number, structure_id=self.structure_id, workstation=workstation)


@dataclass(frozen=True)
class CardHolder:
    """What the card says without its PIN (from the certificates): who holds it and until when it is valid."""

    national_id: str  # 8 + RPPS for a CPS/CPF; the CPE's own national identifier
    first_name: str
    last_name: str
    profession: str  # 21 pharmacien
    specialty: Specialty | None
    card_type: CardType
    not_before: dt.date
    not_after: dt.date

    def expired(self, today: dt.date) -> bool:
        return not (self.not_before <= today <= self.not_after)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}".strip()

    def pharmacist(self, situation: Situation | None = None) -> Pharmacist:
        """The professional the VIHF names (mode DIRECTE), in `situation` when one is chosen."""
        rpps = self.national_id[1:] if self.national_id.startswith(PERSON_ID_RPPS) else self.national_id
        return Pharmacist(
            rpps=rpps,
            first_name=self.first_name,
            last_name=self.last_name,
            profession=self.profession,
            sector=situation.sector if situation else "SA33",
            national_id=self.national_id,
            specialty=self.specialty.code if self.specialty else "",
            specialty_system=self.specialty.code_system if self.specialty else "",
            card_type=self.card_type.value,
        )

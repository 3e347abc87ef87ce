"""CPS image JSON (docs/cps.md): a professional card described for provisioning and training, validated."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dmp_desktop import resource_files
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import (
    OID_SPECIALTY,
    PERSON_ID_RPPS,
    PROFESSIONS_NEEDING_SPECIALTY,
    STRUCTURE_ID_TYPES,
    CardType,
    Situation,
    Specialty,
)

TRAINING_FOLDER = "cps"  # beside the Vitale training cards
PIN_TRIES = 3  # a CPS blocks after three wrong PINs
MAX_SITUATIONS = 16  # CPS_ACTIVITY_01_PS .. CPS_ACTIVITY_16_PS
MAX_TEXT = 64

_TOP_KEYS = {"card_type", "pin", "pin_tries_left", "holder", "situations", "not_before", "not_after", "label"}
_HOLDER_KEYS = {"rpps", "id_nat", "first_name", "last_name", "profession", "specialty"}
_SITUATION_KEYS = {"structure_id", "name", "sector"}
_RPPS = re.compile(r"[0-9]{11}")
# a CPE's national identifier begins with its structure's type prefix; some carry "/" and the holder's number
_ID_NAT = re.compile(r"[0-4][0-9A-Za-z]{1,24}(/[0-9A-Za-z]{1,20})?")
_STRUCTURE = re.compile(r"[0-4][0-9A-Za-z]{1,20}")
_PIN = re.compile(r"[0-9]{4}")
_PROFESSION = re.compile(r"[0-9]{2}")
_SECTOR = re.compile(r"SA[0-9]{2}")


@dataclass(frozen=True)
class CpsImage:
    """A validated CPS image. `as_dict()` is the normalized JSON handed to a certificate issuer."""

    card_type: CardType
    pin: str
    pin_tries_left: int
    national_id: str  # 8 + RPPS (CPS, CPF) or the CPE's id_nat
    first_name: str
    last_name: str
    profession: str
    specialty: Specialty | None
    situations: tuple[Situation, ...]
    not_before: dt.date
    not_after: dt.date
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        holder: dict[str, Any] = {"first_name": self.first_name, "last_name": self.last_name,
                                  "national_id": self.national_id}
        if self.profession:
            holder["profession"] = self.profession
        if self.card_type is CardType.CPE:
            holder["id_nat"] = self.national_id
        else:
            holder["rpps"] = self.national_id[len(PERSON_ID_RPPS):]
        if self.specialty is not None:
            holder["specialty"] = {"code": self.specialty.code, "code_system": self.specialty.code_system}
        out: dict[str, Any] = {
            "card_type": self.card_type.value,
            "pin": self.pin,
            "pin_tries_left": self.pin_tries_left,
            "holder": holder,
            "situations": [{"structure_id": s.structure_id, "name": s.name, "sector": s.sector}
                           for s in self.situations],
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
        }
        if self.label:
            out["label"] = self.label
        return out


def _bad(where: str, detail: str) -> DomainError:
    return DomainError(ErrorCode.CARD_DATA_INVALID, f"CPS image: {where}: {detail}", field=where)


def _text(where: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _bad(where, "must be a non-empty string" if required else "must be a string")
    if any(ord(c) < 0x20 for c in value) or len(value) > MAX_TEXT:
        raise _bad(where, f"control characters or longer than {MAX_TEXT} characters")
    return value.strip()


def _match(where: str, value: Any, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _bad(where, f"must be {what}")
    return value


def _date(where: str, value: Any) -> dt.date:
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _bad(where, "must be a date YYYY-MM-DD") from None


def _object(where: str, raw: Any, keys: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _bad(where, "must be an object")
    unknown = set(raw) - keys
    if unknown:
        raise _bad(where, f"unknown key(s) {sorted(unknown)}")
    return raw


def _specialty(where: str, raw: Any) -> Specialty:
    spec = _object(where, raw, {"code", "code_system"})
    code = _text(f"{where}.code", spec.get("code"))
    system = _text(f"{where}.code_system", spec.get("code_system", OID_SPECIALTY))
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)+", system):
        raise _bad(f"{where}.code_system", "must be an OID such as 1.2.250.1.71.4.2.5")
    return Specialty(code, system)


def _situations(raw: Any) -> tuple[Situation, ...]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_SITUATIONS:
        raise _bad("situations", f"must be a list of 1 to {MAX_SITUATIONS} situations d’exercice")
    out: list[Situation] = []
    for i, item in enumerate(raw):
        where = f"situations[{i}]"
        s = _object(where, item, _SITUATION_KEYS)
        prefixes = ", ".join(f"{k} {v}" for k, v in STRUCTURE_ID_TYPES.items())
        structure = _match(f"{where}.structure_id", s.get("structure_id"), _STRUCTURE,
                           f"the structure's identifier with its type prefix ({prefixes}), e.g. 1990000017")
        if any(o.structure_id == structure for o in out):
            raise _bad(f"{where}.structure_id", f"{structure} is already the structure of another situation")
        sector = _match(f"{where}.sector", s.get("sector", "SA33"), _SECTOR, "an activity sector such as SA33")
        out.append(Situation(structure, _text(f"{where}.name", s.get("name")), sector))
    return tuple(out)


def validate_image(raw: Any) -> CpsImage:
    """The validated image, or DomainError(CARD_DATA_INVALID) naming the bad field."""
    top = _object("image", raw, _TOP_KEYS)
    try:
        card_type = CardType(top.get("card_type"))
    except ValueError:
        raise _bad("card_type", "must be \"CPS\", \"CPE\" or \"CPF\"") from None
    pin = _match("pin", top.get("pin", "1234"), _PIN, "4 digits, as a string (\"1234\")")
    tries = top.get("pin_tries_left", PIN_TRIES)
    if not isinstance(tries, int) or isinstance(tries, bool) or not 0 <= tries <= PIN_TRIES:
        raise _bad("pin_tries_left", f"must be an integer 0-{PIN_TRIES} (0: a blocked card)")
    holder = _object("holder", top.get("holder"), _HOLDER_KEYS)
    if card_type is CardType.CPE:
        if "rpps" in holder:
            raise _bad("holder.rpps", "a CPE is known by its id_nat, not an RPPS")
        national_id = _match("holder.id_nat", holder.get("id_nat"), _ID_NAT,
                             "the CPE's national identifier, beginning with a structure type prefix "
                             "(e.g. 1990000017/ADJ0001)")
    else:
        if "id_nat" in holder:
            raise _bad("holder.id_nat", f"a {card_type.value} is known by its rpps (11 digits), not an id_nat")
        national_id = PERSON_ID_RPPS + _match("holder.rpps", holder.get("rpps"), _RPPS, "11 digits")
    profession = ""
    if card_type is not CardType.CPE or holder.get("profession") is not None:  # staff may have no profession
        profession = _match("holder.profession", holder.get("profession"), _PROFESSION, "2 digits (21 pharmacien)")
    specialty = None
    if holder.get("specialty") is not None:
        specialty = _specialty("holder.specialty", holder["specialty"])
    elif profession in PROFESSIONS_NEEDING_SPECIALTY:
        raise _bad("holder.specialty", f"profession {profession} needs a specialty {{\"code\", \"code_system\"}}")
    not_before = _date("not_before", top.get("not_before"))
    not_after = _date("not_after", top.get("not_after"))
    if not_after < not_before:
        raise _bad("not_after", "is before not_before")
    return CpsImage(
        card_type=card_type,
        pin=pin,
        pin_tries_left=tries,
        national_id=national_id,
        first_name=_text("holder.first_name", holder.get("first_name")),
        last_name=_text("holder.last_name", holder.get("last_name")),
        profession=profession,
        specialty=specialty,
        situations=_situations(top.get("situations")),
        not_before=not_before,
        not_after=not_after,
        label=_text("label", top.get("label"), required=False),
    )


def load_image(path: str | Path) -> CpsImage:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"CPS image: {path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"CPS image: {path}: invalid JSON ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"CPS image: {path}: {exc}") from None
    return validate_image(raw)


def training_images() -> list[Path]:
    """The shipped training CPS images, sorted by file name."""
    return resource_files.files(f"{resource_files.TRAINING_CARDS}/{TRAINING_FOLDER}", ".json")


def resolve_image(name_or_path: str) -> Path:
    """A path to an image file, or the name of a training CPS ('pharmacien')."""
    path = Path(name_or_path)
    if path.exists():
        return path
    for image in training_images():
        if image.stem == name_or_path:
            return image
    raise DomainError(ErrorCode.CARD_DATA_INVALID, f"CPS image: {name_or_path}: no such file or training card")

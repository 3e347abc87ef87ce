"""Patient identifiers: NIR checks (python-stdnum), INS-NIR OIDs, the INS-C algorithm, the Vitale beneficiary."""

from __future__ import annotations

import enum
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from dmp_desktop.domain.errors import DomainError, ErrorCode

# OIDs of the identifier authorities (DOMAIN.md, "Identifiers").
OID_INS_C = "1.2.250.1.213.1.4.2"
OID_INS_NIR_PRODUCTION = "1.2.250.1.213.1.4.8"
OID_INS_NIA = "1.2.250.1.213.1.4.9"
OID_INS_NIR_TEST = "1.2.250.1.213.1.4.10"
OID_INS_NIR_DEMO = "1.2.250.1.213.1.4.11"
TEST_OIDS = frozenset({OID_INS_NIR_TEST, OID_INS_NIR_DEMO})

_NIR_SHAPE = re.compile(r"^[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}(?:[0-9]{2})?$")


class InsType(enum.Enum):
    INS_NIR = "INS-NIR"
    INS_C = "INS-C"


class InsEnvironment(enum.Enum):
    """Which INS-NIR authority OID to use: production, the DMP test platform, or the demo platform."""

    PRODUCTION = "production"
    TEST = "test"
    DEMO = "demo"

    @property
    def ins_nir_oid(self) -> str:
        return {
            InsEnvironment.PRODUCTION: OID_INS_NIR_PRODUCTION,
            InsEnvironment.TEST: OID_INS_NIR_TEST,
            InsEnvironment.DEMO: OID_INS_NIR_DEMO,
        }[self]


class Quality(enum.Enum):
    """The beneficiary's quality on the card (qualité du bénéficiaire)."""

    ASSURE = "assure"
    CONJOINT = "conjoint"
    ENFANT = "enfant"
    AUTRE = "autre"


class Eligibility(enum.Enum):
    """Why a beneficiary can or cannot get a DMP in the counter workflow (shown at step 1)."""

    ELIGIBLE = "eligible"
    NIR_INVALID = "nir_invalid"  # the identifying NIR's key is wrong
    NO_OWN_NIR = "no_own_nir"  # a dependant without a NIR of their own on the card
    NIR_TEMPORARY = "nir_temporary"  # 7 or 8: a temporary number (NIA), no INS can be derived from it
    NIR_NOT_CERTIFIED = "nir_not_certified"  # 3 or 4: a number that was never certified
    FIRST_NAME_UNUSABLE = "first_name_unusable"  # no Latin letter left for the INS-C: it would not be unique


# Characters a name read from a card never needs, and that make text lie on screen or in a log: control
# (C0, C1), format (bidi overrides such as U+202E, zero-width U+200B), surrogates, private use,
# unassigned, line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
CARD_NAME_MAX = 64  # characters of a name as read from a card (a Vitale card holds far less)
NAME_LIMIT = 256  # no name from any source is longer: the backstop of every Beneficiary


def has_hidden_characters(text: str) -> bool:
    return any(unicodedata.category(c) in HIDDEN_CATEGORIES for c in text)


def check_card_name(field: str, value: str, limit: int = CARD_NAME_MAX) -> str:
    """`value` itself, or DomainError(CARD_DATA_INVALID) for hidden characters or more than `limit`."""
    if len(value) > limit:
        raise DomainError(ErrorCode.CARD_DATA_INVALID, f"{field}: longer than {limit} characters", field=field)
    if has_hidden_characters(value):
        shown = json.dumps(value[:CARD_NAME_MAX])  # every control and non-ASCII character escaped
        raise DomainError(
            ErrorCode.CARD_DATA_INVALID, f"{field}: control, format or bidi characters in {shown}", field=field
        )
    return value


def normalize_nir(value: str) -> str:
    """Upper-case and strip spaces/dots; does not validate."""
    return re.sub(r"[\s.\-]", "", value).upper()


def nir_key(nir13: str) -> str:
    """The 2-digit key of a 13-character NIR (Corsica 2A→19, 2B→18), via python-stdnum."""
    from stdnum.fr import nir as stdnum_nir  # imported on first use: stdnum.util pulls ssl and pydoc (~20 ms)

    return stdnum_nir.calc_check_digits(normalize_nir(nir13)[:13])


def validate_nir(value: str) -> str:
    """Return the normalized 15-character NIR or raise DomainError(NIR_INVALID)."""
    nir = normalize_nir(value)
    if not _NIR_SHAPE.match(nir) or len(nir) != 15:
        raise DomainError(ErrorCode.NIR_INVALID, "NIR must be 13 characters and a 2-digit key", field="nir")
    from stdnum.exceptions import ValidationError
    from stdnum.fr import nir as stdnum_nir

    try:
        return str(stdnum_nir.validate(nir))
    except ValidationError as exc:
        raise DomainError(ErrorCode.NIR_INVALID, type(exc).__name__, field="nir") from None


def is_valid_nir(value: str) -> bool:
    try:
        validate_nir(value)
    except DomainError:
        return False
    return True


def is_temporary_nir(value: str) -> bool:
    """A NIR starting with 7 or 8 is a temporary number (NIA attente), 1/2 permanent."""
    return normalize_nir(value)[:1] in {"7", "8"}


def is_uncertified_nir(value: str) -> bool:
    """A NIR starting with 3 or 4 was never certified: no INS can be derived from it."""
    return normalize_nir(value)[:1] in {"3", "4"}


def nir_eligibility(value: str) -> Eligibility:
    """Whether a NIR can identify a patient for the DMP: right key, and permanent (first digit 1 or 2)."""
    if not is_valid_nir(value):
        return Eligibility.NIR_INVALID
    if is_temporary_nir(value):
        return Eligibility.NIR_TEMPORARY
    if is_uncertified_nir(value):
        return Eligibility.NIR_NOT_CERTIFIED
    return Eligibility.ELIGIBLE


def insc_first_name(first_name: str) -> str:
    """The first-name part of the INS-C seed: no accents, letters only, upper-case, no spaces, 10 chars."""
    decomposed = unicodedata.normalize("NFKD", first_name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    letters = re.sub(r"[^A-Za-z]", " ", ascii_only).upper().replace(" ", "")
    return letters[:10].ljust(10)


def _mod97_key(number: int) -> str:
    return f"{97 - (number % 97):02d}"


def compute_insc(first_name: str, birth_date_yymmdd: str, nir13: str) -> str:
    """The 22-digit INS-C (20 digits + key) computed from the card data, lunar dates kept as they are.
    A first name with no Latin letter is refused: every such name would give the same INS-C."""
    if not insc_first_name(first_name).strip():
        raise DomainError(
            ErrorCode.BENEFICIARY_NOT_ELIGIBLE, Eligibility.FIRST_NAME_UNUSABLE.value, field="first_name"
        )
    if not re.fullmatch(r"[0-9]{6}", birth_date_yymmdd):
        raise DomainError(ErrorCode.CARD_DATA_INVALID, "birth date must be YYMMDD digits", field="birth_date")
    nir13 = normalize_nir(nir13)
    if len(nir13) != 13:
        raise DomainError(ErrorCode.NIR_INVALID, "INS-C needs the 13-character NIR", field="nir")
    seed = (insc_first_name(first_name) + birth_date_yymmdd + nir13).encode("ascii")
    number = int(hashlib.sha256(seed).hexdigest()[:16], 16)
    return f"{number:020d}{_mod97_key(number)}"


def is_valid_insc(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{22}", value)) and _mod97_key(int(value[:20])) == value[20:]


@dataclass(frozen=True)
class Ins:
    """The patient's national health identifier as sent to the DMP service."""

    type: InsType
    value: str
    oid: str

    @property
    def is_test(self) -> bool:
        return self.oid in TEST_OIDS

    def to_cx(self) -> str:
        """HL7 CX form used in the VIHF resource-id and in HL7v3 ids: value^^^&OID&ISO^NH."""
        return f"{self.value}^^^&{self.oid}&ISO^NH"

    def as_json(self) -> dict[str, str]:
        return {"type": self.type.value, "value": self.value, "oid": self.oid}


@dataclass(frozen=True)
class Beneficiary:
    """One beneficiary of a Vitale card, as read. Dates stay the card's strings (lunar dates are legal)."""

    index: int
    surname: str
    first_name: str
    birth_date: str  # YYYYMMDD exactly as on the card
    holder_nir: str  # the insured person's NIR (15 chars, key included)
    birth_name: str = ""
    birth_rank: int = 1
    quality: Quality = Quality.ASSURE
    certified_nir: str | None = None  # the beneficiary's own certified NIR, if the card carries one

    def __post_init__(self) -> None:
        # The card reader applies CARD_NAME_MAX; this backstop holds for names from anywhere else too.
        for field in ("surname", "first_name", "birth_name"):
            check_card_name(field, getattr(self, field), NAME_LIMIT)

    @property
    def birth_date_yymmdd(self) -> str:
        return self.birth_date[2:8] if len(self.birth_date) == 8 else self.birth_date

    @property
    def birth_date_display(self) -> str:
        """DD/MM/YYYY as printed on the card (no calendar conversion: 00/00/1980 stays)."""
        d = self.birth_date
        return f"{d[6:8]}/{d[4:6]}/{d[0:4]}" if len(d) == 8 else d

    @property
    def nir_valid(self) -> bool:
        """The NIR this beneficiary would be identified by has a valid key."""
        own = self.certified_nir or (self.holder_nir if self.quality is Quality.ASSURE else None)
        return is_valid_nir(own) if own else is_valid_nir(self.holder_nir)

    @property
    def eligibility(self) -> Eligibility:
        """ELIGIBLE, or the reason (Eligibility) the pharmacist is shown at step 1."""
        if self.certified_nir:
            return nir_eligibility(self.certified_nir)
        if self.quality is not Quality.ASSURE:
            return Eligibility.NO_OWN_NIR
        reason = nir_eligibility(self.holder_nir)
        if reason is Eligibility.ELIGIBLE and not insc_first_name(self.first_name).strip():
            return Eligibility.FIRST_NAME_UNUSABLE
        return reason

    @property
    def eligible(self) -> bool:
        return self.eligibility is Eligibility.ELIGIBLE

    def ins(self, environment: InsEnvironment) -> Ins | None:
        """INS-NIR from a certified NIR, else INS-C for the insured person; None when not eligible."""
        if not self.eligible:
            return None
        if self.certified_nir:
            nir = validate_nir(self.certified_nir)
            return Ins(InsType.INS_NIR, nir, environment.ins_nir_oid)
        nir = validate_nir(self.holder_nir)
        return Ins(InsType.INS_C, compute_insc(self.first_name, self.birth_date_yymmdd, nir[:13]), OID_INS_C)

    def require_ins(self, environment: InsEnvironment) -> Ins:
        ins = self.ins(environment)
        if ins is None:
            reason = self.eligibility
            code = ErrorCode.NIR_INVALID if reason is Eligibility.NIR_INVALID else ErrorCode.BENEFICIARY_NOT_ELIGIBLE
            raise DomainError(code, reason.value, field="beneficiary")
        return ins

    @property
    def display_name(self) -> str:
        return f"{self.surname.upper()} {self.first_name}".strip()

    @property
    def sex(self) -> str:
        """'M' or 'F' from the first digit of the identifying NIR (1/7 male, 2/8 female), '' when unknown."""
        nir = self.certified_nir or (self.holder_nir if self.quality is Quality.ASSURE else "")
        return {"1": "M", "7": "M", "2": "F", "8": "F"}.get(nir[:1], "")


@dataclass(frozen=True)
class CardRead:
    """Everything read from one card in one reader."""

    reader: str
    card_type: str  # "vitale2" (other types are refused before this object exists)
    atr: str  # hex, space separated
    beneficiaries: tuple[Beneficiary, ...]

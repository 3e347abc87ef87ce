"""The wizard's vocabulary: the events pages and workers send, and the tasks the wizard asks to run."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import CardRead, Ins
from dmp_desktop.domain.model import ExistenceResult, Pharmacist, Pharmacy
from dmp_desktop.domain.professional import CardHolder, PinState, Situation
from dmp_desktop.flow.outcomes import CreationOrder, CreationReport, Stage


class Task(enum.Enum):
    """Blocking work the wizard needs; the ui runs it on a worker (flow.tasks.run_task does the call)."""

    READ_CARD = "read_card"
    # a card put in at steps 2-4 after the patient's was pulled: read beside the step's own task, never moving
    # the step (answered by CardReadOk / CardReadFailed like READ_CARD)
    CHECK_CARD = "check_card"
    TEST_EXISTENCE = "test_existence"
    CREATE = "create"
    RETRY_ACCOUNT = "retry_account"
    PRINT = "print"
    CPS_READ = "cps_read"  # the pharmacist's card without PIN (or the session already open)
    CPS_LOGIN = "cps_login"  # its PIN
    CPS_CONNECT = "cps_connect"  # the DMP service as the card holder, in one situation d'exercice


class Pin:
    """The PIN on its way to the card: never in a repr, taken once (then gone from the request)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def take(self) -> str:
        value, self._value = self._value, ""
        return value

    def __repr__(self) -> str:
        return "Pin(<hidden>)"


@dataclass(frozen=True)
class TaskRequest:
    """One task to run once. Its result event must carry the same `generation` or it is dropped."""

    kind: Task
    generation: int
    reader: str | None = None  # READ_CARD, CHECK_CARD
    ins: Ins | None = None  # TEST_EXISTENCE
    order: CreationOrder | None = None  # CREATE
    report: CreationReport | None = None  # RETRY_ACCOUNT, PRINT
    pin: Pin | None = field(default=None, repr=False)  # CPS_LOGIN
    structure_id: str | None = None  # CPS_CONNECT: the situation chosen, as on the card


# --- card (from the card monitor, through the ui's bridge) -------------------------------------------


@dataclass(frozen=True)
class CardInserted:
    reader: str = ""


@dataclass(frozen=True)
class CardRemoved:
    reader: str = ""


@dataclass(frozen=True)
class ReadCard:
    """"Lire la carte" button (also the retry after a failed read)."""


# --- the pharmacist's own card (CPS/CPE): the « Cartes de formation » menu, or a read that found it gone ------


@dataclass(frozen=True)
class CpsInserted:
    pass


@dataclass(frozen=True)
class CpsRemoved:
    pass


@dataclass(frozen=True)
class PinRequested:
    """« Saisir le code PIN » (after the dialog was closed without a PIN)."""


@dataclass(frozen=True)
class PinEntered:
    """The PIN typed in the dialog; the wizard hands it to CPS_LOGIN and keeps nothing of it."""

    pin: str = field(repr=False)


@dataclass(frozen=True)
class PinCancelled:
    """The PIN dialog closed without a PIN (Échap)."""


@dataclass(frozen=True)
class SituationChosen:
    structure_id: str


# --- pharmacist's actions -------------------------------------------------------------------------


@dataclass(frozen=True)
class BeneficiarySelected:
    index: int


@dataclass(frozen=True)
class ConsentChanged:
    oral_consent: bool


@dataclass(frozen=True)
class EmergencyAnswered:
    answer: bool | None  # None = not answered (nothing is pre-selected)


@dataclass(frozen=True)
class AccountWanted:
    answer: bool | None


@dataclass(frozen=True)
class ContactsEntered:
    """Raw text of the two fields; the wizard validates and normalizes them (flow.validation)."""

    email: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class ContactLeft:
    """The pharmacist left a contact field ("email" or "mobile"): it is checked now, not while typed."""

    field: str


@dataclass(frozen=True)
class Next:
    pass


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class CreateRequested:
    """Step 4's end button. `account`: what the button said (« Créer sans compte » False: no answer yet means
    no; « Créer avec compte » True); None (Entrée, Next): the patient's answer must be there already."""

    account: bool | None = None


@dataclass(frozen=True)
class Retry:
    """Retry whatever failed on the current step (read, existence test, creation, account, print)."""


@dataclass(frozen=True)
class RetryAccount:
    """DMP created but the web account failed: TD1.5a/b again, never TD1.1."""


@dataclass(frozen=True)
class PrintRequested:
    """Print (again) the accusé held in memory, or the plain accusé while the account is pending."""


@dataclass(frozen=True)
class ReceiptConfirmed:
    """« Oui, il est sorti »: the accusé handed to the spooler came out of the printer (a spooled job is not
    a printed page: a thermal printer out of paper rarely stops its queue)."""


@dataclass(frozen=True)
class Restart:
    """"Nouveau patient": forget everything, credentials included."""


@dataclass(frozen=True)
class Cancel:
    pass


# --- results of tasks (from the worker; dropped when the generation is stale) --------------------------


@dataclass(frozen=True)
class CardReadOk:
    card: CardRead
    generation: int


@dataclass(frozen=True)
class CardReadFailed:
    error: ErrorCode
    generation: int


@dataclass(frozen=True)
class ExistenceChecked:
    result: ExistenceResult
    generation: int


@dataclass(frozen=True)
class ExistenceFailed:
    error: ErrorCode
    generation: int


@dataclass(frozen=True)
class CreationProgress:
    stage: Stage
    generation: int


@dataclass(frozen=True)
class CreationDone:
    """Result of CREATE, RETRY_ACCOUNT or PRINT: the (updated) report."""

    report: CreationReport
    generation: int


@dataclass(frozen=True)
class CreationFailed:
    """CREATE, RETRY_ACCOUNT or PRINT raised (unexpected); for CREATE it means nothing is known created."""

    error: ErrorCode
    generation: int


@dataclass(frozen=True)
class CpsNotNeeded:
    """CPS_READ answered by a counter without a card (mode INDIRECTE): step 2 goes on without one."""

    generation: int


@dataclass(frozen=True)
class CpsRead:
    """The card in the reader, no session open yet: the PIN is to be typed."""

    holder: CardHolder
    pin_state: PinState
    generation: int


@dataclass(frozen=True)
class CpsLoggedIn:
    """The PIN was right (or a session was already open): the card's situations d'exercice."""

    holder: CardHolder
    situations: tuple[Situation, ...]
    generation: int


@dataclass(frozen=True)
class CpsConnected:
    """The DMP service as the card holder (the session kept for the next patients)."""

    holder: CardHolder
    situation: Situation
    pharmacist: Pharmacist
    pharmacy: Pharmacy
    generation: int


@dataclass(frozen=True)
class CpsFailed:
    """CPS_READ, CPS_LOGIN or CPS_CONNECT failed (cps_* codes, or a DMP_* code when connecting); `pin_state`
    re-read after a wrong PIN when the card could still be asked."""

    error: ErrorCode
    generation: int
    pin_state: PinState | None = None


Event = (
    CardInserted | CardRemoved | ReadCard | BeneficiarySelected | ConsentChanged | EmergencyAnswered
    | AccountWanted | ContactsEntered | ContactLeft | Next | Back | CreateRequested | Retry | RetryAccount
    | PrintRequested | ReceiptConfirmed | Restart | Cancel | CardReadOk | CardReadFailed | ExistenceChecked
    | ExistenceFailed | CreationProgress | CreationDone | CreationFailed | CpsInserted | CpsRemoved | PinRequested
    | PinEntered | PinCancelled | SituationChosen | CpsNotNeeded | CpsRead | CpsLoggedIn | CpsConnected | CpsFailed
)

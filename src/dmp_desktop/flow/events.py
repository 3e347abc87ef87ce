"""The wizard's vocabulary: the events pages and workers send, and the tasks the wizard asks to run."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import CardRead, Ins
from dmp_desktop.domain.model import ExistenceResult
from dmp_desktop.flow.outcomes import CreationOrder, CreationReport, Stage


class Task(enum.Enum):
    """Blocking work the wizard needs; the ui runs it on a worker (flow.tasks.run_task does the call)."""

    READ_CARD = "read_card"
    TEST_EXISTENCE = "test_existence"
    CREATE = "create"
    RETRY_ACCOUNT = "retry_account"
    PRINT = "print"


@dataclass(frozen=True)
class TaskRequest:
    """One task to run once. Its result event must carry the same `generation` or it is dropped."""

    kind: Task
    generation: int
    reader: str | None = None  # READ_CARD
    ins: Ins | None = None  # TEST_EXISTENCE
    order: CreationOrder | None = None  # CREATE
    report: CreationReport | None = None  # RETRY_ACCOUNT, PRINT


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
class Next:
    pass


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class CreateRequested:
    """"Créer le DMP"."""


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


Event = (
    CardInserted | CardRemoved | ReadCard | BeneficiarySelected | ConsentChanged | EmergencyAnswered
    | AccountWanted | ContactsEntered | Next | Back | CreateRequested | Retry | RetryAccount | PrintRequested
    | Restart | Cancel | CardReadOk | CardReadFailed | ExistenceChecked | ExistenceFailed | CreationProgress
    | CreationDone | CreationFailed
)

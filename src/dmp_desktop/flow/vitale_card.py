"""The patient's Vitale card in the wizard: read at step 1; pulled and put in again at steps 2-4, where a card
put in is read in the background (CHECK_CARD) to tell whose it is (`CardPresence`), never moving the step."""

from __future__ import annotations

import enum

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import CardRead
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task, TaskRequest
from dmp_desktop.flow.state import Step, WizardState


class CardPresence(enum.Enum):
    """The patient's Vitale card at steps 2-4 (only step 1 needs it): what the ui says beside the steps."""

    PRESENT = "present"  # the card read at step 1 (or one carrying the same beneficiary) is in the reader
    REMOVED = "removed"  # pulled: the visit goes on with the identity already read
    CHECKING = "checking"  # a card went in after the pull: read in the background, the step does not wait
    OTHER = "other"  # it is another patient's card: this visit stays with the patient already read
    UNREAD = "unread"  # a card is in but could not be read (unknown card, read error): nobody known


# the steps that go on without the Vitale card once its identity is read
CARDLESS_STEPS = frozenset({Step.CONNECT, Step.CONSENT, Step.ACCOUNT})


class VitaleCard(WizardState):
    """Where the patient's card is, what the ui reads of it, and its transitions (flow.wizard.Wizard dispatches)."""

    def _reset(self) -> None:
        super()._reset()
        self._card_in = False  # a card is in the reader (the monitor's last word), whoever it belongs to
        self._card_pulled = False  # the card left after its read: step 1 must read it again before it is shown
        self._card_seen: CardPresence | None = None  # a card in after the pull: PRESENT, OTHER or UNREAD once read
        self._check: TaskRequest | None = None  # CHECK_CARD asked or running (beside the step's own task)
        self._check_taken = False

    def _go(self, step: Step) -> None:
        """A card check survives the moves between steps 2-4 only; a card that went in unchecked (during a
        creation) is checked on coming back."""
        super()._go(step)
        if step not in CARDLESS_STEPS:
            self._drop_check()
        elif self._card_pulled and self._card_in and self._card_seen is None and self._check is None:
            self._ask_check(self._reader)

    def _ask_check(self, reader: str | None) -> None:
        """Read the card now in the reader without moving the step or making it busy (its own generation)."""
        self.generation += 1
        self._card_seen = None
        self._check = TaskRequest(Task.CHECK_CARD, self.generation, reader=reader)
        self._check_taken = False

    def _drop_check(self) -> None:
        self._check = None
        self._check_taken = False

    # ------------------------------------------------------------------ what the ui reads

    @property
    def card_present(self) -> bool:
        """The patient's Vitale card is in the reader. Only step 1 needs it: steps 2-4 go on with the identity
        already read when it is pulled (the ui says « Carte retirée — identité déjà lue »)."""
        return self.card_presence is CardPresence.PRESENT

    @property
    def card_presence(self) -> CardPresence:
        """Whose card is in the reader, for steps 2-4: a card put in after the pull is read in the background
        (CHECK_CARD) and is the patient's again (PRESENT), another patient's (OTHER: this visit stays with the
        identity read; Annuler or « Nouveau patient » then starts from that card) or unreadable (UNREAD)."""
        if not self._card_in:
            return CardPresence.REMOVED
        if not self._card_pulled:
            return CardPresence.PRESENT
        if self._check is not None:
            return CardPresence.CHECKING
        return self._card_seen or CardPresence.UNREAD

    # ------------------------------------------------------------------ transitions

    def _card_inserted(self, e: ev.CardInserted) -> bool:
        if self._step in CARDLESS_STEPS and e.reader and self._reader and e.reader != self._reader:
            return False  # another reader: not where our patient's card was
        self._card_in = True
        if self._step in CARDLESS_STEPS and self._card_pulled:
            # perhaps another patient's card: read it beside the step, which goes on with the identity read
            self._ask_check(e.reader or self._reader)
            return True
        if self._step is not Step.IDENTIFY or self._card is not None or self.busy:
            if self._card_pulled:
                self._card_seen = None  # in during the creation: nobody knows whose card it is
            return False
        self._reader = e.reader or None
        self._ask(Task.READ_CARD, reader=self._reader)
        return True

    def _card_removed(self, e: ev.CardRemoved) -> bool:
        if e.reader and self._reader and e.reader != self._reader:
            return False  # another reader: not our patient's card
        self._card_in = False
        self._card_seen = None
        self._drop_check()  # pulled mid-read: its answer no longer says anything of the reader
        if self._step is Step.IDENTIFY:
            if self._card is None and not self.busy and self._error is None:
                return False
            self._go(Step.IDENTIFY)
            self._forget_card()
            return True
        if self._card is not None:
            self._card_pulled = True  # step 1 reads a card again before it shows one (perhaps another)
        # steps 2-4 go on with the identity already read (card_present tells the ui); CREATING/RESULT do not
        # need the card any more either
        return self._step in (Step.CONNECT, Step.CONSENT, Step.ACCOUNT)

    def _forget_card(self) -> None:
        self._card = None
        self._reader = None
        self._selected = None
        self._existence = None
        self._card_pulled = False
        self._card_seen = None
        self._drop_check()

    def _back_to_identify(self) -> None:
        """Step 1 again: the identity read stays while its card stayed in; a card pulled since is read again
        when one is in the reader (perhaps another patient's), else step 1 waits for a card."""
        self._go(Step.IDENTIFY)
        self._existence = None
        if self._card_pulled:
            self._forget_card()
            if self._card_in:
                self._ask(Task.READ_CARD, reader=None)

    def _read_card(self, e: ev.ReadCard) -> bool:
        if self._step is not Step.IDENTIFY or self.busy:
            return False
        self._forget_card()
        self._ask(Task.READ_CARD, reader=None)
        return True

    def _card_checked(self, generation: int, card: CardRead | None) -> bool:
        """The answer of CHECK_CARD (None: the card could not be read); False when it is not the current one."""
        if self._check is None or self._check.generation != generation:
            return False
        self._drop_check()
        if card is None:
            self._card_seen = CardPresence.UNREAD
        else:
            self._card_seen = CardPresence.PRESENT if self._carries_patient(card) else CardPresence.OTHER
        return True

    def _carries_patient(self, card: CardRead) -> bool:
        """The card holds this visit's beneficiary: the same INS (what the answers are kept by), whatever its
        place on the card. A renewed card giving them an INS-NIR in place of their INS-C counts as another."""
        ins = self.ins
        if ins is None:
            return False
        found = (b.ins(self.environment) for b in card.beneficiaries)
        return any(other is not None and other.value == ins.value for other in found)

    def _card_read_ok(self, e: ev.CardReadOk) -> bool:
        if self._card_checked(e.generation, e.card):
            return True
        if self._step is not Step.IDENTIFY or self._result_for(e.generation, Task.READ_CARD) is None:
            return False
        self._finish_task()
        self._card = e.card
        self._card_in = True
        self._card_pulled = False
        self._reader = e.card.reader or self._reader
        self._selected = self._preselect(e.card)
        self._error = None if e.card.beneficiaries else ErrorCode.CARD_DATA_INVALID
        if self._selected is not None:
            self._error = self._identify_problem()
        elif self.expected_nir and e.card.beneficiaries:
            self._error = ErrorCode.NIR_MISMATCH  # the host expects another patient: say so at once
        return True

    def _preselect(self, card: CardRead) -> int | None:
        if self.expected_nir:
            for b in card.beneficiaries:
                if self._nir_of(b) == self.expected_nir:
                    return b.index
            return None
        eligible = [b for b in card.beneficiaries if b.eligible]
        return eligible[0].index if len(eligible) == 1 else None

    def _card_read_failed(self, e: ev.CardReadFailed) -> bool:
        if self._card_checked(e.generation, None):
            return True  # never an error at steps 2-4: they do not need the card
        if self._step is not Step.IDENTIFY or self._result_for(e.generation, Task.READ_CARD) is None:
            return False
        self._finish_task()
        self._card = None
        self._error = e.error
        return True

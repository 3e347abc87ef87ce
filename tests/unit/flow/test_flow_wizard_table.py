"""Every event in every state of the wizard: the accepted ones and where they lead; all others ignored."""

from __future__ import annotations

import typing
from collections.abc import Callable

import pytest

from dmp_desktop.flow import events as ev
from dmp_desktop.flow.wizard import Step, Wizard

Events = Callable[[Wizard, int], dict[str, ev.Event]]  # the `make_events` fixture (conftest.py): one of each


def _fresh_generation(w: Wizard) -> int:
    req = w.take_task() or w._running  # the task in flight: a live result carries its generation
    return req.generation if req else w.generation


ID, CN, CS, AC, CR, RE, XX = (
    Step.IDENTIFY, Step.CONNECT, Step.CONSENT, Step.ACCOUNT, Step.CREATING, Step.RESULT, Step.CANCELLED,
)
ALWAYS = {"Restart": ID, "Cancel": XX}
BEFORE_CREATION = {**ALWAYS, "CardRemoved": ID}
# only step 1 needs the Vitale card: pulled at steps 2-4, the visit goes on with the identity read
AT = {step: {**ALWAYS, "CardRemoved": step} for step in (CN, CS, AC)}

CONSENT = {**AT[CS], "Back": CN, "ConsentChanged": CS, "EmergencyAnswered": CS, "Next": CS}

# state → {event accepted: step after}. Any event not listed must be ignored and change nothing.
ACCEPTED: dict[str, dict[str, Step]] = {
    "identify_waiting": {**ALWAYS, "CardInserted": ID, "ReadCard": ID, "Next": ID},
    "identify_reading": {**BEFORE_CREATION, "CardReadOk": ID, "CardReadFailed": ID},
    "identify_read": {**BEFORE_CREATION, "ReadCard": ID, "BeneficiarySelected": ID, "Next": CN},
    "identify_read_failed": {**BEFORE_CREATION, "CardInserted": ID, "ReadCard": ID, "Retry": ID, "Next": ID},
    "connect_testing": {**AT[CN], "Back": ID, "ExistenceChecked": CS, "ExistenceFailed": CN},
    "connect_failed": {**AT[CN], "Back": ID, "Retry": CN},
    "connect_not_found": {**AT[CN], "Back": ID, "Next": CS},
    "consent": CONSENT,
    # a card put in after the pull is read beside the step (whose card is it?); its answer never moves the step
    "consent_card_pulled": {**CONSENT, "CardInserted": CS},
    "consent_card_checking": {**CONSENT, "CardInserted": CS, "CardReadOk": CS, "CardReadFailed": CS},
    "consent_other_card": {**CONSENT, "CardInserted": CS},
    # no answer yet: Next (Entrée) and an unlabelled CreateRequested wait for it; the account's events apply
    "account": {**AT[AC], "Back": CS, "AccountWanted": AC, "ContactsEntered": AC},
    "account_ready": {
        **AT[AC], "Back": CS, "AccountWanted": AC, "ContactsEntered": AC, "ContactLeft": AC, "Next": CR,
        "CreateRequested": CR,
    },
    "creating": {"CreationProgress": CR, "CreationDone": RE, "CreationFailed": RE},
    "result_created": {"Restart": ID, "PrintRequested": RE, "ReceiptConfirmed": RE},
    "result_account_failed": {"Restart": ID, "RetryAccount": RE, "Retry": RE, "PrintRequested": RE},
    "result_print_failed": {"Restart": ID, "Retry": RE, "PrintRequested": RE},
    "result_exists": {**ALWAYS, "Back": ID},
    "result_error": {**ALWAYS, "Back": AC, "Retry": CR},
    "cancelled": {"Restart": ID},
}

EVENT_NAMES = sorted(t.__name__ for t in typing.get_args(ev.Event))


def snapshot(w: Wizard) -> tuple[object, ...]:
    return (
        w.step, w.generation, w.task, w.busy, w.error, w.field_errors, w.outcome, w.stage, w.card,
        w.selected_index, w.existence, w.consent, w.wants_account, w.email_text, w.mobile_text,
        w.account_request, w.report, w.valid, w.can_next, w.can_back, w.can_retry, w.can_cancel,
        w.receipt_confirmed, w.unconfirmed_credentials, w.card_presence,
    )


def test_the_table_covers_every_event_type_and_state(states: dict[str, Callable[[], Wizard]]) -> None:
    assert set(ACCEPTED) == set(states)
    assert len(EVENT_NAMES) == 36
    for accepted in ACCEPTED.values():
        assert set(accepted) <= set(EVENT_NAMES)


@pytest.mark.parametrize("event_name", EVENT_NAMES)
def test_every_event_in_every_state(
    states: dict[str, Callable[[], Wizard]], make_events: Events, state_name: str, event_name: str
) -> None:
    w = states[state_name]()
    gen = _fresh_generation(w)
    event = make_events(w, gen)[event_name]
    before = snapshot(w)
    accepted = w.send(event)
    expected = ACCEPTED[state_name].get(event_name)
    if expected is None:
        assert not accepted, f"{event_name} should be ignored in {state_name}"
        # the last field, card_presence: what the reader holds is recorded even where the step ignores it
        after, kept = snapshot(w), -1 if event_name in ("CardInserted", "CardRemoved") else None
        assert after[:kept] == before[:kept], f"ignored {event_name} changed the state {state_name}"
    else:
        assert accepted, f"{event_name} should be accepted in {state_name}"
        assert w.step is expected


@pytest.mark.parametrize(
    "event_name", ["CardReadOk", "CardReadFailed", "ExistenceChecked", "ExistenceFailed", "CreationProgress",
                   "CreationDone", "CreationFailed"],
)
def test_stale_results_are_dropped_everywhere(
    states: dict[str, Callable[[], Wizard]], make_events: Events, state_name: str, event_name: str
) -> None:
    w = states[state_name]()
    stale = _fresh_generation(w) - 1
    before = snapshot(w)
    assert not w.send(make_events(w, stale)[event_name])
    assert snapshot(w) == before


def test_invariants_hold_in_every_state(states: dict[str, Callable[[], Wizard]], state_name: str) -> None:
    w = states[state_name]()
    assert not (w.can_next and w.busy)
    assert not (w.can_retry and w.busy)
    if w.step in (Step.CREATING,):
        assert not w.can_back and not w.can_cancel and not w.can_restart
    if w.report is not None and w.report.created:
        assert not w.can_back and not w.can_cancel  # a created DMP is never "undone"


def test_unknown_event_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        Wizard().send(object())  # type: ignore[arg-type]

"""Random event sequences (hypothesis): the wizard never loses a created DMP and never asks for TD1.1 twice."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import DmpStatus, ExistenceResult, PrintResult, WebAccount
from dmp_desktop.flow import events as ev
from dmp_desktop.flow.events import Task
from dmp_desktop.flow.fakes import FAKE_READER, sample_card, single_card
from dmp_desktop.flow.outcomes import CreationReport, Outcome, Stage
from dmp_desktop.flow.wizard import Step, Wizard

OTHER_NIR = "269054958815780"  # another insured person (valid key)

ACTIONS = [
    "insert", "remove", "read", "select0", "select1", "select2", "consent", "no_consent", "emergency_yes",
    "emergency_none", "account_yes", "account_no", "contacts_ok", "contacts_bad", "next", "back", "create",
    "retry", "retry_account", "print", "restart", "cancel", "take", "ok", "fail", "stale", "progress",
    "check_same", "check_other", "check_fail",
]
# Weighted so that random visits get deep (uniform choices mostly cancel in IDENTIFY).
WEIGHTED = ACTIONS + ["ok"] * 8 + ["next"] * 4 + ["take"] * 3 + ["select1"] * 2 + ["consent", "emergency_yes",
           "account_yes", "contacts_ok", "create", "retry"] * 2 + ["insert"] * 2
WEIGHTED.remove("cancel")  # terminal until Restart: covered by the table test, it would end most walks here



def result_for(w: Wizard, outcome_ok: bool, stale: bool) -> ev.Event | None:
    req = w._running or w._pending
    if req is None:
        return None
    g = req.generation - (1 if stale else 0)
    if req.kind is Task.READ_CARD:
        card = sample_card() if g % 2 else single_card()
        return ev.CardReadOk(card, g) if outcome_ok else ev.CardReadFailed(ErrorCode.CARD_STATUS, g)
    if req.kind is Task.TEST_EXISTENCE:
        status = [DmpStatus.NOT_FOUND, DmpStatus.NOT_FOUND, DmpStatus.EXISTS, DmpStatus.CLOSED][g % 4]
        return ev.ExistenceChecked(ExistenceResult(status), g) if outcome_ok else ev.ExistenceFailed(
            ErrorCode.DMP_TIMEOUT, g)
    if not outcome_ok:
        return ev.CreationFailed(ErrorCode.DMP_UNREACHABLE, g)
    if req.kind is Task.CREATE:
        assert req.order is not None
        account_ok = g % 3 != 0
        report = CreationReport(
            Outcome.CREATED if g % 5 else Outcome.ERROR, req.order, creation_id=f"c{g}",
            error=None if g % 5 else ErrorCode.DMP_TIMEOUT,
            account=WebAccount("mtef3603", "cbC!bqf3") if account_ok and req.order.account else None,
            account_error=None if account_ok or not req.order.account else ErrorCode.DMP_TIMEOUT,
            channels=tuple(c for c, _ in req.order.account.channels) if account_ok and req.order.account else (),
            pdf=b"%PDF" if account_ok else None, print_result=PrintResult(True, "P") if g % 2 else None,
            print_error=None if g % 2 else ErrorCode.PRINTER_STOPPED,
        )
        return ev.CreationDone(report, g)
    assert req.report is not None
    return ev.CreationDone(replace(req.report, print_error=None, print_result=PrintResult(True, "P")), g)


def action_event(w: Wizard, action: str) -> ev.Event | None:
    simple: dict[str, ev.Event] = {
        "insert": ev.CardInserted(FAKE_READER), "remove": ev.CardRemoved(FAKE_READER), "read": ev.ReadCard(),
        "select0": ev.BeneficiarySelected(0), "select1": ev.BeneficiarySelected(1),
        "select2": ev.BeneficiarySelected(2), "consent": ev.ConsentChanged(True),
        "no_consent": ev.ConsentChanged(False), "emergency_yes": ev.EmergencyAnswered(True),
        "emergency_none": ev.EmergencyAnswered(None), "account_yes": ev.AccountWanted(True),
        "account_no": ev.AccountWanted(False), "contacts_ok": ev.ContactsEntered("a@example.fr", ""),
        "contacts_bad": ev.ContactsEntered("nope", "01"), "next": ev.Next(), "back": ev.Back(),
        "create": ev.CreateRequested(), "retry": ev.Retry(), "retry_account": ev.RetryAccount(),
        "print": ev.PrintRequested(), "restart": ev.Restart(), "cancel": ev.Cancel(),
    }
    if action in simple:
        return simple[action]
    if action.startswith("check_"):  # the answer of a card check (steps 2-4), if one is asked
        check = w._check
        if check is None:
            return None
        if action == "check_fail":
            return ev.CardReadFailed(ErrorCode.CARD_UNKNOWN, check.generation)
        card = sample_card() if action == "check_same" else single_card(first_name="Paul", holder_nir=OTHER_NIR)
        return ev.CardReadOk(card, check.generation)
    if action == "progress":
        req = w._running or w._pending
        return ev.CreationProgress(Stage.CREATING, req.generation) if req else None
    return result_for(w, action == "ok", action == "stale")


def at_account_step() -> Wizard:
    """Half of the walks start at step 4 so that creation and its retries are explored often."""
    w = Wizard()
    w.send(ev.CardInserted(FAKE_READER))
    req = w.take_task()
    assert req is not None
    w.send(ev.CardReadOk(single_card(), req.generation))
    w.send(ev.Next())
    req = w.take_task()
    assert req is not None
    w.send(ev.ExistenceChecked(ExistenceResult(DmpStatus.NOT_FOUND), req.generation))
    for e in (ev.ConsentChanged(True), ev.EmergencyAnswered(False), ev.Next(), ev.AccountWanted(True),
              ev.ContactsEntered("a@example.fr", "0612345678")):
        assert w.send(e)
    assert w.step is Step.ACCOUNT and w.valid
    return w


@settings(max_examples=400, deadline=None)
@given(st.booleans(), st.lists(st.sampled_from(WEIGHTED), min_size=1, max_size=120))
def test_random_visits_keep_the_invariants(deep: bool, actions: list[str]) -> None:
    w = at_account_step() if deep else Wizard()
    created: CreationReport | None = None
    creates_after_created = 0
    last_gen = w.generation
    for action in actions:
        if action == "take":
            req = w.take_task()
            if req is not None and req.kind is Task.CREATE and created is not None:
                creates_after_created += 1
            continue
        event = action_event(w, action)
        if event is None:
            continue
        step = w.step
        w.send(event)
        if action.startswith("check_"):
            assert w.step is step  # a card check never moves the step
        if isinstance(event, ev.Restart) and w.report is None:
            created = None
        if w.report is not None and w.report.created:
            created = w.report
        if created is not None:  # a created DMP stays on screen until "Nouveau patient"
            assert w.step is Step.RESULT and w.report is not None and w.report.created
            assert w.report.order.ins == created.order.ins
            assert not w.can_back and not w.can_cancel
        assert w.generation >= last_gen
        last_gen = w.generation
        assert not (w.can_next and (w.busy or not w.valid))
        if w.task is not None:
            assert w.busy
        if w.step is Step.CREATING:
            assert w.busy
    assert creates_after_created == 0

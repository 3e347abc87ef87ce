"""Where a visit stands among the four steps and the result, and which steps it really went through: a visit
that ends at step 2 (DMP already there, closed) never did steps 3 and 4, and the step bar must not say so."""

from __future__ import annotations

from dmp_desktop.flow.outcomes import Outcome
from dmp_desktop.flow.state import Step, WizardState

# the step bar's order: the four steps of the leaflet, then the result
STEP_ORDER: tuple[Step, ...] = (Step.IDENTIFY, Step.CONNECT, Step.CONSENT, Step.ACCOUNT, Step.RESULT)

# outcomes a visit can reach straight from the existence test (TD0.2), before any consent was asked
_STEP_2_ENDINGS = frozenset({Outcome.ALREADY_EXISTS, Outcome.CLOSED, Outcome.REFUSED})


def position(step: Step) -> int:
    """The step bar's index for a flow step (the creation runs over step 4; a cancelled visit starts over)."""
    if step is Step.CREATING:
        return STEP_ORDER.index(Step.ACCOUNT)
    return STEP_ORDER.index(step) if step in STEP_ORDER else 0


def steps_done(flow: WizardState) -> frozenset[Step]:
    """The steps before the current one that this visit went through.

    At the result, steps 3 and 4 count only when a creation was asked: TD1.1 answers with a report (whatever
    its outcome) or fails (outcome ERROR), while an ending straight from the existence test has neither."""
    here = position(flow.step)
    done = frozenset(STEP_ORDER[:here])
    if flow.step is Step.RESULT and flow.report is None and flow.outcome in _STEP_2_ENDINGS:
        done -= {Step.CONSENT, Step.ACCOUNT}
    return done

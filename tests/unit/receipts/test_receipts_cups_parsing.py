"""Parsing lpstat's answers (queue disabled / rejecting, job ids), with lpstat replaced by canned text."""

from __future__ import annotations

import pytest

from dmp_desktop.receipts import cups

LPSTAT_P_DISABLED = "printer q1 disabled since Sat Nov 28 04:04:29 2026 -\n\tPaused\n"
LPSTAT_P_IDLE = "printer q1 is idle.  enabled since Sat Nov 28 04:02:04 2026\n"
LPSTAT_A_OK = "q1 accepting requests since Sat Nov 28 04:02:04 2026\n"
LPSTAT_A_NO = "q1 not accepting requests since Sat Nov 28 04:02:04 2026 -\n\tRejecting Jobs\n"
JOBS = (
    "q1-3          root            355328   Sat Nov 28 04:05:31 2026\n"
    "q1-2          root            274432   Sat Nov 28 04:05:30 2026\n"
    "q1-extra-9    root            1   Sat Nov 28 04:05:30 2026\n"
)


def _fake(monkeypatch: pytest.MonkeyPatch, answers: dict[str, str]) -> None:
    monkeypatch.setattr(cups, "_lpstat", lambda *args: answers.get(args[0] if args[0] != "-W" else "-o"))


@pytest.mark.parametrize(
    ("p", "a", "enabled", "accepting"),
    [
        (LPSTAT_P_IDLE, LPSTAT_A_OK, True, True),
        (LPSTAT_P_DISABLED, LPSTAT_A_OK, False, True),
        (LPSTAT_P_IDLE, LPSTAT_A_NO, True, False),
        ("", "", None, None),
    ],
)
def test_queue_state(monkeypatch: pytest.MonkeyPatch, p: str, a: str, enabled: bool, accepting: bool) -> None:
    _fake(monkeypatch, {"-p": p, "-a": a})
    assert cups.queue_state("q1") == cups.QueueState(enabled, accepting)


def test_queue_name_is_matched_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, {"-p": "printer q10 disabled since x\n", "-a": "q10 not accepting requests\n"})
    assert cups.queue_state("q1") == cups.QueueState(None, None)


def test_job_ids_and_new_job(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(monkeypatch, {"-o": JOBS})
    assert cups.job_ids("q1") == {"q1-3": 3, "q1-2": 2}  # q1-extra-9 belongs to queue "q1-extra"
    assert cups.new_job("q1", {"q1-2": 2}) == "q1-3"
    assert cups.new_job("q1", {"q1-2": 2, "q1-3": 3}) is None
    assert cups.new_job("q1", {}) == "q1-3"


def test_lpstat_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cups, "_lpstat", lambda *args: None)
    assert cups.job_ids("q1") is None
    assert cups.new_job("q1", {}) is None
    assert cups.queue_state("q1") == cups.QueueState(None, None)

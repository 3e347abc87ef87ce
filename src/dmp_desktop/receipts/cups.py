"""CUPS facts Qt does not give: is a queue disabled or rejecting jobs, and which job id did we just submit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

_TIMEOUT = 5.0
_JOB_LINE = re.compile(r"^(\S+-(\d+))\s")


@dataclass(frozen=True)
class QueueState:
    enabled: bool | None  # None: unknown (no lpstat, or the queue is not known to it)
    accepting: bool | None


def available() -> bool:
    return shutil.which("lpstat") is not None


def _lpstat(*args: str) -> str | None:
    exe = shutil.which("lpstat")
    if exe is None:
        return None
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # we parse English words
    try:
        done = subprocess.run([exe, *args], capture_output=True, text=True, timeout=_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout


def queue_state(name: str) -> QueueState:
    printer = _lpstat("-p", name) or ""
    accept = _lpstat("-a", name) or ""
    enabled: bool | None = None
    accepting: bool | None = None
    if re.search(rf"^printer {re.escape(name)} disabled", printer, re.M):
        enabled = False
    elif re.search(rf"^printer {re.escape(name)} ", printer, re.M):
        enabled = True
    if re.search(rf"^{re.escape(name)} not accepting", accept, re.M):
        accepting = False
    elif re.search(rf"^{re.escape(name)} accepting", accept, re.M):
        accepting = True
    return QueueState(enabled, accepting)


def job_ids(name: str, which: str = "all") -> dict[str, int] | None:
    """Request ids ("queue-12") of the queue's jobs → job number; `which` is lpstat's -W (all, completed).
    None when lpstat could not answer."""
    out = _lpstat("-W", which, "-o", name)
    if out is None:
        return None
    found: dict[str, int] = {}
    for line in out.splitlines():
        m = _JOB_LINE.match(line)
        if m and m.group(1).rsplit("-", 1)[0] == name:
            found[m.group(1)] = int(m.group(2))
    return found


def new_job(name: str, before: dict[str, int]) -> str | None:
    """The job that appeared since `before`; with several (another program printed at the same moment) the
    highest number, which is ours unless the other one was submitted in between. None if none appeared."""
    after = job_ids(name) or {}
    fresh = {rid: n for rid, n in after.items() if rid not in before}
    if not fresh:
        return None
    return max(fresh, key=lambda rid: fresh[rid])

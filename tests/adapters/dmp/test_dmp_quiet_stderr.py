"""No warning noise on every command's stderr: signxml's CryptographyDeprecationWarning is filtered where the
DMP package loads it, and only that one."""

from __future__ import annotations

import subprocess
import sys


def test_loading_the_signing_modules_writes_nothing_on_stderr() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", "import dmp_desktop.dmp.vihf, dmp_desktop.dmp.simulator.verify"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0 and done.stderr == ""


def test_other_deprecation_warnings_still_show() -> None:
    code = ("import warnings, dmp_desktop.dmp\nfrom cryptography.utils import CryptographyDeprecationWarning\n"
            "warnings.warn('DSA is deprecated', CryptographyDeprecationWarning)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert "DSA is deprecated" in done.stderr  # raised from our code, not from signxml: not hidden

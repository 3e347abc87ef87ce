"""The conformance tier's gate: the reference folder found from DMP_DESKTOP_REFERENCE (relative to the repository
root, default ../shared/reference), a skip with the reason when it is missing, a failure when CI is set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import REPO, require_reference  # type: ignore[import-not-found]


def test_default_is_beside_the_clone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DMP_DESKTOP_REFERENCE", raising=False)
    monkeypatch.delenv("CI", raising=False)
    expected = (REPO / ".." / "shared" / "reference").resolve()
    if expected.is_dir():
        assert require_reference() == expected
    else:
        with pytest.raises(pytest.skip.Exception, match=re.escape(str(expected))):
            require_reference()


def test_the_variable_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMP_DESKTOP_REFERENCE", str(tmp_path))
    assert require_reference() == tmp_path


@pytest.mark.parametrize(("ci", "outcome"), [(None, pytest.skip.Exception), ("0", pytest.skip.Exception),
                                             ("true", pytest.fail.Exception), ("1", pytest.fail.Exception)])
def test_missing_folder_skips_on_a_clone_and_fails_in_ci(
    ci: str | None, outcome: type[BaseException], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DMP_DESKTOP_REFERENCE", str(tmp_path / "nowhere"))
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"reference folder not found: .*nowhere .*DMP_DESKTOP_REFERENCE"):
        require_reference()

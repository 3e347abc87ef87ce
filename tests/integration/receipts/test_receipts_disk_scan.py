"""The never-on-disk scan (disk_scan.py) finds a planted password wherever and however it is written, and
keeps going when files and folders vanish under it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from .disk_scan import files_since, scan  # type: ignore[import-not-found]

PASSWORD = "cbC!bqf3Zq"


def test_a_planted_password_is_found(tmp_path: Path) -> None:
    started = time.time()
    (tmp_path / "data" / "deep" / "er").mkdir(parents=True)
    (tmp_path / "data" / "deep" / "er" / "job.tmp").write_bytes(b"%PDF " + PASSWORD.encode() + b" %%EOF")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "app.log").write_text(f"INFO mot de passe {PASSWORD}\n", encoding="utf-16")
    (tmp_path / "logs" / "clean.log").write_text("INFO rien\n", encoding="utf-8")
    found = scan([tmp_path / "data", tmp_path / "logs", tmp_path], [PASSWORD], started)
    assert sorted(p.name for p in found.hits) == ["app.log", "job.tmp"]
    assert len(found.scanned) == 3  # each file read once although tmp_path holds the other roots


def test_files_written_before_the_test_are_left_out(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_text(PASSWORD, encoding="utf-8")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert scan([tmp_path], [PASSWORD], time.time()).hits == []


def test_files_and_folders_vanishing_mid_walk_are_skipped(tmp_path: Path) -> None:
    started = time.time()
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        for n in range(3):
            (tmp_path / folder / f"{n}.tmp").write_text("x", encoding="utf-8")
    walk = files_since(tmp_path, started)
    first = next(walk)
    for folder in ("a", "b", "c"):  # another program empties its temporary folders while we walk
        if folder != first.parent.name:
            for path in (tmp_path / folder).iterdir():
                path.unlink()
            (tmp_path / folder).rmdir()
    rest = list(walk)
    assert all(p.parent == first.parent for p in rest)
    assert scan([tmp_path / "a", tmp_path / "gone"], [PASSWORD], started).hits == []


def test_a_missing_root_is_no_error(tmp_path: Path) -> None:
    assert scan([tmp_path / "never-made"], [PASSWORD], time.time()).scanned == []

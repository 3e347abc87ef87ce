"""Search folders the test owns for a secret: files written since a moment, read whole, in UTF-8 and UTF-16.

Files and folders may vanish or be unreadable while we walk (a spooler removing its job file, a library's
temporary folder): they are skipped, never an error."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAX_SCAN = 50_000_000  # bytes: nothing we write is that big; a core dump or a database image is not ours


def needles(*secrets: str) -> list[bytes]:
    out = []
    for secret in secrets:
        out += [secret.encode("utf-8"), secret.encode("utf-16-le"), secret.encode("utf-16-be")]
    return out


def files_since(root: Path, since: float) -> Iterator[Path]:
    """Regular files under root modified at or after since (1 s of clock slack); symlinks are not followed."""
    # os.walk ignores a folder that vanishes or cannot be listed (onerror=None); rglob raises on some of them
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            try:
                st = path.lstat()
            except (FileNotFoundError, PermissionError):
                continue
            if stat.S_ISREG(st.st_mode) and st.st_mtime >= since - 1:
                yield path


def _read(path: Path) -> bytes | None:
    try:
        if path.stat().st_size > MAX_SCAN:
            return None
        return path.read_bytes()
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        return None


@dataclass
class ScanResult:
    scanned: list[Path] = field(default_factory=list)
    hits: list[Path] = field(default_factory=list)


def scan(roots: Iterable[Path], secrets: Iterable[str], since: float) -> ScanResult:
    """Every file written under roots since `since` that holds one of the secrets (each file read once)."""
    wanted = needles(*secrets)
    result = ScanResult()
    seen: set[Path] = set()
    for root in roots:
        for path in files_since(root, since):
            if path in seen:
                continue
            seen.add(path)
            data = _read(path)
            if data is None:
                continue
            result.scanned.append(path)
            if any(needle in data for needle in wanted):
                result.hits.append(path)
    return result

"""The explicit "save as PDF": written whole, readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.receipts import write_pdf_file


def test_new_file_is_0600(tmp_path: Path) -> None:
    target = tmp_path / "accuse.pdf"
    write_pdf_file(b"%PDF-1.4 data", target)
    assert target.read_bytes() == b"%PDF-1.4 data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_existing_file_is_truncated_and_tightened(tmp_path: Path) -> None:
    target = tmp_path / "accuse.pdf"
    target.write_bytes(b"x" * 1000)
    target.chmod(0o644)
    write_pdf_file(b"short", target)
    assert target.read_bytes() == b"short"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_unwritable_path_is_a_domain_error(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as err:
        write_pdf_file(b"x", tmp_path / "missing-dir" / "accuse.pdf")
    assert err.value.code is ErrorCode.RECEIPT_FAILED
    assert "accuse.pdf" in err.value.detail

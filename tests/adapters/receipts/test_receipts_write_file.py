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


def test_a_symbolic_link_is_never_followed(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_bytes(b"keep me")
    link = tmp_path / "accuse.pdf"
    link.symlink_to(precious)
    with pytest.raises(DomainError) as err:
        write_pdf_file(b"%PDF password inside", link)
    assert err.value.code is ErrorCode.RECEIPT_FILE_UNSAFE
    assert precious.read_bytes() == b"keep me" and link.is_symlink()


def test_replacing_a_file_is_said(tmp_path: Path) -> None:
    target = tmp_path / "accuse.pdf"
    assert write_pdf_file(b"first", target) is False
    assert write_pdf_file(b"second", target) is True  # the caller says the old file was replaced
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accuse.pdf"]  # no temporary file left


def test_a_folder_is_not_a_receipt(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as err:
        write_pdf_file(b"x", tmp_path)
    assert err.value.code is ErrorCode.RECEIPT_FILE_UNSAFE

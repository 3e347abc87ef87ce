"""packaging/nsis_filelist.py: the per-file install/uninstall lists makensis includes at compile time."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest


def _tree(root: Path, *files: str) -> Path:
    for rel in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    return root


def _macro(text: str, name: str) -> list[str]:
    body = text.split(f"!macro {name}\n", 1)[1].split("!macroend", 1)[0]
    return [line.strip() for line in body.splitlines() if line.strip()]


def test_every_file_is_installed_and_uninstalled(nsis_filelist: ModuleType, tmp_path: Path) -> None:
    payload = _tree(tmp_path / "p", "dmp-desktop.exe", "_internal/a/b/deep.dll", "_internal/top.pyd", "_internal/z.txt")
    (payload / "_internal" / "empty").mkdir()
    text = nsis_filelist.render(payload, ["dmp-desktop.exe"])
    assert "!define PAYLOAD_FILE_COUNT 4" in text
    install = _macro(text, "DMP_INSTALL_PAYLOAD")
    uninstall = _macro(text, "DMP_UNINSTALL_PAYLOAD")
    installed = [line for line in install if line.startswith("File ")]
    assert len(installed) == 4
    # Each File lands in the folder of the last SetOutPath before it.
    outpath = None
    placed = set()
    for line in install:
        if line.startswith("SetOutPath "):
            outpath = line.split(" ", 1)[1].strip('"')
        elif line.startswith("File "):
            name = re.match(r'File "/oname=([^"]+)"', line)
            assert name is not None
            placed.add(f"{outpath}\\{name.group(1)}")
    deleted = {line.split(" ", 1)[1].strip('"') for line in uninstall if line.startswith("Delete ")}
    assert placed == deleted == {
        "$INSTDIR\\dmp-desktop.exe",
        "$INSTDIR\\_internal\\a\\b\\deep.dll",
        "$INSTDIR\\_internal\\top.pyd",
        "$INSTDIR\\_internal\\z.txt",
    }
    assert 'CreateDirectory "$INSTDIR\\_internal\\empty"' in install
    assert install[-1] == 'SetOutPath "$INSTDIR"'
    # Folders: plain RMDir (only if empty), children before parents, and no recursive removal.
    rmdirs = [line.split(" ", 1)[1].strip('"') for line in uninstall if line.startswith("RMDir")]
    assert rmdirs.index("$INSTDIR\\_internal\\a\\b") < rmdirs.index("$INSTDIR\\_internal\\a")
    assert rmdirs.index("$INSTDIR\\_internal\\a") < rmdirs.index("$INSTDIR\\_internal")
    assert not any("/r" in line for line in uninstall)


def test_dollar_is_escaped_for_runtime_only(nsis_filelist: ModuleType, tmp_path: Path) -> None:
    payload = _tree(tmp_path / "p", "app.exe", "d$r/f$1.txt")
    text = nsis_filelist.render(payload, [])
    source = (payload / "d$r" / "f$1.txt").resolve()
    # makensis reads a compile-time source path literally, but runtime strings need `$$`.
    assert f'File "/oname=f$$1.txt" "{source}"' in text
    assert 'SetOutPath "$INSTDIR\\d$$r"' in text
    assert 'Delete "$INSTDIR\\d$$r\\f$$1.txt"' in text


@pytest.mark.parametrize("bad", ["a:b.txt", "CON.txt", "aux", "trailing.", "q?.dll", "${APPNAME}.txt"])
def test_names_windows_cannot_hold_are_refused(nsis_filelist: ModuleType, tmp_path: Path, bad: str) -> None:
    payload = _tree(tmp_path / "p", "app.exe", f"_internal/{bad}")
    with pytest.raises(nsis_filelist.PayloadError, match="invalid Windows file name"):
        nsis_filelist.render(payload, [])


def test_case_collisions_and_missing_files_are_refused(nsis_filelist: ModuleType, tmp_path: Path) -> None:
    payload = _tree(tmp_path / "p", "app.exe", "Qt/a.dll", "qt/b.dll")
    with pytest.raises(nsis_filelist.PayloadError, match="same path on Windows"):
        nsis_filelist.render(payload, [])
    other = _tree(tmp_path / "o", "app.exe")
    with pytest.raises(nsis_filelist.PayloadError, match=r"lacks dmp-desktop\.exe"):
        nsis_filelist.render(other, ["dmp-desktop.exe"])
    with pytest.raises(nsis_filelist.PayloadError, match="not found"):
        nsis_filelist.render(tmp_path / "absent", [])


def test_main_writes_a_bom_include_and_reports_errors(
    nsis_filelist: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = _tree(tmp_path / "p", "dmp-desktop.exe", "é.txt")
    out = tmp_path / "list.nsh"
    assert nsis_filelist.main([str(payload), str(out), "--require", "dmp-desktop.exe"]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # makensis then reads UTF-8 whatever the host code page
    assert "é.txt".encode() in raw
    assert nsis_filelist.main([str(payload), str(out), "--require", "missing.exe"]) == 1
    assert "lacks missing.exe" in capsys.readouterr().err

"""installer.nsi compiles with makensis -WX against a stub payload; warnings and bad inputs fail the build."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
INSTALLER = REPO / "installer.nsi"
Compile = Callable[..., subprocess.CompletedProcess[str]]

VERSION = "7.8.9"  # unusual on purpose: it can only come from the command line


def _pe_machine(exe: Path) -> int:
    data = exe.read_bytes()
    assert data[:2] == b"MZ"
    (pe_offset,) = struct.unpack_from("<I", data, 0x3C)
    assert data[pe_offset : pe_offset + 4] == b"PE\0\0"
    (machine,) = struct.unpack_from("<H", data, pe_offset + 4)
    return int(machine)


def _icon_images(ico: Path) -> list[bytes]:
    data = ico.read_bytes()
    (count,) = struct.unpack_from("<H", data, 4)
    images = []
    for i in range(count):
        size, offset = struct.unpack_from("<II", data, 6 + 16 * i + 8)
        images.append(data[offset : offset + size])
    return images


@pytest.mark.parametrize("compressor", ["COMPRESSOR=zlib", None], ids=["zlib", "default-solid-lzma"])
def test_compiles_to_a_64bit_windows_installer(
    compile_installer: Compile, stub_payload: Path, tmp_path: Path, compressor: str | None
) -> None:
    out = tmp_path / "dmp-desktop-7.8.9-installer.exe"
    defines = [f"VERSION={VERSION}", f"PAYLOAD={stub_payload}", f"OUTFILE={out}"]
    result = compile_installer(*defines, *([compressor] if compressor else []))
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.is_file()
    assert _pe_machine(out) == 0x8664  # IMAGE_FILE_MACHINE_AMD64: Target amd64-unicode
    # The version resource is stored uncompressed, in UTF-16LE: the injected version must be there.
    data = out.read_bytes()
    assert "ProductVersion".encode("utf-16-le") in data
    assert VERSION.encode("utf-16-le") in data
    assert "dmp-desktop".encode("utf-16-le") in data
    # Resources are stored as they are: every image of the packaging icon is the installer's icon.
    images = _icon_images(REPO / "packaging" / "dmp-desktop.ico")
    assert len(images) == 4
    assert all(image in data for image in images)


def test_build_log_shows_install_uninstall_and_registration(
    compile_installer: Compile, stub_payload: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dmp-desktop-7.8.9-installer.exe"
    result = compile_installer(
        f"VERSION={VERSION}", f"PAYLOAD={stub_payload}", "COMPRESSOR=zlib", f"OUTFILE={out}", verbosity=4
    )
    assert result.returncode == 0, result.stdout + result.stderr
    log = result.stdout
    install, _, uninstall = log.partition('Section: "Uninstall"')
    assert uninstall, "no uninstall section in the build log"
    payload_files = sorted(p.relative_to(stub_payload) for p in stub_payload.rglob("*") if p.is_file())
    for rel in payload_files:
        target = "$INSTDIR\\" + "\\".join(part.replace("$", "$$") for part in rel.parts)
        assert f'File: "{rel.name}"->"{rel.name.replace("$", "$$")}"' in install, rel
        assert f'Delete: "{target}"' in uninstall, rel
    # Only what was installed goes: empty folders removed one by one, never a recursive delete.
    assert 'RMDir: "$INSTDIR\\_internal\\vide"' in uninstall
    assert "RMDir: /r" not in log
    assert not re.search(r"RMDir\s+/r", INSTALLER.read_text(encoding="utf-8"), re.IGNORECASE)
    key = "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\dmp-desktop\\"
    for value in (
        "DisplayName=dmp-desktop",
        f"DisplayVersion={VERSION}",
        "Publisher=",
        "InstallLocation=$INSTDIR",
        "DisplayIcon=$INSTDIR\\dmp-desktop.exe,0",
        'UninstallString="$INSTDIR\\Uninstall.exe"',
        'QuietUninstallString="$INSTDIR\\Uninstall.exe" /S',
    ):
        assert f"WriteRegStr: {key}{value}" in install, value
    assert f"WriteRegDWORD: {key}EstimatedSize=$0" in install
    assert "SectionGetSize: 0->$0" in install  # computed from the payload section, not a constant
    assert f"DeleteRegKey: {key.rstrip(chr(92))}" in uninstall
    # Per-machine, both languages, the optional desktop shortcut and the Start-menu folder.
    assert 'CreateShortcut: "$SMPROGRAMS\\dmp-desktop\\dmp-desktop.lnk"' in install
    assert 'CreateShortcut: "$DESKTOP\\dmp-desktop.lnk"' in install
    assert 'LangString: "UNINSTALL_LINK" 1036 "Désinstaller dmp-desktop"' in log
    assert 'LangString: "UNINSTALL_LINK" 1033 "Uninstall dmp-desktop"' in log
    # User data (AppData, the profile) is never named by the installer or the uninstaller.
    code = [line for line in INSTALLER.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith(";")]
    assert not re.search(r"\$(LOCALAPPDATA|APPDATA|PROFILE)", "\n".join(code), re.IGNORECASE)


def test_a_warning_fails_the_build_under_wx(compile_installer: Compile, stub_payload: Path, tmp_path: Path) -> None:
    # The real script plus one unused variable: warning 6001.
    wrapper = tmp_path / "with-warning.nsi"
    wrapper.write_text(f'!include "{INSTALLER}"\nVar NeverUsedOnPurpose\n', encoding="utf-8")
    defines = (f"VERSION={VERSION}", f"PAYLOAD={stub_payload}", "COMPRESSOR=zlib", f"OUTFILE={tmp_path / 'w.exe'}")
    strict = compile_installer(*defines, script=wrapper)
    assert strict.returncode != 0
    assert "6001" in strict.stdout + strict.stderr
    lenient = compile_installer(*defines, script=wrapper, werror=False)
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr  # so it was the warning that failed it


def _fails(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_version_and_payload_must_be_given(compile_installer: Compile, stub_payload: Path, tmp_path: Path) -> None:
    out = f"OUTFILE={tmp_path / 'x.exe'}"
    _fails(compile_installer(f"PAYLOAD={stub_payload}", "COMPRESSOR=zlib", out), "VERSION is not set")
    _fails(compile_installer(f"VERSION={VERSION}", "COMPRESSOR=zlib", out), "PAYLOAD is not set")
    for bad in ("1.2", "1.2.3.4"):
        _fails(compile_installer(f"VERSION={bad}", f"PAYLOAD={stub_payload}", "COMPRESSOR=zlib", out), "x.y.z")
    _fails(compile_installer("VERSION=1.2.x", f"PAYLOAD={stub_payload}", "COMPRESSOR=zlib", out), "Version")
    (stub_payload / "dmp-desktop.exe").unlink()
    _fails(compile_installer(f"VERSION={VERSION}", f"PAYLOAD={stub_payload}", "COMPRESSOR=zlib", out), "lacks")
    assert not (tmp_path / "x.exe").exists()


def test_build_script_compiles_the_default_stub(tmp_path: Path, compile_installer: Compile) -> None:
    out = tmp_path / "from-script.exe"
    result = subprocess.run(
        [str(REPO / "scripts" / "build_installer.sh"), "--version", VERSION, "--compressor", "zlib", "--out", str(out)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert _pe_machine(out) == 0x8664
    assert VERSION.encode("utf-16-le") in out.read_bytes()

"""installer.nsi run under Wine: silent install, upgrade, refused downgrade and uninstall, in a prefix of our own.

One scenario per module (booting a prefix is the slow part): the fixture plays it and records what a user
would see after each step; each test then judges one step.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[3]
INSTALLER = REPO / "installer.nsi"
OLD, NEW = "1.0.0", "1.1.0"
INSTALL_DIR = r"C:\Program Files\dmp-desktop"  # $PROGRAMFILES64: a 32-bit view would say "(x86)"
UNINSTALL_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\dmp-desktop"  # HKLM
UNINSTALL_KEY_32 = r"Software\Wow6432Node\Microsoft\Windows\CurrentVersion\Uninstall\dmp-desktop"
APP_KEY = r"Software\dmp-desktop"  # HKLM
SHELL_FOLDERS = r"Software\Microsoft\Windows\CurrentVersion\Explorer\Shell Folders"  # HKLM and HKCU
DROPPED = "_internal/dropped-in-1.1.dll"  # in the old payload only: the upgrade must remove it
USER_DATA = "config.toml"  # planted in %LOCALAPPDATA%\dmp-desktop after the first install

pytestmark = [pytest.mark.wine, pytest.mark.slow, pytest.mark.timeout(300)]

MakeNsis = Callable[..., subprocess.CompletedProcess[str]]
Values = dict[str, str | int]  # a registry key's values: REG_SZ as str, REG_DWORD as int, others raw

# Wine's registry files (system.reg = HKLM, user.reg = HKCU): `[Key\\Sub] stamp`, then `"Name"=data` lines.
REG_KEY = re.compile(r"^\[(?P<key>(?:[^\]\\]|\\.)*)\]")
REG_VALUE = re.compile(r'^(?:"(?P<name>(?:[^"\\]|\\.)*)"|@)=(?P<data>.*)$')
REG_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,4}|.)")
REG_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match[1]
        if code[0] == "x":
            return chr(int(code[1:], 16))
        return REG_ESCAPES.get(code, code)

    return REG_ESCAPE.sub(one, text)


def read_registry(path: Path) -> dict[str, Values]:
    """Every key of a Wine registry file, by lower-cased path (Windows compares key names so)."""
    keys: dict[str, Values] = {}
    values: Values | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if match := REG_KEY.match(line):
            values = keys.setdefault(_unescape(match["key"]).lower(), {})
        elif values is not None and (match := REG_VALUE.match(line)):
            name, data = _unescape(match["name"] or ""), match["data"]
            if data.startswith('"') and data.endswith('"'):
                values[name] = _unescape(data[1:-1])
            elif data.startswith("dword:"):
                values[name] = int(data[6:], 16)
            else:
                values[name] = data
    return keys


class Prefix:
    """A throwaway 64-bit Wine prefix, headless, that writes nothing outside its own folder."""

    def __init__(self, root: Path, wine: str, wineserver: str) -> None:
        self.root = root / "prefix"
        self._wine = wine
        self._wineserver = wineserver
        home = root / "home"
        home.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "LANGUAGE")}
        env.update(
            WINEPREFIX=str(self.root),
            WINEARCH="win64",
            WINEDEBUG="-all",
            # No Mono/Gecko download on first boot; winemenubuilder would copy the shortcuts into the
            # desktop's menus of the real home.
            WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d",
            # The prefix links its user folders (Desktop, Documents) into HOME: keep them here.
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            # Wine lists the CUPS printers at boot: not the shared test queue, and faster without.
            CUPS_SERVER=str(root / "no-cups.sock"),
            LC_ALL="C.UTF-8",  # English pages and messages unless a step asks for another locale
        )
        self.env = env

    def boot(self) -> subprocess.Popen[bytes]:
        """Starts `wineboot --init`; finish_boot() waits for it (the installers compile meanwhile)."""
        return subprocess.Popen(
            [self._wine, "wineboot", "--init"], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )

    def finish_boot(self, boot: subprocess.Popen[bytes]) -> None:
        output, _ = boot.communicate(timeout=240)
        if boot.returncode != 0 or not (self.root / "system.reg").is_file():
            pytest.fail(f"wineboot --init failed ({boot.returncode}): {output.decode(errors='replace')}")
        self.wait()

    def run(self, program: str, *args: str, **env: str) -> tuple[int, str]:
        """The program's exit code and Wine's messages, once every process of the prefix has ended: an
        NSIS uninstaller copies itself to %TEMP%, starts the copy and returns at once."""
        result = subprocess.run(
            [self._wine, program, *args], env={**self.env, **env}, capture_output=True, timeout=120, check=False
        )
        self.wait()
        return result.returncode, (result.stdout + result.stderr).decode(errors="replace")

    def wait(self) -> None:
        subprocess.run([self._wineserver, "-w"], env=self.env, timeout=120, check=True)

    def kill(self) -> None:
        subprocess.run([self._wineserver, "-k"], env=self.env, timeout=30, check=False, capture_output=True)

    def registry(self, hive: str) -> dict[str, Values]:
        """HKLM ("system") or HKCU ("user") as saved: the wineserver writes it out when it ends, and run()
        waits for that. Reading the file costs nothing; each `wine reg query` took about 3 s here."""
        return read_registry(self.root / f"{hive}.reg")

    def unix(self, windows_path: str) -> Path:
        path = PureWindowsPath(windows_path)
        assert path.drive.upper() == "C:", windows_path
        return self.root.joinpath("drive_c", *path.parts[1:])


def lnk_target(link: Path) -> str:
    """The local path a shell link opens (MS-SHLLINK: header, optional ID list, then LinkInfo)."""
    data = link.read_bytes()
    header_size, flags = struct.unpack_from("<I16xI", data, 0)
    assert header_size == 0x4C, f"{link.name} is not a shell link"
    offset = header_size
    if flags & 0x1:  # HasLinkTargetIDList
        (id_list_size,) = struct.unpack_from("<H", data, offset)
        offset += 2 + id_list_size
    assert flags & 0x2, f"{link.name} has no LinkInfo"  # HasLinkInfo
    info_flags, base_path_offset = struct.unpack_from("<I4xI", data, offset + 8)
    assert info_flags & 0x1, f"{link.name} points to no local path"  # VolumeIDAndLocalBasePath
    start = offset + base_path_offset
    return data[start : data.index(b"\0", start)].decode("cp1252")


@dataclass(frozen=True)
class State:
    """What a user finds after one step."""

    exit_code: int
    wine_log: str  # what Wine printed: the reason when a step could not run at all
    folder_exists: bool
    files: frozenset[str]  # under INSTALL_DIR, "/"-separated
    exe: bytes  # the stub dmp-desktop.exe says which version put it there
    shortcuts: dict[str, str]  # "Programs/<name>.lnk" (our Start-menu folder) or "Desktop/<name>.lnk" -> target
    start_menu_folder: bool
    uninstall_key: Values | None  # the 64-bit view, where a 64-bit program belongs
    uninstall_key_32: Values | None  # the 32-bit view (Wow6432Node)
    app_key: Values | None
    user_data: str | None


@dataclass(frozen=True)
class Story:
    installed: State  # OLD, in French
    upgraded: State  # NEW over OLD, in English
    downgraded: State  # OLD again over NEW, silent: refused
    uninstall_command: str | None  # the QuietUninstallString, as a roll-out script would run it
    uninstalled: State | None
    planted: str


def _build(makensis_in: MakeNsis, root: Path, version: str) -> Path:
    payload = root / f"payload-{version}"
    (payload / "_internal").mkdir(parents=True)
    (payload / "dmp-desktop.exe").write_bytes(b"MZ stub gui " + version.encode())
    (payload / "dmp-desktop-cli.exe").write_bytes(b"MZ stub cli " + version.encode())
    (payload / "_internal" / "python311.dll").write_bytes(b"MZ stub dll")
    if version == OLD:
        (payload / DROPPED).write_bytes(b"MZ stub dll of the old version")
    out = root / f"dmp-desktop-{version}-setup.exe"
    defines = (f"VERSION={version}", f"PAYLOAD={payload}", "COMPRESSOR=zlib", f"OUTFILE={out}")
    result = makensis_in(INSTALLER, root, *defines)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _french_locale(root: Path, require: Callable[[str], NoReturn]) -> dict[str, str]:
    """The environment of a French Windows session. Wine takes the language from the locale's name and
    encodes file names in its codeset: under a fr_FR locale the machine lacks, names fall back to ASCII
    and « Désinstaller dmp-desktop.lnk » is never created. C.UTF-8's data under the name fr_FR.UTF-8 gives
    both, without building a locale (localedef took 2 to 8 s here) or touching the machine's."""
    system = next((p for p in (Path("/usr/lib/locale") / n for n in ("C.utf8", "C.UTF-8")) if p.is_dir()), None)
    if system is None:
        require("no C.UTF-8 locale in /usr/lib/locale (Debian package libc-bin)")
    locales = root / "locales"
    locales.mkdir()
    (locales / "fr_FR.UTF-8").symlink_to(system, target_is_directory=True)
    return {"LOCPATH": str(locales), "LC_ALL": "fr_FR.UTF-8"}


def _observe(prefix: Prefix, ran: tuple[int, str], folders: dict[str, str]) -> State:
    install_dir = prefix.unix(INSTALL_DIR)
    files = frozenset(p.relative_to(install_dir).as_posix() for p in install_dir.rglob("*") if p.is_file())
    exe = install_dir / "dmp-desktop.exe"
    start_menu = prefix.unix(folders["programs"]) / "dmp-desktop"
    links = [("Programs", p) for p in start_menu.glob("*.lnk")]
    links += [("Desktop", p) for p in prefix.unix(folders["desktop"]).glob("dmp-desktop*.lnk")]
    user_data = prefix.unix(folders["local_appdata"]) / "dmp-desktop" / USER_DATA
    machine = prefix.registry("system")
    return State(
        exit_code=ran[0],
        wine_log=ran[1],
        folder_exists=install_dir.exists(),
        files=files,
        exe=exe.read_bytes() if exe.is_file() else b"",
        shortcuts={f"{where}/{p.name}": lnk_target(p) for where, p in links},
        start_menu_folder=start_menu.exists(),
        uninstall_key=machine.get(UNINSTALL_KEY.lower()),
        uninstall_key_32=machine.get(UNINSTALL_KEY_32.lower()),
        app_key=machine.get(APP_KEY.lower()),
        user_data=user_data.read_text(encoding="utf-8") if user_data.is_file() else None,
    )


def _play(prefix: Prefix, setups: dict[str, Path], french: dict[str, str]) -> Story:
    machine = prefix.registry("system")[SHELL_FOLDERS.lower()]
    user = prefix.registry("user")[SHELL_FOLDERS.lower()]
    folders = {
        "programs": str(machine["Common Programs"]),
        "desktop": str(machine["Common Desktop"]),
        "local_appdata": str(user["Local AppData"]),
    }
    installed = _observe(prefix, prefix.run(str(setups[OLD]), "/S", **french), folders)
    planted = "[dmp]\nkept = true\n"
    data_dir = prefix.unix(folders["local_appdata"]) / "dmp-desktop"
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / USER_DATA).write_text(planted, encoding="utf-8")
    upgraded = _observe(prefix, prefix.run(str(setups[NEW]), "/S"), folders)
    downgraded = _observe(prefix, prefix.run(str(setups[OLD]), "/S"), folders)
    quiet = (downgraded.uninstall_key or {}).get("QuietUninstallString")
    command = quiet if isinstance(quiet, str) else None
    uninstalled = None
    if command and (match := re.fullmatch(r'"([^"]+)"((?: \S+)*)', command)):
        uninstalled = _observe(prefix, prefix.run(match[1], *match[2].split()), folders)
    return Story(installed, upgraded, downgraded, command, uninstalled, planted)


@pytest.fixture(scope="module")
def story(
    tmp_path_factory: pytest.TempPathFactory,
    tool: Callable[[str, str], str],
    require: Callable[[str], NoReturn],
    makensis_in: MakeNsis,
) -> Iterator[Story]:
    wine = tool("wine", "wine64 wine")
    wineserver = tool("wineserver", "wine64 wine")
    root = tmp_path_factory.mktemp("wine")
    prefix = Prefix(root, wine, wineserver)
    boot = prefix.boot()
    try:
        setups = {version: _build(makensis_in, root, version) for version in (OLD, NEW)}
        french = _french_locale(root, require)
        prefix.finish_boot(boot)
        yield _play(prefix, setups, french)
    finally:
        if boot.poll() is None:
            boot.kill()
        prefix.kill()
        # About 700 MB of DLL copies; rmtree unlinks the prefix's links (z: is /) without following them.
        shutil.rmtree(prefix.root, ignore_errors=True)


def _program_links(uninstall_link: str) -> dict[str, str]:
    return {
        "Programs/dmp-desktop.lnk": rf"{INSTALL_DIR}\dmp-desktop.exe",
        f"Programs/{uninstall_link}.lnk": rf"{INSTALL_DIR}\Uninstall.exe",
        "Desktop/dmp-desktop.lnk": rf"{INSTALL_DIR}\dmp-desktop.exe",
    }


PAYLOAD_FILES = {"dmp-desktop.exe", "dmp-desktop-cli.exe", "_internal/python311.dll"}
INSTALLED_FILES = PAYLOAD_FILES | {"Uninstall.exe", "dmp-desktop.install"}


def test_silent_install_puts_the_files_the_shortcuts_and_the_apps_and_features_entry(story: Story) -> None:
    state = story.installed
    assert state.exit_code == 0, state.wine_log
    assert state.files == INSTALLED_FILES | {DROPPED}
    assert state.exe == b"MZ stub gui " + OLD.encode()
    assert state.shortcuts == _program_links("Désinstaller dmp-desktop")
    key = state.uninstall_key
    assert key is not None, "no Apps & features entry in the 64-bit registry view"
    assert {name: key.get(name) for name in ("DisplayName", "DisplayVersion", "InstallLocation")} == {
        "DisplayName": "dmp-desktop",
        "DisplayVersion": OLD,
        "InstallLocation": INSTALL_DIR,
    }
    assert key["Publisher"]
    assert key["DisplayIcon"] == rf"{INSTALL_DIR}\dmp-desktop.exe,0"
    assert key["UninstallString"] == rf'"{INSTALL_DIR}\Uninstall.exe"'
    assert key["QuietUninstallString"] == rf'"{INSTALL_DIR}\Uninstall.exe" /S'
    assert (key["VersionMajor"], key["VersionMinor"]) == (1, 0)
    assert isinstance(key["EstimatedSize"], int) and key["EstimatedSize"] > 0
    assert state.uninstall_key_32 is None, "a 64-bit program registered in the 32-bit view (Wow6432Node)"
    assert state.app_key == {"InstallDir": INSTALL_DIR}


def test_upgrade_replaces_the_old_files_and_bumps_display_version(story: Story) -> None:
    state = story.upgraded
    assert state.exit_code == 0, state.wine_log
    assert state.files == INSTALLED_FILES  # the old version's own uninstaller removed the file 1.1.0 no longer ships
    assert state.exe == b"MZ stub gui " + NEW.encode()
    # Installed in French, upgraded in English: the French uninstall link went with the old version.
    assert state.shortcuts == _program_links("Uninstall dmp-desktop")
    assert state.uninstall_key is not None
    assert state.uninstall_key["DisplayVersion"] == NEW
    assert (state.uninstall_key["VersionMajor"], state.uninstall_key["VersionMinor"]) == (1, 1)
    assert state.uninstall_key["InstallLocation"] == INSTALL_DIR
    assert state.uninstall_key_32 is None
    assert state.user_data == story.planted


def test_a_silent_downgrade_is_refused_and_changes_nothing(story: Story) -> None:
    state = story.downgraded
    # Abort in .onInit, exit code 2: the roll-out scripts' "a newer version is installed".
    assert state.exit_code == 2, state.wine_log
    assert state.uninstall_key is not None
    assert state.uninstall_key["DisplayVersion"] == NEW
    assert state.exe == b"MZ stub gui " + NEW.encode()
    assert state.files == INSTALLED_FILES


def test_uninstall_removes_the_program_and_keeps_the_user_data(story: Story) -> None:
    assert story.uninstall_command == rf'"{INSTALL_DIR}\Uninstall.exe" /S'
    state = story.uninstalled
    assert state is not None, f"the QuietUninstallString could not be run: {story.uninstall_command!r}"
    assert state.exit_code == 0, state.wine_log
    # %LOCALAPPDATA%\dmp-desktop holds the settings and the creation ledger: an uninstall never erases it.
    assert state.user_data == story.planted, "the uninstaller deleted the user's data"
    assert not state.folder_exists, sorted(state.files)
    assert state.shortcuts == {}
    assert not state.start_menu_folder
    assert state.uninstall_key is None
    assert state.uninstall_key_32 is None
    assert state.app_key is None

"""Writes the NSIS include that installs a payload folder file by file and uninstalls exactly those files."""

# Run by installer.nsi through !system at compile time (standard library only, Windows and Linux hosts).
# Listing every file lets the uninstaller delete only what the installer put there: no `RMDir /r` that could
# wipe a folder the user chose (e.g. "C:\Program Files") or files they added.

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path, PurePosixPath

# Characters Windows refuses in a file name (plus control characters).
_FORBIDDEN = set('<>:"|?*') | {chr(c) for c in range(32)}
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}


class PayloadError(Exception):
    """The payload folder cannot be installed on Windows as it is."""


def nsis_escape(text: str) -> str:
    """Text for a double-quoted runtime NSIS string: `$` would start a variable, `"` would end the string."""
    if '"' in text or "\n" in text or "\r" in text:
        raise PayloadError(f"cannot quote {text!r} for NSIS")
    return text.replace("$", "$$")


def _source_string(path: str) -> str:
    """Quote a compile-time source path: makensis reads `$` there literally (no `$$` escape)."""
    if '"' in path:
        raise PayloadError(f"cannot quote {path!r} for NSIS")
    return f'"{path}"'


def scan(payload: Path) -> tuple[list[PurePosixPath], list[PurePosixPath]]:
    """(directories, files) relative to payload, sorted; refuses names Windows cannot hold."""
    if not payload.is_dir():
        raise PayloadError(f"payload folder not found: {payload}")
    dirs: list[PurePosixPath] = []
    files: list[PurePosixPath] = []
    seen: dict[str, PurePosixPath] = {}
    for root, dirnames, filenames in os.walk(payload):
        dirnames.sort()
        rel_root = PurePosixPath(Path(root).relative_to(payload).as_posix())
        for name in dirnames + sorted(filenames):
            rel = rel_root / name
            _check_name(name, rel)
            # Windows file names ignore case: two payload entries differing only in case would collide.
            folded = rel.as_posix().casefold()
            if folded in seen:
                raise PayloadError(f"{rel} and {seen[folded]} are the same path on Windows")
            seen[folded] = rel
        dirs.extend(rel_root / d for d in dirnames)
        files.extend(rel_root / f for f in sorted(filenames))
    return sorted(dirs), sorted(files, key=lambda f: (f.parent.as_posix(), f.name))


def _check_name(name: str, rel: PurePosixPath) -> None:
    # "${" would be expanded by makensis' preprocessor even in a quoted path.
    bad = _FORBIDDEN & set(name) or "${" in name or name.endswith((" ", "."))
    if bad or name.split(".")[0].upper() in _RESERVED:
        raise PayloadError(f"invalid Windows file name in the payload: {rel}")


def _win(rel: PurePosixPath) -> str:
    """The quoted install-time path of a payload entry (its name escaped, $INSTDIR left a variable)."""
    return '"' + "\\".join(["$INSTDIR", *(nsis_escape(part) for part in rel.parts)]) + '"'


def render(payload: Path, required: list[str]) -> str:
    """The include text: defines PAYLOAD_FILE_COUNT and the macros DMP_INSTALL_PAYLOAD / DMP_UNINSTALL_PAYLOAD."""
    payload = payload.resolve()
    dirs, files = scan(payload)
    present = {f.as_posix().casefold() for f in files}
    missing = [r for r in required if r.replace("\\", "/").casefold() not in present]
    if missing:
        raise PayloadError(f"payload {payload} lacks {', '.join(missing)} (is it the PyInstaller dist folder?)")
    lines = [
        f"; Generated at compile time by packaging/nsis_filelist.py from {payload.name}: do not edit.",
        f"!define PAYLOAD_FILE_COUNT {len(files)}",
        "!macro DMP_INSTALL_PAYLOAD",
    ]
    current: PurePosixPath | None = None
    for rel in files:
        if rel.parent != current:
            current = rel.parent
            lines.append(f"  SetOutPath {_win(current)}")
        source = os.fspath(payload.joinpath(*rel.parts))
        # /oname keeps the installed name exact even when the source path needs escaping.
        lines.append(f'  File "/oname={nsis_escape(rel.name)}" {_source_string(source)}')
    lines += [f"  CreateDirectory {_win(d)}" for d in dirs]
    lines += ['  SetOutPath "$INSTDIR"', "!macroend", "!macro DMP_UNINSTALL_PAYLOAD"]
    lines += [f"  Delete {_win(rel)}" for rel in files]
    # Deepest folders first; plain RMDir only removes a folder left empty, so user files survive.
    for d in sorted(dirs, key=lambda p: (-len(p.parts), p.as_posix())):
        lines.append(f"  RMDir {_win(d)}")
    lines += ["!macroend", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("payload", type=Path, help="the PyInstaller one-folder build (dist/dmp-desktop)")
    parser.add_argument("output", type=Path, help="the .nsh file to write")
    parser.add_argument("--require", action="append", default=[], help="a file the payload must contain")
    args = parser.parse_args(argv)
    try:
        text = render(args.payload, args.require)
    except PayloadError as exc:
        print(f"nsis_filelist: {exc}", file=sys.stderr)
        return 1
    # A UTF-8 BOM makes makensis read accented file names as UTF-8 whatever the host code page.
    args.output.write_text(text, encoding="utf-8-sig", newline="\r\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

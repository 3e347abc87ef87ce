"""The one way to find the shipped resources (fonts, icons, training cards, translations) on disk.

They live in the repository's top-level resources/ folder and are installed as the package data
`dmp_desktop.resources`. Standard library only, importing nothing of ours: every package may use it."""

from __future__ import annotations

import functools
from pathlib import Path

FONTS = "fonts"
ICONS = "icons"
TRAINING_CARDS = "training-cards"
TRANSLATIONS = "translations"
# What every real resources folder holds (translations are built, so they may be missing)
_ALWAYS = (FONTS, ICONS, TRAINING_CARDS)


def _is_root(folder: Path) -> bool:
    return all((folder / kind).is_dir() for kind in _ALWAYS)


def _candidates() -> list[Path]:
    package = Path(__file__).resolve().parent
    # A wheel installs the data beside the modules, and so does a frozen build (PyInstaller); a checkout, and its
    # editable install, keep it at the top of the repository. A stale src/dmp_desktop/resources left by an older
    # checkout (built .qm only) is not a resources folder and is passed over.
    return [package / "resources", package.parent.parent / "resources"]


@functools.cache
def root() -> Path:
    """The resources folder: fonts/, icons/, training-cards/, translations/."""
    candidates = _candidates()
    for folder in candidates:
        if _is_root(folder):
            return folder
    raise FileNotFoundError(f"dmp-desktop resources not found (looked in {', '.join(map(str, candidates))})")


def path(*parts: str) -> Path:
    """A file or folder of the resources, e.g. path("fonts", "DejaVuSans.ttf"); it may not exist (a .qm not built)."""
    return root().joinpath(*parts)


def files(kind: str, suffix: str) -> list[Path]:
    """The files of one kind ending with suffix, sorted by name, e.g. files("training-cards", ".json")."""
    folder = path(kind)
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(suffix)) if folder.is_dir() else []

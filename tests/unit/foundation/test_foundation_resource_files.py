"""dmp_desktop.resource_files: every kind of resource is found through the one accessor, in the repository's
top-level resources/ when run from a checkout, and a stale src/dmp_desktop/resources never shadows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import REPO  # type: ignore[import-not-found]

from dmp_desktop import resource_files

KINDS = {
    resource_files.FONTS: {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono-Bold.ttf"},
    resource_files.ICONS: {"carte-vitale.svg", "dmp-desktop.svg"},
    resource_files.TRAINING_CARDS: {"famille-martin.json", "naissance-lunaire.json", "ne-en-corse.json"},
}


def test_a_checkout_uses_the_top_level_folder() -> None:
    assert resource_files.root() == REPO / "resources"
    # scripts/build_translations.py writes the .qm next to the .ts: where the accessor looks
    assert resource_files.path(resource_files.TRANSLATIONS) == REPO / "resources" / "translations"


@pytest.mark.parametrize(("kind", "names"), KINDS.items())
def test_each_kind_is_found(kind: str, names: set[str]) -> None:
    suffix = "." + next(iter(names)).rsplit(".", 1)[1]
    found = resource_files.files(kind, suffix)
    assert names <= {p.name for p in found}
    assert all(p.is_file() for p in found)


def test_a_missing_kind_is_an_empty_list() -> None:
    assert resource_files.files("no-such-kind", ".json") == []


@pytest.fixture
def fresh_root() -> Iterator[None]:
    """root() is cached: these tests see their own candidates, and the next test the real folder again."""
    resource_files.root.cache_clear()
    yield
    resource_files.root.cache_clear()


def _resources(folder: Path) -> Path:
    for kind in KINDS:
        (folder / kind).mkdir(parents=True)
    return folder


def test_data_installed_beside_the_modules_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 fresh_root: None) -> None:
    installed = _resources(tmp_path / "site-packages" / "dmp_desktop" / "resources")  # a wheel, a frozen build
    monkeypatch.setattr(resource_files, "__file__", str(installed.parent / "resource_files.py"))
    assert resource_files.root() == installed


def test_a_stale_folder_beside_the_modules_does_not_shadow_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_root: None
) -> None:
    stale = tmp_path / "src" / "dmp_desktop" / "resources" / "translations"  # what an older checkout leaves
    stale.mkdir(parents=True)
    (stale / "dmp_desktop_en.qm").write_bytes(b"qm")
    checkout = _resources(tmp_path / "resources")
    monkeypatch.setattr(resource_files, "__file__", str(tmp_path / "src" / "dmp_desktop" / "resource_files.py"))
    assert resource_files.root() == checkout


def test_nothing_found_says_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            fresh_root: None) -> None:
    monkeypatch.setattr(resource_files, "_candidates", lambda: [tmp_path / "a", tmp_path / "b"])
    with pytest.raises(FileNotFoundError, match="resources not found"):
        resource_files.root()

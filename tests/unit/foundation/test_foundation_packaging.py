"""pyproject.toml lists the packages by hand (a package mapped outside src/ defeats discovery): the list is
every package of src/ plus the resources, so a new subpackage cannot be left out of the wheel unnoticed."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO  # type: ignore[import-not-found]

SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_of_src_is_listed() -> None:
    src = REPO / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in src.rglob("__init__.py")}
    assert set(SETUPTOOLS["packages"]) == found | {"dmp_desktop.resources"}


def test_resources_are_mapped_from_the_top_level_folder() -> None:
    assert SETUPTOOLS["package-dir"] == {"": "src", "dmp_desktop.resources": "resources"}
    assert (REPO / "resources" / "__init__.py").is_file()
    assert not (REPO / "src" / "dmp_desktop" / "resources" / "training-cards").exists()

"""packaging/: the PyInstaller spec's data and hidden-import lists, the launcher, the installer notices."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[3]
PACKAGE_DIR = REPO / "src" / "dmp_desktop"
RESOURCES = REPO / "resources"
# Modules that exist only on Windows (pywin32-ctypes is a win32-only dependency in pyproject.toml).
WINDOWS_ONLY = ("win32ctypes",)


def test_datas_cover_resources_and_migrations(pyinstaller_data: ModuleType) -> None:
    datas = pyinstaller_data.package_datas(REPO)
    shipped = {Path(src).resolve(): dest for src, dest in datas}
    resources = [
        p
        for p in RESOURCES.rglob("*")
        if p.is_file() and p.suffix not in {".ts", ".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    assert {p.parent.name for p in resources} >= {"fonts", "icons", "training-cards"}
    for path in resources:
        # Frozen beside the modules, in dmp_desktop/resources/, where dmp_desktop.resource_files looks.
        assert shipped.get(path.resolve()) == "dmp_desktop/resources/" + path.parent.relative_to(RESOURCES).as_posix()
    migrations = PACKAGE_DIR / "storage" / "migrations"
    expected = [
        p for p in migrations.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    for path in expected:
        # Installed where Alembic looks: the same place under dmp_desktop/.
        assert shipped.get(path.resolve()) == "dmp_desktop/" + path.parent.relative_to(PACKAGE_DIR).as_posix(), path
    assert not any(p.suffix in {".pyc", ".ts"} or "__pycache__" in p.parts for p in shipped)
    # Code outside the migrations is frozen into the archive, not shipped as a file.
    assert not any(p.suffix == ".py" and migrations not in p.parents for p in shipped)


def test_uncompiled_translations_or_missing_resources_stop_the_build(
    pyinstaller_data: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "src" / "dmp_desktop").mkdir(parents=True)
    with pytest.raises(pyinstaller_data.BuildInputError, match="missing resources/"):
        pyinstaller_data.package_datas(tmp_path)
    for kind in ("fonts", "icons", "training-cards", "translations"):
        (tmp_path / "resources" / kind).mkdir(parents=True)
    (tmp_path / "resources" / "__init__.py").write_text('"""data"""\n', encoding="utf-8")
    (tmp_path / "resources" / "translations" / "dmp_desktop_en.ts").write_text("<TS/>", encoding="utf-8")
    with pytest.raises(pyinstaller_data.BuildInputError, match=r"resources/translations/dmp_desktop_en\.ts"):
        pyinstaller_data.package_datas(tmp_path)
    (tmp_path / "resources" / "translations" / "dmp_desktop_en.qm").write_bytes(b"qm")
    datas = pyinstaller_data.package_datas(tmp_path)
    assert datas == [(str(tmp_path / "resources" / "translations" / "dmp_desktop_en.qm"),
                      "dmp_desktop/resources/translations")]


def test_hidden_imports_and_collected_packages_exist(pyinstaller_data: ModuleType) -> None:
    assert "keyring.backends.Windows" in pyinstaller_data.HIDDEN_IMPORTS
    assert any(name.startswith("win32ctypes") for name in pyinstaller_data.HIDDEN_IMPORTS)
    assert {"PySide6.QtPdf", "PySide6.QtPrintSupport"} <= set(pyinstaller_data.HIDDEN_IMPORTS)
    names = pyinstaller_data.HIDDEN_IMPORTS + pyinstaller_data.COLLECT_SUBMODULES + pyinstaller_data.COLLECT_DATA
    for name in names:
        if name.split(".")[0] in WINDOWS_ONLY:
            continue
        assert importlib.util.find_spec(name) is not None, f"{name} is not importable: a typo?"
    assert not pyinstaller_data.wanted_submodule("dmp_desktop.storage.migrations.env")
    assert pyinstaller_data.wanted_submodule("dmp_desktop.storage.migrations_helpers")
    assert pyinstaller_data.wanted_submodule("dmp_desktop.cli")


def test_spec_and_launcher_parse_and_use_the_cli_entry_point() -> None:
    spec = ast.parse((REPO / "packaging" / "dmp-desktop.spec").read_text(encoding="utf-8"))
    calls = {n.func.id for n in ast.walk(spec) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= calls
    launcher = ast.parse((REPO / "packaging" / "launcher.py").read_text(encoding="utf-8"))
    imports = {(n.module, a.name) for n in ast.walk(launcher) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert ("dmp_desktop.cli", "main") in imports
    # The GUI script declared in pyproject.toml is the same entry point.
    assert 'dmp-desktop = "dmp_desktop.cli:main"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["notice-fr.txt", "notice-en.txt"])
def test_installer_notices_are_utf8_bom_with_crlf(name: str) -> None:
    raw = (REPO / "packaging" / name).read_bytes()
    # The NSIS licence page shows accents right only with a BOM, and wants DOS line ends.
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 5
    assert "WinSCard" in raw.decode("utf-8-sig")

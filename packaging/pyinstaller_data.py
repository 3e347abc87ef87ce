"""What the PyInstaller build bundles beyond what import analysis finds: package data, migrations, hidden imports."""

# Standard library only: dmp-desktop.spec imports it, and the tests evaluate it without PyInstaller.

from __future__ import annotations

from pathlib import Path

PACKAGE = "dmp_desktop"
# Qt translation sources (.ts) are compiled to .qm before the build; only the .qm ship.
_NOT_DATA = {".py", ".pyc", ".pyo", ".pyi", ".ts"}
_NOT_DATA_NAMES = {"py.typed"}
# Alembic reads its env.py and version scripts from disk, so that folder ships whole, .py included.
MIGRATIONS = Path("storage") / "migrations"
# The repository's top-level resources/ (the package data dmp_desktop.resources of a wheel) is frozen beside the
# modules, in dmp_desktop/resources/, where dmp_desktop.resource_files looks in a frozen build.
RESOURCES = Path("resources")
REQUIRED_DIRS = (RESOURCES, RESOURCES / "fonts", RESOURCES / "icons", RESOURCES / "training-cards")

# Modules imported by name at run time, which import analysis cannot see.
HIDDEN_IMPORTS = [
    # keyring picks its backend through entry points; on Windows it is WinVaultKeyring (Credential Manager),
    # which reaches win32cred through pywin32-ctypes.
    "keyring.backends.Windows",
    "win32ctypes.core",
    "win32ctypes.pywin32.win32cred",
    "win32ctypes.pywin32.pywintypes",
    # SQLAlchemy loads dialects from the URL; Alembic loads the DDL implementation for the dialect.
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "alembic.runtime.migration",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    # Receipt preview and printing (the PySide6-Pdf wheel).
    "PySide6.QtPdf",
    "PySide6.QtPrintSupport",
]
# Packages whose submodules are imported by name: our subcommands (cli imports commands.<name>),
# pywin32-ctypes' backend, the phone number metadata, ReportLab's barcode widgets (the accusé's QR code: the
# package imports each symbology from a string).
COLLECT_SUBMODULES = ["dmp_desktop", "win32ctypes", "phonenumbers", "reportlab.graphics.barcode"]
# Third-party data files: ReportLab's standard fonts, stdnum's tables, signxml's schemas, the CA bundle httpx uses.
# Migration scripts ship as files (above); importing them as modules would run Alembic's env.py.
SKIP_SUBMODULES = ("dmp_desktop.storage.migrations",)
COLLECT_DATA = ["reportlab", "stdnum", "signxml", "certifi"]
# dist-info folders: keyring's entry points, and the licence texts the installer notice points to.
COPY_METADATA = [
    "keyring", "PySide6-Essentials", "PySide6-Pdf", "shiboken6", "reportlab", "pyscard", "SQLAlchemy",
    "alembic", "lxml", "cryptography", "signxml", "httpx", "python-stdnum", "phonenumbers",
    "email-validator", "platformdirs", "pywin32-ctypes", "psycopg", "psycopg-binary",
]
EXCLUDES = ["tkinter", "wx", "smartcard.wx", "smartcard.Examples", "pytest", "IPython"]


def wanted_submodule(name: str) -> bool:
    """Filter for PyInstaller's collect_submodules."""
    return not any(name == skip or name.startswith(skip + ".") for skip in SKIP_SUBMODULES)


class BuildInputError(Exception):
    """The source tree is not ready to be frozen (a missing folder, translations not compiled)."""


def _is_data(path: Path, folder: Path) -> bool:
    rel = path.relative_to(folder)
    if "__pycache__" in rel.parts or path.suffix in {".pyc", ".pyo"}:
        return False
    if rel.is_relative_to(MIGRATIONS):
        return True
    return path.suffix not in _NOT_DATA and path.name not in _NOT_DATA_NAMES


def package_datas(repo: Path) -> list[tuple[str, str]]:
    """PyInstaller `datas` entries (source file, destination folder) for everything the package reads
    from disk at run time; refuses a tree whose .ts translations have no compiled .qm beside them."""
    for required in REQUIRED_DIRS:
        if not (repo / required).is_dir():
            raise BuildInputError(f"missing {required.as_posix()}/: not a dmp-desktop source tree?")
    resources = repo / RESOURCES
    stale = sorted(
        ts.relative_to(repo).as_posix() for ts in resources.rglob("*.ts") if not ts.with_suffix(".qm").is_file()
    )
    if stale:
        raise BuildInputError(f"translations not compiled (run scripts/build_translations.py): {', '.join(stale)}")
    datas = []
    for folder, dest_root in ((repo / "src" / PACKAGE, Path(PACKAGE)), (resources, Path(PACKAGE) / RESOURCES)):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and _is_data(path, folder):
                datas.append((str(path), (dest_root / path.parent.relative_to(folder)).as_posix()))
    return datas

"""Translations: French is the source language; English comes from a built .qm (falls back to French)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from dmp_desktop import resource_files

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = resource_files.path(resource_files.TRANSLATIONS)
APP_CATALOG = "dmp_desktop"


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{APP_CATALOG}_{language}.qm"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install Qt's own strings (qtbase_<lang>) and, for a non-French language, the app catalogue.
    Returns the translators (keep a reference: Qt does not own them). A missing .qm means French."""
    language = (language or "fr").split("_")[0].lower()
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    if language != "fr":
        path = qm_path(language)
        ours = QTranslator(app)
        if path.is_file() and ours.load(str(path)):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("no built translation %s (run scripts/build_translations.py): French UI", path.name)
    return installed

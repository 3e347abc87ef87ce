"""French source, English through the .ts/.qm (built by scripts/build_translations.py), French fallback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.ui import i18n
from dmp_desktop.ui.messages import message, missing_codes

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "dmp_desktop_en.ts"


def test_every_error_code_has_a_message_and_advice(qapp):
    assert missing_codes() == set()
    for code in ErrorCode:
        msg = message(code)
        assert msg.text and msg.todo and msg.text != msg.todo


def test_the_english_source_is_complete():
    root = ElementTree.parse(TS).getroot()
    messages = root.findall(".//message")
    assert len(messages) > 250
    unfinished = [m.findtext("source") for m in messages if m.find("translation").get("type") == "unfinished"]
    assert unfinished == []
    # placeholders and mnemonics survive the translation
    for m in messages:
        src, dst = m.findtext("source"), m.findtext("translation")
        assert re.findall(r"\{\d\}", src) == re.findall(r"\{\d\}", dst), src
        assert ("&" in src.replace("&amp;", "")) == ("&" in dst.replace("&amp;", "")), src


def test_every_tr_string_of_the_code_is_in_the_ts(tmp_path):
    """lupdate over the ui finds nothing the committed .ts lacks (run scripts/build_translations.py --update)."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate not installed")
    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (REPO / "src" / "dmp_desktop" / "ui").rglob("*.py"))
    out = subprocess.run([str(lupdate), *sources, "-locations", "none", "-no-obsolete", "-ts", str(copy)],
                         capture_output=True, text=True, check=True).stdout
    assert "0 new and" in out, out


@pytest.fixture
def english_qm(tmp_path, monkeypatch):
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease not installed")
    subprocess.run([str(lrelease), str(TS), "-qm", str(tmp_path / "dmp_desktop_en.qm")], check=True,
                   capture_output=True)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    return tmp_path


def _remove(app, translators: list[QTranslator]) -> None:
    for t in translators:
        app.removeTranslator(t)


def test_english_catalogue_translates_messages_and_pages(qapp, english_qm):
    installed = i18n.install_translators(qapp, "en")
    try:
        assert len(installed) == 2  # Qt's own strings + ours
        assert message(ErrorCode.DMP_UNREACHABLE).text == "The DMP service cannot be reached."
        from dmp_desktop.ui.pages.consent import ConsentPage

        page = ConsentPage()
        assert page.emergency_box.title() == "In an emergency, does the patient allow access to their DMP?"
        assert QCoreApplication.translate("", "Création refusée : le DMP est désormais créé automatiquement") \
            == "Creation refused: the DMP is now created automatically"
    finally:
        _remove(qapp, installed)
    assert message(ErrorCode.DMP_UNREACHABLE).text == "Le service DMP est injoignable."


def test_without_the_built_qm_the_ui_stays_french(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)  # nothing built there
    installed = i18n.install_translators(qapp, "en")
    try:
        assert all("dmp_desktop" not in t.filePath() for t in installed)
        assert message(ErrorCode.NO_CARD).text == "Aucune carte Vitale dans le lecteur."
    finally:
        _remove(qapp, installed)


def test_french_installs_qt_own_french_strings(qapp):
    installed = i18n.install_translators(qapp, "fr")
    try:
        assert any("qtbase_fr" in t.filePath() for t in installed)
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    finally:
        _remove(qapp, installed)

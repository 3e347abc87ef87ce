"""One mnemonic per answer across pages: « Oui » on Alt+O and « Non » on Alt+N everywhere (pages and question
boxes), and no two widgets of a window (its menu bar included) on the same letter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from dmp_desktop.ui import questions

from .a11y_tools import (
    answer_buttons_without_mnemonic,
    at_the_pin_dialog,
    menu_dialogs,
    mnemonic,
    mnemonic_problems,
    mnemonics,
)
from .conftest import Fakes


def _check(window, state: str, problems: list[str]) -> None:
    assert mnemonics(window), f"{state}: no mnemonic found"
    problems += [f"{state}: {p}" for p in mnemonic_problems(window) + answer_buttons_without_mnemonic(window)]


@pytest.fixture(params=["fr", "en"])
def language(request, qapp, tmp_path, monkeypatch):
    """The visit in French (with Qt's own French strings) and in English (the catalogue built here)."""
    import subprocess
    import sys
    from pathlib import Path

    from dmp_desktop import resource_files
    from dmp_desktop.ui import i18n

    if request.param == "en":
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        if not lrelease.exists():
            pytest.skip("pyside6-lrelease not installed")
        ts = resource_files.path(resource_files.TRANSLATIONS) / "dmp_desktop_en.ts"
        subprocess.run([str(lrelease), str(ts), "-qm", str(tmp_path / "dmp_desktop_en.qm")], check=True,
                       capture_output=True)
        monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    installed = i18n.install_translators(qapp, request.param)
    yield request.param
    for translator in installed:
        qapp.removeTranslator(translator)


def test_each_page_of_a_visit_has_distinct_mnemonics_and_oui_non_on_o_n(make_driver, language):
    d = make_driver(Fakes())
    problems: list[str] = []
    _check(d.window, "start", problems)
    d.insert()
    d.select(0)
    _check(d.window, "beneficiaries", problems)
    d.next_from_identify()
    d.at(d.flow.step.CONSENT)
    _check(d.window, "step 3", problems)
    # click() rather than the driver's mouse: a shorter English label leaves the middle of the widget blank
    consent, account = d.view.consent_page, d.view.account_page
    consent.oral.click()
    consent.yes.click()
    d.click(d.view.next_button)
    d.at(d.flow.step.ACCOUNT)
    _check(d.window, "step 4", problems)
    account.yes.click()
    d.qtbot.keyClicks(account.email, "patient@exemple.fr")
    d.idle()
    _check(d.window, "step 4, answered", problems)
    account.no.click()
    d.idle()
    _check(d.window, "step 4, no account", problems)
    account.yes.click()
    d.idle()
    d.create()
    assert d.view.result_page.confirm_button.isVisible()  # the « L’accusé est-il sorti ? » question
    _check(d.window, "result, asking", problems)
    d.click(d.view.result_page.confirm_button)
    _check(d.window, "result, confirmed", problems)
    assert not problems, "\n".join(problems)


def test_the_oui_and_non_answers_keep_their_letters_across_pages(make_driver):
    d = make_driver(Fakes())
    seen: dict[str, set[str]] = {"oui": set(), "non": set()}

    def collect() -> None:
        for letter, text in mnemonics(d.window):
            word = text.split(maxsplit=1)[0].strip(",:").lower() if text else ""
            if word in seen:
                seen[word].add(letter)

    d.to_consent()
    collect()
    d.consent()
    collect()
    d.account(True, email="patient@exemple.fr")
    d.create()
    collect()
    assert seen == {"oui": {"o"}, "non": {"n"}}


def test_step_2_with_the_card_has_distinct_mnemonics(make_driver, language):
    d = at_the_pin_dialog(make_driver)
    problems: list[str] = []
    _check(d.view.pin_dialog, "PIN dialog", problems)
    d.view.pin_dialog.reject()
    d.idle()
    _check(d.window, "step 2, PIN closed", problems)
    assert not problems, "\n".join(problems)


def test_the_menus_dialogs_have_distinct_mnemonics(make_driver, qtbot, language):
    d = make_driver(Fakes())
    problems: list[str] = []
    for name, dialog in menu_dialogs(d):
        _check(dialog, name, problems)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("ask", [
    lambda parent: questions.ask_cancel(parent),
    lambda parent: questions.ask_leave(parent, questions.LeaveReason.UNCONFIRMED),
    lambda parent: questions.ask_yes(parent, "Nouveaux identifiants", "Demander un nouveau mot de passe ?"),
])
def test_question_boxes_answer_oui_on_o_and_non_on_n(qtbot, ask):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen: list[tuple[str, str | None]] = []
    stuck: list[str] = []

    def unstick(box: QMessageBox) -> None:
        if box.isVisible():  # Alt+O did not answer: say so rather than hang
            stuck.append(box.text())
            box.reject()

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.extend((b.text().replace("&", ""), mnemonic(b.text())) for b in box.buttons())
        no = next(b for b in box.buttons() if b.text().replace("&", "").startswith("Non"))
        assert box.defaultButton() is no  # staying is the default
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow, timeout=1000)
        QTimer.singleShot(2000, box, lambda: unstick(box))  # cancelled with the box
        qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # Alt+O: Oui

    QTimer.singleShot(0, answer)
    assert ask(parent) is True
    assert not stuck
    assert sorted(seen) == [("Non", "n"), ("Oui", "o")]

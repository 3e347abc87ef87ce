"""No unnamed tab stop: every widget Tab reaches, on each page of a visit and in each dialog, has a name a
screen reader says (QAccessible's Name: its accessibleName, its text, or its label's)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWidget

from dmp_desktop.ui import questions

from .a11y_tools import accessible_name, at_the_pin_dialog, inspect_modal, menu_dialogs, tab_stops, unnamed_tab_stops
from .conftest import Fakes


def _check(window, state: str, problems: list[str]) -> None:
    stops = tab_stops(window)
    assert stops, f"{state}: Tab reaches nothing"
    problems += [f"{state}: {p}" for p in unnamed_tab_stops(window)]
    # a field's label names it (its buddy), so the reader says « E-mail » and not just « zone de texte »
    for field in stops:
        if isinstance(field, QLineEdit) and not field.isReadOnly():
            labelled = any(lbl.buddy() is field for lbl in window.findChildren(QLabel))
            if not (labelled or field.accessibleName()):
                problems.append(f"{state}: field {field.placeholderText()!r} has no label")


def test_every_tab_stop_of_a_visit_is_named(make_driver):
    d = make_driver(Fakes())
    problems: list[str] = []
    _check(d.window, "start", problems)
    d.insert()
    _check(d.window, "beneficiaries", problems)
    d.select(0)
    d.next_from_identify()
    d.at(d.flow.step.CONSENT)
    _check(d.window, "step 3", problems)
    d.consent()
    _check(d.window, "step 4", problems)
    d.account(True, email="patient@exemple.fr")
    _check(d.window, "step 4, answered", problems)
    d.create()
    _check(d.window, "result", problems)
    assert not problems, "\n".join(problems)


def test_tab_really_walks_the_named_stops(make_driver):
    """The focus chain is what Tab follows: pressing Tab goes through named widgets only."""
    d = make_driver(Fakes())
    d.to_consent()
    d.window.activateWindow()
    d.qtbot.waitUntil(d.window.isActiveWindow, timeout=2000)
    d.view.consent_page.oral.setFocus()
    reached: list[QWidget] = []
    for _ in range(2 * len(tab_stops(d.window))):
        widget = QApplication.focusWidget()
        assert widget is not None
        reached.append(widget)
        d.qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert len(set(reached)) >= 3
    unnamed = [w.metaObject().className() for w in reached if not accessible_name(w)]
    assert not unnamed


def test_step_2_and_the_pin_dialog_are_named(make_driver):
    d = at_the_pin_dialog(make_driver)
    problems: list[str] = []
    _check(d.view.pin_dialog, "PIN dialog", problems)
    d.view.pin_dialog.reject()
    d.idle()
    _check(d.window, "step 2, PIN closed", problems)
    assert not problems, "\n".join(problems)


def test_every_tab_stop_of_the_menus_dialogs_is_named(make_driver, qtbot):
    d = make_driver(Fakes())
    problems: list[str] = []
    for name, dialog in menu_dialogs(d):
        _check(dialog, name, problems)
    assert not problems, "\n".join(problems)


def test_the_question_boxes_are_named(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    problems: list[str] = []

    def inspect() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, inspect)
            return
        _check(box, "question", problems)
        box.reject()

    QTimer.singleShot(0, inspect)
    questions.ask_cancel(parent)
    assert not problems, "\n".join(problems)


def test_the_help_boxes_are_named(make_driver):
    d = make_driver(Fakes())
    problems: list[str] = []
    inspect_modal(d.window.show_support, lambda box: _check(box, "support", problems))
    inspect_modal(d.window.show_about, lambda box: _check(box, "about", problems))
    assert not problems, "\n".join(problems)

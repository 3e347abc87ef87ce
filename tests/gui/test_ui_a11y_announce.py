"""Banners and field errors reach screen readers: a new message is sent as a QAccessible announcement
(assertive for errors and warnings), said once, and a field's error is its accessible description.

PySide6 has no QAccessible.installUpdateHandler: what QAccessible.updateAccessibility does with the event
(hand it to the platform's bridge) is not observable here. The tests check the event that is built and
that the widgets send one, through the `announced` signal they emit right after sending it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel

from dmp_desktop.ui.widgets import Banner, FieldError, announcement

from .a11y_tools import accessible_name
from .conftest import Fakes

ASSERTIVE = QAccessible.AnnouncementPoliteness.Assertive
POLITE = QAccessible.AnnouncementPoliteness.Polite


def test_the_announcement_event_carries_the_plain_text_and_its_urgency(qtbot):
    banner = Banner()
    qtbot.addWidget(banner)
    event = announcement(banner, "<b>Carte illisible</b><br>Réinsérez-la.", "error")
    assert event.type() is QAccessible.Event.Announcement
    assert event.object() is banner
    assert event.message() == "Carte illisible\nRéinsérez-la."
    assert event.politeness() is ASSERTIVE
    assert announcement(banner, "Ce patient n’a pas encore de DMP", "ok").politeness() is POLITE


def test_a_banner_says_a_new_message_once(qtbot):
    banner = Banner()
    qtbot.addWidget(banner)
    said: list[tuple[str, object]] = []
    banner.announced.connect(lambda text, politeness: said.append((text, politeness)))
    banner.show_text("error", "Carte illisible", "Réinsérez-la.")
    banner.show_text("error", "Carte illisible", "Réinsérez-la.")  # the page redraws: nothing new to say
    assert said == [("Carte illisible\nRéinsérez-la.", ASSERTIVE)]
    banner.show_text("info", "Vérification du DMP…")
    banner.clear()
    banner.show_text("info", "Vérification du DMP…")  # shown again after being hidden: said again
    assert said[1:] == [("Vérification du DMP…", POLITE)] * 2
    assert accessible_name(banner) == "Vérification du DMP…"


def test_the_wizard_announces_its_banners(make_driver):
    d = make_driver(Fakes())
    said: list[str] = []
    for banner in d.window.findChildren(Banner):
        banner.announced.connect(lambda text, _p: said.append(text))
    d.click(d.view.identify_page.read_button)  # an empty reader: the page says so in its banner
    banner = d.view.identify_page.banner
    assert banner.isVisible() and banner.kind in ("error", "warn")
    assert said and said[-1].split("\n")[0] in banner.text()
    count = len(said)
    d.view.redraw()
    assert len(said) == count  # a redraw does not repeat it


def test_a_field_error_is_its_fields_description_and_is_announced(make_driver):
    d = make_driver(Fakes())
    d.to_consent()
    d.consent()
    page = d.view.account_page
    errors = page.findChildren(FieldError)
    assert errors, "step 4 shows its field errors in FieldError labels"
    said: list[tuple[str, object]] = []
    for error in errors:
        error.announced.connect(lambda text, politeness: said.append((text, politeness)))
    d.account(True, email="patient@")
    d.qtbot.keyClick(page.email, Qt.Key.Key_Tab)  # leave the field: it is checked now at the latest
    d.idle()
    shown = [e for e in errors if e.isVisible() and e.text()]
    assert shown, "an invalid e-mail shows an error"
    for error in shown:
        iface = QAccessible.queryAccessibleInterface(error.field)
        assert error.field.accessibleDescription() == error.text()
        assert iface.text(QAccessible.Text.Description) == error.text()
        # the field is named by its label (its buddy) or its own accessible name
        labels = [lbl for lbl in page.findChildren(QLabel) if lbl.buddy() is error.field]
        assert labels or error.field.accessibleName()
        assert accessible_name(error.field)
    assert (shown[0].text(), ASSERTIVE) in said
    # corrected: the description empties with the error
    page.email.clear()
    d.qtbot.keyClicks(page.email, "patient@exemple.fr")
    d.qtbot.keyClick(page.email, Qt.Key.Key_Tab)
    d.idle()
    assert page.email.accessibleDescription() == ""

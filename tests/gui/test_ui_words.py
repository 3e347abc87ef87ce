"""Words a patient understands: step 3 names both questions, answers them with large Oui / Non and explains
emergency access; the wording follows the card's sex; step 1 stops with one message and what to say."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.identity import Beneficiary, CardRead, Quality
from dmp_desktop.flow.fakes import FAKE_READER, HOLDER_NIR, FakeCardReader, sample_card
from dmp_desktop.flow.wizard import Step

ALT = Qt.KeyboardModifier.AltModifier


def _visible_texts(page) -> list[str]:
    return [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page) and w.text()]  # the banner's too


def test_step_3_names_both_questions_in_its_heading_and_the_step_bar(driver):
    d = driver
    d.to_consent()
    assert d.view.consent_page.heading.text() == "3. Consentement et accès d’urgence"
    assert d.view.steps._labels[2].text() == "3. Consentement et accès d’urgence"


def test_emergency_answers_are_large_oui_non_buttons_with_the_wizard_s_letters(driver):
    d = driver
    d.to_consent()
    page = d.view.consent_page
    for button, text in ((page.yes, "&Oui"), (page.no, "&Non")):
        assert isinstance(button, QPushButton) and button.isCheckable() and not button.isChecked()
        assert button.text() == text
        assert button.height() >= 40 and button.width() >= 120  # easy to hit
        assert button.font().pointSizeF() > page.oral.font().pointSizeF()
    assert "&c" in page.oral.text().lower() and "&o" not in page.oral.text().lower()  # its own letter
    d.window.activateWindow()
    d.qtbot.waitUntil(d.window.isActiveWindow)
    d.qtbot.keyClick(page.oral, Qt.Key.Key_N, ALT)
    d.qtbot.waitUntil(lambda: page.no.isChecked())
    assert page.no.text().startswith("✔") and "refuse" in page.answer_text.text()  # said in words too
    d.qtbot.keyClick(page.oral, Qt.Key.Key_O, ALT)
    d.qtbot.waitUntil(lambda: page.yes.isChecked())
    assert not page.no.isChecked() and "autorise" in page.answer_text.text()
    d.qtbot.keyClick(page.oral, Qt.Key.Key_Space)
    assert d.window.focusWidget() is page.yes  # the mnemonic took the focus: Entrée there is « Suivant »
    d.qtbot.keyClick(page.yes, Qt.Key.Key_Return)
    d.at(Step.ACCOUNT)
    assert d.flow.emergency_access is True and d.flow.oral_consent


def test_the_talking_guide_says_what_emergency_access_means(driver):
    d = driver
    d.to_consent()
    guide = d.view.consent_page.guide.text()
    assert "Accès en cas d’urgence." in guide
    assert "SAMU" in guide and "pas en état de donner son accord" in guide and "plus tard sur dmp.fr" in guide


def test_step_3_words_follow_the_patient_s_sex(driver):
    d = driver
    d.to_consent(index=1)  # Sophie, her own NIR starts with 2
    page = d.view.consent_page
    assert page.oral.text().startswith("La patiente donne son")
    assert page.emergency_box.title() == "En cas d’urgence, la patiente autorise-t-elle l’accès à son DMP ?"
    assert "Elle partage son historique" in page.guide.text() and "Si elle dit oui" in page.guide.text()
    assert "de la patiente" in page.note.text()
    page.yes.click()
    assert page.answer_text.text().startswith("Elle autorise")
    d.consent()
    summary = d.view.account_page.summary.text()
    assert "née le 18/05/1982" in summary and "né(e)" not in summary


def test_step_3_words_for_a_man(driver):
    d = driver
    d.to_consent(index=0)
    page = d.view.consent_page
    assert page.oral.text().startswith("Le patient donne son")
    assert "Il partage son historique" in page.guide.text() and "S’il dit oui" in page.guide.text()
    assert d.view.connect_page.birth_label.text() == "Né le :"


def test_vitale_1_card_one_message_and_what_to_tell_the_patient(fakes, make_driver):
    d = make_driver(fakes)
    fakes.reader.fail_next(ErrorCode.CARD_VITALE1)
    d.insert()
    page = d.view.identify_page
    assert d.flow.error is ErrorCode.CARD_VITALE1
    texts = _visible_texts(page)
    assert not any("nsérez" in t for t in texts), texts  # no « Insérez la carte » under « Carte Vitale 1 »
    assert not page.picture.isVisibleTo(page) and not page.reader_status.isVisibleTo(page)
    banner = page.banner.text()
    assert "Carte Vitale 1" in banner and "Dites au patient : « " in banner
    assert sum("Carte Vitale 1" in t for t in texts) == 1
    assert page.read_button.text() == "&Lire la carte"  # not « Réessayer »: a Vitale 1 card stays one
    # the next card read brings the usual page back
    d.click(page.read_button)
    assert d.flow.card is not None and page.instruction.isVisibleTo(page) and not page.banner.isVisibleTo(page)


def test_nobody_eligible_one_message_and_what_to_tell_the_patient(fakes, make_driver):
    child = Beneficiary(0, "MARTIN", "Léa", "20150302", HOLDER_NIR, "MARTIN", 1, Quality.ENFANT)
    card = CardRead(reader=FAKE_READER, card_type="vitale2", atr="3B 55", beneficiaries=(child,))
    d = make_driver(fakes)
    d.insert(card)
    page = d.view.identify_page
    texts = _visible_texts(page)
    assert not any("Choisissez le patient" in t for t in texts), texts
    banner = page.banner.text()
    assert "Aucun bénéficiaire de cette carte" in banner and "Dites au patient : « " in banner
    assert sum("Aucun bénéficiaire" in t for t in texts) == 1
    assert page.table.isVisible()  # the reason stays beside the child
    d.select(0)  # clicking the child does not add a second, narrower message
    assert "Aucun bénéficiaire de cette carte" in page.banner.text()
    assert not d.view.next_button.isEnabled()


class _NoReader(FakeCardReader):
    def readers(self) -> list[str]:
        return []


def test_no_reader_one_message_and_what_to_tell_the_patient(fakes, make_driver):
    fakes.reader = _NoReader()
    d = make_driver(fakes)
    page = d.view.identify_page
    d.qtbot.waitUntil(lambda: page.banner.isVisibleTo(page))
    texts = _visible_texts(page)
    assert not any("nsérez" in t for t in texts), texts
    banner = page.banner.text()
    assert "Aucun lecteur de carte" in banner and "Dites au patient : « " in banner
    assert sum("Aucun lecteur" in t for t in texts) == 1
    assert not page.read_button.isVisibleTo(page)  # nothing to read without a reader


def test_the_family_card_still_asks_to_choose(driver):
    d = driver
    d.insert(sample_card())
    page = d.view.identify_page
    assert page.instruction.isVisible() and "Choisissez le patient" in page.instruction.text()
    assert not page.banner.isVisible()


def test_a_birth_name_agrees_with_the_beneficiary(driver):
    d = driver
    d.insert(sample_card())
    table = d.view.identify_page.table
    names = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert "MARTIN (née DURAND)" in names  # Sophie, her own NIR starts with 2
    assert not any("né(e)" in n for n in names)

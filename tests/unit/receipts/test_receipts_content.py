"""The texts of the accusé, built from ReceiptData without ReportLab: every field, both variants, and the words
a patient reads (no jargon, one word for the password, no professionals' phone line)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dmp_desktop.domain.identity import OID_INS_C, OID_INS_NIR_TEST, Beneficiary, Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, Pharmacist, Pharmacy, ReceiptData, WebAccount
from dmp_desktop.receipts.content import (
    QR_PAYLOAD,
    TRAINING_MARK,
    ReceiptContent,
    build_content,
    civility,
    format_datetime,
    format_nir,
)


def _data(**changes: object) -> ReceiptData:
    base: dict[str, object] = dict(
        beneficiary=Beneficiary(index=0, surname="Lefèvre", first_name="Hélène", birth_date="19700812",
                                holder_nir="270108604926542", birth_name="Dubois"),
        ins=Ins(InsType.INS_NIR, "270108604926542", OID_INS_NIR_TEST),
        created_at=datetime(2019, 3, 14, 9, 5),
        pharmacist=Pharmacist("10000000001", "Camille", "Formation"),
        pharmacy=Pharmacy("Pharmacie du Marché", "420012345"),
        consent=Consent(True, False),
    )
    base.update(changes)
    return ReceiptData(**base)  # type: ignore[arg-type]


def _rows(content_section: object) -> dict[str, str]:
    return {r.label: r.value for r in content_section.rows}  # type: ignore[attr-defined]


def _notes(content_section: object) -> dict[str, str]:
    return {r.label: r.note for r in content_section.rows}  # type: ignore[attr-defined]


ACCOUNT = WebAccount("mtef3603", "cbC!bqf3", (Channel.SMS, Channel.EMAIL))


def _with_account(**changes: object) -> ReceiptData:
    return _data(account=ACCOUNT, mobile="+33612345678", email="helene@example.fr", **changes)


def all_texts(content: ReceiptContent) -> list[str]:
    """Every sentence, label, value and note the accusé prints (the secrets apart)."""
    texts = [content.pharmacy_name, content.pharmacy_line, content.title, content.subtitle, *content.intro,
             content.emergency_note, content.account_title, content.no_account_note, content.confirmation_note,
             *content.rights, content.help_title, *content.help_lines, content.qr_caption, content.footer]
    for section in (content.holder, content.creation):
        texts.append(section.title)
        texts += [t for r in section.rows for t in (r.label, r.value, r.note)]
    cred = content.credentials
    if cred is not None:
        texts += [cred.otp_intro, *cred.otp_destinations, *cred.steps, cred.warning]
    return [t for t in texts if t]


def test_holder_fields() -> None:
    holder = build_content(_data()).holder
    rows = _rows(holder)
    assert rows["Titulaire"] == "Mme Hélène LEFÈVRE"
    assert rows["Nom de naissance"] == "DUBOIS"
    assert rows["Née le"] == "12/08/1970"  # the card's sex: « Née » for a woman
    assert rows["Identifiant de santé"] == "2 70 10 86 049 265 42"
    # the plain words first, the technical name small (a note) and in brackets
    assert _notes(holder)["Identifiant de santé"] == "votre numéro de sécurité sociale (INS-NIR)"


def test_born_label_follows_the_sex() -> None:
    b = _data().beneficiary
    man = _data(beneficiary=Beneficiary(**{**b.__dict__, "holder_nir": "170108604926542"}))
    assert "Né le" in _rows(build_content(man).holder)
    unknown = _data(beneficiary=Beneficiary(**{**b.__dict__, "holder_nir": ""}))
    assert "Date de naissance" in _rows(build_content(unknown).holder)


def test_insc_identifier_is_printed_whole() -> None:
    data = _data(ins=Ins(InsType.INS_C, "1541187387477485562488", OID_INS_C))
    holder = build_content(data).holder
    rows = _rows(holder)
    # grouped by five, the key apart, every digit kept
    assert rows["Identifiant de santé"] == "15411 87387 47748 55624 88"
    assert rows["Identifiant de santé"].replace(" ", "") == "1541187387477485562488"
    assert _notes(holder)["Identifiant de santé"] == "calculé à partir de votre carte Vitale (INS-C)"


def test_birth_name_equal_to_surname_is_not_repeated() -> None:
    b = _data().beneficiary
    data = _data(beneficiary=Beneficiary(**{**b.__dict__, "birth_name": "LEFÈVRE"}))
    assert "Nom de naissance" not in _rows(build_content(data).holder)


@pytest.mark.parametrize(("answer", "label"), [(True, "autorisé"), (False, "refusé"), (None, "non renseigné")])
def test_creation_fields(answer: bool | None, label: str) -> None:
    content = build_content(_data(consent=Consent(True, answer)))
    rows = _rows(content.creation)
    assert rows["Créé le"] == "14/03/2019 à 09 h 05"
    assert rows["Pharmacien(ne)"] == "Camille FORMATION"
    assert rows["Votre accord"] == "donné oralement"
    assert rows["Accès en cas d’urgence (SAMU)"] == label
    # the technical terms only in the small note, never in the sentence the patient reads
    assert _notes(content.creation)["Accès en cas d’urgence (SAMU)"] == "(« bris de glace », « centre 15 »)"
    assert "changer" in content.emergency_note or "Modifiable" in content.emergency_note
    assert "dmp.fr" in content.emergency_note


def test_emergency_sentence_says_what_the_answer_means() -> None:
    yes = build_content(_data(consent=Consent(True, True))).emergency_note
    no = build_content(_data(consent=Consent(True, False))).emergency_note
    assert "pourront lire votre DMP" in yes and "ne pourront pas" in no
    assert "SAMU" in yes and "SAMU" in no


def test_intro_says_what_the_dmp_is_and_holds_in_two_sentences() -> None:
    intro = build_content(_data()).intro
    assert len(intro) == 2
    joined = " ".join(intro)
    for word in ("carnet de santé numérique", "gratuit", "confidentiel", "traitements", "examens",
                 "hospitalisation", "allergies", "24 mois", "soignants que vous choisissez"):
        assert word in joined, word


def test_without_account_no_credentials() -> None:
    content = build_content(_data())
    assert content.credentials is None
    assert content.no_account_note.startswith("Aucun compte d’accès en ligne n’a été ouvert")


def test_reprint_of_a_creation_that_opened_an_account() -> None:
    content = build_content(_data(account_opened_earlier=True))
    assert content.credentials is None
    assert "Aucun compte" not in content.no_account_note
    assert content.no_account_note.startswith(
        "Un compte d’accès en ligne a été ouvert lors de la création ; ses identifiants ne sont pas réimprimés")


def test_with_account_credentials_and_masked_destinations() -> None:
    cred = build_content(_with_account()).credentials
    assert cred is not None
    assert (cred.login, cred.password) == ("mtef3603", "cbC!bqf3")
    assert cred.otp_destinations == ("par SMS au 06 •• •• •• 78", "par e-mail à h•••e@example.fr")
    assert "helene@example.fr" not in repr(cred.otp_destinations)


def test_codes_are_sent_at_each_login_not_already_sent() -> None:
    cred = build_content(_with_account()).credentials
    assert cred is not None
    assert "à chaque connexion" in cred.otp_intro
    assert "envoyés" not in cred.otp_intro  # the former « codes … envoyés » read as already in the phone


def test_one_word_for_the_password() -> None:
    texts = all_texts(build_content(_with_account())) + all_texts(build_content(_data()))
    joined = " ".join(texts).lower()
    assert "temporaire" not in joined
    assert "mot de passe provisoire" in joined


JARGON = ("bris de glace", "centre 15", "INS-NIR", "INS-C", "OTP", "TD1", "VIHF", "NIR ")


@pytest.mark.parametrize("account", [True, False])
def test_no_jargon_outside_the_small_notes(account: bool) -> None:
    content = build_content(_with_account() if account else _data())
    notes = {r.note for s in (content.holder, content.creation) for r in s.rows}
    for text in all_texts(content):
        if text in notes:
            continue
        for word in JARGON:
            assert word not in text, f"{word!r} in {text!r}"


@pytest.mark.parametrize("account", [True, False])
def test_typography_one_apostrophe_and_no_ascii_ordinals(account: bool) -> None:
    for text in all_texts(build_content(_with_account() if account else _data(account_opened_earlier=True))):
        assert "'" not in text, text
        for ordinal in ("1er ", "1re ", "1ère ", "1ere "):
            assert ordinal not in text, text


@pytest.mark.parametrize("account", [True, False])
def test_no_phone_line_for_the_patient(account: bool) -> None:
    """The leaflet's 0810 number is the professionals' line: the patient gets the FAQ and the contact form."""
    content = build_content(_with_account() if account else _data())
    joined = " ".join(all_texts(content))
    assert "0810" not in joined and "331 133" not in joined and "€/min" not in joined
    assert "téléphone" not in joined.lower()
    assert any("www.dmp.fr" in line and "« FAQ »" in line for line in content.help_lines)
    assert any("formulaire de contact" in line and "www.dmp.fr" in line for line in content.help_lines)
    # no invented deep link: the site and the leaflet's section names only
    assert all("/" not in line for line in content.help_lines)


def test_rights_and_qr() -> None:
    content = build_content(_data())
    assert any("10 ans" in r for r in content.rights)
    assert any("corriger" in r for r in content.rights)
    assert any("bloquer" in r for r in content.rights)
    assert content.qr_payload == QR_PAYLOAD and QR_PAYLOAD.isascii()
    assert content.pharmacy_name == "Pharmacie du Marché"
    assert content.pharmacy_line == "Officine n° 420012345"


def test_training_mark_only_in_training() -> None:
    assert build_content(_data()).training_mark is None
    assert build_content(_data(training=True)).training_mark == TRAINING_MARK


def test_helpers() -> None:
    assert civility("M") == "M." and civility("F") == "Mme" and civility("") == ""
    assert format_nir("188102B17295165") == "1 88 10 2B 172 951 65"
    assert format_nir("123") == "123"
    assert format_datetime(datetime(2020, 1, 2, 23, 59)) == "02/01/2020 à 23 h 59"


def test_footer_is_the_day_the_paper_is_handed_over() -> None:
    assert build_content(_data()).footer == "Document remis le 14/03/2019 — à conserver."
    same_day = _data(issued_at=datetime(2019, 3, 14, 17, 30))
    assert build_content(same_day).footer == "Document remis le 14/03/2019 — à conserver."
    later = build_content(_data(issued_at=datetime(2019, 4, 2, 10, 0))).footer
    assert later == "Réimprimé le 02/04/2019 (DMP créé le 14/03/2019) — à conserver."


def test_times_are_printed_in_the_counter_s_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    from datetime import UTC

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        # 23:30 UTC on 14 March is 00:30 on the 15th in Paris (UTC+1 in winter)
        data = _data(created_at=datetime(2019, 3, 14, 23, 30, tzinfo=UTC))
        assert format_datetime(data.created_at) == "15/03/2019 à 00 h 30"
        assert build_content(data).footer == "Document remis le 15/03/2019 — à conserver."
    finally:
        monkeypatch.undo()
        time.tzset()

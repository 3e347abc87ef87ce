"""The ReportLab accusé read back with pypdf, field by field, in both formats and both variants."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import pytest
from pypdf import PdfReader

from dmp_desktop.domain.model import Consent, ReceiptData, ReceiptFormat
from dmp_desktop.receipts.content import TRAINING_MARK
from dmp_desktop.receipts.pdf import ReportLabRenderer

MM = 72 / 25.4


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())  # line breaks and NBSP become plain spaces


def _render(data: ReceiptData, fmt: ReceiptFormat) -> bytes:
    return ReportLabRenderer().render(data, fmt)


COMMON = [
    "Pharmacie de la Gare — Saint-Étienne",
    "Officine n° 420012345",
    "Accusé de création",
    "Dossier Médical Partagé",
    "carnet de santé numérique",
    "Votre DMP",
    "Mme Hélène Łucja Ő LEFÈVRE-ÑÚÑEZ",
    "DŒUF",
    "Née le 12/08/1970",
    "2 70 10 86 049 265 42",
    "votre numéro de sécurité sociale (INS-NIR)",
    "14/03/2019 à 10 h 42",
    "Camille FORMATION",
    "donné oralement",
    "Accès en cas d’urgence (SAMU)",
    "Modifiable à tout moment sur dmp.fr",
    "Vos droits",
    "faire corriger",
    "gardé 10 ans",
    "www.dmp.fr, rubrique « FAQ »",
    "formulaire de contact",
    "Une confirmation de création",
]
CREDENTIALS = [
    "Votre accès en ligne",
    "mtef3603",
    "Mot de passe provisoire cbC!bqf3",
    "Code envoyé à chaque connexion",
    "le provisoire ne sert qu’une fois",
    "06 •• •• •• 78",
    "h•••e@example.fr",
    "Première connexion",
]


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
def test_with_credentials_every_field(fmt: ReceiptFormat, receipt: Callable[..., ReceiptData]) -> None:
    text = _text(_render(receipt(account=True), fmt))
    for expected in COMMON + CREDENTIALS:
        assert expected in text, f"{expected!r} missing from the {fmt.value} accusé"
    assert "autorisé" in text
    assert "helene.lefevre@example.fr" not in text and "12345678" not in text  # contacts only masked
    assert "Aucun compte" not in text


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
def test_without_credentials(fmt: ReceiptFormat, receipt: Callable[..., ReceiptData]) -> None:
    text = _text(_render(receipt(account=False, emergency=False), fmt))
    for expected in COMMON:
        assert expected in text, f"{expected!r} missing from the {fmt.value} accusé"
    assert "refusé" in text
    assert "Aucun compte d’accès en ligne" in text
    for absent in ("Mot de passe provisoire", "mtef3603", "cbC!bqf3", "Première connexion", "a été ouvert lors"):
        assert absent not in text


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
def test_reprint_of_a_creation_with_an_account(fmt: ReceiptFormat, receipt: Callable[..., ReceiptData]) -> None:
    data = replace(receipt(account=False), account_opened_earlier=True)
    text = _text(_render(data, fmt))
    assert "Un compte d’accès en ligne a été ouvert lors de la création ; ses identifiants ne sont pas réimprimés" \
        in text
    assert "Aucun compte" not in text and "mtef3603" not in text and "cbC!bqf3" not in text


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
def test_training_mark(fmt: ReceiptFormat, receipt: Callable[..., ReceiptData]) -> None:
    assert TRAINING_MARK in _text(_render(receipt(training=True), fmt))
    assert TRAINING_MARK not in _text(_render(receipt(training=False), fmt))


@pytest.mark.parametrize("account", [True, False])
def test_page_sizes(account: bool, receipt: Callable[..., ReceiptData]) -> None:
    a4 = PdfReader(io.BytesIO(_render(receipt(account=account), ReceiptFormat.A4)))
    assert len(a4.pages) == 1
    assert (round(float(a4.pages[0].mediabox.width)), round(float(a4.pages[0].mediabox.height))) == (595, 842)
    ticket = PdfReader(io.BytesIO(_render(receipt(account=account), ReceiptFormat.TICKET80)))
    assert len(ticket.pages) == 1
    width, height = float(ticket.pages[0].mediabox.width), float(ticket.pages[0].mediabox.height)
    assert abs(width - 80 * MM) < 0.5
    assert 150 * MM < height < 400 * MM  # fitted to the content, not an A4 height or a fixed roll


def test_ticket_height_follows_the_content(receipt: Callable[..., ReceiptData]) -> None:
    def height(data: ReceiptData) -> float:
        reader = PdfReader(io.BytesIO(_render(data, ReceiptFormat.TICKET80)))
        return float(reader.pages[0].mediabox.height)

    assert height(receipt(account=True)) > height(receipt(account=False)) + 40 * MM


def test_deterministic_bytes(receipt: Callable[..., ReceiptData]) -> None:
    for fmt in ReceiptFormat:
        first = _render(receipt(), fmt)
        assert first == _render(receipt(), fmt)
        assert first != _render(receipt(account=False), fmt)


def test_date_changes_the_document(receipt: Callable[..., ReceiptData]) -> None:
    later = ReceiptData(**{**receipt().__dict__, "created_at": datetime(2020, 1, 2, 3, 4)})
    assert "02/01/2020 à 03 h 04" in _text(_render(later, ReceiptFormat.A4))


def test_fonts_embedded_and_metadata_clean(receipt: Callable[..., ReceiptData]) -> None:
    pdf = _render(receipt(), ReceiptFormat.A4)
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}
    assert any("DejaVuSans" in n for n in names), names
    for key in fonts:
        font = fonts[key].get_object()
        if "DejaVu" not in str(font["/BaseFont"]):
            continue  # ReportLab always declares Helvetica (the QR drawing's default state); no text uses it
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the TTF subset is inside the PDF: renders the same everywhere
    meta = reader.metadata or {}
    assert "Lefèvre" not in str(meta) and "LEFÈVRE" not in str(meta) and "2701086" not in str(meta)
    assert "D:2000" in str(meta.get("/CreationDate", ""))  # ReportLab's invariant date


def test_undecided_emergency_answer_is_visible(receipt: Callable[..., ReceiptData]) -> None:
    data = ReceiptData(**{**receipt().__dict__, "consent": Consent(True, None)})
    assert "non renseigné" in _text(_render(data, ReceiptFormat.TICKET80))


def test_markup_characters_are_text(receipt: Callable[..., ReceiptData]) -> None:
    from dmp_desktop.domain.model import Pharmacy

    data = ReceiptData(**{**receipt().__dict__, "pharmacy": Pharmacy("Pharmacie <Durand & Fils>", "1")})
    assert "Pharmacie <Durand & Fils>" in _text(_render(data, ReceiptFormat.A4))


def test_very_long_values_still_give_one_ticket(receipt: Callable[..., ReceiptData]) -> None:
    from dmp_desktop.domain.identity import Beneficiary
    from dmp_desktop.domain.model import Pharmacy

    base = receipt()
    long_name = "De La Rochefoucauld-Montmorency-Laval " * 4
    data = ReceiptData(**{
        **base.__dict__,
        "beneficiary": Beneficiary(**{**base.beneficiary.__dict__, "surname": long_name}),
        "pharmacy": Pharmacy("Grande Pharmacie " * 6, "420012345"),
    })
    ticket = PdfReader(io.BytesIO(_render(data, ReceiptFormat.TICKET80)))
    assert len(ticket.pages) == 1
    assert "ROCHEFOUCAULD" in _text(_render(data, ReceiptFormat.TICKET80))
    a4 = PdfReader(io.BytesIO(_render(data, ReceiptFormat.A4)))
    assert 1 <= len(a4.pages) <= 2

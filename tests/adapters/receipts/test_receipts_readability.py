"""The accusé read back from the PDF as a patient meets it: type sizes on the ticket, its length, no
professionals' phone line and no jargon in the sentences."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

import pytest
from pypdf import PdfReader

from dmp_desktop.domain.model import ReceiptData, ReceiptFormat
from dmp_desktop.receipts.pdf import ReportLabRenderer

MM = 72 / 25.4
# The ticket before it was made readable (body 7.6 pt), with the conftest's sample: 320.8 mm with an
# account, 245.9 mm without. At 9 pt it must still be shorter.
OLD_TICKET_MM = {True: 320.8, False: 245.9}


def _spans(pdf: bytes) -> list[tuple[float, str]]:
    """(font size in points as drawn, text) for every text run of page 1."""
    spans: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            spans.append((round(size * abs(tm[3]) * abs(cm[3]), 2), text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return spans


def _text(pdf: bytes) -> str:
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    return " ".join(text.replace("\u00a0", " ").split())


def _ticket(data: ReceiptData) -> bytes:
    return ReportLabRenderer().render(data, ReceiptFormat.TICKET80)


@pytest.mark.parametrize("account", [True, False])
def test_ticket_type_sizes(account: bool, receipt: Callable[..., ReceiptData]) -> None:
    spans = _spans(_ticket(receipt(account=account)))
    assert spans
    smallest = min(spans)
    assert smallest[0] >= 8.0, f"{smallest[1]!r} is {smallest[0]} pt"  # labels, notes, caption, footer
    sentences = ("Le DMP, votre carnet", "Si vous ne pouvez pas", "Vous choisissez qui", "Une confirmation",
                 "Questions", "Mme Hélène", "12/08/1970", "2 70 10 86 049 265 42")
    if account:
        sentences += ("Code envoyé", "Sur dmp.fr", "Gardez ce document", "par SMS au")
    else:
        sentences += ("Aucun compte",)
    for start in sentences:
        sizes = [size for size, text in spans if text.startswith(start)]
        assert sizes, start
        assert min(sizes) >= 9.0, f"{start!r} at {min(sizes)} pt"
    labels = [size for size, text in spans if text in ("Titulaire", "Née le", "Créé le", "Identifiant")]
    assert labels and min(labels) >= 8.0


@pytest.mark.parametrize("account", [True, False])
def test_ticket_is_shorter_than_before(account: bool, receipt: Callable[..., ReceiptData]) -> None:
    box = PdfReader(io.BytesIO(_ticket(receipt(account=account)))).pages[0].mediabox
    length_mm = float(box.height) / MM
    assert length_mm < OLD_TICKET_MM[account] - 4, f"{length_mm:.1f} mm"


@pytest.mark.parametrize("fmt", list(ReceiptFormat))
@pytest.mark.parametrize("variant", ["account", "none", "earlier"])
def test_no_phone_line_and_no_jargon_in_the_sentences(fmt: ReceiptFormat, variant: str,
                                                      receipt: Callable[..., ReceiptData]) -> None:
    data = receipt(account=variant == "account")
    if variant == "earlier":
        data = replace(data, account_opened_earlier=True)
    pdf = ReportLabRenderer().render(data, fmt)
    text = _text(pdf)
    assert "0810" not in text and "331 133" not in text and "€/min" not in text
    assert "www.dmp.fr, rubrique « FAQ »" in text and "formulaire de contact" in text
    assert "temporaire" not in text.lower()
    assert "'" not in text  # one apostrophe: the typographic one
    # the technical terms only in the small notes (about 8 pt), never in the body text (9 pt and more)
    spans = _spans(pdf)
    body = min(size for size, span in spans if span.startswith("Le DMP, votre carnet"))
    for size, span in spans:
        if any(word in span for word in ("bris de glace", "centre 15", "INS-NIR", "INS-C")):
            assert size < body, f"{span!r} at {size} pt"

"""Masked contacts printed on the accusé: recognisable, never readable whole."""

from __future__ import annotations

import pytest

from dmp_desktop.receipts.masking import mask_email, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+33612345678", "06 •• •• •• 78"),
        ("+33 7 98 76 54 21", "07 •• •• •• 21"),
        ("0612345678", "06 •• •• •• 78"),
        ("+447911123456", "+44 •• •• 56"),
        ("12", "••••"),
    ],
)
def test_mask_phone(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


def test_mask_phone_hides_the_middle_digits() -> None:
    masked = mask_phone("+33612345678")
    for hidden in ("1234", "3456", "2345"):
        assert hidden not in masked.replace(" ", "")


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("jean.dupont@example.fr", "j•••t@example.fr"),
        ("al@gmail.com", "a•••@gmail.com"),
        ("x@y.fr", "x•••@y.fr"),
        ("Hélène.Lefèvre@exemple.fr", "H•••e@exemple.fr"),
        ("not-an-address", "•••"),
    ],
)
def test_mask_email(address: str, masked: str) -> None:
    assert mask_email(address) == masked


def test_mask_email_length_does_not_leak() -> None:
    assert len(mask_email("ab@x.fr")) == len(mask_email("abc@x.fr")) - 1  # 3 bullets whatever the length
    assert mask_email("abcdefghij@x.fr") == "a•••j@x.fr"

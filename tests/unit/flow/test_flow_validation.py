"""Contacts of the web account: e-mail (no DNS), French mobile → E.164, at least one."""

from __future__ import annotations

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.flow.validation import check_contacts, validate_contacts, validate_email, validate_mobile


@pytest.mark.parametrize(("raw", "clean"), [
    ("Jean.Martin@Example.FR", "Jean.Martin@example.fr"),
    ("  lea@exemple.com ", "lea@exemple.com"),
])
def test_valid_emails_are_normalized(raw: str, clean: str) -> None:
    assert validate_email(raw) == clean


@pytest.mark.parametrize("raw", ["", "jean", "jean@", "@example.fr", "jean@@example.fr", "jean martin@example.fr"])
def test_bad_emails_name_the_field(raw: str) -> None:
    with pytest.raises(DomainError) as err:
        validate_email(raw)
    assert (err.value.code, err.value.field) == (ErrorCode.EMAIL_INVALID, "email")


@pytest.mark.parametrize(("raw", "e164"), [
    ("06 12 34 56 78", "+33612345678"),
    ("07.81.23.45.67", "+33781234567"),
    ("+33 6 12 34 56 78", "+33612345678"),
    ("0033612345678", "+33612345678"),
    ("0692 12 34 56", "+262692123456"),  # La Réunion, written the French national way
])
def test_french_mobiles_become_e164(raw: str, e164: str) -> None:
    assert validate_mobile(raw) == e164


@pytest.mark.parametrize("raw", ["01 23 45 67 89", "+44 7911 123456", "06 12", "bonjour", "", "08 00 00 00 00"])
def test_not_a_french_mobile(raw: str) -> None:
    with pytest.raises(DomainError) as err:
        validate_mobile(raw)
    assert (err.value.code, err.value.field) == (ErrorCode.PHONE_INVALID, "mobile")


def test_check_contacts_reports_every_field() -> None:
    assert check_contacts("", "  ") == (None, {"account": ErrorCode.ACCOUNT_CHANNEL_MISSING})
    assert check_contacts("x", "01 23 45 67 89")[1] == {
        "email": ErrorCode.EMAIL_INVALID, "mobile": ErrorCode.PHONE_INVALID}
    request, errors = check_contacts("jean@example.fr", "0612345678")
    assert errors == {} and request is not None and request.mobile == "+33612345678"


def test_validate_contacts_raises_the_first_problem() -> None:
    with pytest.raises(DomainError) as err:
        validate_contacts(None, None)
    assert err.value.code is ErrorCode.ACCOUNT_CHANNEL_MISSING and err.value.field == "account"
    assert validate_contacts(None, "0612345678").email is None

"""The domain a patient most likely meant: the typo table, then closeness to the common French providers."""

from __future__ import annotations

import pytest

from dmp_desktop.flow.email_typos import COMMON_DOMAINS, KNOWN_TYPOS, suggest_domain, suggest_email
from dmp_desktop.flow.validation import spoken_mobile


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("gmail.con", "gmail.com"), ("gmial.com", "gmail.com"), ("gmali.com", "gmail.com"), ("gmail.fr", "gmail.com"),
        ("hotmial.fr", "hotmail.fr"), ("hotmai.fr", "hotmail.fr"), ("yaho.fr", "yahoo.fr"),
        ("yahooo.fr", "yahoo.fr"), ("orange.fe", "orange.fr"), ("orage.fr", "orange.fr"),
        ("wanadoo.fe", "wanadoo.fr"), ("wanado.fr", "wanadoo.fr"), ("laposte.fr", "laposte.net"),
        ("lapost.net", "laposte.net"), ("free.fe", "free.fr"), ("GMAIL.CON", "gmail.com"),
    ],
)
def test_a_mistyped_provider_is_suggested(typed: str, meant: str) -> None:
    assert suggest_domain(typed) == meant


@pytest.mark.parametrize(
    "domain", ["gmail.com", "hotmail.fr", "laposte.net", "example.fr", "chu-lyon.fr", "ameli.fr", "mail.fr",
               "gmx.de", "yahoo.de", "free.com", "orange.net", "sante.fr", "hotmail.be", ""],
)
def test_a_right_or_unrelated_domain_is_left_alone(domain: str) -> None:
    assert suggest_domain(domain) is None


def test_every_known_typo_leads_to_a_common_provider_and_none_is_a_provider() -> None:
    assert set(KNOWN_TYPOS.values()) <= set(COMMON_DOMAINS)
    assert not set(KNOWN_TYPOS) & set(COMMON_DOMAINS)


def test_the_whole_address_keeps_its_local_part() -> None:
    assert suggest_email(" Jean.Martin@gmail.con ") == "Jean.Martin@gmail.com"
    assert suggest_email("jean.martin@example.fr") is None
    assert suggest_email("jean.martin") is None
    assert suggest_email("@gmail.con") is None


@pytest.mark.parametrize(
    ("typed", "said"),
    [("0612345678", "06 12 34 56 78"), ("+33 7 81 23 45 67", "07 81 23 45 67"), ("0692123456", "0692 12 34 56")],
)
def test_a_mobile_is_shown_as_the_patient_says_it(typed: str, said: str) -> None:
    assert spoken_mobile(typed) == said


@pytest.mark.parametrize("typed", ["", "0145678901", "06 12", "+44 7700 900123"])
def test_no_spoken_form_for_what_is_not_a_french_mobile(typed: str) -> None:
    assert spoken_mobile(typed) is None

"""`doctor` lines for the professional's card: module, card, validity, PIN state (never asking the PIN)."""

from __future__ import annotations

from typing import Any

import pytest

from dmp_desktop.commands.doctor import FAIL, OK, WARN, Check, check_cps
from dmp_desktop.domain.errors import DomainError
from dmp_desktop.settings import settings_from_dict

from ...unit.cps.issuer import image
from .conftest import Provision

PIN = "4827"


def lines(checks: list[Check]) -> dict[str, str]:
    return {c.name: c.status for c in checks}


def settings_for(result: dict[str, Any]) -> Any:
    return settings_from_dict({"mode": "production", "cps": result["settings"]["cps"]})


def test_a_valid_card_with_no_wrong_try_is_all_ok(provision: Provision) -> None:
    _, result = provision(image(pin=PIN))
    checks = check_cps(settings_for(result))
    assert lines(checks) == {"cps-module": OK, "cps-card": OK, "cps-validity": OK, "cps-pin": OK}
    assert "SoftHSM" in checks[0].detail and "810000000001" in checks[1].detail


def test_wrong_tries_and_a_blocked_card_are_flagged(provision: Provision) -> None:
    reader, result = provision(image(pin=PIN))
    for _ in range(2):
        with pytest.raises(DomainError):
            reader.login("0000")
    assert lines(check_cps(settings_for(result)))["cps-pin"] == WARN
    with pytest.raises(DomainError):
        reader.login("0000")
    assert lines(check_cps(settings_for(result)))["cps-pin"] == FAIL


def test_an_expired_card_fails_its_validity_line(provision: Provision) -> None:
    _, result = provision(image(pin=PIN, not_before="2016-02-01", not_after="2020-03-31"))
    checks = check_cps(settings_for(result))
    assert lines(checks)["cps-validity"] == FAIL and "31/03/2020" in checks[2].detail


def test_production_without_a_module_says_what_to_install() -> None:
    checks = check_cps(settings_from_dict({"mode": "production"}))
    assert lines(checks) == {"cps-module": FAIL} and "Cryptolib" in checks[0].todo


def test_training_mode_without_a_card_is_only_a_warning() -> None:
    from dmp_desktop.cps import training_reader

    training_reader().pull()  # the reader is process-wide: an earlier test may have left a card in
    assert lines(check_cps(settings_from_dict({}))) == {"cps-module": OK, "cps-card": WARN}

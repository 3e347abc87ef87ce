"""The headless creation request (`create --request`): parsed and checked before anything is sent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dmp_desktop.domain.errors import ErrorCode
from dmp_desktop.domain.model import AccountRequest, Consent, Pharmacist
from dmp_desktop.pos.jsonio import check_keys, get_object, get_str, invalid, load_object

_RPPS = re.compile(r"^[0-9]{11}$")
NAME_MAX = 100  # characters of a pharmacist's first or last name
EMAIL_MAX = 254  # RFC 5321's limit on a forward path
MOBILE_MAX = 32  # room for spaces, dots and +33


@dataclass(frozen=True)
class HostRequest:
    """A complete request. `account` holds the host's raw contacts (normalized later by flow.validation)."""

    beneficiary: int
    consent: Consent
    account: AccountRequest | None
    reader: str | None = None
    pharmacist: Pharmacist | None = None
    situation: str | None = None  # the situation d'exercice by its structure id as on the card (1 + FINESS…)


def parse_pharmacist(obj: dict[str, Any], where: str) -> Pharmacist:
    check_keys(obj, where, {"rpps", "first_name", "last_name"}, {"rpps", "first_name", "last_name"})
    rpps = get_str(obj, where, "rpps", optional=False) or ""
    if not _RPPS.match(rpps):
        raise invalid(f"{where}.rpps", "must be the 11-digit RPPS number")
    first = (get_str(obj, where, "first_name", optional=False, max_len=NAME_MAX) or "").strip()
    last = (get_str(obj, where, "last_name", optional=False, max_len=NAME_MAX) or "").strip()
    if not first or not last:
        raise invalid(f"{where}.first_name" if not first else f"{where}.last_name", "must not be empty")
    return Pharmacist(rpps=rpps, first_name=first, last_name=last)


def _consent(raw: Any) -> Consent:
    if raw is None:
        raise invalid("consent", "missing: the patient's oral consent is required", ErrorCode.CONSENT_MISSING)
    if not isinstance(raw, dict):
        raise invalid("consent", "must be an object")
    check_keys(raw, "consent", {"oral_consent", "emergency_access"})
    oral = raw.get("oral_consent")
    if oral is None:
        raise invalid("consent.oral_consent", "missing: no consent, no DMP", ErrorCode.CONSENT_MISSING)
    if not isinstance(oral, bool):
        raise invalid("consent.oral_consent", "must be true or false")
    if not oral:
        raise invalid("consent.oral_consent", "false: no consent, no DMP", ErrorCode.CONSENT_MISSING)
    emergency = raw.get("emergency_access")
    if emergency is None:
        raise invalid(
            "consent.emergency_access", "missing: the patient's yes/no answer is required",
            ErrorCode.EMERGENCY_ANSWER_MISSING,
        )
    if not isinstance(emergency, bool):
        raise invalid("consent.emergency_access", "must be true or false")
    return Consent(oral_consent=True, emergency_access=emergency)


def _account(raw: dict[str, Any]) -> AccountRequest | None:
    if "account" not in raw:
        raise invalid("account", "missing: an object with email and/or mobile, or null for no web account")
    obj = get_object(raw, "", "account")
    if obj is None:
        return None
    check_keys(obj, "account", {"email", "mobile"})
    email = (get_str(obj, "account", "email", max_len=EMAIL_MAX) or "").strip() or None
    mobile = (get_str(obj, "account", "mobile", max_len=MOBILE_MAX) or "").strip() or None
    if email is None and mobile is None:
        raise invalid("account", "needs an email or a mobile (or null for no web account)",
                      ErrorCode.ACCOUNT_CHANNEL_MISSING)
    return AccountRequest(email=email, mobile=mobile)


def parse_request(text: str) -> HostRequest:
    """Raise DomainError naming the field (REQUEST_INVALID, CONSENT_MISSING, EMERGENCY_ANSWER_MISSING,
    ACCOUNT_CHANNEL_MISSING, BENEFICIARY_INDEX) for anything incomplete, unknown or mistyped."""
    raw = load_object(text, "the request")
    check_keys(raw, "", {"reader", "beneficiary", "pharmacist", "consent", "account", "situation"}, {"beneficiary"})
    index = raw["beneficiary"]
    if isinstance(index, bool) or not isinstance(index, int):
        raise invalid("beneficiary", "must be the beneficiary's index on the card (0, 1, …)")
    if index < 0:
        raise invalid("beneficiary", "must be 0 or more", ErrorCode.BENEFICIARY_INDEX)
    consent = _consent(raw.get("consent"))
    account = _account(raw)
    reader = get_str(raw, "", "reader")
    if reader is not None and not reader.strip():
        raise invalid("reader", "must not be empty (leave it out for the first reader holding a card)")
    ph = get_object(raw, "", "pharmacist")
    pharmacist = parse_pharmacist(ph, "pharmacist") if ph is not None else None
    situation = get_str(raw, "", "situation")
    if situation is not None and not (situation.isascii() and situation.isdigit() and 2 <= len(situation) <= 15):
        raise invalid("situation", "must be the structure id as on the card, with its type prefix (1 + FINESS…)")
    return HostRequest(index, consent, account, reader, pharmacist, situation)

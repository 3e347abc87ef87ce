"""Step 4 contacts: e-mail (email-validator, no DNS) and French mobile (phonenumbers → E.164).

Both libraries are imported on first use (about 75 ms and 10 MiB together): the wizard window opens on
step 1 without them, and `warm_up()` loads them on a worker thread before step 4 needs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import AccountRequest

if TYPE_CHECKING:
    import phonenumbers

# Metropolitan France and the overseas departments/collectivities numbered in the French plan.
FRENCH_REGIONS = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"})


def warm_up() -> None:
    """Import the two validation libraries now (call from a worker thread while the pharmacist reads step 1)."""
    import email_validator  # noqa: F401
    import phonenumbers  # noqa: F401


def validate_email(value: str) -> str:
    """The normalized address, or DomainError(EMAIL_INVALID, field="email")."""
    import email_validator

    text = value.strip()
    try:
        # No deliverability check: the counter may be offline and a DNS lookup would block the step.
        result = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise DomainError(ErrorCode.EMAIL_INVALID, type(exc).__name__, field="email") from None
    return str(result.normalized)


def validate_mobile(value: str) -> str:
    """A French mobile number in E.164 (+336…/+337…), or DomainError(PHONE_INVALID, field="mobile")."""
    import phonenumbers

    number = _parse_french(value.strip())
    if number is None:
        raise DomainError(ErrorCode.PHONE_INVALID, "not a valid phone number", field="mobile")
    if phonenumbers.region_code_for_number(number) not in FRENCH_REGIONS:
        raise DomainError(ErrorCode.PHONE_INVALID, "not a French number", field="mobile")
    mobile_types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if phonenumbers.number_type(number) not in mobile_types:
        raise DomainError(ErrorCode.PHONE_INVALID, "not a mobile number", field="mobile")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def spoken_mobile(value: str) -> str | None:
    """A valid French mobile written as the patient says it (« 06 12 34 56 78 »), None when it is not one.
    Only what is shown: the request carries the E.164 form (validate_mobile)."""
    import phonenumbers

    try:
        e164 = validate_mobile(value)
    except DomainError:
        return None
    number = phonenumbers.parse(e164, None)
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


def _parse_french(text: str) -> phonenumbers.PhoneNumber | None:
    """Parse as metropolitan first, then as an overseas number written nationally (0692… = +262 692…)."""
    import phonenumbers

    for region in ("FR", *sorted(FRENCH_REGIONS - {"FR"})):
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number
    return None


def check_contacts(email: str | None, mobile: str | None) -> tuple[AccountRequest | None, dict[str, ErrorCode]]:
    """Validate both fields at once: (request, {}) when usable, else (None, {field: code})."""
    errors: dict[str, ErrorCode] = {}
    clean_email: str | None = None
    clean_mobile: str | None = None
    if email and email.strip():
        try:
            clean_email = validate_email(email)
        except DomainError as exc:
            errors["email"] = exc.code
    if mobile and mobile.strip():
        try:
            clean_mobile = validate_mobile(mobile)
        except DomainError as exc:
            errors["mobile"] = exc.code
    if errors:
        return None, errors
    if clean_email is None and clean_mobile is None:
        return None, {"account": ErrorCode.ACCOUNT_CHANNEL_MISSING}
    return AccountRequest(email=clean_email, mobile=clean_mobile), {}


def validate_contacts(email: str | None, mobile: str | None) -> AccountRequest:
    """Like check_contacts, raising DomainError on the first problem (field named)."""
    request, errors = check_contacts(email, mobile)
    if request is None:
        field, code = next(iter(errors.items()))
        raise DomainError(code, f"{field} invalid", field=field)
    return request

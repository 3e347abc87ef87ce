"""Exit codes of `create` and `wizard`: one per status class (docs/pos-contract.md keeps the same table)."""

from __future__ import annotations

from dmp_desktop.domain.errors import ErrorCode

CREATED = 0
USAGE = 2  # argparse: a missing or unknown option
CREATED_INCOMPLETE = 3  # DMP created, but the web account or the accusé is missing (see "error")
CANCELLED = 4  # wizard only: closed before anything was created
PENDING = 5  # TD1.1 got no answer and TD0.2 could not confirm yet: the journal keeps it, checked again later
ALREADY_EXISTS = 10
CLOSED = 11
REFUSED = 12  # creation by professionals refused by the service (now automatic in "Mon espace santé")
REQUEST_INVALID = 20  # the request/context: nothing was sent, nothing was recorded
CARD = 30  # reader, card, beneficiary data
CPS = 35  # the professional's card (CPS/CPE): missing, PIN wrong or blocked, pulled, expired, situation
SERVICE = 40  # the DMP service could not be reached or answered an error: nothing created
LOCAL = 50  # this workstation: certificate, keyring, database, printer set-up
INTERNAL = 70
CONFIG = 78  # the settings file (same as cli.EXIT_CONFIG, EX_CONFIG)

_REQUEST = {
    ErrorCode.REQUEST_INVALID, ErrorCode.CONSENT_MISSING, ErrorCode.EMERGENCY_ANSWER_MISSING,
    ErrorCode.ACCOUNT_CHANNEL_MISSING, ErrorCode.EMAIL_INVALID, ErrorCode.PHONE_INVALID,
    ErrorCode.BENEFICIARY_INDEX, ErrorCode.BENEFICIARY_NOT_ELIGIBLE, ErrorCode.NIR_INVALID, ErrorCode.NIR_MISMATCH,
    ErrorCode.RECEIPT_FILE_UNSAFE,
}
_CARD = {
    ErrorCode.PCSC_UNAVAILABLE, ErrorCode.NO_READER, ErrorCode.READER_NOT_FOUND, ErrorCode.NO_CARD,
    ErrorCode.CARD_REMOVED, ErrorCode.CARD_UNKNOWN, ErrorCode.CARD_VITALE1, ErrorCode.CARD_STATUS,
    ErrorCode.CARD_DATA_INVALID,
}
_LOCAL = {
    ErrorCode.CERTIFICATE_MISSING, ErrorCode.KEYRING_UNAVAILABLE, ErrorCode.SECRET_MISSING,
    ErrorCode.DB_UNAVAILABLE, ErrorCode.DB_LOCKED, ErrorCode.DB_MIGRATION, ErrorCode.PRINTER_NONE,
    ErrorCode.PRINTER_NOT_FOUND, ErrorCode.PRINTER_STOPPED, ErrorCode.PRINT_FAILED, ErrorCode.RECEIPT_FAILED,
    ErrorCode.DMP_TEST_OID_IN_PRODUCTION, ErrorCode.TRAINING_IN_PRODUCTION,
}


def for_error(code: ErrorCode) -> int:
    """The exit code of an "error" status, by the class of its code."""
    if code is ErrorCode.CONFIG_INVALID:
        return CONFIG
    if code.value.startswith("cps_"):
        return CPS
    if code in _REQUEST:
        return REQUEST_INVALID
    if code in _CARD:
        return CARD
    if code in _LOCAL:
        return LOCAL
    if code is ErrorCode.DMP_FOUND:
        return ALREADY_EXISTS
    if code is ErrorCode.DMP_CLOSED:
        return CLOSED
    if code is ErrorCode.DMP_CREATION_REFUSED:
        return REFUSED
    if code.value.startswith("dmp_"):
        return SERVICE
    return INTERNAL

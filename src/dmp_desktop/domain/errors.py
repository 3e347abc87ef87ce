"""Error codes of the whole product: codes, never sentences (ui/messages.py and pos/ turn them into text)."""

from __future__ import annotations

import enum


class ErrorCode(enum.Enum):
    """Every failure the product reports. The value is the stable code shown to integrators (JSON)."""

    # configuration, requests from the host software
    CONFIG_INVALID = "config_invalid"
    REQUEST_INVALID = "request_invalid"

    # PC/SC, reader, card
    PCSC_UNAVAILABLE = "pcsc_unavailable"
    NO_READER = "no_reader"
    READER_NOT_FOUND = "reader_not_found"
    NO_CARD = "no_card"
    CARD_REMOVED = "card_removed"
    CARD_UNKNOWN = "card_unknown"
    CARD_VITALE1 = "card_vitale1"
    CARD_STATUS = "card_status"
    CARD_DATA_INVALID = "card_data_invalid"

    # the professional's card (CPS / CPE / CPF) through PKCS#11
    CPS_MODULE_MISSING = "cps_module_missing"
    CPS_MISSING = "cps_missing"
    CPS_UNKNOWN = "cps_unknown"
    CPS_EXPIRED = "cps_expired"
    CPS_PIN_INCORRECT = "cps_pin_incorrect"
    CPS_PIN_LOCKED = "cps_pin_locked"
    CPS_REMOVED = "cps_removed"
    CPS_SITUATION_REQUIRED = "cps_situation_required"

    # identity
    NIR_INVALID = "nir_invalid"
    BENEFICIARY_NOT_ELIGIBLE = "beneficiary_not_eligible"
    BENEFICIARY_INDEX = "beneficiary_index"
    NIR_MISMATCH = "nir_mismatch"

    # consent and account request
    CONSENT_MISSING = "consent_missing"
    EMERGENCY_ANSWER_MISSING = "emergency_answer_missing"
    ACCOUNT_CHANNEL_MISSING = "account_channel_missing"
    EMAIL_INVALID = "email_invalid"
    PHONE_INVALID = "phone_invalid"

    # DMP service
    DMP_UNREACHABLE = "dmp_unreachable"
    DMP_TIMEOUT = "dmp_timeout"
    DMP_HTTP_ERROR = "dmp_http_error"
    DMP_BAD_RESPONSE = "dmp_bad_response"
    DMP_SOAP_FAULT = "dmp_soap_fault"
    DMP_INVALID_CERTIFICATE = "dmp_invalid_certificate"
    DMP_FOUND = "dmp_found"
    DMP_CLOSED = "dmp_closed"
    DMP_CREATION_REFUSED = "dmp_creation_refused"
    DMP_ACCOUNT_EXISTS = "dmp_account_exists"
    DMP_OTP_CHANNEL_EXISTS = "dmp_otp_channel_exists"
    DMP_ACCESS_DENIED = "dmp_access_denied"  # DMPAccessDeniedByRightsService outside TD1.1: no right on this DMP
    DMP_NOT_FOUND = "dmp_not_found"  # DMPNotFound: no DMP for this INS (TD1.5x, TD0.3)
    DMP_ACCOUNT_NOT_FOUND = "dmp_account_not_found"  # DMPPatientAccessNotFound: no web account to update
    DMP_CONSENT_MISSING = "dmp_consent_missing"  # DMPConsentMissing: TD1.1 without the consent observation
    DMP_IDENTITY_UNCERTIFIED = "dmp_identity_uncertified"  # DMPIdentityCertificationFailure (TD0.0)
    DMP_REQUEST_INVALID = "dmp_request_invalid"  # the service refused the message itself (schema, addressing)
    DMP_VIHF_INVALID = "dmp_vihf_invalid"  # the service refused the VIHF (claims, structure, time)
    DMP_ERROR = "dmp_error"
    DMP_TEST_OID_IN_PRODUCTION = "dmp_test_oid_in_production"
    # TD1.1 sent, no answer, and TD0.2 could not tell yet: the journal keeps it pending and checks again
    DMP_CREATION_UNCONFIRMED = "dmp_creation_unconfirmed"
    # the service's certificate failed verification: possibly an impostor, nothing must be sent
    DMP_SERVER_UNTRUSTED = "dmp_server_untrusted"
    # production settings that point at the training service, CA or certificate, or at test INS
    TRAINING_IN_PRODUCTION = "training_in_production"
    CERTIFICATE_MISSING = "certificate_missing"

    # secrets
    KEYRING_UNAVAILABLE = "keyring_unavailable"
    SECRET_MISSING = "secret_missing"  # noqa: S105 (an error code, not a secret)

    # receipt and printing
    PRINTER_NONE = "printer_none"
    PRINTER_NOT_FOUND = "printer_not_found"
    PRINTER_STOPPED = "printer_stopped"
    PRINT_FAILED = "print_failed"
    RECEIPT_FAILED = "receipt_failed"
    RECEIPT_FILE_UNSAFE = "receipt_file_unsafe"  # --receipt-out names a symbolic link or a non-file

    # creation journal and ledger
    DB_UNAVAILABLE = "db_unavailable"
    DB_LOCKED = "db_locked"
    DB_MIGRATION = "db_migration"

    INTERNAL = "internal"


class WarningCode(enum.Enum):
    """Something the pharmacist must know although the action went through (the counter goes on). The value is
    a stable code; ui/messages.py and pos/messages.py turn it into text."""

    # journal writes kept on this workstation (spool file) until the database answers again
    LEDGER_WAITING = "ledger_waiting"
    # journal writes kept in memory only (the spool's disk refused them): lost if the application closes
    LEDGER_IN_MEMORY = "ledger_in_memory"
    # a journal write failed and nothing kept it: this creation may be missing from the 1 € ledger
    LEDGER_WRITE_FAILED = "ledger_write_failed"


# Errors after which the same action may simply be tried again (the service or device may come back).
RETRYABLE: frozenset[ErrorCode] = frozenset(
    {
        ErrorCode.PCSC_UNAVAILABLE,
        ErrorCode.NO_READER,
        ErrorCode.NO_CARD,
        ErrorCode.CARD_REMOVED,
        ErrorCode.CARD_STATUS,
        ErrorCode.CPS_MISSING,
        ErrorCode.CPS_PIN_INCORRECT,
        ErrorCode.CPS_REMOVED,
        ErrorCode.DMP_UNREACHABLE,
        ErrorCode.DMP_TIMEOUT,
        ErrorCode.DMP_HTTP_ERROR,
        ErrorCode.DMP_BAD_RESPONSE,
        ErrorCode.DMP_SOAP_FAULT,
        ErrorCode.DMP_ERROR,
        ErrorCode.DMP_REQUEST_INVALID,  # these two were DMP_SOAP_FAULT before they had their own code;
        ErrorCode.DMP_VIHF_INVALID,  # a workstation clock set right makes the second try pass
        ErrorCode.DMP_CREATION_UNCONFIRMED,
        ErrorCode.PRINTER_NONE,
        ErrorCode.PRINTER_NOT_FOUND,
        ErrorCode.PRINTER_STOPPED,
        ErrorCode.PRINT_FAILED,
        ErrorCode.DB_UNAVAILABLE,
        ErrorCode.DB_LOCKED,
    }
)


class DomainError(Exception):
    """A failure with a stable code. `detail` is technical context for logs (never a secret)."""

    def __init__(self, code: ErrorCode, detail: str = "", *, field: str | None = None) -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail
        self.field = field

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE

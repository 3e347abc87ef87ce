"""Hypothesis: whatever bytes come back, the response parsers answer a value or a DomainError/UnsafeXml."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dmp_desktop.dmp import messages
from dmp_desktop.dmp.client import DmpClient
from dmp_desktop.dmp.messages import Transaction
from dmp_desktop.dmp.soap import build_response, new_message_id
from dmp_desktop.dmp.xmlsafe import parse
from dmp_desktop.domain.errors import DomainError, ErrorCode

MID = new_message_id()
ACCESS = parse(
    b'<ns1:createPatientAccessResponse xmlns:ns1="urn:si-dmp-patients"><ns1:output><ns1:login>abcd1234'
    b"</ns1:login><ns1:password>aB3!xyz9</ns1:password><ns1:status>DMPOk</ns1:status>"
    b"</ns1:output></ns1:createPatientAccessResponse>"
)
VALID = {
    Transaction.TD1_5A: build_response(
        action=Transaction.TD1_5A.response_actions[0], relates_to=MID, body=ACCESS
    ),
}

# What a broken or hostile answer may turn into: never INTERNAL, never an unexpected exception.
ANSWER_CODES = {
    ErrorCode.DMP_BAD_RESPONSE, ErrorCode.DMP_HTTP_ERROR, ErrorCode.DMP_SOAP_FAULT, ErrorCode.DMP_ERROR,
    *messages.STATUS_CODES.values(),
}


def _read(tx: Transaction, status: int, data: bytes) -> None:
    body = DmpClient._answer(tx, status, data, MID)
    if tx is Transaction.TD0_2:
        messages.read_existence(body)
    elif tx is Transaction.TD1_1:
        messages.read_registration(body)
    else:
        messages.read_output(body, "createPatientAccessResponse")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(Transaction)), st.sampled_from([200, 500, 502]), st.binary(max_size=400))
def test_random_bytes_never_crash(tx: Transaction, status: int, data: bytes) -> None:
    try:
        _read(tx, status, data)
    except DomainError as exc:
        assert exc.code in ANSWER_CODES


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_valid_answer_never_crashes(data: st.DataObject) -> None:
    original = VALID[Transaction.TD1_5A]
    start = data.draw(st.integers(0, len(original) - 1))
    length = data.draw(st.integers(0, 40))
    insert = data.draw(st.binary(max_size=40) | st.sampled_from([b"<", b">", b"&", b"<!DOCTYPE x>", b"&xxe;", b""]))
    mutated = original[:start] + insert + original[start + length :]
    try:
        _read(Transaction.TD1_5A, 200, mutated)
    except DomainError as exc:
        assert exc.code in ANSWER_CODES


def test_the_unmutated_answer_reads() -> None:
    body = DmpClient._answer(Transaction.TD1_5A, 200, VALID[Transaction.TD1_5A], MID)
    assert messages.read_output(body, "createPatientAccessResponse").login == "abcd1234"


_values = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    answer=st.sampled_from(["OK", "NF", "", "ZZ"]) | _values,
    ack=st.sampled_from(["AA", "AE", "AR", ""]),
    status=st.sampled_from(["active", "terminated", "nullified", ""]) | _values,
    web=st.sampled_from(["true", "false", "", "TRUE"]) | _values,
    keep_patient=st.booleans(),
    keep_query=st.booleans(),
)
def test_structured_existence_answers(
    answer: str, ack: str, status: str, web: str, keep_patient: bool, keep_query: bool
) -> None:
    """Well-formed HL7 with missing parts and odd values: a result or a DomainError, never anything else."""
    patient = (
        f"<subject><registrationEvent><subject1><patient><statusCode code={quoteattr(status)}/><subjectOf>"
        f"<administrativeObservation><code code='COMPTE_INTERNET_OUVERT'/><value value={quoteattr(web)}/>"
        "</administrativeObservation></subjectOf></patient></subject1></registrationEvent></subject>"
        if keep_patient
        else ""
    )
    query = f"<queryAck><queryResponseCode code={quoteattr(answer)}/></queryAck>" if keep_query else ""
    body = parse(
        f"<PRPA_IN201308UV02 xmlns='urn:hl7-org:v3'><acknowledgement typeCode={quoteattr(ack)}>"
        f"<acknowledgementDetail><code code={quoteattr(answer)}/></acknowledgementDetail></acknowledgement>"
        f"<controlActProcess>{patient}{query}</controlActProcess></PRPA_IN201308UV02>".encode()
    )
    try:
        result = messages.read_existence(body)
    except DomainError as exc:
        assert exc.code in ANSWER_CODES
    else:
        assert ack == "AA" and keep_query and answer in {"OK", "NF"}
        if answer == "OK":
            assert keep_patient and status in {"active", "terminated"}
            assert result.status.value == ("exists" if status == "active" else "closed")
        else:
            assert result.status.value == "not_found" and result.pharmacist_authorised is None

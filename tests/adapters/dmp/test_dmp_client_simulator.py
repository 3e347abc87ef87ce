"""DmpClient against the real simulator over HTTPS on loopback: every transaction and every error."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from dmp_desktop.dmp.client import DmpClient, DmpTimeouts
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.dmp.simulator.state import check_password
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, DmpStatus

from .conftest import PHARMACIST, PHARMACY, make_client, new_patient

YES = Consent(oral_consent=True, emergency_access=True)
NO = Consent(oral_consent=True, emergency_access=False)


def _code(call: object, *args: object) -> ErrorCode:
    with pytest.raises(DomainError) as err:
        call(*args)  # type: ignore[operator]
    return err.value.code


def test_full_creation_with_web_account(client: DmpClient, simulator: EmbeddedSimulator) -> None:
    beneficiary, ins = new_patient()
    assert client.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND
    client.create(beneficiary, ins, NO, PHARMACIST)
    after = client.test_existence(ins, PHARMACIST)
    assert (after.status, after.pharmacist_authorised, after.web_account_open) == (DmpStatus.EXISTS, True, False)
    record = simulator.snapshot()["patients"][ins.value]
    assert record["oppositions"] == {"bris_de_glace": True, "acces_urgence": True}  # "no" = opposition
    assert record["created_by"] == PHARMACIST.subject_id
    account = client.open_web_account(ins, Channel.SMS, "+33612345678", PHARMACIST)
    assert account.channels == (Channel.SMS,)
    assert len(account.login) == 8 and account.login[:4].isalpha() and account.login[4:].isdigit()
    assert len(account.temporary_password) == 8
    client.add_otp_channel(ins, Channel.EMAIL, "patient@example.org", PHARMACIST)
    assert client.test_existence(ins, PHARMACIST).web_account_open is True
    state = simulator.snapshot()
    assert state["patients"][ins.value]["account"]["channels"] == {"SMS": "0612345678", "EMAIL": "patient@example.org"}
    kinds = [(e["kind"], e["to"]) for e in state["outbox"] if e["ins"] == ins.value]
    assert kinds == [("letter", "adresse postale (assurance maladie)"), ("sms", "0612345678")]


def test_password_only_as_salted_hash(client: DmpClient, simulator: EmbeddedSimulator) -> None:
    beneficiary, ins = new_patient()
    client.create(beneficiary, ins, YES, PHARMACIST)
    account = client.open_web_account(ins, Channel.EMAIL, "a@example.org", PHARMACIST)
    stored = (simulator.state_dir / "state.json").read_text(encoding="utf-8")
    assert account.temporary_password not in stored
    record = json.loads(stored)["patients"][ins.value]
    assert check_password(account.temporary_password, record["account"]["password_hash"])
    assert not check_password(account.temporary_password + "x", record["account"]["password_hash"])
    assert "password_hash" not in json.dumps(simulator.snapshot())


def test_client_never_logs_the_password(client: DmpClient, caplog: pytest.LogCaptureFixture) -> None:
    beneficiary, ins = new_patient()
    caplog.set_level(logging.DEBUG)
    client.create(beneficiary, ins, YES, PHARMACIST)
    account = client.open_web_account(ins, Channel.SMS, "+33600000001", PHARMACIST)
    reset = client.reset_credentials(ins, PHARMACIST)
    assert reset.login != account.login or reset.temporary_password != account.temporary_password
    assert caplog.records, "the client logs its calls"
    for secret in (account.temporary_password, reset.temporary_password):
        assert secret not in caplog.text
        assert secret not in repr(account) + repr(reset)


def test_second_creation_is_dmp_found(client: DmpClient) -> None:
    beneficiary, ins = new_patient()
    client.create(beneficiary, ins, YES, PHARMACIST)
    assert _code(client.create, beneficiary, ins, YES, PHARMACIST) is ErrorCode.DMP_FOUND


def test_preloaded_active_and_closed(client: DmpClient) -> None:
    robert = Ins(InsType.INS_C, "1271944183920062365689", "1.2.250.1.213.1.4.2")
    richard = Ins(InsType.INS_C, "1133405715678846068324", "1.2.250.1.213.1.4.2")
    assert client.test_existence(robert, PHARMACIST).status is DmpStatus.EXISTS
    assert client.test_existence(richard, PHARMACIST).status is DmpStatus.CLOSED
    beneficiary, _ = new_patient()
    assert _code(client.create, beneficiary, richard, YES, PHARMACIST) is ErrorCode.DMP_CLOSED
    assert _code(client.create, beneficiary, robert, YES, PHARMACIST) is ErrorCode.DMP_FOUND


def test_authorisation_td03(client: DmpClient) -> None:
    robert = Ins(InsType.INS_C, "1271944183920062365689", "1.2.250.1.213.1.4.2")
    client.authorize(robert, PHARMACIST)
    assert client.test_existence(robert, PHARMACIST).pharmacist_authorised is True
    client.authorize(robert, PHARMACIST)  # already there: DMPOk "aucune action effectuée"


def test_mode_today_refuses_creation(client: DmpClient, simulator: EmbeddedSimulator) -> None:
    simulator.set_mode("today")
    beneficiary, ins = new_patient()
    assert _code(client.create, beneficiary, ins, YES, PHARMACIST) is ErrorCode.DMP_CREATION_REFUSED
    assert client.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND


def test_account_and_channel_already_exist(client: DmpClient) -> None:
    beneficiary, ins = new_patient()
    client.create(beneficiary, ins, YES, PHARMACIST)
    client.open_web_account(ins, Channel.EMAIL, "x@example.org", PHARMACIST)
    assert _code(client.open_web_account, ins, Channel.SMS, "+33611111111", PHARMACIST) is ErrorCode.DMP_ACCOUNT_EXISTS
    assert _code(client.add_otp_channel, ins, Channel.EMAIL, "y@example.org", PHARMACIST) is (
        ErrorCode.DMP_OTP_CHANNEL_EXISTS
    )


def test_account_on_a_missing_dmp_is_its_own_code(client: DmpClient) -> None:
    _, ins = new_patient()
    assert _code(client.open_web_account, ins, Channel.SMS, "+33611111111", PHARMACIST) is ErrorCode.DMP_NOT_FOUND


@pytest.mark.parametrize(
    ("fault", "params", "code"),
    [
        ("http500", {}, ErrorCode.DMP_HTTP_ERROR),
        ("soap_fault", {"subcode": "DMPInternalError"}, ErrorCode.DMP_SOAP_FAULT),
        ("soap_fault", {"subcode": "DMPInvalidCertificate"}, ErrorCode.DMP_INVALID_CERTIFICATE),
        ("malformed", {}, ErrorCode.DMP_BAD_RESPONSE),
        ("xxe", {}, ErrorCode.DMP_BAD_RESPONSE),
        ("wrong_relates_to", {}, ErrorCode.DMP_BAD_RESPONSE),
    ],
)
def test_injected_faults(
    client: DmpClient, simulator: EmbeddedSimulator, fault: str, params: dict[str, object], code: ErrorCode
) -> None:
    _, ins = new_patient()
    simulator.inject(fault, ins.value, **params)
    assert _code(client.test_existence, ins, PHARMACIST) is code
    _, other = new_patient()
    assert client.test_existence(other, PHARMACIST).status is DmpStatus.NOT_FOUND  # per INS only


def test_timeout(simulator: EmbeddedSimulator) -> None:
    _, ins = new_patient()
    simulator.inject("timeout", ins.value, seconds=3.0)
    with make_client(simulator, timeouts=DmpTimeouts(existence=0.5, creation=0.5, other=0.5)) as c:
        assert _code(c.test_existence, ins, PHARMACIST) is ErrorCode.DMP_TIMEOUT


def test_latency_within_the_timeout_is_fine(client: DmpClient, simulator: EmbeddedSimulator) -> None:
    _, ins = new_patient()
    simulator.inject("latency", ins.value, seconds=0.3, transaction="TD0.2", count=1)
    assert client.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND
    assert simulator.faults.as_json() == []  # count used up


def test_drop_after_commit_then_existence_test_never_twice(client: DmpClient, simulator: EmbeddedSimulator) -> None:
    beneficiary, ins = new_patient()
    simulator.inject("drop_after_commit", ins.value, transaction="TD1.1", count=1)
    assert _code(client.create, beneficiary, ins, YES, PHARMACIST) is ErrorCode.DMP_UNREACHABLE
    # the caller's recovery: TD0.2 tells the creation happened; a second TD1.1 would be DMPFound
    assert client.test_existence(ins, PHARMACIST).status is DmpStatus.EXISTS
    assert _code(client.create, beneficiary, ins, YES, PHARMACIST) is ErrorCode.DMP_FOUND
    created = [e for e in simulator.snapshot()["outbox"] if e["ins"] == ins.value and e["kind"] == "letter"]
    assert len(created) == 1


def test_vihf_signed_with_authentication_certificate(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    auth = simulator.issue_client_certificate(tmp_path / "auth.p12", usage="auth")
    with make_client(simulator, auth) as c:  # TLS accepts it (clientAuth); the VIHF check does not
        _, ins = new_patient()
        assert _code(c.test_existence, ins, PHARMACIST) is ErrorCode.DMP_INVALID_CERTIFICATE


def test_separate_sign_certificate_is_used_for_the_vihf(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    auth = simulator.issue_client_certificate(tmp_path / "auth.p12", usage="auth")
    sign = simulator.issue_client_certificate(tmp_path / "sign.p12", usage="sign")
    with make_client(simulator, auth, signing_certificate=sign) as c:
        _, ins = new_patient()
        assert c.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND


def test_mtls_client_certificate_from_another_ca(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    stranger = EmbeddedSimulator(tmp_path / "other")
    stranger._ensure_pki()  # a PKI of its own, never started
    with DmpClient(simulator.url, stranger.client_certificate, stranger.client_certificate_password,
                   pharmacy=PHARMACY, ca_bundle=simulator.ca_certificate, timeouts=DmpTimeouts(2, 2, 2)) as c:
        _, ins = new_patient()
        assert _code(c.test_existence, ins, PHARMACIST) is ErrorCode.DMP_INVALID_CERTIFICATE


def test_server_not_trusted(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    stranger = EmbeddedSimulator(tmp_path / "other")
    stranger._ensure_pki()
    with DmpClient(simulator.url, simulator.client_certificate, simulator.client_certificate_password,
                   pharmacy=PHARMACY, ca_bundle=stranger.ca_certificate) as c:
        _, ins = new_patient()
        # our check of the service failed: possibly an impostor, not "the pharmacy's certificate is refused"
        assert _code(c.test_existence, ins, PHARMACIST) is ErrorCode.DMP_SERVER_UNTRUSTED


def test_wrong_certificate_password(simulator: EmbeddedSimulator) -> None:
    with pytest.raises(DomainError) as err:
        DmpClient(simulator.url, simulator.client_certificate, "Zq9-not-it", pharmacy=PHARMACY)
    assert err.value.code is ErrorCode.CERTIFICATE_MISSING
    assert "Zq9-not-it" not in str(err.value)


def test_unreachable(simulator: EmbeddedSimulator) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with DmpClient(f"https://127.0.0.1:{port}/x", simulator.client_certificate,
                   simulator.client_certificate_password, pharmacy=PHARMACY,
                   ca_bundle=simulator.ca_certificate) as c:
        _, ins = new_patient()
        assert _code(c.test_existence, ins, PHARMACIST) is ErrorCode.DMP_UNREACHABLE


def test_test_oid_refused_on_production(simulator: EmbeddedSimulator) -> None:
    with make_client(simulator, production=True) as c:
        _, ins = new_patient()
        assert _code(c.test_existence, ins, PHARMACIST) is ErrorCode.DMP_TEST_OID_IN_PRODUCTION


def test_concurrent_calls_share_one_client(client: DmpClient) -> None:
    patients = [new_patient() for _ in range(12)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda p: client.test_existence(p[1], PHARMACIST).status, patients))
    assert results == [DmpStatus.NOT_FOUND] * 12


def test_tls_connection_is_reused(client: DmpClient) -> None:
    _, ins = new_patient()
    client.test_existence(ins, PHARMACIST)
    pool = client._http._transport._pool  # type: ignore[attr-defined]
    before = [id(c) for c in pool.connections]
    for _ in range(3):
        client.test_existence(ins, PHARMACIST)
    assert [id(c) for c in pool.connections] == before and len(before) >= 1


def test_state_survives_a_restart(tmp_path: Path) -> None:
    beneficiary, ins = new_patient()
    with EmbeddedSimulator(tmp_path / "sim") as sim, make_client(sim) as c:
        c.create(beneficiary, ins, YES, PHARMACIST)
    with EmbeddedSimulator(tmp_path / "sim") as sim, make_client(sim) as c:
        assert c.test_existence(ins, PHARMACIST).status is DmpStatus.EXISTS


def _raw_post(simulator: EmbeddedSimulator, client: DmpClient, content_type: str, action: str) -> httpx.Response:
    from dmp_desktop.dmp.messages import existence_request
    from dmp_desktop.dmp.pki import client_ssl_context
    from dmp_desktop.dmp.soap import build_request, new_message_id
    from dmp_desktop.dmp.vihf import LpsInfo, signed_vihf

    _, ins = new_patient()
    assertion = signed_vihf(signer=client.certificate, pharmacist=PHARMACIST, pharmacy=PHARMACY, ins=ins,
                            lps=LpsInfo())
    data = build_request(action=action, body=existence_request(ins, "x"), assertion=assertion,
                         message_id=new_message_id())
    with httpx.Client(verify=client_ssl_context(client.certificate, simulator.ca_certificate)) as raw:
        return raw.post(f"{simulator.url}/patients", content=data, headers={"Content-Type": content_type})


def test_simulator_checks_content_type_and_action(simulator: EmbeddedSimulator, client: DmpClient) -> None:
    td02 = "urn:hl7-org:v3:PRPA_IN201307UV02"
    assert _raw_post(simulator, client, "text/xml", td02).status_code == 415
    mismatch = _raw_post(simulator, client, 'application/soap+xml; action="urn:other"', td02)
    assert mismatch.status_code == 500 and b"InvalidAddressingHeader" in mismatch.content
    ok = _raw_post(simulator, client, f'application/soap+xml; charset=utf-8; action="{td02}"', td02)
    assert ok.status_code == 200 and b"PRPA_IN201308UV02" in ok.content

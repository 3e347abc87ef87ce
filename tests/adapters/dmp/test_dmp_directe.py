"""Mode DIRECTE over HTTPS on loopback: tlslite-ng with a software card against the simulator, the referee."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dmp_desktop.dmp import vihf
from dmp_desktop.dmp.client import DmpClient
from dmp_desktop.dmp.messages import Transaction, existence_request
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.dmp.simulator.history import read_history
from dmp_desktop.dmp.simulator.softcard import SoftCardSession, sample_cpe, sample_image
from dmp_desktop.dmp.soap import build_request, new_message_id, read_envelope
from dmp_desktop.dmp.tlscard import CardTlsBackend, CardTransport
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import Consent, DmpStatus
from dmp_desktop.domain.professional import AuthMode

from .conftest import FAST, PHARMACY, make_client, new_patient

YES = Consent(oral_consent=True, emergency_access=True)


@pytest.fixture(scope="module")
def cps(simulator: EmbeddedSimulator) -> SoftCardSession:
    return SoftCardSession.issue(simulator.state_dir, sample_image())


def _directe(simulator: EmbeddedSimulator, card: SoftCardSession, **kwargs: object) -> DmpClient:
    return DmpClient.directe(simulator.url, card, card.situations[0], ca_bundle=simulator.ca_certificate,
                             timeouts=FAST, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def directe(simulator: EmbeddedSimulator, cps: SoftCardSession) -> Iterator[DmpClient]:
    with _directe(simulator, cps) as client:
        yield client


def _code(call: object, *args: object) -> DomainError:
    with pytest.raises(DomainError) as err:
        call(*args)  # type: ignore[operator]
    return err.value


def test_td02_and_td11_in_directe_on_one_handshake(
    directe: DmpClient, simulator: EmbeddedSimulator, cps: SoftCardSession
) -> None:
    beneficiary, ins = new_patient()
    pharmacist = cps.holder.pharmacist(cps.situations[0])
    before = cps.signatures
    assert directe.test_existence(ins, pharmacist).status is DmpStatus.NOT_FOUND
    directe.create(beneficiary, ins, YES, pharmacist)
    after = directe.test_existence(ins, pharmacist)
    assert (after.status, after.pharmacist_authorised) == (DmpStatus.EXISTS, True)
    assert cps.signatures == before + 1  # one TLS handshake signed by the card, the VIHFs unsigned
    record = simulator.snapshot()["patients"][ins.value]
    assert (record["created_by"], record["structure"]) == ("810001234567", "1130001234")
    lines = list(read_history(simulator.state_dir, ins.value))
    assert [(line["transaction"], line["status"]) for line in lines] == [("TD1.1", "DMPOk"), ("TD0.2", "DMPOk")]
    assert lines[0]["professional"] == {"id": "810001234567", "name": "ANNE LEROY", "profession": "21",
                                        "profession_label": "Pharmacien", "card_type": "CPS"}
    assert (lines[0]["mode"], lines[0]["structure"], lines[0]["signed_vihf"]) == ("DIRECTE", "1130001234", False)


def test_a_cpe_creates_and_opens_the_web_account(simulator: EmbeddedSimulator) -> None:
    cpe = SoftCardSession.issue(simulator.state_dir, sample_cpe())
    beneficiary, ins = new_patient()
    with _directe(simulator, cpe) as client:
        pharmacist = cpe.holder.pharmacist(cpe.situations[0])
        client.create(beneficiary, ins, YES, pharmacist)
        from dmp_desktop.domain.model import Channel

        account = client.open_web_account(ins, Channel.SMS, "+33612345678", pharmacist)
        assert len(account.login) == 8
        # a CPE may not manage a professional's authorisation (TD0.3): no right on this DMP, not « creation refused »
        assert _code(client.authorize, ins, pharmacist).code is ErrorCode.DMP_ACCESS_DENIED
    lines = list(read_history(simulator.state_dir, ins.value))
    assert [line["professional"]["card_type"] for line in lines] == ["CPE", "CPE"]


def test_a_cpf_may_not_create(simulator: EmbeddedSimulator) -> None:
    cpf = SoftCardSession.issue(simulator.state_dir, sample_image(card_type="CPF"))
    beneficiary, ins = new_patient()
    with _directe(simulator, cpf) as client:
        pharmacist = cpf.holder.pharmacist(cpf.situations[0])
        assert client.test_existence(ins, pharmacist).status is DmpStatus.NOT_FOUND
        error = _code(client.create, beneficiary, ins, YES, pharmacist)
    assert error.code is ErrorCode.DMP_CREATION_REFUSED and "DMPAccessDeniedByRightsService" in error.detail
    assert ins.value not in simulator.snapshot()["patients"]


def test_a_card_of_another_ca_is_refused(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    foreign = SoftCardSession.issue(tmp_path / "autre-igc", sample_image())
    _, ins = new_patient()
    with _directe(simulator, foreign) as client:
        error = _code(client.test_existence, ins, foreign.holder.pharmacist())
    assert error.code is ErrorCode.DMP_INVALID_CERTIFICATE


def test_a_server_outside_the_ca_bundle_is_refused(simulator: EmbeddedSimulator, cps: SoftCardSession,
                                                   tmp_path: Path) -> None:
    other = EmbeddedSimulator(tmp_path / "autre")
    other._ensure_pki()  # only its CA: the client trusts that one, the server shows ours
    _, ins = new_patient()
    with DmpClient.directe(simulator.url, cps, cps.situations[0], ca_bundle=other.ca_certificate,
                           timeouts=FAST) as client:
        error = _code(client.test_existence, ins, cps.holder.pharmacist())
    # our verification of the service failed: the possible-impostor code, not "your certificate is refused"
    assert error.code is ErrorCode.DMP_SERVER_UNTRUSTED and "CERTIFICATE" in error.detail


class _Impostor:
    """The TLS with one card, the VIHF naming another card's holder."""

    def __init__(self, tls: SoftCardSession, named: SoftCardSession) -> None:
        self._tls, self._named = tls, named
        self.holder, self.situations = named.holder, named.situations

    def authentication_certificate(self) -> bytes:
        return self._tls.authentication_certificate()

    def signature_certificate(self) -> bytes:
        return self._named.signature_certificate()

    def sign_authentication(self, digest_info: bytes) -> bytes:
        return self._tls.sign_authentication(digest_info)

    def sign_signature(self, data: bytes, hash_name: str = "sha256") -> bytes:
        return self._named.sign_signature(data, hash_name)

    def is_present(self) -> bool:
        return True

    def close(self) -> None:
        return None


def test_a_vihf_naming_another_professional_is_refused(simulator: EmbeddedSimulator, cps: SoftCardSession) -> None:
    other = SoftCardSession.issue(simulator.state_dir, sample_image(holder_rpps="10009999999",
                                                                    holder_last_name="Autre"))
    impostor = _Impostor(cps, other)
    _, ins = new_patient()
    with DmpClient.directe(simulator.url, impostor, other.situations[0], ca_bundle=simulator.ca_certificate,
                           timeouts=FAST) as client:
        error = _code(client.test_existence, ins, other.holder.pharmacist())
    assert error.code is ErrorCode.DMP_VIHF_INVALID
    assert "DMPVIHFInvalid" in error.detail and "porteur" in error.detail


def test_air_cannot_create_but_may_consult(simulator: EmbeddedSimulator) -> None:
    beneficiary, ins = new_patient()
    from .conftest import PHARMACIST

    with make_client(simulator, mode=AuthMode.AIR) as air:
        assert air.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND
        error = _code(air.create, beneficiary, ins, YES, PHARMACIST)
        assert error.code is ErrorCode.DMP_CREATION_REFUSED and "INDIRECTE_RENFORCEE" in error.detail
        with make_client(simulator) as establishment:  # INDIRECTE creates it
            establishment.create(beneficiary, ins, YES, PHARMACIST)
        # the rights come first: AIR gets the refusal, not DMPFound, and its attempt is no access to the DMP
        assert _code(air.create, beneficiary, ins, YES, PHARMACIST).code is ErrorCode.DMP_CREATION_REFUSED
        assert air.test_existence(ins, PHARMACIST).status is DmpStatus.EXISTS
    lines = [(line["transaction"], line["mode"]) for line in read_history(simulator.state_dir, ins.value)]
    assert lines == [("TD1.1", "INDIRECTE"), ("TD0.2", "INDIRECTE_RENFORCEE")]


def test_indirecte_with_an_establishment_pair(simulator: EmbeddedSimulator, tmp_path: Path) -> None:
    auth = simulator.issue_client_certificate(tmp_path / "auth.p12", usage="auth", password="mot-de-passe-auth")
    sign = simulator.issue_client_certificate(tmp_path / "sign.p12", usage="sign", password="mot-de-passe-sign")
    from .conftest import PHARMACIST

    beneficiary, ins = new_patient()
    with DmpClient(simulator.url, auth, "mot-de-passe-auth", pharmacy=PHARMACY, ca_bundle=simulator.ca_certificate,
                   timeouts=FAST, signing_certificate=sign, signing_certificate_password="mot-de-passe-sign") as c:
        c.create(beneficiary, ins, YES, PHARMACIST)
    line = next(read_history(simulator.state_dir, ins.value))
    assert (line["mode"], line["signed_vihf"], line["professional"]["card_type"]) == ("INDIRECTE", True, None)


def test_card_signed_vihf_accepted_and_tampered_refused(simulator: EmbeddedSimulator, cps: SoftCardSession) -> None:
    beneficiary, ins = new_patient()
    with _directe(simulator, cps, sign_vihf=True) as client:
        client.create(beneficiary, ins, YES, cps.holder.pharmacist())
    assert next(read_history(simulator.state_dir, ins.value))["signed_vihf"] is True
    assertion = vihf.directe_vihf(card=cps, situation=cps.situations[0], ins=ins, lps=vihf.LpsInfo(), signed=True)
    data = build_request(action=Transaction.TD0_2.action, body=existence_request(ins, "lps"), assertion=assertion,
                         message_id=new_message_id(), to=f"{simulator.url}/patients")
    tampered = data.replace(b"1130001234", b"1130009999", 1)
    assert tampered != data
    transport = CardTransport(CardTlsBackend(cps, simulator.ca_certificate.read_bytes()))
    with httpx.Client(transport=transport) as raw:
        headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
        ok = raw.post(f"{simulator.url}/patients", content=data, headers=headers)
        bad = raw.post(f"{simulator.url}/patients", content=tampered, headers=headers)
    assert ok.status_code == 200
    assert bad.status_code == 500
    fault = read_envelope(bad.content).fault
    assert fault is not None and fault.subcode == "DMPVIHFInvalid"


def test_a_pulled_card_stops_the_session(simulator: EmbeddedSimulator) -> None:
    card = SoftCardSession.issue(simulator.state_dir, sample_image())
    _, ins = new_patient()
    with _directe(simulator, card) as client:
        assert client.test_existence(ins, card.holder.pharmacist()).status is DmpStatus.NOT_FOUND
        card.pull()
        assert _code(client.test_existence, ins, card.holder.pharmacist()).code is ErrorCode.CPS_REMOVED


def test_a_dropped_connection_is_handshaken_again(simulator: EmbeddedSimulator, cps: SoftCardSession) -> None:
    _, ins = new_patient()
    with _directe(simulator, cps) as client:
        client.test_existence(ins, cps.holder.pharmacist())
        simulator.stop()  # closes every kept connection
        simulator.start()
        before = cps.signatures
        assert client.test_existence(ins, cps.holder.pharmacist()).status is DmpStatus.NOT_FOUND
        assert cps.signatures == before + 1


def test_an_expired_card_is_refused_at_the_handshake(simulator: EmbeddedSimulator) -> None:
    expired = SoftCardSession.issue(simulator.state_dir, sample_image(not_before="2016-02-01",
                                                                      not_after="2020-03-31"))
    _, ins = new_patient()
    with _directe(simulator, expired) as client:
        error = _code(client.test_existence, ins, expired.holder.pharmacist())
    assert error.code is ErrorCode.DMP_INVALID_CERTIFICATE


def test_timeouts_and_dropped_answers_through_the_card_transport(
    simulator: EmbeddedSimulator, cps: SoftCardSession
) -> None:
    beneficiary, ins = new_patient()
    pharmacist = cps.holder.pharmacist()
    with _directe(simulator, cps) as client:
        simulator.inject("latency", ins.value, transaction="TD0.2", count=1, seconds=3.0)
        assert _code(client.test_existence, ins, pharmacist).code is ErrorCode.DMP_TIMEOUT
        simulator.inject("drop_after_commit", ins.value, transaction="TD1.1", count=1)
        assert _code(client.create, beneficiary, ins, YES, pharmacist).code is ErrorCode.DMP_UNREACHABLE
        # never re-sent: TD0.2 tells what happened (the creation did)
        assert client.test_existence(ins, pharmacist).status is DmpStatus.EXISTS

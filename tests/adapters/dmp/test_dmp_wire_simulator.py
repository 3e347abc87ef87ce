"""The wire fidelity over HTTPS: TD1.1's contacts reach the simulator's outbox, the transaction's endpoint is
checked, both VIHF signature algorithms verify, and the [dmp] settings reach the client."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmp_desktop.dmp import open_service
from dmp_desktop.dmp.client import DmpClient
from dmp_desktop.dmp.messages import Transaction, existence_request
from dmp_desktop.dmp.simulator import EmbeddedSimulator
from dmp_desktop.dmp.simulator.softcard import sample_image
from dmp_desktop.dmp.soap import CONTENT_TYPE, build_request, new_message_id, read_envelope
from dmp_desktop.domain.model import AccountRequest, Consent, DmpStatus
from dmp_desktop.settings import Settings, settings_from_dict

from .conftest import FAST, PHARMACIST, make_client, new_patient


class _NoSecrets:
    def get(self, name: str) -> str | None:
        return None

    def set(self, name: str, value: str) -> None:
        raise AssertionError("nothing is stored")

    def delete(self, name: str) -> None:
        return None


def _confirmation(simulator: EmbeddedSimulator, ins: str) -> list[tuple[str, str]]:
    return [(e["kind"], e["to"]) for e in simulator.snapshot()["outbox"] if e["ins"] == ins]


def test_creation_confirmed_by_email_when_td11_carries_one(client: DmpClient, simulator: EmbeddedSimulator) -> None:
    beneficiary, ins = new_patient()
    client.create(beneficiary, ins, Consent(True, True), PHARMACIST,
                  contacts=AccountRequest(email="patient@example.org", mobile="+33612345678"))
    assert _confirmation(simulator, ins.value) == [("email", "patient@example.org")]
    record = simulator.snapshot()["patients"][ins.value]
    assert record["telecoms"] == ["tel:0612345678", "mailto:patient@example.org"]


@pytest.mark.parametrize("contacts", [None, AccountRequest(mobile="+33612345678")], ids=["none", "mobile-only"])
def test_creation_confirmed_by_letter_without_an_email(contacts: AccountRequest | None, client: DmpClient,
                                                       simulator: EmbeddedSimulator) -> None:
    beneficiary, ins = new_patient()
    client.create(beneficiary, ins, Consent(True, True), PHARMACIST, contacts=contacts)
    assert _confirmation(simulator, ins.value) == [("letter", "adresse postale (assurance maladie)")]


@pytest.mark.parametrize("service", ["habilitations", "PatientSpecific"])
def test_a_transaction_posted_to_another_service_is_refused(service: str, client: DmpClient,
                                                            simulator: EmbeddedSimulator) -> None:
    _, ins = new_patient()
    message_id = new_message_id()
    payload = build_request(action=Transaction.TD0_2.action, body=existence_request(ins, "lps"),
                            assertion=client._assertion(PHARMACIST, ins), message_id=message_id)
    response = client._http.post(f"{client.endpoint}/{service}", content=payload,
                                 headers={"Content-Type": CONTENT_TYPE})
    fault = read_envelope(response.content).fault
    assert response.status_code == 500 and fault is not None
    assert (fault.subcode, read_envelope(response.content).relates_to) == ("ActionNotSupported", message_id)


@pytest.mark.parametrize("algorithm", ["rsa-sha1", "rsa-sha256"])
def test_both_signature_algorithms_verified_by_the_simulator(algorithm: str, simulator: EmbeddedSimulator) -> None:
    _, ins = new_patient()
    with make_client(simulator, vihf_algorithm=algorithm) as client:
        assert client.test_existence(ins, PHARMACIST).status is DmpStatus.NOT_FOUND


def test_settings_choose_the_vihf_algorithm(isolated_dirs: Path) -> None:
    base = Settings(data_dir=isolated_dirs / "data")
    settings = settings_from_dict({"dmp": {"vihf_algorithm": "sha1"}}).with_overrides(data_dir=base.data_dir)
    service, simulator = open_service(settings, _NoSecrets())
    try:
        assert isinstance(service, DmpClient) and service.vihf_algorithm == "rsa-sha1"
        _, ins = new_patient()
        assert service.test_existence(ins, settings.pharmacist).status is DmpStatus.NOT_FOUND
    finally:
        service.close()
        if simulator is not None:
            simulator.stop()


def test_an_unknown_service_path_is_not_found(client: DmpClient, simulator: EmbeddedSimulator) -> None:
    _, ins = new_patient()
    payload = build_request(action=Transaction.TD0_2.action, body=existence_request(ins, "lps"),
                            assertion=client._assertion(PHARMACIST, ins), message_id=new_message_id())
    response = client._http.post(f"{client.endpoint}/registry", content=payload,
                                 headers={"Content-Type": CONTENT_TYPE})
    assert response.status_code == 404


def test_an_older_state_folder_gets_the_training_structure_s_new_identifier(tmp_path: Path) -> None:
    from dmp_desktop.dmp import pki
    from dmp_desktop.dmp.simulator import TRAINING_CERTIFICATE_PASSWORD
    from dmp_desktop.dmp.simulator.igc import TRAINING_STRUCTURE_ID, ensure_pki

    ensure_pki(tmp_path)
    ca = pki.load_pem(tmp_path / "ca.pem", tmp_path / "ca-key.pem")
    old = pki.issue(ca, "PHARMACIE DE FORMATION", ou="3990000017", usage="structure")  # the 3 + FINESS of before
    pki.write_pkcs12(tmp_path / "structure.p12", old, TRAINING_CERTIFICATE_PASSWORD)
    (tmp_path / "structure.id").unlink()  # a folder of before kept no copy of the OU beside the PKCS#12
    ensure_pki(tmp_path)
    renewed = pki.load_pkcs12(tmp_path / "structure.p12", TRAINING_CERTIFICATE_PASSWORD)
    assert renewed.organisational_unit == TRAINING_STRUCTURE_ID == "1990000017"
    assert renewed.certificate.issuer == ca.certificate.subject  # the same CA: cards issued before stay trusted
    assert (tmp_path / "structure.id").read_text(encoding="ascii") == "1990000017"


def test_directe_td11_author_is_the_card_holder_whoever_the_caller_names(simulator: EmbeddedSimulator) -> None:
    from dmp_desktop.dmp.simulator.softcard import SoftCardSession

    card = SoftCardSession.issue(simulator.state_dir, sample_image())
    beneficiary, ins = new_patient()
    with DmpClient.directe(simulator.url, card, card.situations[0], ca_bundle=simulator.ca_certificate,
                           timeouts=FAST) as client:
        client.create(beneficiary, ins, Consent(True, True), PHARMACIST)  # the settings' pharmacist, not the card's
    record = simulator.snapshot()["patients"][ins.value]
    assert record["created_by"] == card.holder.national_id
    assert record["structure"] == card.situations[0].structure_id

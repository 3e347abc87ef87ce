"""The training CPS: the same port as the PKCS#11 card, in memory, with certificates from a CA given to it."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from asn1crypto.algos import DigestInfo
from asn1crypto.x509 import Certificate
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from dmp_desktop.cps import backend_for, open_card_reader
from dmp_desktop.cps.image import validate_image
from dmp_desktop.cps.training import TrainingCardReader, training_card
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import CardType, PinState
from dmp_desktop.settings import settings_from_dict

from .issuer import image, issue


def reader_with(raw: dict[str, Any], today: dt.date = dt.date(2026, 6, 1)) -> TrainingCardReader:
    reader = TrainingCardReader(today=lambda: today)
    cps = validate_image(raw)
    reader.insert(training_card(cps, issue(cps.as_dict(), unordered=True)))
    return reader


def code_of(call: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def public_key(der: bytes) -> Any:
    return serialization.load_der_public_key(Certificate.load(der).public_key.dump())


def test_without_a_card_the_reader_says_so() -> None:
    assert code_of(TrainingCardReader().holder).code is ErrorCode.CPS_MISSING


def test_the_holder_is_read_without_the_pin() -> None:
    holder = reader_with(image()).holder()
    assert (holder.national_id, holder.card_type, holder.profession) == ("810000000001", CardType.CPS, "21")
    assert holder.pharmacist().specialty == "PH21"
    assert holder.display_name == "Camille FORMATION"  # as typed in the image, like a provisioned token


def test_two_wrong_pins_then_the_right_one_opens_a_session() -> None:
    reader = reader_with(image())
    assert code_of(lambda: reader.login("0000")).detail == "2"
    assert reader.pin_state() is PinState.COUNT_LOW
    assert code_of(lambda: reader.login("0001")).detail == "1"
    assert reader.pin_state() is PinState.FINAL_TRY
    session = reader.login("1234")
    assert reader.pin_state() is PinState.READY
    assert [s.structure_id for s in session.situations] == ["1990000017"]


def test_three_wrong_pins_block_the_card_even_for_the_right_one() -> None:
    reader = reader_with(image())
    for _ in range(2):
        code_of(lambda: reader.login("9999"))
    assert code_of(lambda: reader.login("9999")).code is ErrorCode.CPS_PIN_LOCKED
    assert reader.pin_state() is PinState.LOCKED
    assert code_of(lambda: reader.login("1234")).code is ErrorCode.CPS_PIN_LOCKED


def test_a_blocked_image_is_locked_from_the_start() -> None:
    reader = reader_with(image(pin_tries_left=0))
    assert reader.pin_state() is PinState.LOCKED
    assert code_of(lambda: reader.login("1234")).code is ErrorCode.CPS_PIN_LOCKED


def test_an_expired_card_is_refused_but_still_described() -> None:
    reader = reader_with(image(not_before="2016-02-01", not_after="2020-03-31"))
    assert code_of(reader.holder).code is ErrorCode.CPS_EXPIRED
    assert code_of(lambda: reader.login("1234")).code is ErrorCode.CPS_EXPIRED
    assert reader.holder(allow_expired=True).not_after == dt.date(2020, 3, 31)


def test_the_session_signs_with_keys_matching_its_certificates() -> None:
    session = reader_with(image()).login("1234")
    digest = hashlib.sha256(b"handshake").digest()
    info = DigestInfo({"digest_algorithm": {"algorithm": "sha256"}, "digest": digest}).dump()
    public_key(session.authentication_certificate()).verify(
        session.sign_authentication(info), b"handshake", padding.PKCS1v15(), hashes.SHA256())
    public_key(session.signature_certificate()).verify(
        session.sign_signature(b"<Assertion/>"), b"<Assertion/>", padding.PKCS1v15(), hashes.SHA256())
    public_key(session.signature_certificate()).verify(
        session.sign_signature(b"x", "sha1"), b"x", padding.PKCS1v15(), hashes.SHA1())  # noqa: S303


def test_pulling_the_card_ends_the_session() -> None:
    reader = reader_with(image())
    session = reader.login("1234")
    assert session.is_present()
    reader.pull()
    assert not session.is_present()
    assert code_of(lambda: session.sign_signature(b"x")).code is ErrorCode.CPS_REMOVED
    assert code_of(reader.pin_state).code is ErrorCode.CPS_MISSING


def test_a_training_card_is_made_from_the_image_json_and_the_issued_pems() -> None:
    from types import SimpleNamespace

    auth, auth_key, sig, sig_key, ca = issue(image("CPE"))
    issued = SimpleNamespace(auth_certificate=auth, auth_key=auth_key, signature_certificate=sig,
                             signature_key=sig_key, ca_certificate=ca)  # the simulator's CardCertificates shape
    card = training_card(image("CPE"), issued)
    assert card.holder.card_type is CardType.CPE and card.ca_der.startswith(b"\x30")
    with pytest.raises(DomainError):
        training_card(image(card_type="XYZ"), issued)


def test_a_cpe_and_a_two_situation_card() -> None:
    cpe = reader_with(image("CPE")).login("1234")
    assert cpe.holder.card_type is CardType.CPE and cpe.holder.national_id == "1990000017/PREP0001"
    two = reader_with(image(situations=[{"structure_id": "1990000017", "name": "A"},
                                        {"structure_id": "3123456789", "name": "B"}])).login("1234")
    assert [s.structure_id for s in two.situations] == ["1990000017", "3123456789"]


def test_the_shipped_cards_are_inserted_by_name_with_certificates_issued_once() -> None:
    asked: list[str] = []

    def issuer(raw: dict[str, Any]) -> tuple[bytes, ...]:
        asked.append(raw["holder"]["national_id"])
        return issue(raw)

    reader = TrainingCardReader(issuer)
    assert {name for name, _ in reader.images()} >= {"pharmacien", "adjoint-cpe", "carte-bloquee"}
    reader.insert_image("pharmacien-deux-officines")
    assert len(reader.login("1234").situations) == 2
    reader.pull()
    reader.insert_image("pharmacien-deux-officines")
    assert asked == ["810000000019"]


def test_a_card_blocked_by_the_trainee_comes_back_whole_from_the_menu() -> None:
    reader = TrainingCardReader(issue)
    reader.insert_image("pharmacien")
    code_of(lambda: reader.login("9999"))
    reader.pull()
    reader.insert_image("pharmacien")
    assert reader.pin_state() is PinState.COUNT_LOW  # a wrong try short of blocking stays counted
    for _ in range(2):
        code_of(lambda: reader.login("9999"))
    assert reader.pin_state() is PinState.LOCKED
    reader.pull()
    reader.insert_image("pharmacien")
    assert reader.pin_state() is PinState.READY and reader.login("1234").situations
    reader.pull()
    reader.insert_image("carte-bloquee")  # the card that teaches a blocked card stays blocked
    assert reader.pin_state() is PinState.LOCKED


def test_training_mode_without_a_module_uses_the_training_card() -> None:
    assert backend_for(settings_from_dict({})) == "training"
    assert backend_for(settings_from_dict({"cps": {"module": "/x/libcps.so"}})) == "pkcs11"
    assert backend_for(settings_from_dict({"mode": "production"})) == "pkcs11"
    reader = open_card_reader(settings_from_dict({"mode": "production"}))
    assert code_of(reader.holder).code is ErrorCode.CPS_MODULE_MISSING

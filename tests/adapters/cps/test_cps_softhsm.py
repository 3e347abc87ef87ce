"""The PKCS#11 card on real SoftHSM2 tokens through the real module: holder, PIN, signatures, removal."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from asn1crypto.algos import DigestInfo
from asn1crypto.x509 import Certificate
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from dmp_desktop.cps import module, softhsm
from dmp_desktop.cps.image import validate_image
from dmp_desktop.cps.pin import PinCounter
from dmp_desktop.cps.pkcs11card import Pkcs11CardReader
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.professional import CardType, PinState, Specialty

from ...unit.cps.issuer import image, issue
from .conftest import Provision, require_softhsm

PIN = "4827"  # not the default: nothing below may pass by accident


def error(call: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def public_key(der: bytes) -> Any:
    return serialization.load_der_public_key(Certificate.load(der).public_key.dump())


def test_the_holder_and_pin_state_are_read_without_the_pin(provision: Provision) -> None:
    reader, result = provision(image(pin=PIN))
    holder = reader.holder()
    assert (holder.national_id, holder.first_name, holder.last_name) == ("810000000001", "Camille", "Formation")
    assert (holder.card_type, holder.profession, holder.specialty) == (CardType.CPS, "21", Specialty("PH21"))
    assert reader.pin_state() is PinState.READY
    assert result["settings"]["cps"]["token_label"] == "CPS 810000000001"


def test_wrong_pins_count_down_to_final_try_then_lock_and_stay_locked(provision: Provision) -> None:
    reader, _ = provision(image(pin=PIN))
    assert error(lambda: reader.login("0000")).detail == "2"
    assert reader.pin_state() is PinState.COUNT_LOW
    assert error(lambda: reader.login("0000")).detail == "1"
    assert reader.pin_state() is PinState.FINAL_TRY
    locked = error(lambda: reader.login("0000"))
    assert locked.code is ErrorCode.CPS_PIN_LOCKED
    assert error(lambda: reader.login(PIN)).code is ErrorCode.CPS_PIN_LOCKED
    # the counter lives beside the token: another process (a new reader) sees the card blocked
    assert Pkcs11CardReader(reader.module_path).pin_state() is PinState.LOCKED


def test_the_right_pin_opens_a_session_whose_keys_sign_for_its_certificates(provision: Provision) -> None:
    reader, _ = provision(image(pin=PIN))
    error(lambda: reader.login("0000"))
    session = reader.login(PIN)
    assert reader.pin_state() is PinState.READY  # a right PIN resets the counter
    digest = hashlib.sha256(b"TLS handshake").digest()
    info = DigestInfo({"digest_algorithm": {"algorithm": "sha256"}, "digest": digest}).dump()
    public_key(session.authentication_certificate()).verify(
        session.sign_authentication(info), b"TLS handshake", padding.PKCS1v15(), hashes.SHA256())
    public_key(session.signature_certificate()).verify(
        session.sign_signature(b"<Assertion/>"), b"<Assertion/>", padding.PKCS1v15(), hashes.SHA256())
    public_key(session.signature_certificate()).verify(
        session.sign_signature(b"x", "sha1"), b"x", padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    assert session.situations[0].structure_id == "1990000017"
    assert session.is_present()


def test_a_deleted_token_is_a_pulled_card(provision: Provision) -> None:
    reader, result = provision(image(pin=PIN))
    session = reader.login(PIN)
    tokens = Path(result["env"]["SOFTHSM2_CONF"]).parent / "tokens"
    for token in tokens.iterdir():
        shutil.rmtree(token)
    assert not session.is_present()
    assert error(lambda: session.sign_authentication(b"\x00" * 51)).code is ErrorCode.CPS_REMOVED
    assert error(reader.holder).code is ErrorCode.CPS_MISSING


def test_a_finalised_module_is_a_pulled_card(provision: Provision) -> None:
    reader, result = provision(image(pin=PIN))
    session = reader.login(PIN)
    module.release(result["module"])
    assert not session.is_present()
    assert error(lambda: session.sign_signature(b"x")).code is ErrorCode.CPS_REMOVED


def test_an_expired_card_is_refused_before_a_try_is_spent(provision: Provision) -> None:
    reader, _ = provision(image(pin=PIN, not_before="2016-02-01", not_after="2020-03-31"))
    assert error(reader.holder).code is ErrorCode.CPS_EXPIRED
    assert error(lambda: reader.login("0000")).code is ErrorCode.CPS_EXPIRED
    assert reader.pin_state() is PinState.READY
    assert str(reader.holder(allow_expired=True).not_after) == "2020-03-31"


def test_a_blocked_image_makes_a_blocked_token(provision: Provision) -> None:
    reader, _ = provision(image(pin=PIN, pin_tries_left=0))
    assert reader.pin_state() is PinState.LOCKED
    assert error(lambda: reader.login(PIN)).code is ErrorCode.CPS_PIN_LOCKED


def test_a_cpe_and_a_card_with_two_situations(provision: Provision) -> None:
    reader, _ = provision(image("CPE", pin=PIN))
    session = reader.login(PIN)
    assert session.holder.card_type is CardType.CPE and session.holder.national_id == "1990000017/PREP0001"
    reader.close()
    module.release(reader.module_path)
    two, _ = provision(image(pin=PIN, situations=[
        {"structure_id": "1990000017", "name": "Pharmacie A"},
        {"structure_id": "3123456789", "name": "Pharmacie B", "sector": "SA07"}]))
    assert [(s.structure_id, s.sector) for s in two.login(PIN).situations] == [("1990000017", "SA33"),
                                                                                ("3123456789", "SA07")]


def test_a_der_ordered_certificate_reads_the_same(provision: Provision) -> None:
    reader, _ = provision(image(pin=PIN), unordered=False)
    assert reader.holder().national_id == "810000000001"


def test_a_token_without_the_cps_objects_is_an_unknown_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_softhsm()
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nlog.level = ERROR\n", encoding="utf-8")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    path = softhsm.find_module()
    assert path is not None
    module.release(path)
    reader = Pkcs11CardReader(path)
    try:
        assert error(reader.holder).code is ErrorCode.CPS_MISSING  # only SoftHSM2's empty spare slot
        subprocess.run([str(softhsm.find_util()), "--init-token", "--free", "--label", "AUTRE", "--so-pin",
                        "12345678", "--pin", "87654321"], check=True, capture_output=True)
        module.release(path)
        assert error(reader.holder).code is ErrorCode.CPS_UNKNOWN
    finally:
        module.release(path)


@pytest.mark.parametrize("path", ["", "/nonexistent/libcps3_pkcs11_lux.so", "/bin/sh"])
def test_a_missing_or_broken_module_says_so(path: str) -> None:
    assert error(Pkcs11CardReader(path).holder).code is ErrorCode.CPS_MODULE_MISSING


def test_the_pin_never_reaches_softhsm2_util_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_softhsm()
    seen: list[list[str]] = []
    real_run = subprocess.run

    def spy(argv: list[str], **kwargs: Any) -> Any:
        seen.append(list(argv))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(softhsm.subprocess, "run", spy)
    cps = validate_image(image(pin=PIN))
    result = softhsm.provision(cps, tmp_path / "t", *issue(cps.as_dict())[:4])
    assert seen and all(PIN not in argv for argv in seen)
    assert PIN not in result["env"].values() and PIN not in str(result["settings"])
    module.release(result["module"])


def test_pin_counters_in_one_file_are_kept_per_token(tmp_path: Path) -> None:
    file = tmp_path / "pin-tries.json"
    PinCounter(file, "a").failed()
    PinCounter(file, "b").set(1)
    assert PinCounter(file, "a").state() is PinState.COUNT_LOW
    assert PinCounter(file, "b").state() is PinState.FINAL_TRY
    assert PinCounter(file, "c").state() is PinState.READY


def test_provisioning_refuses_a_folder_that_holds_a_token(tmp_path: Path) -> None:
    require_softhsm()
    (tmp_path / "tokens" / "x").mkdir(parents=True)
    cps = validate_image(image())
    made = error(lambda: softhsm.provision(cps, tmp_path, *issue(cps.as_dict())[:4]))
    assert made.code is ErrorCode.CONFIG_INVALID


def test_a_session_gone_with_the_card_still_in_is_not_present(provision: Provision) -> None:
    """A card pulled and put back keeps its serial, but its sessions are gone: here the module's session is
    closed under our object, as the card's reset does."""
    reader, _ = provision(image(pin=PIN))
    session = reader.login(PIN)
    session._session.close()  # C_Logout + C_CloseSession behind the adapter's back
    assert not session.is_present()
    assert error(lambda: session.sign_signature(b"x")).code is ErrorCode.CPS_REMOVED

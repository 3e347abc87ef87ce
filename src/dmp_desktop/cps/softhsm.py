"""SoftHSM2 tokens made from a CPS image: the same labels, keys, certificates and data objects as a card.

Each token lives in a folder of its own (softhsm2.conf + tokens/ + pin-tries.json, the lockout counter);
the module finds it through SOFTHSM2_CONF. The PIN goes to the token through PKCS#11 only (C_InitPIN):
softhsm2-util gets throwaway random PINs on its command line, never the image's.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pkcs11 import Attribute, ObjectClass
from pkcs11.util.rsa import decode_rsa_private_key
from pkcs11.util.x509 import decode_x509_certificate

from dmp_desktop.cps import module, objects
from dmp_desktop.cps.certificate import pem_to_der
from dmp_desktop.cps.image import CpsImage
from dmp_desktop.cps.pin import PinCounter
from dmp_desktop.domain.errors import DomainError, ErrorCode

# Where distributions put the module (Debian first); Windows builds of SoftHSM2 use the last one.
SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/lib64/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    "C:/SoftHSM2/lib/softhsm2-x64.dll",
)
COUNTER_FILE = "pin-tries.json"
_KEY_IDS = {objects.PRIV_AUT: b"\x20", objects.PRIV_SIG: b"\x10"}  # a CPS3's key ids end so (public notes)


def find_module() -> str | None:
    return next((p for p in SOFTHSM_MODULES if Path(p).is_file()), None)


def find_util() -> str | None:
    return shutil.which("softhsm2-util")


def available() -> bool:
    return find_module() is not None and find_util() is not None


def token_label(image: CpsImage) -> str:
    return f"{image.card_type.value} {image.national_id}"[:32]  # CK_TOKEN_INFO.label holds 32 bytes


@contextmanager
def _conf(conf: Path) -> Iterator[None]:
    """SOFTHSM2_CONF for the time of the provisioning (SoftHSM2 reads it at C_Initialize)."""
    before = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = before


def _private_key(pem: bytes | str) -> dict[Attribute, Any]:
    from cryptography.hazmat.primitives import serialization

    data = pem.encode("ascii") if isinstance(pem, str) else pem
    key = serialization.load_pem_private_key(data, password=None)
    pkcs1 = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption())
    attrs = decode_rsa_private_key(pkcs1)
    attrs.update({Attribute.SIGN: True, Attribute.DECRYPT: False, Attribute.UNWRAP: False})
    return attrs


def _data(label: str, value: bytes, private: bool) -> dict[Attribute, Any]:
    return {Attribute.CLASS: ObjectClass.DATA, Attribute.TOKEN: True, Attribute.PRIVATE: private,
            Attribute.LABEL: label, Attribute.APPLICATION: objects.OUR_APPLICATION, Attribute.VALUE: value}


def card_objects(image: CpsImage, auth_cert_pem: bytes | str, auth_key_pem: bytes | str,
                 sig_cert_pem: bytes | str, sig_key_pem: bytes | str) -> list[dict[Attribute, Any]]:
    """The PKCS#11 templates of a card (docs/cps.md lists them)."""
    out: list[dict[Attribute, Any]] = []
    for key_label, cert_label, cert_pem, key_pem in (
        (objects.PRIV_AUT, objects.CERT_AUT, auth_cert_pem, auth_key_pem),
        (objects.PRIV_SIG, objects.CERT_SIG, sig_cert_pem, sig_key_pem),
    ):
        key = _private_key(key_pem)
        key.update({Attribute.LABEL: key_label, Attribute.ID: _KEY_IDS[key_label], Attribute.TOKEN: True,
                    Attribute.PRIVATE: True, Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False})
        cert = decode_x509_certificate(pem_to_der(cert_pem))
        cert.update({Attribute.LABEL: cert_label, Attribute.ID: _KEY_IDS[key_label], Attribute.TOKEN: True,
                     Attribute.PRIVATE: False})
        out += [key, cert]
    specialty = ({"code": image.specialty.code, "code_system": image.specialty.code_system}
                 if image.specialty else None)
    out.append(_data(objects.ID_CARD, objects.encode_ours({"card_type": image.card_type.value}), False))
    out.append(_data(objects.NAME_PS, objects.encode_ours(
        {"first_name": image.first_name, "last_name": image.last_name}), False))
    out.append(_data(objects.INFO_PS, objects.encode_ours(
        {"national_id": image.national_id, "profession": image.profession, "specialty": specialty}), False))
    for index, situation in enumerate(image.situations):
        out.append(_data(objects.activity_label(index), objects.encode_activity(situation), True))
    return out


def provision(image: CpsImage, folder: Path, auth_cert_pem: bytes | str, auth_key_pem: bytes | str,
              sig_cert_pem: bytes | str, sig_key_pem: bytes | str, module_path: str | None = None) -> dict[str, Any]:
    """Make the token in `folder` (new or empty) and return {"module", "token_label", "env", "settings"}.
    The module is finalised afterwards: sessions on it elsewhere in this process end."""
    path = module_path or find_module()
    util = find_util()
    if not path or not util:
        raise DomainError(ErrorCode.CPS_MODULE_MISSING,
                          "SoftHSM2 is not installed (Debian: apt-get install softhsm2)")
    folder = folder.resolve()
    tokens = folder / "tokens"
    if tokens.exists() and any(tokens.iterdir()):
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{folder} already holds a token: choose an empty folder")
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens.as_posix()}\nobjectstore.backend = file\n"
                    "log.level = ERROR\nslots.removable = true\n", encoding="utf-8")
    label = token_label(image)
    so_pin = secrets.token_hex(8)  # nobody needs the token's SO afterwards
    templates = card_objects(image, auth_cert_pem, auth_key_pem, sig_cert_pem, sig_key_pem)
    with module.module_lock(), _conf(conf):
        done = subprocess.run(
            [util, "--init-token", "--free", "--label", label, "--so-pin", so_pin, "--pin", secrets.token_hex(8)],
            env={**os.environ, "SOFTHSM2_CONF": str(conf)}, capture_output=True, text=True, timeout=30, check=False,
        )
        if done.returncode != 0:
            raise DomainError(ErrorCode.CPS_MODULE_MISSING, f"softhsm2-util: {done.stderr.strip() or done.stdout}")
        module.release(path)  # a module initialised with another SOFTHSM2_CONF would not see this folder
        try:
            token = module.load(path).get_token(token_label=label)
            with token.open(rw=True, so_pin=so_pin) as so:
                so.init_pin(image.pin)
            with token.open(rw=True, user_pin=image.pin) as user:
                for template in templates:
                    user.create_object(template)
            serial = token.serial.decode("ascii", errors="replace") or label
        finally:
            module.release(path)
    PinCounter(folder / COUNTER_FILE, serial).set(image.pin_tries_left)
    return {
        "module": path,
        "token_label": label,
        "env": {"SOFTHSM2_CONF": str(conf)},
        "settings": {"cps": {"backend": "pkcs11", "module": path, "token_label": label}},
    }

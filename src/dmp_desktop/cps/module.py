"""The PKCS#11 modules loaded in this process: one python-pkcs11 `lib` per path, shared, released on request.

A module is initialised once per process (a second C_Initialize fails, and python-pkcs11 finalises the
module when its `lib` object is collected), hence one shared object per path. SoftHSM2 reads SOFTHSM2_CONF
at C_Initialize: switching token folders in one process means release() then load() again.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Any

import pkcs11

from dmp_desktop.domain.errors import DomainError, ErrorCode

_lock = threading.RLock()
_loaded: dict[str, Any] = {}
# Finalised modules are kept, never unloaded: sessions and slots made from them still hold their function
# pointers, and calling a finalised module answers CKR_CRYPTOKI_NOT_INITIALIZED where an unloaded one would crash.
_retired: list[Any] = []


def module_lock() -> threading.RLock:
    """Serialises every call into the modules: card middleware is rarely safe for concurrent callers."""
    return _lock


def load(path: str) -> Any:
    """The initialised module at `path`, or DomainError(CPS_MODULE_MISSING) saying why it cannot be used."""
    if not path:
        raise DomainError(ErrorCode.CPS_MODULE_MISSING, "no PKCS#11 module configured ([cps] module)")
    with _lock:
        lib = _loaded.get(path)
        if lib is not None:
            return lib
        if not Path(path).is_file():
            raise DomainError(ErrorCode.CPS_MODULE_MISSING, f"{path}: file not found")
        try:
            lib = pkcs11.lib(path)
        except Exception as exc:  # a loader error (wrong architecture, missing dependency) or C_Initialize failing
            raise DomainError(ErrorCode.CPS_MODULE_MISSING, f"{path}: {type(exc).__name__}: {exc}") from None
        _loaded[path] = lib
        return lib


def release(path: str) -> None:
    """C_Finalize: every session on that module ends (a card reader's sessions then see CPS_REMOVED)."""
    with _lock:
        lib = _loaded.pop(path, None)
        if lib is not None:
            _retired.append(lib)
            with contextlib.suppress(Exception):  # a module already finalised: nothing left to release
                lib.finalize()


def description(lib: Any) -> str:
    return f"{lib.manufacturer_id} — {lib.library_description} {'.'.join(map(str, lib.library_version))}".strip()


def is_softhsm(lib: Any) -> bool:
    return str(lib.manufacturer_id).startswith("SoftHSM")


def softhsm_counter_file() -> Path | None:
    """Where the SoftHSM2 PIN counter lives: beside the token folder named by $SOFTHSM2_CONF (provisioned
    tokens have their own), or None (in memory) with the system-wide configuration."""
    conf = os.environ.get("SOFTHSM2_CONF", "")
    if not conf:
        return None
    try:
        for line in Path(conf).read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "directories.tokendir" and value.strip():
                return Path(value.strip()).parent / "pin-tries.json"
    except OSError:
        return None
    return None

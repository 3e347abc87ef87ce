"""SoftHSM2 tokens provisioned from CPS images in the test's temp folder, read through the real PKCS#11 module."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dmp_desktop.cps import module, softhsm
from dmp_desktop.cps.image import validate_image
from dmp_desktop.cps.pkcs11card import Pkcs11CardReader

from ...unit.cps.issuer import issue

TODAY = dt.date(2026, 6, 1)
Provision = Callable[..., tuple[Pkcs11CardReader, dict[str, Any]]]


def require_softhsm() -> None:
    """SoftHSM2 or a skip on a developer machine; in CI (DMP_DESKTOP_REQUIRE_SERVICES=1) a failure."""
    if softhsm.available():
        return
    message = "SoftHSM2 is not installed (apt-get install softhsm2): the PKCS#11 adapter tests need it"
    if os.environ.get("DMP_DESKTOP_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def provision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Provision]:
    """provision(raw image) → (reader on its own SoftHSM2 token, provisioning result); SOFTHSM2_CONF points there."""
    require_softhsm()
    made: list[Pkcs11CardReader] = []

    def make(raw: dict[str, Any], *, unordered: bool = True, today: dt.date = TODAY) -> tuple[Pkcs11CardReader,
                                                                                              dict[str, Any]]:
        cps = validate_image(raw)
        result = softhsm.provision(cps, tmp_path / f"token-{len(made)}", *issue(cps.as_dict(), unordered=unordered)[:4])
        monkeypatch.setenv("SOFTHSM2_CONF", result["env"]["SOFTHSM2_CONF"])
        reader = Pkcs11CardReader(result["module"], today=lambda: today)
        made.append(reader)
        return reader, result

    yield make
    for reader in made:
        reader.close()
        module.release(reader.module_path)  # the next test's token folder needs a fresh C_Initialize

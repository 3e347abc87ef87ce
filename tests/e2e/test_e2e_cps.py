"""`create --pin-stdin` as the holder of a real PKCS#11 token: a SoftHSM2 CPS provisioned with `cps provision`
(certificates from the simulator's IGC), the Vitale card on pcscd+vpcd, the accusé on the CUPS queue, and the
DMP's access history naming the card's holder in mode DIRECTE."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest

from dmp_desktop.cps import softhsm
from dmp_desktop.pos import exitcodes

from .conftest import dmp_desktop

pytestmark = [pytest.mark.pcsc, pytest.mark.cups, pytest.mark.slow]

REQUEST: dict[str, Any] = {
    "beneficiary": 0,
    "consent": {"oral_consent": True, "emergency_access": False},
    "account": None,
}


def test_created_as_the_holder_of_a_softhsm_cps(make_workspace: Callable[..., Any],
                                                 virtual_card: Callable[[str], None]) -> None:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    queue = require_service("cups")
    if not softhsm.available():
        message = "SoftHSM2 is not installed (apt-get install softhsm2)"
        if os.environ.get("DMP_DESKTOP_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    ws = make_workspace(printer=queue)
    token = ws.root / "token"
    made = dmp_desktop("--config", str(ws.config), "cps", "provision", "pharmacien", "--softhsm", "--json",
                       "--out", str(token))
    assert made.code == 0, made.stderr
    provisioned = made.json
    cps = provisioned["settings"]["cps"]
    with ws.config.open("a", encoding="utf-8") as config:
        config.write(f'[cps]\nbackend = "pkcs11"\nmodule = "{cps["module"]}"\ntoken_label = "{cps["token_label"]}"\n')
    env = dict(provisioned["env"])
    virtual_card("famille-martin")

    wrong = ws.create(REQUEST, pin="0000", env=env)
    assert wrong.code == exitcodes.CPS, wrong.stderr
    assert wrong.json["error"]["code"] == "cps_pin_incorrect" and wrong.json["creation_id"] is None
    assert "0000" not in wrong.stdout + wrong.stderr

    run = ws.create(REQUEST, env=env)
    assert run.code == exitcodes.CREATED, run.stderr
    assert run.json["receipt"] == {"printed": True, "printer": queue, "file": None}
    ins = run.json["ins"]["value"]

    history = dmp_desktop("dmp-simulator", "history", "--state", str(ws.root / "data" / "simulator"), "--ins", ins)
    assert history.code == 0, history.stderr
    lines = [json.loads(line) for line in history.stdout.splitlines() if line.strip()]
    creation = [line for line in lines if line["transaction"] == "TD1.1"]
    assert creation, lines
    assert creation[0]["mode"] == "DIRECTE" and creation[0]["professional"]["card_type"] == "CPS"
    assert creation[0]["professional"]["id"] == "810000000001"  # 8 + the training card's RPPS
    assert creation[0]["structure"].startswith("1")  # 1 + FINESS: the training card's situation

"""`dmp-desktop create` end to end: virtual card on pcscd+vpcd, simulator over HTTPS, SQLite/PostgreSQL, CUPS."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dmp_desktop.pos import exitcodes

pytestmark = [pytest.mark.pcsc, pytest.mark.slow]

WITH_ACCOUNT: dict[str, Any] = {
    "beneficiary": 0,
    "consent": {"oral_consent": True, "emergency_access": True},
    "account": {"email": "jean.martin@example.fr", "mobile": "06 12 34 56 78"},
}
NO_ACCOUNT: dict[str, Any] = {**WITH_ACCOUNT, "account": None}


def test_created_then_the_same_request_again(workspace: Any, virtual_card: Callable[[str], None],
                                             tmp_path: Path) -> None:
    virtual_card("famille-martin")
    pdf = tmp_path / "accuse.pdf"
    first = workspace.create(WITH_ACCOUNT, "--receipt-out", str(pdf))
    assert first.code == exitcodes.CREATED, first.stderr
    doc = first.json
    assert doc["status"] == "created" and doc["error"] is None
    assert doc["ins"]["type"] == "INS-C" and len(doc["ins"]["value"]) == 22
    assert doc["account"]["channels"] == ["SMS", "EMAIL"] and len(doc["account"]["login"]) == 8
    assert doc["receipt"] == {"printed": False, "printer": None, "file": str(pdf)} and doc["creation_id"]
    assert pdf.read_bytes().startswith(b"%PDF") and (pdf.stat().st_mode & 0o777) == 0o600
    assert "password" not in first.stdout.lower() and "mot de passe" not in first.stdout.lower()

    again = workspace.create(WITH_ACCOUNT, "--receipt-out", str(tmp_path / "again.pdf"))
    assert again.code == exitcodes.ALREADY_EXISTS, again.stderr
    assert again.json["status"] == "already_exists" and again.json["ins"] == doc["ins"]
    assert not (tmp_path / "again.pdf").exists()
    assert workspace.ledger_count() == 1


@pytest.mark.parametrize(("card", "status", "code"), [
    ("dmp-existant", "already_exists", exitcodes.ALREADY_EXISTS),
    ("dmp-ferme", "closed", exitcodes.CLOSED),
])
def test_existing_and_closed(workspace: Any, virtual_card: Callable[[str], None], card: str, status: str,
                             code: int) -> None:
    virtual_card(card)
    run = workspace.create(NO_ACCOUNT)
    assert (run.code, run.json["status"]) == (code, status), run.stderr
    assert workspace.ledger_count() == 0


def test_refused_by_todays_service(make_workspace: Callable[..., Any], virtual_card: Callable[[str], None]) -> None:
    ws = make_workspace(simulator_mode="today")
    virtual_card("famille-martin")
    run = ws.create(NO_ACCOUNT, "--receipt-out", str(ws.root / "a.pdf"))
    assert (run.code, run.json["status"]) == (exitcodes.REFUSED, "refused"), run.stderr
    assert run.json["error"]["code"] == "dmp_creation_refused" and "Mon espace santé" in run.json["error"]["message"]
    assert ws.ledger_count() == 0


BAD = [
    ({"beneficiary": 5}, "beneficiary_index", "beneficiary"),
    ({"beneficiary": 2}, "beneficiary_not_eligible", "beneficiary"),  # the child has no NIR of her own
    ({"consent": {"oral_consent": False, "emergency_access": True}}, "consent_missing", "consent.oral_consent"),
    ({"consent": {"oral_consent": True}}, "emergency_answer_missing", "consent.emergency_access"),
    ({"account": {"email": "jean@"}}, "email_invalid", "account.email"),
    ({"account": {"mobile": "01 23 45 67 89"}}, "phone_invalid", "account.mobile"),
    ({"patient": "x"}, "request_invalid", "patient"),
]


def test_bad_requests_send_and_record_nothing(workspace: Any, virtual_card: Callable[[str], None]) -> None:
    virtual_card("famille-martin")
    for change, code, field in BAD:
        run = workspace.create({**NO_ACCOUNT, **change})
        assert run.code == exitcodes.REQUEST_INVALID, (change, run.stderr)
        assert run.json["status"] == "error" and run.json["error"]["code"] == code, change
        assert field in run.json["error"]["message"], change
    assert workspace.ledger_count() == 0
    # nothing reached the service either: the same patient is still creatable
    ok = workspace.create(NO_ACCOUNT, "--receipt-out", str(workspace.root / "ok.pdf"))
    assert ok.code == exitcodes.CREATED, ok.stderr


def test_json_that_does_not_parse(workspace: Any) -> None:
    run = workspace.create('{"beneficiary": 0,')
    assert run.code == exitcodes.REQUEST_INVALID and run.json["error"]["code"] == "request_invalid"
    assert "line 1" in run.json["error"]["message"]


@pytest.mark.cups
def test_printed_on_the_cups_queue(make_workspace: Callable[..., Any], virtual_card: Callable[[str], None]) -> None:
    from tests.conftest import require_service  # type: ignore[import-not-found]

    queue = require_service("cups")
    out = Path(os.environ.get("DMP_DESKTOP_TEST_PRINTER_OUT", ""))
    before = set(out.glob("*.pdf")) if out.is_dir() else set()
    ws = make_workspace(printer=queue)
    virtual_card("famille-martin")
    run = ws.create(WITH_ACCOUNT)
    assert run.code == exitcodes.CREATED, run.stderr
    assert run.json["receipt"] == {"printed": True, "printer": queue, "file": None}
    if out.is_dir():  # cups-pdf writes the job: the accusé really went through the spooler
        deadline = time.monotonic() + 20
        while not (set(out.glob("*.pdf")) - before) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert set(out.glob("*.pdf")) - before, f"no job output in {out}"


@pytest.mark.postgres
def test_on_postgresql(make_workspace: Callable[..., Any], virtual_card: Callable[[str], None], pg_url: str) -> None:
    ws = make_workspace(database_url=pg_url)
    virtual_card("famille-martin")
    first = ws.create(NO_ACCOUNT, "--receipt-out", str(ws.root / "a.pdf"))
    assert first.code == exitcodes.CREATED, first.stderr
    again = ws.create(NO_ACCOUNT, "--receipt-out", str(ws.root / "b.pdf"))
    assert again.json["status"] == "already_exists"
    assert ws.ledger_count() == 1


def test_no_card_in_the_reader(workspace: Any) -> None:
    run = workspace.create(NO_ACCOUNT)
    # no_card; card_removed when another test's virtual card was just leaving the shared pcscd
    assert run.code == exitcodes.CARD, run.stdout + run.stderr
    assert run.json["error"]["code"] in {"no_card", "card_removed"} and run.json["creation_id"] is None

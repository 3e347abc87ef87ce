"""`dmp-desktop create` through cli.main in-process: reading the request, --json, exit codes (no card needed)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dmp_desktop.cli import main
from dmp_desktop.pos import exitcodes


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'mode = "training"\ndata_dir = "{(tmp_path / "d").as_posix()}"\n'
                    f'log_dir = "{(tmp_path / "l").as_posix()}"\n[card]\nbackend = "inprocess"\nwait_seconds = 0\n',
                    encoding="utf-8")
    return path


def run(config: Path, *args: str, capsys: pytest.CaptureFixture[str], pin: str | None = "1234") -> tuple[int, str, str]:
    """`create` as the training CPS's holder: `pin` on standard input with --pin-stdin (None: no PIN given)."""
    extra = ["--pin-stdin"] if pin is not None else []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO(f"{pin}\n" if pin is not None else ""))
        code = main(["--config", str(config), "create", *args, *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_missing_request_file(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(config, "--request", str(tmp_path / "nope.json"), "--json", capsys=capsys)
    assert code == exitcodes.REQUEST_INVALID and json.loads(out)["error"]["code"] == "request_invalid"


def test_bad_consent_is_refused_without_opening_anything(config: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    req = tmp_path / "r.json"
    req.write_text('{"beneficiary": 0, "consent": {"oral_consent": false, "emergency_access": true}, '
                   '"account": null}', encoding="utf-8")
    code, out, err = run(config, "--request", str(req), capsys=capsys)
    assert code == exitcodes.REQUEST_INVALID
    assert "Échec" in out and "consent.oral_consent" in err
    assert not (tmp_path / "d").exists()  # no database, no simulator state: nothing opened


def test_receipt_out_folder_must_exist(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    req = tmp_path / "r.json"
    req.write_text('{"beneficiary": 0, "consent": {"oral_consent": true, "emergency_access": true}, '
                   '"account": null}', encoding="utf-8")
    code, out, _ = run(config, "--request", str(req), "--receipt-out", str(tmp_path / "no" / "a.pdf"), "--json",
                       capsys=capsys)
    assert code == exitcodes.REQUEST_INVALID and "--receipt-out" in json.loads(out)["error"]["message"]


def test_in_process_reader_without_card(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    req = tmp_path / "r.json"
    req.write_text('{"beneficiary": 0, "consent": {"oral_consent": true, "emergency_access": true}, '
                   '"account": null}', encoding="utf-8")
    code, out, _ = run(config, "--request", str(req), "--json", capsys=capsys)
    doc = json.loads(out)
    assert code == exitcodes.CARD and doc["error"]["code"] == "no_card" and doc["creation_id"] is None


def test_in_process_training_card_created(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The in-process reader shares one process with the command: insert the training card, then create."""
    from dmp_desktop.card import training_reader
    from dmp_desktop.card.image import load_image, resolve_image

    reader = training_reader()
    reader.insert(load_image(resolve_image("famille-martin")))
    try:
        req = tmp_path / "r.json"
        req.write_text('{"beneficiary": 1, "consent": {"oral_consent": true, "emergency_access": false}, '
                       '"account": {"email": "sophie@example.fr"}}', encoding="utf-8")
        pdf = tmp_path / "accuse.pdf"
        code, out, _ = run(config, "--request", str(req), "--receipt-out", str(pdf), "--json", capsys=capsys)
        doc = json.loads(out)
        assert code == exitcodes.CREATED, doc
        assert doc["ins"] == {"type": "INS-NIR", "value": "282056912304564"}
        assert doc["account"]["channels"] == ["EMAIL"] and pdf.read_bytes().startswith(b"%PDF")
    finally:
        reader.remove()


def _request(tmp_path: Path, **extra: object) -> Path:
    req = tmp_path / "r.json"
    req.write_text(json.dumps({"beneficiary": 0, "account": None,
                               "consent": {"oral_consent": True, "emergency_access": False}, **extra}),
                   encoding="utf-8")
    return req


def test_mode_directe_needs_the_pin_on_standard_input(config: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(config, "--request", str(_request(tmp_path)), "--json", capsys=capsys, pin=None)
    doc = json.loads(out)
    assert code == exitcodes.REQUEST_INVALID and doc["error"]["code"] == "request_invalid"
    assert "--pin-stdin" in doc["error"]["message"], doc


def test_a_wrong_pin_is_a_card_error_with_the_tries_left(config: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(config, "--request", str(_request(tmp_path)), "--json", capsys=capsys, pin="0000")
    doc = json.loads(out)
    assert code == exitcodes.CPS == 35 and doc["error"]["code"] == "cps_pin_incorrect"
    assert "0000" not in out  # the PIN is never echoed
    code, out, _ = run(config, "--request", str(_request(tmp_path)), "--json", capsys=capsys, pin="12a4")
    assert code == 35 and json.loads(out)["error"]["code"] == "cps_pin_incorrect"


def test_a_situation_not_on_the_card_is_refused(config: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(config, "--request", str(_request(tmp_path, situation="1999999999")), "--json", capsys=capsys)
    assert code == 35 and json.loads(out)["error"]["code"] == "cps_situation_required"


def test_pin_and_request_cannot_both_come_from_standard_input(config: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(config, "--request", "-", capsys=capsys)
    assert code == exitcodes.USAGE and "--pin-stdin" in err

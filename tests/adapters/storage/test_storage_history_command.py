"""`dmp-desktop history`, `ledger --year` and `reprint` through cli.main on a real SQLite journal."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from dmp_desktop.cli import main
from dmp_desktop.domain.identity import Ins, InsType
from dmp_desktop.domain.model import Channel, Consent, CreationRecord, CreationState, JournalPatient
from dmp_desktop.pos import exitcodes
from dmp_desktop.storage import open_ledger

KEYS = ["creation_id", "created_at", "patient", "ins_type", "pharmacist", "workstation", "account", "printed",
        "status"]


@pytest.fixture
def config(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = isolated_dirs / "data"
    path = isolated_dirs / "config.toml"
    path.write_text(
        f'data_dir = "{data.as_posix()}"\nlog_dir = "{(isolated_dirs / "log").as_posix()}"\n'
        'workstation = "comptoir-1"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("DMP_DESKTOP_CONFIG", str(path))
    return data


def _record(n: int, at: datetime, patient: JournalPatient, **kw: object) -> CreationRecord:
    base = CreationRecord(at=at, workstation="comptoir-1", pharmacist_rpps="10000000001",
                          pharmacist_name="Camille FORMATION",
                          ins=Ins(InsType.INS_NIR, f"28205691230456{n}", "1.2.250.1.213.1.4.10"),
                          consent=Consent(True, False), patient=patient)
    return replace(base, **kw)  # type: ignore[arg-type]


def _fill(data: Path) -> dict[str, str]:
    ledger = open_ledger(f"sqlite:///{data / 'dmp-desktop-formation.sqlite3'}", spool_dir=data)
    ids: dict[str, str] = {}
    try:
        ids["helene"] = ledger.begin(_record(1, datetime(2019, 3, 10, 9, 0, tzinfo=UTC),
                                             JournalPatient("Lefèvre", "Hélène", "19820518", "", "F")))
        ledger.set_state(ids["helene"], CreationState.CREATED)
        ledger.mark_receipt_printed(ids["helene"])
        ids["jean"] = ledger.begin(_record(2, datetime(2019, 12, 20, 9, 0, tzinfo=UTC),
                                           JournalPatient("Martin", "Jean", "19800000", "", "M"),
                                           workstation="comptoir-2", channels=(Channel.EMAIL,)))
        ledger.set_state(ids["jean"], CreationState.CREATED)
        ledger.mark_account_opened(ids["jean"], (Channel.EMAIL,))
        ids["failed"] = ledger.begin(_record(3, datetime(2020, 1, 5, 9, 0, tzinfo=UTC),
                                             JournalPatient("Durand", "Paul", "19700101", "", "M")))
        ledger.set_state(ids["failed"], CreationState.FAILED, "dmp_unreachable")
    finally:
        ledger.close()
    return ids


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_history_json_lines(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(config)
    assert main(["history", "--json"]) == 0
    lines = _lines(capsys.readouterr().out)
    assert [line["creation_id"] for line in lines] == [ids["failed"], ids["jean"], ids["helene"]]
    assert all(list(line) == KEYS for line in lines)
    assert lines[1] == {
        "creation_id": ids["jean"],
        "created_at": "2019-12-20T09:00:00+00:00",
        "patient": {"last_name": "Martin", "first_name": "Jean", "birth_date": "1980-00-00"},
        "ins_type": "INS-NIR",
        "pharmacist": {"rpps": "10000000001", "name": "Camille FORMATION"},
        "workstation": "comptoir-2",
        "account": True,
        "printed": False,
        "status": "created",
    }
    assert (lines[0]["status"], lines[2]["printed"], lines[2]["account"]) == ("failed", True, False)


def test_history_filters_and_table(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(config)
    assert main(["history", "--json", "--patient", "HELENE lefevre"]) == 0
    assert [line["creation_id"] for line in _lines(capsys.readouterr().out)] == [ids["helene"]]
    assert main(["history", "--json", "--since", "2019-03-11", "--until", "2019-12-31"]) == 0
    assert [line["creation_id"] for line in _lines(capsys.readouterr().out)] == [ids["jean"]]
    assert main(["history", "--until", "2019-06-30"]) == 0
    out = capsys.readouterr().out
    assert "LEFÈVRE Hélène" in out and "18/05/1982" in out and "10/03/2019" in out and ids["helene"] in out
    assert "MARTIN" not in out and "1 création(s)" in out


def test_history_usage_errors(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as bad:
        main(["history", "--since", "14/03/2019"])
    assert bad.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["history", "--since", "2019-04-01", "--until", "2019-03-01"]) == 2
    assert "--since" in capsys.readouterr().err


def test_ledger_year_json_csv_and_month_still_works(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(config)
    assert main(["ledger", "--year", "2019", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["year", "count", "amount_eur", "by_pharmacist", "by_month"]
    assert data["year"] == 2019 and data["count"] == 2 and data["amount_eur"] == 2.0
    assert data["by_pharmacist"] == {"10000000001 Camille FORMATION": 2}
    assert len(data["by_month"]) == 12 and data["by_month"]["2019-03"] == 1 and data["by_month"]["2019-12"] == 1
    assert main(["ledger", "--year", "2019", "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][0] == "creation_id" and [r[0] for r in rows[1:]] == [ids["helene"], ids["jean"]]
    assert main(["ledger", "--year", "2019"]) == 0
    assert "année 2019" in capsys.readouterr().out
    assert main(["ledger", "--month", "2019-03", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 1
    with pytest.raises(SystemExit) as both:
        main(["ledger", "--year", "2019", "--month", "2019-03"])
    assert both.value.code == 2


def test_reprint_plain_to_a_file(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(config)
    out_pdf = tmp_path / "accuse.pdf"
    assert main(["reprint", ids["helene"], "--receipt-out", str(out_pdf)]) == 0
    assert str(out_pdf) in capsys.readouterr().out
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out_pdf.read_bytes())).pages)
    assert "LEFÈVRE" in text and "Hélène" in text and "18/05/1982" in text and "Mme" in text
    assert "Aucun compte" in text and "Mot de passe" not in text
    ledger = open_ledger(f"sqlite:///{config / 'dmp-desktop-formation.sqlite3'}", spool_dir=config)
    try:
        entry = ledger.record(ids["helene"])
        assert entry is not None and entry.printed  # printed at creation; a file does not change it
    finally:
        ledger.close()


def test_reprint_plain_of_a_creation_with_an_account(config: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(config)
    out_pdf = tmp_path / "jean.pdf"
    assert main(["reprint", ids["jean"], "--receipt-out", str(out_pdf)]) == 0
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(out_pdf.read_bytes())).pages)
                    .split())
    assert "Un compte d’accès en ligne a été ouvert lors de la création" in text
    assert "Aucun compte" not in text and "Mot de passe" not in text


def test_reprint_refusals(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _fill(config)
    out_pdf = str(tmp_path / "a.pdf")
    assert main(["reprint", "no-such-id", "--receipt-out", out_pdf]) == exitcodes.REQUEST_INVALID
    err = capsys.readouterr().err
    assert "unknown creation 'no-such-id'" in err and "dmp-desktop history" in err
    assert main(["reprint", ids["failed"], "--receipt-out", out_pdf]) == exitcodes.REQUEST_INVALID
    assert "failed" in capsys.readouterr().err
    assert main(["reprint", ids["helene"], "--receipt-out", str(tmp_path / "no" / "a.pdf")]) == \
        exitcodes.REQUEST_INVALID
    assert not Path(out_pdf).exists()
    with pytest.raises(SystemExit) as missing:
        main(["reprint"])
    assert missing.value.code == 2


def test_database_away_exits_69_for_history_and_ledger_year(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = isolated_dirs / "away.toml"
    path.write_text(f'data_dir = "{(isolated_dirs / "data").as_posix()}"\n'
                    f'log_dir = "{(isolated_dirs / "log").as_posix()}"\n'
                    '[database]\nurl = "postgresql+psycopg://nobody@127.0.0.1:1/dmp"\n', encoding="utf-8")
    monkeypatch.setenv("DMP_DESKTOP_CONFIG", str(path))
    assert main(["history", "--json"]) == 69
    assert "database unavailable" in capsys.readouterr().err
    assert main(["ledger", "--year", "2019", "--json"]) == 69
    assert main(["reprint", "some-id", "--receipt-out", str(isolated_dirs / "a.pdf")]) == exitcodes.LOCAL
    assert "db_unavailable" in capsys.readouterr().err

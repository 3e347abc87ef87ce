"""`dmp-desktop reprint --new-credentials` in training mode: TD1.5d on the embedded simulator over HTTPS, the
ReportLab accusé with the new password in a 0600 file, the reset and the reprint in the journal."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from dmp_desktop.app import open_services
from dmp_desktop.cli import main
from dmp_desktop.domain.identity import Beneficiary, Quality
from dmp_desktop.domain.model import Channel, Consent, CreationRecord, CreationState, JournalPatient
from dmp_desktop.pos import exitcodes
from dmp_desktop.settings import load_settings
from dmp_desktop.storage.tables import creation_events

pytestmark = pytest.mark.slow

SOPHIE = Beneficiary(1, "MARTIN", "Sophie", "19820518", "180057505612342", "DURAND", 1, Quality.CONJOINT,
                     certified_nir="282056912304564")


@pytest.fixture
def config(isolated_dirs: Path) -> Path:
    path = isolated_dirs / "config.toml"
    path.write_text(f'mode = "training"\ndata_dir = "{(isolated_dirs / "d").as_posix()}"\n'
                    f'log_dir = "{(isolated_dirs / "l").as_posix()}"\nworkstation = "comptoir-1"\n'
                    '[card]\nbackend = "inprocess"\nwait_seconds = 0\n', encoding="utf-8")
    return path


def _created_with_account(config: Path, *, open_account: bool = True) -> tuple[str, str]:
    """A DMP (and its web account) on the simulator and its journal entry; returns (creation id, login)."""
    settings = load_settings(config)
    with open_services(settings) as services:
        pharmacist, ins = services.counter.pharmacist, SOPHIE.require_ins(settings.ins_environment)
        services.dmp.create(SOPHIE, ins, Consent(True, True), pharmacist)
        login = ""
        if open_account:
            login = services.dmp.open_web_account(ins, Channel.EMAIL, "sophie@example.fr", pharmacist).login
        cid = services.ledger.begin(CreationRecord(
            at=datetime.now(UTC), workstation="comptoir-1", pharmacist_rpps=pharmacist.rpps,
            pharmacist_name=pharmacist.display_name, ins=ins, consent=Consent(True, True),
            channels=(Channel.EMAIL,), patient=JournalPatient.of(SOPHIE)))
        services.ledger.set_state(cid, CreationState.CREATED)
        if open_account:
            services.ledger.mark_account_opened(cid, (Channel.EMAIL,))
    return cid, login


def test_new_credentials_from_the_simulator(config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cid, _login = _created_with_account(config)
    out_pdf = tmp_path / "nouveaux-identifiants.pdf"
    code = main(["--config", str(config), "reprint", cid, "--new-credentials", "--receipt-out", str(out_pdf)])
    out = capsys.readouterr()
    assert code == exitcodes.CREATED, out.err
    assert "nouveaux identifiants" in out.out and "mot de passe provisoire" in out.err
    assert out_pdf.stat().st_mode & 0o777 == 0o600
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out_pdf.read_bytes())).pages)
    # The simulator's TD1.5d gives a new login with the new password (4 letters + 4 digits, then 8 characters).
    assert re.search(r"\b[a-z]{4}[0-9]{4}\b", text) and "mot de passe" in text.lower()
    assert "MARTIN" in text and "Sophie" in text and "DURAND" in text and "Mme" in text
    assert "FORMATION" in text  # training mode's mark

    settings = load_settings(config)
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            kinds = conn.execute(sa.select(creation_events.c.kind, creation_events.c.detail)
                                 .where(creation_events.c.creation_id == cid).order_by(creation_events.c.id)).all()
    finally:
        engine.dispose()
    assert [tuple(k) for k in kinds][-2:] == [("credentials", "TD1.5d"), ("reprint", "new_credentials not printed")]
    assert not re.search(r"[a-z]{4}[0-9]{4}", out.out + out.err)  # neither login nor password on the terminal


def test_new_credentials_without_an_account_is_the_service_s_error(config: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    cid, _ = _created_with_account(config, open_account=False)
    out_pdf = tmp_path / "a.pdf"
    code = main(["--config", str(config), "reprint", cid, "--new-credentials", "--receipt-out", str(out_pdf)])
    err = capsys.readouterr().err
    assert code == exitcodes.SERVICE, err
    assert "dmp-desktop reprint: dmp_" in err and not out_pdf.exists()

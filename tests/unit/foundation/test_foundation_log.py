"""The redaction filter: no NIR, INS or secret reaches a log file in clear."""

from __future__ import annotations

import logging
from pathlib import Path

from dmp_desktop.log import redact, setup_logging


def test_redact_masks_nir_insc_and_secrets() -> None:
    line = "patient 180057505612342 ins 0844534189858022147202 corse 275032A00401290 password=cbC!bqf3"
    out = redact(line)
    for secret in ("180057505612342", "0844534189858022147202", "275032A00401290", "cbC!bqf3"):
        assert secret not in out
    assert "password=***" in out
    assert "patient 1**************" in out


def test_redact_json_style_and_keeps_ordinary_text() -> None:
    out = redact('{"temporary_password": "cbC!bqf3", "login": "mtef3603", "count": 12}')
    assert "cbC!bqf3" not in out and "mtef3603" in out and '"count": 12' in out
    assert redact("Création du DMP terminée en 412 ms") == "Création du DMP terminée en 412 ms"


def test_log_file_is_redacted(tmp_path: Path) -> None:
    setup_logging(tmp_path, stderr=False)
    log = logging.getLogger("dmp_desktop.test")
    log.info("read NIR %s", "180057505612342")
    log.warning("secret: %s", "hunter2")
    try:
        raise ValueError("bad nir 282056912304564")
    except ValueError:
        log.exception("failure")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (tmp_path / "dmp-desktop.log").read_text(encoding="utf-8")
    assert "read NIR" in text and "failure" in text
    for secret in ("180057505612342", "hunter2", "282056912304564"):
        assert secret not in text
    setup_logging(None, stderr=False)

"""Settings: training defaults with no file, TOML loading, clear errors naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import ReceiptFormat
from dmp_desktop.settings import (
    TRAINING_PHARMACIST,
    load_settings,
    production_problems,
)


def test_defaults_are_training_mode_in_xdg_dirs(isolated_dirs: Path) -> None:
    s = load_settings()
    assert s.training and s.source is None
    assert str(s.data_dir).startswith(str(isolated_dirs))
    assert s.database_url.startswith("sqlite:///") and s.database_url.endswith("dmp-desktop-formation.sqlite3")
    assert s.dmp.endpoint == "" and s.pharmacist == TRAINING_PHARMACIST
    assert s.ins_environment is InsEnvironment.TEST
    assert production_problems(s) == []


def test_full_config(isolated_dirs: Path) -> None:
    cfg = isolated_dirs / "c.toml"
    cfg.write_text(
        """
mode = "production"
data_dir = "DATA"
[card]
reader = "Virtual PCD 00 00"
[printer]
name = "Comptoir"
format = "ticket80"
[database]
url = "postgresql+psycopg://u@db/pharma"
[dmp]
endpoint = "https://dmp.example/si-dmp-server/v2/services"
timeout_creation = 12
[pharmacy]
name = "Pharmacie du Port"
number = "130001234"
[pharmacist]
rpps = "10001234567"
first_name = "Anne"
last_name = "Leroy"
""",
        encoding="utf-8",
    )
    s = load_settings(cfg)
    assert not s.training and s.card.reader == "Virtual PCD 00 00"
    assert s.printer.format is ReceiptFormat.TICKET80 and s.printer.name == "Comptoir"
    assert s.database_url == "postgresql+psycopg://u@db/pharma"
    assert s.dmp.timeout_creation == 12.0 and s.dmp.timeout_existence == 6.0
    assert s.pharmacist.last_name == "Leroy" and s.pharmacy.number == "130001234"
    assert s.ins_environment is InsEnvironment.PRODUCTION
    problems = production_problems(s)
    assert len(problems) == 1 and problems[0].startswith("[dmp] certificate is empty")


def test_env_variable_names_the_file(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = isolated_dirs / "env.toml"
    cfg.write_text('[pharmacy]\nname = "Pharmacie Test"\n', encoding="utf-8")
    monkeypatch.setenv("DMP_DESKTOP_CONFIG", str(cfg))
    assert load_settings().pharmacy.name == "Pharmacie Test"


def test_bad_toml_names_file_and_line(isolated_dirs: Path) -> None:
    cfg = isolated_dirs / "bad.toml"
    cfg.write_text('mode = "training"\n[printer\nname = "x"\n', encoding="utf-8")
    with pytest.raises(DomainError) as exc:
        load_settings(cfg)
    assert exc.value.code is ErrorCode.CONFIG_INVALID
    assert "bad.toml" in exc.value.detail and "line 2" in exc.value.detail


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('mode = "demo"\n', "mode"),
        ('colour = "blue"\n', "colour"),
        ('[printer]\nformat = "a5"\n', "format"),
        ('[dmp]\ntimeout_creation = "soon"\n', "timeout_creation"),
        ('[pharmacy]\nsiret = "1"\n', "siret"),
    ],
)
def test_bad_values_are_named(isolated_dirs: Path, text: str, fragment: str) -> None:
    cfg = isolated_dirs / "v.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(DomainError) as exc:
        load_settings(cfg)
    assert fragment in exc.value.detail


def test_missing_explicit_file(isolated_dirs: Path) -> None:
    with pytest.raises(DomainError) as exc:
        load_settings(isolated_dirs / "nope.toml")
    assert "file not found" in exc.value.detail


def test_dump_and_load_round_trip(isolated_dirs: Path) -> None:
    from dataclasses import replace

    from dmp_desktop.settings import Settings, dump_settings

    original = Settings()
    changed = replace(
        original,
        printer=replace(original.printer, name='Ticket "comptoir"', format=ReceiptFormat.TICKET80),
        pharmacy=replace(original.pharmacy, name="Pharmacie de l'Étang"),
    )
    cfg = isolated_dirs / "saved.toml"
    cfg.write_text(dump_settings(changed), encoding="utf-8")
    loaded = load_settings(cfg)
    assert loaded.printer == changed.printer and loaded.pharmacy == changed.pharmacy
    assert loaded.dmp == changed.dmp and loaded.data_dir == changed.data_dir and loaded.mode == "training"

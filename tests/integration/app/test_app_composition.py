"""The composition root on a fresh install: training mode with no configuration, no keyring, real adapters."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dmp_desktop.app import build_secrets, build_services, build_ui_services
from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.model import DmpStatus
from dmp_desktop.secrets import MemorySecretStore
from dmp_desktop.settings import load_settings


def _training(isolated_dirs: Path):  # type: ignore[no-untyped-def]
    settings = load_settings()
    return dataclasses.replace(settings, card=dataclasses.replace(settings.card, backend="inprocess"))


def _port_open(url: str) -> bool:
    parts = urlsplit(url)
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((parts.hostname or "127.0.0.1", parts.port or 443)) == 0


def test_fresh_install_training_mode_works_end_to_end(isolated_dirs: Path) -> None:
    from dmp_desktop.card import training_reader

    settings = _training(isolated_dirs)
    assert isinstance(build_secrets(settings), MemorySecretStore)  # null keyring in tests: training goes on
    services = build_services(settings)
    try:
        assert services.simulator is not None and _port_open(services.simulator.url)
        training_reader().insert(Path(str(next(p for p in _cards() if p.name == "dmp-existant.json"))))
        card = services.counter.read_card()
        ins = card.beneficiaries[0].require_ins(settings.ins_environment)
        assert services.counter.check_existence(ins).status is DmpStatus.EXISTS
        assert Path(settings.database_url.removeprefix("sqlite:///")).exists()
        url = services.simulator.url
    finally:
        training_reader().remove()
        services.close()
    assert not _port_open(url)  # closing stops the embedded simulator


def _cards() -> list[Path]:
    from dmp_desktop.card.image import training_cards

    return training_cards()


def test_production_without_certificate_says_what_is_missing(isolated_dirs: Path) -> None:
    cfg = isolated_dirs / "prod.toml"
    cfg.write_text(
        'mode = "production"\n[card]\nbackend = "pcsc"\n[dmp]\n'
        'endpoint = "https://127.0.0.1:9/si-dmp-server/v2/services"\nins_environment = "production"\n',
        encoding="utf-8",
    )
    with pytest.raises(DomainError) as exc:
        build_services(load_settings(cfg))
    assert exc.value.code is ErrorCode.CERTIFICATE_MISSING


def test_ui_services_build_the_slow_ports_once_started_and_close_them(isolated_dirs: Path) -> None:
    settings = _training(isolated_dirs)
    ui = build_ui_services(settings)
    try:
        labels = [label for label, _ in ui.training_cards]
        assert labels[0].startswith("Famille Martin") and len(labels) == len(_cards())
        assert not ui.steps.running() and not ui.steps.done()  # the window starts the build once shown
        ui.start()
        steps = ui.steps.result(timeout=60)
        assert steps.ledger.statement("2019-03").count == 0
        url = steps.counter.dmp.endpoint  # type: ignore[attr-defined]
        assert _port_open(url)
    finally:
        ui.close()
    assert not _port_open(url)

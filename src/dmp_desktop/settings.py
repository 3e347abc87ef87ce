"""Settings: TOML in the platformdirs config dir (or --config / DMP_DESKTOP_CONFIG), defaults = training mode."""

from __future__ import annotations

import contextlib
import enum
import os
import stat
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from dmp_desktop.domain.errors import DomainError, ErrorCode
from dmp_desktop.domain.identity import InsEnvironment
from dmp_desktop.domain.model import Pharmacist, Pharmacy, ReceiptFormat

APP_NAME = "dmp-desktop"
CONFIG_ENV = "DMP_DESKTOP_CONFIG"

# The training identity used when nothing is configured (DOMAIN.md: training pharmacy, pharmacist).
VIHF_ALGORITHMS = ("sha256", "sha1")  # [dmp] vihf_algorithm: the VIHF's RSA signature digest
TRAINING_PHARMACY = Pharmacy(name="Pharmacie de formation", number="990000017")
TRAINING_PHARMACIST = Pharmacist(rpps="10000000001", first_name="Camille", last_name="Formation")


@dataclass(frozen=True)
class CardSettings:
    reader: str = ""  # empty: the first reader holding a Vitale card
    backend: str = "auto"  # auto | pcsc | inprocess
    wait_seconds: float = 30.0


@dataclass(frozen=True)
class CpsSettings:
    module: str = ""  # PKCS#11 module (Cryptolib CPS, SoftHSM2); empty in training mode: the training card
    backend: str = "auto"  # auto | pkcs11 | training
    token_label: str = ""  # empty: the first token carrying the CPS objects


@dataclass(frozen=True)
class PrinterSettings:
    name: str = ""  # empty: the system's default printer
    format: ReceiptFormat = ReceiptFormat.A4


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = ""  # empty: SQLite file in the data dir


@dataclass(frozen=True)
class DmpSettings:
    endpoint: str = ""  # empty in training mode: the embedded simulator
    certificate: str = ""  # PKCS#12 structure certificate (password in the OS keyring)
    ca_bundle: str = ""  # CA of the service (empty: system store, or the simulator's CA)
    timeout_existence: float = 6.0
    timeout_creation: float = 10.0
    timeout_other: float = 10.0
    simulator_mode: str = "2019"  # 2019 | today
    ins_environment: InsEnvironment = InsEnvironment.TEST
    # directe: the pharmacist's CPS/CPE and its PIN (how pharmacies created DMPs); indirecte: the establishment
    # certificate pair of `certificate`, no card
    authentication: str = "directe"
    # the establishment's VIHF signature PKCS#12 (mode INDIRECTE); empty: [dmp] certificate signs too
    signature_certificate: str = ""
    vihf_signed: bool = False  # mode DIRECTE: sign the VIHF with the card's signature key (samples: unsigned)
    vihf_algorithm: str = "sha256"  # sha256 | sha1 (the official samples and C# kit)


@dataclass(frozen=True)
class Settings:
    mode: str = "training"  # training | production
    data_dir: Path = field(default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))
    log_dir: Path = field(default_factory=lambda: Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)))
    language: str = "fr"
    workstation: str = field(default_factory=lambda: _hostname())
    card: CardSettings = field(default_factory=CardSettings)
    cps: CpsSettings = field(default_factory=CpsSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    dmp: DmpSettings = field(default_factory=DmpSettings)
    pharmacy: Pharmacy = TRAINING_PHARMACY
    pharmacist: Pharmacist = TRAINING_PHARMACIST
    source: Path | None = None  # the file these settings came from, if any

    @property
    def training(self) -> bool:
        return self.mode == "training"

    @property
    def database_url(self) -> str:
        # training creations are never mixed with the paid ones: their own file unless a URL is configured
        name = "dmp-desktop-formation.sqlite3" if self.training else "dmp-desktop.sqlite3"
        return self.database.url or f"sqlite:///{self.data_dir / name}"

    @property
    def ins_environment(self) -> InsEnvironment:
        return self.dmp.ins_environment if self.training else InsEnvironment.PRODUCTION

    @property
    def simulator_state_dir(self) -> Path:
        return self.data_dir / "simulator"

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def private_dir(path: Path) -> Path:
    """`path`, created if missing, readable by its owner only (0700): the data and log folders hold names,
    birth dates and INS. An existing folder of ours is tightened too. On Windows the profile's ACLs do
    this job and chmod would only touch the read-only flag: nothing is changed there."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        with contextlib.suppress(OSError):  # a folder of another user (a shared mount) is left as it is
            info = path.stat()
            if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
                path.chmod(stat.S_IMODE(info.st_mode) & 0o700)
    return path


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """--config wins, then DMP_DESKTOP_CONFIG, then the platform config file if it exists."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    default = default_config_path()
    return default if default.exists() else None


def _section(cls: type[Any], raw: dict[str, Any], where: str, base: Any) -> Any:
    known = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise DomainError(ErrorCode.CONFIG_INVALID, f"{where}: unknown key '{key}'", field=f"{where}.{key}")
        values[key] = value
    return replace(base, **values) if values else base


def _convert(where: str, key: str, value: Any, kind: type) -> Any:
    try:
        if kind is float:
            return float(value)
        return kind(value)
    except (ValueError, TypeError):
        raise DomainError(
            ErrorCode.CONFIG_INVALID, f"{where}: bad value for '{key}': {value!r}", field=f"{where}.{key}"
        ) from None


def _hostname() -> str:
    import socket  # settings are read before the window opens: only what the defaults need is imported

    return socket.gethostname()


def load_settings(explicit: str | os.PathLike[str] | None = None) -> Settings:
    """Load the settings; a missing file means the embedded training defaults."""
    path = config_path(explicit)
    if path is None:
        return Settings()
    import tomllib

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message carries "(at line N, column M)"
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{path}: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{path}: {exc}") from None
    return settings_from_dict(raw, path)


def settings_from_dict(raw: dict[str, Any], path: Path | None = None) -> Settings:
    where = str(path) if path else "config"
    base = Settings(source=path)
    top: dict[str, Any] = {}
    sections = {"card", "cps", "printer", "database", "dmp", "pharmacy", "pharmacist"}
    for key, value in raw.items():
        if key in sections:
            if not isinstance(value, dict):
                raise DomainError(ErrorCode.CONFIG_INVALID, f"{where}: [{key}] must be a table", field=key)
            continue
        if key not in {"mode", "data_dir", "log_dir", "language", "workstation"}:
            raise DomainError(ErrorCode.CONFIG_INVALID, f"{where}: unknown key '{key}'", field=key)
        top[key] = value
    if "mode" in top and top["mode"] not in {"training", "production"}:
        raise DomainError(
            ErrorCode.CONFIG_INVALID, f"{where}: mode must be \"training\" or \"production\"", field="mode"
        )
    for key in ("data_dir", "log_dir"):
        if key in top:
            top[key] = Path(os.path.expandvars(os.path.expanduser(str(top[key]))))
    settings = replace(base, **top)

    printer = dict(raw.get("printer", {}))
    if "format" in printer:
        printer["format"] = _convert(f"{where} [printer]", "format", printer["format"], ReceiptFormat)
    dmp = dict(raw.get("dmp", {}))
    for key in ("timeout_existence", "timeout_creation", "timeout_other"):
        if key in dmp:
            dmp[key] = _convert(f"{where} [dmp]", key, dmp[key], float)
    if "ins_environment" in dmp:
        dmp["ins_environment"] = _convert(f"{where} [dmp]", "ins_environment", dmp["ins_environment"], InsEnvironment)
    if "authentication" in dmp and dmp["authentication"] not in {"directe", "indirecte"}:
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{where} [dmp]: authentication must be directe or indirecte",
                          field="dmp.authentication")
    if "vihf_signed" in dmp and not isinstance(dmp["vihf_signed"], bool):
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{where} [dmp]: vihf_signed must be true or false",
                          field="dmp.vihf_signed")
    if "vihf_algorithm" in dmp and dmp["vihf_algorithm"] not in VIHF_ALGORITHMS:
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{where} [dmp]: vihf_algorithm must be sha256 or sha1",
                          field="dmp.vihf_algorithm")
    if "signature_certificate" in dmp:
        dmp["signature_certificate"] = str(dmp["signature_certificate"])
    if "simulator_mode" in dmp and dmp["simulator_mode"] not in {"2019", "today"}:
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{where} [dmp]: simulator_mode must be 2019 or today")
    cps = {k: str(v) for k, v in raw.get("cps", {}).items()}
    if "backend" in cps and cps["backend"] not in {"auto", "pkcs11", "training"}:
        raise DomainError(ErrorCode.CONFIG_INVALID, f"{where} [cps]: backend must be auto, pkcs11 or training",
                          field="cps.backend")
    if "module" in cps:
        cps["module"] = os.path.expandvars(os.path.expanduser(cps["module"])) if cps["module"] else ""
    card = dict(raw.get("card", {}))
    if "wait_seconds" in card:
        card["wait_seconds"] = _convert(f"{where} [card]", "wait_seconds", card["wait_seconds"], float)

    return replace(
        settings,
        card=_section(CardSettings, card, f"{where} [card]", settings.card),
        cps=_section(CpsSettings, cps, f"{where} [cps]", settings.cps),
        printer=_section(PrinterSettings, printer, f"{where} [printer]", settings.printer),
        database=_section(DatabaseSettings, dict(raw.get("database", {})), f"{where} [database]", settings.database),
        dmp=_section(DmpSettings, dmp, f"{where} [dmp]", settings.dmp),
        pharmacy=_section(Pharmacy, dict(raw.get("pharmacy", {})), f"{where} [pharmacy]", settings.pharmacy),
        pharmacist=_section(
            Pharmacist, {k: str(v) for k, v in raw.get("pharmacist", {}).items()}, f"{where} [pharmacist]",
            settings.pharmacist,
        ),
    )


def production_problems(settings: Settings) -> list[str]:
    """What production mode still needs (training mode needs nothing)."""
    if settings.training:
        return []
    problems = []
    if not settings.dmp.endpoint:
        problems.append("[dmp] endpoint is empty: production mode needs the DMP service URL")
    if not settings.dmp.certificate:
        problems.append("[dmp] certificate is empty: production mode needs the structure certificate (.p12)")
    if settings.pharmacy == TRAINING_PHARMACY:
        problems.append("[pharmacy] name/number are the training pharmacy's")
    if settings.pharmacist == TRAINING_PHARMACIST:
        problems.append("[pharmacist] rpps/first_name/last_name are the training pharmacist's")
    return problems


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, enum.Enum):
        value = value.value
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def dump_settings(settings: Settings) -> str:
    """The settings as TOML (what the settings dialog saves); load_settings reads it back unchanged."""
    lines = ["# dmp-desktop settings (written by the settings dialog)"]
    for key in ("mode", "data_dir", "log_dir", "language", "workstation"):
        lines.append(f"{key} = {_toml_value(getattr(settings, key))}")
    for section in ("card", "cps", "printer", "database", "dmp", "pharmacy", "pharmacist"):
        lines.append(f"\n[{section}]")
        value = getattr(settings, section)
        for f in fields(value):
            lines.append(f"{f.name} = {_toml_value(getattr(value, f.name))}")
    return "\n".join(lines) + "\n"

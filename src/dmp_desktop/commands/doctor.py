"""`dmp-desktop doctor`: each part the counter needs, checked, with OK / problem / what to do."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dmp_desktop.domain.ports import SecretStore
    from dmp_desktop.settings import Settings

OK, WARN, FAIL = "ok", "warning", "problem"
EXIT_OK = 0
EXIT_PROBLEM = 1  # at least one check failed (warnings alone do not fail)
EXPIRY_WARNING_DAYS = 30


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warning | problem
    detail: str
    todo: str = ""  # what to do (empty when OK)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="vérifier le poste (lecteur, imprimante, base, trousseau, certificat, service DMP) / diagnostics",
        description="Vérifie chaque élément du poste : OK / problème / que faire. Code de sortie non nul si un "
        "contrôle échoue.",
    )
    parser.add_argument("--json", action="store_true", help="JSON {ok, checks: [{name, status, detail, todo}]}")
    parser.set_defaults(func=run)


# ------------------------------------------------------------------ card


def check_card(settings: Settings) -> list[Check]:
    """PC/SC service and readers, then a card present (absence is a warning: none is needed to start)."""
    from dmp_desktop.card import backend_for, open_reader
    from dmp_desktop.domain.errors import DomainError, ErrorCode

    try:
        backend = backend_for(settings)
    except DomainError as exc:
        return [Check("pcsc", FAIL, exc.detail, "Corrigez [card] backend (auto, pcsc ou inprocess).")]
    if backend == "inprocess":
        return [Check("pcsc", OK, "lecteur de formation en mémoire (pas de service PC/SC)")]
    from dmp_desktop.card.scardio import service_available

    if not service_available():
        return [Check("pcsc", FAIL, "le service PC/SC ne répond pas",
                      "Démarrez le service des cartes à puce (pcscd / SCardSvr) et branchez le lecteur.")]
    reader = open_reader(settings)
    try:
        names = reader.readers()
        if not names:
            return [Check("pcsc", FAIL, "service PC/SC actif, aucun lecteur", "Branchez le lecteur de cartes Vitale.")]
        checks = [Check("pcsc", OK, "lecteurs : " + ", ".join(names))]
        wanted = settings.card.reader
        if wanted and wanted not in names:
            checks.append(Check("reader", FAIL, f"lecteur configuré introuvable : {wanted}",
                                "Branchez-le ou choisissez un lecteur présent dans Paramètres."))
        try:
            card = reader.read(wanted or None, 0.0)
            checks.append(Check("card", OK, f"carte {card.card_type} dans {card.reader} "
                                f"({len(card.beneficiaries)} bénéficiaire(s))"))
        except DomainError as exc:
            if exc.code in (ErrorCode.NO_CARD, ErrorCode.CARD_REMOVED):
                checks.append(Check("card", WARN, "aucune carte Vitale dans les lecteurs",
                                    "Normal entre deux patients ; insérez une carte pour tester la lecture."))
            else:
                checks.append(Check("card", FAIL, f"{exc.code.value}: {exc.detail}",
                                    "Retirez et réinsérez la carte ; essayez une autre carte."))
        return checks
    except DomainError as exc:
        return [Check("pcsc", FAIL, f"{exc.code.value}: {exc.detail}", "Redémarrez le service PC/SC.")]
    finally:
        close = getattr(reader, "close", None)
        if close is not None:
            close()


# ------------------------------------------------------------------ professional card (CPS/CPE)


def check_cps(settings: Settings) -> list[Check]:
    """The PKCS#11 module, the card, its validity, its PIN state (the PIN is never asked)."""
    from dmp_desktop.cps import backend_for, open_card_reader
    from dmp_desktop.cps.pin import tries_left
    from dmp_desktop.domain.errors import DomainError, ErrorCode
    from dmp_desktop.domain.professional import PinState

    try:
        backend = backend_for(settings)
    except DomainError as exc:
        return [Check("cps-module", FAIL, exc.detail, "Corrigez [cps] backend (auto, pkcs11 ou training).")]
    reader = open_card_reader(settings)
    checks = []
    if backend == "training":
        checks.append(Check("cps-module", OK, "carte CPS de formation en mémoire (pas de module PKCS#11)"))
    else:
        from dmp_desktop.cps.pkcs11card import Pkcs11CardReader

        try:
            described = reader.module_description() if isinstance(reader, Pkcs11CardReader) else ""
            checks.append(Check("cps-module", OK, f"{settings.cps.module} ({described})"))
        except DomainError as exc:
            return [Check("cps-module", FAIL, exc.detail, "Installez la Cryptolib CPS et indiquez son module dans "
                          "[cps] module (cps3_pkcs11_w64.dll, libcps3_pkcs11_lux.so).")]
    try:
        holder = reader.holder(allow_expired=True)
        state = reader.pin_state()
    except DomainError as exc:
        if exc.code in (ErrorCode.CPS_MISSING, ErrorCode.CPS_REMOVED):
            return [*checks, Check("cps-card", WARN, "aucune carte CPS/CPE dans le lecteur",
                                   "Insérez la carte du pharmacien (ou la CPE) pour l’étape 2.")]
        return [*checks, Check("cps-card", FAIL, f"{exc.code.value}: {exc.detail}",
                               "Réinsérez la carte ; vérifiez que c’est bien une CPS/CPE.")]
    finally:
        reader.close()
    checks.append(Check("cps-card", OK, f"{holder.card_type.value} {holder.national_id} — {holder.display_name}"))
    today = datetime.now(UTC).date()
    until = f"valide du {holder.not_before:%d/%m/%Y} au {holder.not_after:%d/%m/%Y}"
    if holder.expired(today):
        checks.append(Check("cps-validity", FAIL, until, "Carte expirée : commandez son renouvellement."))
    elif holder.not_after - today < timedelta(days=EXPIRY_WARNING_DAYS):
        checks.append(Check("cps-validity", WARN, until, "La carte expire bientôt : commandez son renouvellement."))
    else:
        checks.append(Check("cps-validity", OK, until))
    left = f"{tries_left(state)} essai(s) restant(s)"
    if state is PinState.LOCKED:
        checks.append(Check("cps-pin", FAIL, "carte bloquée (trois codes faux)", "Débloquez-la avec le code PUK."))
    elif state is PinState.READY:
        checks.append(Check("cps-pin", OK, f"code porteur : {left}"))
    else:
        checks.append(Check("cps-pin", WARN, f"code porteur déjà faux : {left}",
                            "Attention au prochain code : la carte se bloque au troisième code faux."))
    return checks


# ------------------------------------------------------------------ printer


def check_printer(settings: Settings) -> list[Check]:
    from dmp_desktop.receipts import cups
    from dmp_desktop.receipts.qtprint import QtPrinter

    printer = QtPrinter(settings.printer.name or None)
    names = printer.printers()
    wanted = settings.printer.name or printer.default_printer()
    fmt = settings.printer.format.value
    if not names:
        return [Check("printer", FAIL, "aucune imprimante installée",
                      "Installez l’imprimante (ou une imprimante PDF) dans le système.")]
    if not wanted:
        return [Check("printer", FAIL, "pas d’imprimante par défaut ni configurée",
                      "Choisissez l’imprimante dans Paramètres.")]
    if wanted not in names:
        return [Check("printer", FAIL, f"imprimante introuvable : {wanted}",
                      "Choisissez une imprimante installée dans Paramètres.")]
    if cups.available():
        state = cups.queue_state(wanted)
        if state.enabled is False or state.accepting is False:
            return [Check("printer", FAIL, f"file d’impression {wanted} arrêtée ou refusant les travaux",
                          f"Relancez la file : cupsenable {wanted} && cupsaccept {wanted}.")]
    return [Check("printer", OK, f"{wanted} (format {fmt})")]


# ------------------------------------------------------------------ database


def check_database(settings: Settings) -> list[Check]:
    from dmp_desktop.storage.engine import classify, make_engine, sqlite_path
    from dmp_desktop.storage.migrate import HEAD_REVISION, current_revision

    url = settings.database_url
    shown = url.split("@")[-1] if "@" in url else url  # never the password of a PostgreSQL URL
    scheme = url.split(":", 1)[0].split("+", 1)[0].lower()
    if scheme not in ("sqlite", "postgresql"):
        return [Check("database", FAIL, f"schéma d’URL non pris en charge : {scheme!r}",
                      "[database] url commence par sqlite:/// (un poste) ou postgresql+psycopg:// (plusieurs).")]
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return [Check("database", WARN, f"{path} n’existe pas encore", "Elle sera créée au premier lancement.")]
    engine = make_engine(url)
    try:
        current = current_revision(engine)
    except Exception as exc:
        code = classify(exc)
        return [Check("database", FAIL, f"{shown}: {code.value if code else type(exc).__name__}",
                      "Vérifiez que le serveur de base de données est démarré et joignable ([database] url).")]
    finally:
        engine.dispose()
    head = HEAD_REVISION  # equal to Alembic's head (a unit test checks it), without importing Alembic
    if current != head:
        return [Check("migrations", FAIL, f"{shown}: schéma {current or 'vide'} au lieu de {head}",
                      "Lancez l’application une fois (elle met la base à jour) ou `dmp-desktop ledger`.")]
    return [Check("database", OK, f"{shown} (schéma {head})")]


# ------------------------------------------------------------------ keyring, certificate, DMP service


def check_keyring(settings: Settings, secrets: SecretStore | None = None) -> list[Check]:
    from dmp_desktop.secrets import CERTIFICATE_PASSWORD, KeyringSecretStore, keyring_backend_name, keyring_usable

    backend = "mémoire (tests)" if secrets is not None else keyring_backend_name()
    usable = secrets is not None or keyring_usable()
    if settings.training:
        status = OK if usable else WARN
        todo = "" if usable else "Inutile en formation ; en production il faut un trousseau (Secret Service)."
        return [Check("keyring", status, f"{backend} (mode formation : pas de mot de passe requis)", todo)]
    if not usable:
        return [Check("keyring", FAIL, f"trousseau inutilisable : {backend}",
                      "Installez/déverrouillez le trousseau du système (Windows : Gestionnaire d’identification).")]
    try:
        present = (secrets or KeyringSecretStore()).get(CERTIFICATE_PASSWORD) is not None
    except Exception as exc:
        return [Check("keyring", FAIL, f"{backend}: {type(exc).__name__}", "Déverrouillez le trousseau.")]
    if not present:
        return [Check("keyring", FAIL, "mot de passe du certificat absent du trousseau",
                      "Saisissez-le dans Paramètres > Certificat de la structure.")]
    return [Check("keyring", OK, f"{backend}, mot de passe du certificat présent")]


_TODO = {
    "certificate": "Installez un certificat de structure valide ([dmp] certificate) et son mot de passe.",
    "tls": "Vérifiez l’adresse du service ([dmp] endpoint), le réseau et l’autorité ([dmp] ca_bundle).",
    "td0.2": "Le service répond mal : réessayez plus tard, ou contactez le support (0810 331 133).",
}


# The fix named by the code that stopped the service from opening (dmp.probe's "code: detail").
_TODO_BY_CODE = {
    "dmp_test_oid_in_production": (
        "Production : réglez [dmp] ins_environment = \"production\" (jamais d’OID de test vers le service réel)."
    ),
    "training_in_production": (
        "Production sur un élément de formation : installez le certificat de structure et l’autorité de l’ANS "
        "([dmp] certificate, ca_bundle), ou repassez en mode formation."
    ),
    "config_invalid": "Renseignez l’adresse du service DMP en https ([dmp] endpoint).",
    "certificate_missing": "Le fichier du certificat de structure est introuvable : corrigez [dmp] certificate.",
    "secret_missing": "Saisissez le mot de passe du certificat dans Paramètres > Certificat de la structure.",
    "keyring_unavailable": "Installez/déverrouillez le trousseau du système.",
    "dmp_server_untrusted": (
        "Le service DMP n’a pas pu être authentifié : n’envoyez rien, vérifiez [dmp] ca_bundle et contactez "
        "le support."
    ),
}


def _todo(name: str, detail: str) -> str:
    code = detail.split(":", 1)[0].strip()
    if "ins_environment" in detail:
        code = "dmp_test_oid_in_production"
    return _TODO_BY_CODE.get(code) or _TODO.get(name, "")


def check_dmp(settings: Settings, secrets: SecretStore | None = None) -> list[Check]:
    from dmp_desktop.dmp import probe
    from dmp_desktop.secrets import KeyringSecretStore

    checks = []
    now = datetime.now(UTC)
    for p in probe(settings, secrets or KeyringSecretStore()):
        detail = p.detail
        status, todo = (OK, "") if p.ok else (FAIL, _todo(p.name, p.detail))
        if p.not_after is not None:
            detail += f" — valide jusqu’au {p.not_after:%d/%m/%Y}"
            if p.ok and p.not_after - now < timedelta(days=EXPIRY_WARNING_DAYS):
                status, todo = WARN, "Le certificat expire bientôt : commandez son renouvellement."
        checks.append(Check(p.name, status, detail, todo))
    return checks


def _card(settings: Settings, secrets: SecretStore | None) -> list[Check]:
    return check_card(settings)


def _cps(settings: Settings, secrets: SecretStore | None) -> list[Check]:
    return check_cps(settings)


def _printer(settings: Settings, secrets: SecretStore | None) -> list[Check]:
    return check_printer(settings)


def _database(settings: Settings, secrets: SecretStore | None) -> list[Check]:
    return check_database(settings)


CHECKS: list[tuple[str, Callable[[Settings, SecretStore | None], list[Check]]]] = [
    ("card", _card),
    ("cps", _cps),
    ("printer", _printer),
    ("database", _database),
    ("keyring", check_keyring),
    ("dmp", check_dmp),
]


def run_checks(settings: Settings, secrets: SecretStore | None = None) -> list[Check]:
    """Every check; one that crashes is reported as a problem instead of hiding the others."""
    from dmp_desktop.settings import production_problems

    out = [Check("settings", FAIL, p, "Corrigez le fichier de paramètres.") for p in production_problems(settings)]
    if not out:
        out.append(Check("settings", OK, f"mode {settings.mode}, {settings.source or 'paramètres par défaut'}"))
    for name, check in CHECKS:
        try:
            out.extend(check(settings, secrets))
        except Exception as exc:
            out.append(Check(name, FAIL, f"{type(exc).__name__}: {exc}", "Voir le journal (dmp-desktop -v)."))
    return out


def format_table(checks: list[Check]) -> str:
    mark = {OK: "OK      ", WARN: "ATTENTION", FAIL: "PROBLÈME"}
    lines = []
    for c in checks:
        lines.append(f"{mark[c.status]:<9} {c.name:<12} {c.detail}")
        if c.todo:
            lines.append(f"{'':<9} {'':<12} → {c.todo}")
    return "\n".join(lines)


def run(args: argparse.Namespace, settings: Settings) -> int:
    checks = run_checks(settings)
    failed = any(c.status == FAIL for c in checks)
    if args.json:
        print(json.dumps({"ok": not failed, "checks": [asdict(c) for c in checks]}, ensure_ascii=False, indent=2))
    else:
        print(format_table(checks))
    sys.stdout.flush()
    return EXIT_PROBLEM if failed else EXIT_OK

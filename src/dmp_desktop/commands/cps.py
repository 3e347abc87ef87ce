"""`dmp-desktop cps read` (the professional's card: holder, validity, PIN state, situations with the PIN) and
`cps provision` (a SoftHSM2 token made from a CPS image, certificates from the simulator's IGC). docs/cps.md"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dmp_desktop.domain.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from dmp_desktop.cps import CpsReader
    from dmp_desktop.domain.ports import CardSession
    from dmp_desktop.domain.professional import CardHolder, PinState, Situation
    from dmp_desktop.settings import Settings

# issue_card_certificates(state_dir, image) -> the card's PEMs (dmp.simulator, the simulator's test IGC-Santé)
StateIssuer = Callable[[Path, dict[str, Any]], Any]

MESSAGES = {
    ErrorCode.CPS_MODULE_MISSING: ("Le module PKCS#11 de la carte CPS est introuvable ou inutilisable.",
                                   "The CPS card's PKCS#11 module is missing or unusable."),
    ErrorCode.CPS_MISSING: ("Aucune carte CPS/CPE dans le lecteur.", "No CPS/CPE card in the reader."),
    ErrorCode.CPS_UNKNOWN: ("Cette carte n’est pas une carte CPS/CPE lisible.", "This card is not a readable CPS/CPE."),
    ErrorCode.CPS_EXPIRED: ("La carte CPS/CPE est expirée : demandez son renouvellement.",
                            "The CPS/CPE card has expired: order its renewal."),
    ErrorCode.CPS_PIN_INCORRECT: ("Code porteur faux.", "Wrong PIN."),
    ErrorCode.CPS_PIN_LOCKED: ("Carte bloquée (trois codes faux) : débloquez-la avec le code PUK.",
                               "Card blocked (three wrong PINs): unblock it with the PUK."),
    ErrorCode.CPS_REMOVED: ("La carte a été retirée : réinsérez-la.", "The card was removed: insert it again."),
    ErrorCode.CARD_DATA_INVALID: ("Image de carte CPS invalide.", "Invalid CPS image."),
    ErrorCode.CONFIG_INVALID: ("Paramètres invalides.", "Invalid settings."),
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("cps", help="carte du professionnel (CPS/CPE) / professional card")
    sub = parser.add_subparsers(dest="cps_command", metavar="ACTION", required=True)

    read = sub.add_parser("read", help="lire la carte CPS/CPE / read the CPS/CPE card")
    read.add_argument("--json", action="store_true", help="JSON output")
    read.add_argument("--pin-stdin", action="store_true",
                      help="code porteur lu sur l’entrée standard (une ligne) : affiche aussi les situations")
    read.add_argument("--training", metavar="NAME", help="insérer d’abord cette carte de formation (pharmacien...)")
    read.set_defaults(func=run_read)

    prov = sub.add_parser("provision", help="jeton SoftHSM2 depuis une image CPS / SoftHSM2 token from a CPS image")
    prov.add_argument("image", metavar="IMAGE", help="CPS image JSON, or a training card name (pharmacien)")
    prov.add_argument("--state", metavar="DIR", help="the simulator's state folder, whose CA issues the certificates "
                      "(default: the embedded simulator's)")
    prov.add_argument("--softhsm", action="store_true", required=True, help="make a SoftHSM2 token (the only kind)")
    prov.add_argument("--out", metavar="DIR", help="the token's own folder (default: data_dir/cps-tokens/NAME)")
    prov.add_argument("--json", action="store_true", help="JSON {module, token_label, env, settings}")
    prov.set_defaults(func=run_provision)


def simulator_issuer() -> StateIssuer:
    """dmp.simulator's issue_card_certificates: the embedded simulator's test IGC-Santé."""
    issuer = getattr(importlib.import_module("dmp_desktop.dmp.simulator"), "issue_card_certificates", None)
    if issuer is None:
        raise DomainError(ErrorCode.CPS_MODULE_MISSING, "this build has no simulator IGC to issue card certificates")
    return issuer  # type: ignore[no-any-return]


def _fail(exc: DomainError, as_json: bool) -> int:
    from dmp_desktop.pos.exitcodes import for_error

    fr, en = MESSAGES.get(exc.code, ("Erreur de la carte CPS.", "CPS card error."))
    if exc.code is ErrorCode.CPS_PIN_INCORRECT and exc.detail:
        fr, en = f"{fr} Essais restants : {exc.detail}.", f"{en} Tries left: {exc.detail}."
    print(f"dmp-desktop: {fr} / {en} ({exc.code.value}: {exc.detail})", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": {"code": exc.code.value, "message": f"{fr} / {en}", "detail": exc.detail}},
                         ensure_ascii=False))
    return for_error(exc.code)


def holder_json(holder: CardHolder, today: Any) -> dict[str, Any]:
    spec = holder.specialty
    return {
        "type": holder.card_type.value,
        "national_id": holder.national_id,
        "first_name": holder.first_name,
        "last_name": holder.last_name,
        "profession": holder.profession,
        "specialty": {"code": spec.code, "code_system": spec.code_system} if spec else None,
        "not_before": holder.not_before.isoformat(),
        "not_after": holder.not_after.isoformat(),
        "expired": holder.expired(today),
    }


def pin_json(state: PinState) -> dict[str, Any]:
    from dmp_desktop.cps.pin import tries_left

    return {"state": state.value, "tries_left": tries_left(state)}


def situations_json(situations: tuple[Situation, ...]) -> list[dict[str, str]]:
    return [{"structure_id": s.structure_id, "structure_type": s.structure_type, "name": s.name, "sector": s.sector}
            for s in situations]


def _text(doc: dict[str, Any]) -> str:
    card = doc["card"]
    lines = [
        f"Carte / card : {card['type']} {card['national_id']} — {card['first_name']} {card['last_name']}",
        f"Profession : {card['profession'] or '-'}"
        + (f", spécialité {card['specialty']['code']}" if card["specialty"] else ""),
        f"Validité / validity : {card['not_before']} → {card['not_after']}" + (" (EXPIRÉE)" if card["expired"] else ""),
        f"Code porteur / PIN : {doc['pin']['state']} ({doc['pin']['tries_left']} essai(s) restant(s))",
    ]
    for i, s in enumerate(doc.get("situations") or [], 1):
        lines.append(f"Situation {i} : {s['structure_id']} ({s['structure_type']}) {s['name']} [{s['sector']}]")
    return "\n".join(lines)


def _open(args: argparse.Namespace, settings: Settings) -> CpsReader:
    from dmp_desktop.app import professional_card_reader
    from dmp_desktop.cps import training_reader

    if args.training:
        reader = training_reader(partial(simulator_issuer(), settings.simulator_state_dir))
        reader.insert_image(args.training)
        return reader
    return professional_card_reader(settings)  # in training mode: the training card the wizard starts with


def run_read(args: argparse.Namespace, settings: Settings) -> int:
    import datetime as dt

    pin = sys.stdin.readline().rstrip("\r\n") if args.pin_stdin else None
    reader: CpsReader | None = None
    session: CardSession | None = None
    today = dt.datetime.now(dt.UTC).date()
    try:
        reader = _open(args, settings)
        holder = reader.holder(allow_expired=True)
        doc: dict[str, Any] = {"card": holder_json(holder, today), "pin": pin_json(reader.pin_state())}
        if pin is not None:
            session = reader.login(pin)
            doc["situations"] = situations_json(session.situations)
            doc["pin"] = pin_json(reader.pin_state())
    except DomainError as exc:
        return _fail(exc, args.json)
    finally:
        if session is not None:
            session.close()
        if reader is not None:
            reader.close()
    print(json.dumps(doc, ensure_ascii=False, indent=2) if args.json else _text(doc))
    if doc["card"]["expired"]:
        return _fail(DomainError(ErrorCode.CPS_EXPIRED, f"valid until {doc['card']['not_after']}"), False)
    return 0


def run_provision(args: argparse.Namespace, settings: Settings, issuer: StateIssuer | None = None) -> int:
    from dmp_desktop.cps import softhsm
    from dmp_desktop.cps.image import load_image, resolve_image
    from dmp_desktop.cps.training import issued_pems

    try:
        path = resolve_image(args.image)
        image = load_image(path)
        state = Path(args.state) if args.state else settings.simulator_state_dir
        issued = (issuer or simulator_issuer())(state, image.as_dict())
        auth_cert, auth_key, sig_cert, sig_key, _ = issued_pems(issued)
        out = Path(args.out) if args.out else settings.data_dir / "cps-tokens" / f"{path.stem}-{image.national_id}"
        result = softhsm.provision(image, out.expanduser(), auth_cert, auth_key, sig_cert, sig_key)
    except DomainError as exc:
        return _fail(exc, args.json)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    cps = result["settings"]["cps"]
    print(f"Jeton SoftHSM2 / token « {result['token_label']} » — module {result['module']}")
    print(f"Variable d’environnement / environment: SOFTHSM2_CONF={result['env']['SOFTHSM2_CONF']}")
    print("À ajouter à config.toml / add to config.toml:")
    print("[cps]")
    for key, value in cps.items():
        print(f'{key} = "{value}"')
    return 0

"""`dmp-desktop card read` (read a carte Vitale) and `card simulate` (insert a virtual card into vpcd)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

from dmp_desktop.domain.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from dmp_desktop.domain.identity import CardRead, InsEnvironment
    from dmp_desktop.settings import Settings

EXIT_OK = 0
EXIT_NO_CARD = 3
EXIT_CARD_REFUSED = 4
EXIT_READER = 5
EXIT_READ_FAILED = 6
EXIT_IMAGE = 7

SLOT_HELD_AFTER = 3.0  # seconds without a word from vpcd before `card simulate` says the slot is taken

EXIT_CODES = {
    ErrorCode.NO_CARD: EXIT_NO_CARD,
    ErrorCode.CARD_UNKNOWN: EXIT_CARD_REFUSED,
    ErrorCode.CARD_VITALE1: EXIT_CARD_REFUSED,
    ErrorCode.PCSC_UNAVAILABLE: EXIT_READER,
    ErrorCode.NO_READER: EXIT_READER,
    ErrorCode.READER_NOT_FOUND: EXIT_READER,
    ErrorCode.CONFIG_INVALID: EXIT_READER,
    ErrorCode.CARD_REMOVED: EXIT_READ_FAILED,
    ErrorCode.CARD_STATUS: EXIT_READ_FAILED,
    ErrorCode.CARD_DATA_INVALID: EXIT_READ_FAILED,
}

# French first, English after (the pharmacist reads the first half).
MESSAGES = {
    ErrorCode.NO_CARD: ("Aucune carte Vitale dans le lecteur.", "No Vitale card in the reader."),
    ErrorCode.CARD_UNKNOWN: (
        "Cette carte n’est pas une carte Vitale.",
        "This card is not a Vitale card.",
    ),
    ErrorCode.CARD_VITALE1: (
        "Carte Vitale 1 : non prise en charge, le patient doit demander sa carte Vitale 2.",
        "Vitale 1 card: not supported, the patient needs a Vitale 2 card.",
    ),
    ErrorCode.PCSC_UNAVAILABLE: (
        "Le service de cartes à puce (PC/SC) ne répond pas.",
        "The smart-card service (PC/SC) does not answer.",
    ),
    ErrorCode.NO_READER: ("Aucun lecteur de cartes branché.", "No card reader connected."),
    ErrorCode.READER_NOT_FOUND: ("Lecteur introuvable.", "Reader not found."),
    ErrorCode.CARD_REMOVED: (
        "La carte a été retirée pendant la lecture : réinsérez-la.",
        "The card was removed during the read: insert it again.",
    ),
    ErrorCode.CARD_STATUS: (
        "La carte a refusé une commande : réinsérez-la.",
        "The card refused a command: insert it again.",
    ),
    ErrorCode.CARD_DATA_INVALID: (
        "Les données de la carte sont illisibles ou invalides.",
        "The card data are unreadable or invalid.",
    ),
    ErrorCode.CONFIG_INVALID: ("Configuration du lecteur invalide.", "Invalid card reader settings."),
}

REASONS = {
    "eligible": "DMP possible",
    "nir_invalid": "clé NIR invalide",
    "no_own_nir": "pas de NIR propre",
    "nir_temporary": "NIR provisoire (7/8)",
    "nir_not_certified": "NIR non certifié (3/4)",
    "first_name_unusable": "prénom sans lettre latine : pas d’INS-C",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("card", help="carte Vitale : lecture, carte virtuelle / Vitale card")
    sub = parser.add_subparsers(dest="card_command", metavar="ACTION", required=True)

    read = sub.add_parser("read", help="lire la carte Vitale / read the Vitale card")
    read.add_argument("--reader", metavar="NAME", help="lecteur / reader name (default: any reader)")
    read.add_argument("--wait", metavar="SECONDS", type=float, help="attente d’une carte / wait for a card")
    read.add_argument("--json", action="store_true", help="JSON output")
    read.set_defaults(func=run_read)

    sim = sub.add_parser("simulate", help="insérer une carte virtuelle (vpcd) / insert a virtual card")
    sim.add_argument("image", metavar="IMAGE", help="card image JSON, or a training card name (famille-martin)")
    sim.add_argument("--slot", type=int, choices=(0, 1), default=0, help="vpcd slot (0: port 35963, 1: 35964)")
    sim.add_argument("--pull-after", metavar="N", type=int, help="pull the card when APDU N+1 arrives")
    sim.add_argument(
        "--hang-after", metavar="N", type=int, help="answer N APDUs, then nothing more until stopped (a mute card)"
    )
    sim.add_argument("--host", default="127.0.0.1", help="vpcd host (default 127.0.0.1)")
    sim.set_defaults(func=run_simulate)


def _fail(exc: DomainError, as_json: bool) -> int:
    fr, en = MESSAGES.get(exc.code, ("Erreur de lecture de la carte.", "Card read error."))
    print(f"dmp-desktop: {fr} / {en} ({exc.code.value}: {exc.detail})", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": {"code": exc.code.value, "message": f"{fr} / {en}", "detail": exc.detail}}))
    return EXIT_CODES.get(exc.code, EXIT_READ_FAILED)


def card_json(read: CardRead, env: InsEnvironment) -> dict[str, Any]:
    """The `card read --json` document (docs/cli-card.md)."""
    beneficiaries = []
    for b in read.beneficiaries:
        ins = b.ins(env)
        beneficiaries.append(
            {
                "index": b.index,
                "surname": b.surname,
                "birth_name": b.birth_name,
                "first_name": b.first_name,
                "birth_date": b.birth_date,
                "birth_rank": b.birth_rank,
                "quality": b.quality.value,
                "holder_nir": b.holder_nir,
                "certified_nir": b.certified_nir,
                "nir_valid": b.nir_valid,
                "ins": ins.as_json() if ins else None,
                "eligible": b.eligible,
                "reason": b.eligibility.value,
            }
        )
    return {"reader": read.reader, "card": {"type": read.card_type, "atr": read.atr}, "beneficiaries": beneficiaries}


def _table(doc: dict[str, Any]) -> str:
    lines = [f"Lecteur / reader : {doc['reader']}", f"Carte / card : {doc['card']['type']} (ATR {doc['card']['atr']})"]
    head = ("#", "Nom", "Nom de naissance", "Prénom", "Né(e) le", "Rang", "Qualité", "NIR", "INS", "DMP")
    rows = [head]
    for b in doc["beneficiaries"]:
        d = b["birth_date"]
        ins = b["ins"]
        rows.append(
            (
                str(b["index"]),
                b["surname"],
                b["birth_name"],
                b["first_name"],
                f"{d[6:8]}/{d[4:6]}/{d[0:4]}",
                str(b["birth_rank"]),
                b["quality"],
                (b["certified_nir"] or b["holder_nir"]) + ("" if b["nir_valid"] else " (clé fausse)"),
                f"{ins['type']} {ins['value']}" if ins else "-",
                REASONS.get(b["reason"], b["reason"]),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def run_read(args: argparse.Namespace, settings: Settings) -> int:
    from dmp_desktop.card import open_reader

    wait = settings.card.wait_seconds if args.wait is None else args.wait
    reader: Any = None
    try:
        reader = open_reader(settings)
        read = reader.read(reader=args.reader or None, wait=wait)
    except DomainError as exc:
        return _fail(exc, args.json)
    finally:
        close = getattr(reader, "close", None)
        if close is not None:
            close()
    doc = card_json(read, settings.ins_environment)
    print(json.dumps(doc, ensure_ascii=False, indent=2) if args.json else _table(doc))
    return EXIT_OK


def _slot_held(card: Any, host: str) -> int:
    print(
        f"dmp-desktop: l’emplacement {card.reader} ({host}:{card.port}) est déjà occupé par une autre carte"
        f" virtuelle : retirez-la ou prenez l’autre emplacement (--slot). / slot {card.reader} is already held"
        " by another virtual card: stop it or use the other slot (--slot).",
        file=sys.stderr,
    )
    return EXIT_READER


def run_simulate(args: argparse.Namespace, settings: Settings) -> int:
    from dmp_desktop.card.image import load_image, resolve_image
    from dmp_desktop.card.virtual import VirtualCard

    try:
        image = load_image(resolve_image(args.image))
    except DomainError as exc:
        print(f"dmp-desktop: image de carte invalide / invalid card image: {exc.detail}", file=sys.stderr)
        return EXIT_IMAGE
    for option, value in (("--pull-after", args.pull_after), ("--hang-after", args.hang_after)):
        if value is not None and value < 0:
            print(f"dmp-desktop: {option} doit être >= 0 / must be >= 0", file=sys.stderr)
            return EXIT_IMAGE
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    card = VirtualCard(image, slot=args.slot, pull_after=args.pull_after, host=args.host, hang_after=args.hang_after)
    try:
        card.start()
    except DomainError as exc:
        return _slot_held(card, args.host) if card.connect_timed_out else _fail(exc, False)
    if card.slot_held(SLOT_HELD_AFTER):
        card.stop()
        return _slot_held(card, args.host)
    label = image.get("label") or args.image
    print(f"Carte insérée / card inserted: {label} → {card.reader} ({args.host}:{card.port})", flush=True)
    told_hung = False
    try:
        while not done.is_set() and not card.finished.is_set():
            done.wait(0.1)
            if card.hung.is_set() and not told_hung:
                told_hung = True
                print(
                    f"La carte ne répond plus après {args.hang_after} APDU / card stopped answering after"
                    f" {args.hang_after} APDUs",
                    flush=True,
                )
    finally:
        card.stop()
    if card.pulled.is_set():
        print(f"Carte retirée après {args.pull_after} APDU / card pulled after {args.pull_after} APDUs", flush=True)
    else:
        print("Carte retirée / card removed", flush=True)
    return EXIT_OK

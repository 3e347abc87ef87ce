"""`dmp-desktop dmp-simulator`: run the local DMP service (HTTPS, mutual TLS) until interrupted."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dmp_desktop.settings import Settings

EXIT_OK = 0
EXIT_START_FAILED = 1
EXIT_NO_STATE = 2


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "dmp-simulator",
        help="simulateur local du service DMP / local DMP service simulator",
        description="Serveur HTTPS local qui parle le protocole du DMP (SOAP 1.2, WS-Addressing, VIHF, TLS mutuel).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="adresse d’écoute (boucle locale par défaut)")
    parser.add_argument("--port", type=int, default=0, help="port HTTPS (0 = au hasard)")
    parser.add_argument("--admin-port", type=int, default=0, help="port HTTP d’administration (0 = au hasard)")
    parser.add_argument("--state", metavar="DIR", help="dossier d’état et de certificats (défaut: données/simulator)")
    parser.add_argument("--mode", choices=("2019", "today"), help="2019: création possible; today: refusée")
    parser.add_argument("--json", action="store_true", help="écrire les informations de démarrage en JSON")
    parser.set_defaults(func=run)
    actions = parser.add_subparsers(dest="simulator_action", metavar="{history}")
    history = actions.add_parser(
        "history",
        help="historique des accès aux DMP / access history, JSON lines",
        description="L’historique des accès de chaque DMP, tel que le patient le voit sur dmp.fr : une ligne JSON "
        "par accès (date, transaction, professionnel, mode, structure, VIHF signé ou non).",
    )
    history.add_argument("--state", dest="history_state", metavar="DIR", help="dossier d’état du simulateur")
    history.add_argument("--ins", help="le seul DMP de cet INS")
    history.set_defaults(func=run_history)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from dmp_desktop.dmp.simulator import EmbeddedSimulator

    state = Path(args.state) if args.state else settings.simulator_state_dir
    mode = args.mode or settings.dmp.simulator_mode
    stop = threading.Event()
    try:
        simulator = EmbeddedSimulator(state, mode=mode, host=args.host, port=args.port, admin_port=args.admin_port)
        simulator.start()
    except (OSError, ValueError) as exc:
        print(f"dmp-simulator: démarrage impossible / cannot start: {exc}", file=sys.stderr)
        return EXIT_START_FAILED
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if args.json:
            print(json.dumps(simulator.info()), flush=True)
        else:
            print(f"DMP simulator listening on {simulator.url}", flush=True)
            print(f"  mode: {simulator.mode}   state: {simulator.state_dir}")
            print(f"  admin: {simulator.admin_url} (token in {simulator.state_dir / 'admin-token'})")
            print(f"  CA: {simulator.ca_certificate}")
            print(
                f"  client certificate: {simulator.client_certificate} (training password in docs/dmp-simulator.md)",
                flush=True,
            )
        while not stop.wait(0.5):
            pass
    finally:
        simulator.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return EXIT_OK


def run_history(args: argparse.Namespace, settings: Settings) -> int:
    from dmp_desktop.dmp.simulator.history import read_history

    state = Path(args.history_state) if args.history_state else settings.simulator_state_dir
    try:
        for line in read_history(state, args.ins):
            print(json.dumps(line, ensure_ascii=False), flush=False)
    except (OSError, ValueError) as exc:
        print(f"dmp-simulator history: état illisible / unreadable state in {state}: {exc}", file=sys.stderr)
        return EXIT_NO_STATE
    sys.stdout.flush()
    return EXIT_OK

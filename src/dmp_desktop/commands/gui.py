"""`dmp-desktop` (no subcommand) or `dmp-desktop gui`: the counter window, training mode out of the box."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_NO_DISPLAY = 69  # EX_UNAVAILABLE


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "gui",
        help="l’assistant de création au comptoir (défaut) / the counter wizard (default)",
        description="Ouvre l’assistant de création du DMP (la commande par défaut).",
    )
    parser.set_defaults(func=run_gui)


def run_gui(args: argparse.Namespace, settings: Any) -> int:
    """The real services (app.build_ui_services) in the window until it is closed. Services of steps 2-4
    that cannot be built are explained in the window, then on stderr (exit 1)."""
    from dmp_desktop.app import build_ui_services
    from dmp_desktop.ui import NoDisplayError, run

    try:
        services = build_ui_services(settings)
    except Exception as exc:  # the card reader's settings: nothing was shown yet
        log.error("could not build the services: %s", type(exc).__name__)
        print(f"dmp-desktop: {exc}", file=sys.stderr)
        return 1
    try:
        run(services)
    except NoDisplayError as exc:  # the window never opened (the build never started)
        services.close()
        print(f"dmp-desktop: {exc}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    except Exception as exc:  # the services of steps 2-4 could not be built: said in the window, and here
        log.error("could not build the services: %s", type(exc).__name__)
        print(f"dmp-desktop: {exc}", file=sys.stderr)
        return 1
    return EXIT_OK

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
        help="l'assistant de création au comptoir (défaut) / the counter wizard (default)",
        description="Ouvre l'assistant de création du DMP (la commande par défaut).",
    )
    parser.set_defaults(func=run_gui)


def run_gui(args: argparse.Namespace, settings: Any) -> int:
    """Build the real services (app.build_ui_services) and show the window until it is closed."""
    from dmp_desktop.app import build_ui_services
    from dmp_desktop.ui import run

    try:
        services = build_ui_services(settings)
    except Exception as exc:  # the window cannot open without its services: say why on stderr
        log.exception("could not build the services")
        print(f"dmp-desktop: {exc}", file=sys.stderr)
        return 1
    try:
        run(services)
    except RuntimeError as exc:  # no display: the window never opened, so close what was started
        print(f"dmp-desktop: {exc}", file=sys.stderr)
        close = getattr(services, "close", None)
        if close is not None:
            close()
        return EXIT_NO_DISPLAY
    return EXIT_OK

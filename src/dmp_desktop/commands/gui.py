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
    """Show the window at once and build the real services (app.build_ui_services) behind it; run until
    the window is closed. Services that cannot be built are explained in the window, then on stderr."""
    from dmp_desktop.ui import run
    from dmp_desktop.ui.launch import NoDisplayError

    def services() -> Any:
        from dmp_desktop.app import build_ui_services

        return build_ui_services(settings)

    try:
        run(services, settings=settings)
    except NoDisplayError as exc:  # the window never opened (nothing was built)
        print(f"dmp-desktop: {exc}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    except Exception as exc:  # the window opened but its services could not be built: said there, and here
        log.error("could not build the services: %s", type(exc).__name__)
        print(f"dmp-desktop: {exc}", file=sys.stderr)
        return 1
    return EXIT_OK

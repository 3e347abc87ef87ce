"""The command line: parses, loads settings, calls one command; the GUI is the default command."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from dmp_desktop import __version__
from dmp_desktop.commands import COMMAND_MODULES
from dmp_desktop.domain.errors import DomainError

EXIT_USAGE = 2
EXIT_CONFIG = 78  # EX_CONFIG


def requested_command(argv: Sequence[str]) -> str | None:
    """The command module `argv` names ("gui" when none), or None when the full parser is needed (help,
    version, an unknown word). Only that module is imported: the window's start does not pay for the
    other six commands' parsers."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in ("-h", "--help", "--version"):
            return None
        elif word == "--config":
            skip = True
        elif not word.startswith("-"):
            name = word.replace("-", "_")
            return name if name in COMMAND_MODULES else None
    return "gui"


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (`only`) the global options and that one command."""
    parser = argparse.ArgumentParser(
        prog="dmp-desktop",
        description="Création du DMP au comptoir de la pharmacie (carte Vitale, service DMP, accusé, registre).",
    )
    parser.add_argument("--version", action="version", version=f"dmp-desktop {__version__}")
    parser.add_argument("--config", metavar="FILE", help="TOML settings file (else $DMP_DESKTOP_CONFIG)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if only is None else (only,):
        importlib.import_module(f"dmp_desktop.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(requested_command(arguments))
    args = parser.parse_args(arguments)
    from dmp_desktop.log import setup_logging
    from dmp_desktop.settings import load_settings

    try:
        settings = load_settings(args.config)
    except DomainError as exc:
        print(f"dmp-desktop: configuration invalide / invalid configuration: {exc.detail}", file=sys.stderr)
        return EXIT_CONFIG
    setup_logging(settings.log_dir, logging.DEBUG if args.verbose else logging.INFO)
    func = getattr(args, "func", None)
    if func is None:
        if "gui" in COMMAND_MODULES:
            from dmp_desktop.commands.gui import run_gui

            return int(run_gui(args, settings))
        parser.print_help()
        return EXIT_USAGE
    return int(func(args, settings))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

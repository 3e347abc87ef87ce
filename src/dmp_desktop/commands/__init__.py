"""The subcommands of the command line; each module has register(subparsers) and keeps heavy imports lazy."""

# One line per command module (each sets `func(args, settings) -> int` on its parser).
COMMAND_MODULES: tuple[str, ...] = (
    "gui",
    "wizard",
    "card",
    "cps",
    "dmp_simulator",
    "create",
    "ledger",
    "history",
    "reconcile",
    "reprint",
    "doctor",
)

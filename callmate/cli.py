"""The `callmate` command line: argument parsing and exit codes (0 ok, 1 bad input, 2 usage).

Each command module registers its own subcommands, so adding a command touches one module and
the list below.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from callmate import __version__
from callmate.commands import after_call, authoring, calls, history, playbooks, practice

COMMAND_MODULES = (calls, playbooks, authoring, history, after_call, practice)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callmate",
        description="A call companion: walks you through a playbook on a live call and will not "
        "let the call end without a dated next step. With no command, opens the home screen.",
    )
    parser.add_argument("--version", action="version", version=f"callmate {__version__}")
    parser.set_defaults(func=calls.cmd_home)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("callmate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`callmate history --json | head`): not an error worth a traceback.
        sys.stderr.close()
        return 0

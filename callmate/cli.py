"""The `callmate` command line: argument parsing and exit codes (0 ok, 1 bad input, 2 usage).

Each command module registers its own subcommands. Only the module of the command being run is
imported (the full list only for top-level help), so starting a call never pays for the export,
schema or practice code.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from callmate import __version__, start_gc, typing_echo
from callmate.startup_trace import mark

mark("python up")  # the interpreter started and is loading the command line
TYPE_CHECKING = False  # typing.TYPE_CHECKING without loading typing (mypy knows the idiom)
if TYPE_CHECKING:
    # Imported by build_parser: loading this module must be over at once, so that the stop
    # handling main() installs first is in place before a stop can find callmate mid-import.
    import argparse

#: Command name -> the module in callmate.commands that registers and runs it, in help order.
COMMANDS = {
    "call": "calls",
    "playbooks": "playbooks",
    "validate": "playbooks",
    "preview": "playbooks",
    "schema": "authoring",
    "new": "authoring",
    "docs": "authoring",
    "history": "history",
    "followups": "after_call",
    "show": "after_call",
    "export": "after_call",
    "import": "after_call",
    "stats": "after_call",
    "practice": "practice",
    "score": "practice",
    "personas": "practice",
    "prospects": "prospects",
    "team": "team",
    "doctor": "doctor",
    "nurture": "nurture",
}

#: What opens the Textual app (None: no command, the home screen).
SCREEN_COMMANDS = {None, "call"}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"callmate.commands.{name}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (with `only`) just the part that one command needs."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="callmate",
        description="A call companion: walks you through a playbook on a live call and will not "
        "let the call end without a dated next step. With no command, opens the home screen.",
    )
    parser.add_argument("--version", action="version", version=f"callmate {__version__}")
    parser.set_defaults(func=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    wanted = [COMMANDS[only]] if only else list(dict.fromkeys(COMMANDS.values()))
    for name in wanted:
        _module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Called without ``argv`` (the `callmate` script, `python -m callmate`) it
    first installs the process's signal handling, so a stop during start-up ends it at once.
    There, a command that opens a screen starts without garbage collection (see start_gc.py)."""
    try:
        args_in = list(sys.argv[1:] if argv is None else argv)
        first = args_in[0] if args_in else None
        if argv is None and first in SCREEN_COMMANDS:
            start_gc.pause()  # back on once its first frame is drawn (tui/app.py)
        if argv is None and first in (*SCREEN_COMMANDS, "practice") and sys.stdin is not None:
            typing_echo.hold()  # keys typed during the start stay off the shell's screen
        if argv is None:
            from callmate import lifeline

            lifeline.install()
        args = build_parser(first if first in COMMANDS else None).parse_args(args_in)
        from callmate.commands.output import clean_arguments

        clean_arguments(args)  # one place for every command's free text (see output.py)
        mark("parser")
        if args.func is None:
            return int(_module("calls").cmd_home(args))
        return int(args.func(args))
    except KeyboardInterrupt as exc:
        return _stopped(exc)
    except RuntimeError as exc:
        # Python 3.11 wraps what a class's __set_name__ raises in a RuntimeError: a stop that
        # came while an imported module was making a dataclass is still the stop.
        if isinstance(exc.__cause__, KeyboardInterrupt):
            return _stopped(exc.__cause__)
        raise
    except BrokenPipeError:
        # The reader went away (`callmate history --json | head`): not an error worth a traceback.
        sys.stderr.close()
        return 0
    finally:
        start_gc.resume()
        typing_echo.give_back()


def _stopped(exc: KeyboardInterrupt) -> int:
    """lifeline.Stopped (a signal before the app ran) says which; ctrl+c is the plain case."""
    with contextlib.suppress(OSError):  # the terminal may be gone
        print(f"callmate: {exc}" if str(exc) else "callmate: interrupted", file=sys.stderr)
    return int(getattr(exc, "exit_code", 130))

"""Plain output for the command line: errors on stderr, never a traceback."""

from __future__ import annotations

import json
import sys
from typing import Any

from callmate.core.clean import clean
from callmate.core.written_out import written_out

TYPE_CHECKING = False  # typing.TYPE_CHECKING without the import (see cli.py)
if TYPE_CHECKING:
    import argparse

OK = 0
BAD_INPUT = 1
USAGE = 2


def printable(text: object) -> str:
    """Stored text made safe for a terminal: no escape sequences reach the rep's screen."""
    return clean(str(text))


def printable_line(text: object) -> str:
    """``text`` as one printable line, every character a terminal would act on written out
    (a newline as ``\\n``, a byte that is not UTF-8 as ``\\x..``, a direction override as
    ``<U+202E>``): a file name holding them can neither make a fake line of its own nor turn
    the rest of its line around, and the reader sees the name as it is."""
    return written_out(str(text))


#: Arguments that name a file (or a playbook or persona by name or path): kept as given, since
#: a file name may hold any bytes; whatever prints them goes through printable().
FILE_ARGUMENTS = frozenset({"playbook", "persona", "file"})


def clean_arguments(args: argparse.Namespace) -> None:
    """Every free-text argument (--prospect, --company, --topic, --feedback, a name...) cleaned
    as typed text is: a byte that is not UTF-8 (a lone surrogate from the shell) becomes U+FFFD
    and control characters are dropped, so nothing downstream fails to write or print it.
    Called once, where the command line is read (cli.main), for every command."""
    for name, value in vars(args).items():
        if name in FILE_ARGUMENTS:
            continue
        if isinstance(value, str):
            setattr(args, name, clean(value))
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            setattr(args, name, [clean(item) for item in value])


def problem_words(exc: BaseException) -> str:
    """What a one-shot command says about ``exc`` (or the store error it wraps).

    A failed save in the live call says the notes are still open and will save again, since
    the call screen retries; a command has ended by the time the rep reads it and retries
    nothing, so it says nothing was saved and to run the same command again."""
    from callmate.store.errors import SavedInPart, StoreWriteError

    cause = exc if isinstance(exc, StoreWriteError) else exc.__cause__
    if not isinstance(cause, StoreWriteError) or isinstance(cause, SavedInPart):
        return str(exc)  # an import's partial save says what was kept (ImportStopped)
    if (planted := _planted_words(cause.__cause__)) is not None:
        # No free space or permission makes a save through a link work: say what will.
        return (
            f"Could not save to {cause.path}: {planted}. Nothing was saved: run `callmate "
            "doctor --repair`, which moves it out of the way (a link is removed, what it points "
            "to is not touched), then run the same command again."
        )
    return (
        f"Could not save to {cause.path} ({cause.reason}). Nothing was saved: free "
        "some disk space or check that the folder can be written to, then run the same "
        "command again."
    )


def _planted_words(exc: BaseException | None) -> str | None:
    """What stands where callmate's file should be, when that is why a save failed (a link,
    a folder or FIFO, a file with another name); None for the disk refusing writes."""
    import errno

    from callmate.store.paths import HARD_LINKED, NOT_A_FILE, HardLinked, NotRegularFile

    if not isinstance(exc, OSError):
        return None
    if isinstance(exc, HardLinked):
        return f"it {HARD_LINKED}"
    if isinstance(exc, NotRegularFile):
        return f"it {NOT_A_FILE}, which callmate never opens"
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link, which callmate will not follow inside its data folder"
    return None


def fail(message: str) -> int:
    print(f"callmate: error: {printable(message)}", file=sys.stderr)
    return BAD_INPUT


def warn(message: str) -> None:
    print(f"callmate: warning: {printable(message)}", file=sys.stderr)


def print_json(data: Any, *, no_floats: bool = False) -> None:
    """One write: json.dump writes every token on its own, which cost seconds for big lists.

    With ``no_floats`` (the caller knows the data holds strings, whole numbers, booleans and
    None only) orjson writes it: the same bytes as json.dumps(indent=2, ensure_ascii=False),
    ten times faster for the long lists (`callmate followups --json` with years of calls).
    Floats are left to json: orjson spells some of them differently (1e-05 as 1e-5, NaN as
    null). Anything orjson refuses (a lone surrogate, a huge integer) goes the json way too.
    """
    if no_floats:
        import orjson

        try:
            sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
            return
        except orjson.JSONEncodeError:
            pass
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")

"""Finding and checking the file a command was given, printing every located problem on the way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from callmate.commands.output import fail, printable
from callmate.core.catalog import PlaybookNotFound, resolve_playbook

if TYPE_CHECKING:
    from callmate.core.persona import Persona
    from callmate.core.playbook import Playbook
    from callmate.core.problems import Problem

T = TypeVar("T")


def checked(
    name_or_path: str,
    resolve: Callable[[str], Path],
    check: Callable[[Path], tuple[T | None, list[Problem]]],
    not_found: type[Exception],
    what: str,
) -> T | int:
    """The loaded file, or an exit code once the reason was printed (problems on stdout)."""
    try:
        path = resolve(name_or_path)
    except not_found as exc:
        return fail(str(exc))
    loaded, problems = check(path)
    for problem in problems:
        print(printable(problem))
    if loaded is None:
        return fail(f"the {what} {path} has errors; fix them and try again")
    return loaded


def checked_playbook(name_or_path: str) -> Playbook | int:
    """The playbook, checked afresh or taken from the check cache (see playbook_cache.py)."""
    from callmate.locations import data_dir
    from callmate.playbook_cache import check_cached

    folder = data_dir()
    return checked(
        name_or_path,
        resolve_playbook,
        lambda path: check_cached(path, folder),
        PlaybookNotFound,
        "playbook",
    )


def checked_persona(name_or_path: str) -> Persona | int:
    from callmate.core.persona_loader import PersonaNotFound, check_persona, resolve_persona

    return checked(name_or_path, resolve_persona, check_persona, PersonaNotFound, "persona")

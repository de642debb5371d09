"""Parsed Textual CSS, kept in callmate's cache folder, so a start does not tokenize the same CSS
again.

Why: before the first question shows, Textual parses every stylesheet the screen uses (ours, and
the default CSS of each kind of widget on it): about a tenth of the start's own time, and the
result only depends on the CSS text, where it came from, the theme's variables and Textual's
CSS code. So each parsed source is kept under a sha256 of all of those in one file in the
user's cache folder (locations.cache_dir: ~/.cache/callmate) named after Textual's CSS code
(the size and time of its modules) and callmate's version; a start takes what it finds there
and parses only what is new, and writes the new parses back after the first frame.

Textual does not offer this: it goes through ``Stylesheet._parse_rules``, which keeps the same
kind of cache in memory only. With another Textual (or anything unexpected) it is simply not
used. A pickle runs code when loaded, so, as for the playbook check (playbook_cache.py), it is
never kept in the data folder (copied and restored from other people's backups), and only a
file that belongs to this user, that nobody else can write, reached without a link, is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import textual.css
from textual.css.stylesheet import Stylesheet

from callmate import __version__
from callmate.playbook_cache import private_folders, trusted

FORMAT = 1
#: Textual 8's in-memory parse, which this wraps (its signature is checked before use).
PARSE = "_parse_rules"


#: The modules a parse's result is made by (an upgraded Textual changes their size or time).
PARSER_MODULES = ("parse.py", "tokenize.py", "tokenizer.py", "model.py", "styles.py")


def cache_file(folder: Path) -> Path:
    """One file per Textual CSS code and callmate version, in the cache folder ``folder``."""
    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    code = Path(textual.css.__file__).parent
    for name in PARSER_MODULES:
        with contextlib.suppress(OSError):
            info = (code / name).stat()
            digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns};".encode())
    return folder / f"css-{digest.hexdigest()[:32]}.pickle"


def variables_key(variables: Mapping[str, str]) -> str:
    """The theme's CSS variables, as part of every key."""
    return hashlib.sha256(
        repr(sorted(variables.items())).encode("utf-8", "surrogatepass")
    ).hexdigest()


def source_key(source: tuple[object, ...], variables: str) -> str:
    """Everything a parse depends on (the CSS, where from, its place, the variables)."""
    css, *where = source
    digest = hashlib.sha256(str(css).encode("utf-8", "surrogatepass"))
    digest.update(f"{where!r}:{variables}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class CssCache:
    """The parses kept in one cache folder (None: no cache folder, nothing kept), and the ones
    this start added."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._kept: dict[str, Any] | None = None  # read when Textual first parses CSS
        self.added = 0
        #: Textual asks for every source again whenever one is added: answered from memory.
        self._memo: dict[tuple[object, ...], Any] = {}
        self._variables: tuple[object, str] | None = None

    @property
    def path(self) -> Path | None:
        return cache_file(self.folder) if self.folder is not None else None

    @property
    def kept(self) -> dict[str, Any]:
        """The parses from earlier starts and this one (the file is read on first use)."""
        if self._kept is None:
            path = self.path
            self._kept = _read(path, self.folder) if path and self.folder else {}
        return self._kept

    def install(self, sheet: Stylesheet) -> bool:
        """Answer ``sheet``'s parses from the cache first; False when this Textual's stylesheet
        is not the one this was written for (then nothing changes)."""
        parse: Callable[..., Any] | None = getattr(sheet, PARSE, None)
        if parse is None or not hasattr(sheet, "_variables"):
            return False

        def cached_parse(
            css: str,
            read_from: object,
            is_default_rules: bool = False,
            tie_breaker: int = 0,
            scope: str = "",
        ) -> Any:
            variables = sheet._variables
            if self._variables is None or self._variables[0] is not variables:
                self._variables = (variables, variables_key(variables))
                self._memo.clear()
            source = (css, read_from, is_default_rules, tie_breaker, scope)
            rules = self._memo.get(source)
            if rules is not None:
                return rules
            key = source_key(source, self._variables[1])
            rules = self.kept.get(key)
            if rules is None:
                rules = parse(css, read_from, is_default_rules, tie_breaker, scope)
                if not any(rule.errors for rule in rules):  # a broken rule is reported afresh
                    self.kept[key] = rules
                    self.added += 1
            self._memo[source] = rules
            return rules

        setattr(sheet, PARSE, cached_parse)
        return True

    def save(self) -> None:
        """Write the parses back if this start added any (quietly not, if it cannot)."""
        path, folder = self.path, self.folder
        if not self.added or path is None or folder is None:
            return
        from callmate.store.atomic import atomic_write_bytes

        with contextlib.suppress(OSError, pickle.PicklingError, RecursionError, TypeError):
            data = pickle.dumps(self.kept, protocol=pickle.HIGHEST_PROTOCOL)
            private_folders(folder, folder)  # never through a link
            atomic_write_bytes(path, data)
            self.added = 0


def _read(path: Path, folder: Path) -> dict[str, Any]:
    from callmate.store.atomic import read_nofollow

    if not trusted(path, folder):
        return {}
    try:
        value = pickle.loads(read_nofollow(path))
    except Exception:  # damaged, or from a Textual whose classes changed: parse afresh
        return {}
    return value if isinstance(value, dict) else {}

"""Read a persona file into the model, or report every located problem in it; find personas.

Personas are checked by the same located, plain-words rules as playbooks (the playbook checker's
field readers are reused), so `callmate validate` reports both kinds of file the same way.
Personas live in a `personas/` folder inside each playbook folder callmate searches.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from callmate.core import persona_format
from callmate.core.catalog import SUFFIXES, search_dirs
from callmate.core.persona import (
    DEFAULT_REPLY_KEY,
    SECTION_KINDS,
    CommitmentModel,
    Objection,
    ObjectionTrigger,
    Persona,
    PersonaPown,
    Phrases,
)
from callmate.core.persona_format import PERSONA_KIND
from callmate.core.playbook import PownTag, SectionKind
from callmate.core.playbook_loader import ID, PLAYBOOK_NAME, PathT, _Checker
from callmate.core.problems import PlaybookError, Problem
from callmate.core.wording import suggest
from callmate.core.yaml_source import LocatedDocument, SourceError, load_yaml_file

PERSONAS_FOLDER = "personas"
# The keys each part of a persona may hold, from the one declaration of the format.
TOP_KEYS = persona_format.PERSONA.names
POWN_KEYS = persona_format.POWN.names
OBJECTION_KEYS = persona_format.OBJECTION.names
TRIGGER_KEYS = persona_format.TRIGGER.names
COMMITMENT_KEYS = persona_format.COMMITMENT.names
PHRASE_KEYS = persona_format.PHRASES.names


def check_persona(path: Path, *, strict: bool = False) -> tuple[Persona | None, list[Problem]]:
    """Load and check a persona file; the persona is None when any error was found.

    `strict` turns warnings (e.g. a hot button that is none of the persona's POWNs) into errors.
    """
    try:
        doc = load_yaml_file(path)
    except SourceError as exc:
        return None, [Problem(str(path), exc.line, exc.col, "error", exc.message)]
    checker = _PersonaChecker(str(path))
    checker.stray_controls(doc)
    persona = checker.build_persona(doc, Path(path).stem)
    problems = sorted(checker.problems, key=lambda p: (p.line, p.col))
    if strict:
        problems = [Problem(p.file, p.line, p.col, "error", p.message) for p in problems]
    if persona is None or any(p.severity == "error" for p in problems):
        return None, problems
    return replace(persona, path=str(Path(path).resolve())), problems


def load_persona(path: Path) -> Persona:
    """A persona ready for practice; raises PlaybookError with every error found."""
    persona, problems = check_persona(path)
    if persona is None:
        raise PlaybookError([p for p in problems if p.severity == "error"])
    return persona


def is_persona_file(path: Path) -> bool:
    """Whether a file says `kind: persona` (an unreadable one is left to the playbook check)."""
    try:
        return load_yaml_file(path).data.get("kind") == PERSONA_KIND
    except (SourceError, OSError):
        return False


# -- finding personas -----------------------------------------------------------------------
@dataclass
class PersonaEntry:
    """A persona name, the file that wins for it, and the files of that name it shadows."""

    name: str
    path: Path
    origin: str
    shadows: list[Path] = field(default_factory=list)


class PersonaNotFound(LookupError):
    pass


def persona_dirs() -> list[tuple[str, Path]]:
    """The `personas/` folder of every playbook folder, in the order a name wins."""
    return [(origin, folder / PERSONAS_FOLDER) for origin, folder in search_dirs()]


def list_personas() -> list[PersonaEntry]:
    """Every persona name once, from the folder that wins, with the files it shadows."""
    entries: dict[str, PersonaEntry] = {}
    for origin, folder in persona_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            if path.stem in entries:
                entries[path.stem].shadows.append(path)
            else:
                entries[path.stem] = PersonaEntry(path.stem, path, origin)
    return sorted(entries.values(), key=lambda e: e.name)


def resolve_persona(name_or_path: str) -> Path:
    """A file path for a persona name or path; PersonaNotFound lists what is available."""
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix in SUFFIXES or os.sep in name_or_path:
        if candidate.is_file():
            return candidate
        raise PersonaNotFound(f"no persona file at {candidate}")
    entries = list_personas()
    for entry in entries:
        if entry.name == name_or_path:
            return entry.path
    names = ", ".join(e.name for e in entries) or "none found"
    raise PersonaNotFound(f"no persona named '{name_or_path}'; available: {names}")


# -- the checker ----------------------------------------------------------------------------
class _PersonaChecker(_Checker):
    """The playbook checker's located field readers, applied to the persona format."""

    def check_template(self, text: str, path: PathT) -> None:
        """Persona lines are said as written: braces are plain text, not templates."""

    def build_persona(self, doc: LocatedDocument, stem: str) -> Persona | None:
        self.doc = doc
        data = doc.data
        where = "the persona"
        self.known_keys(data, (), TOP_KEYS, where)
        self.header(data, stem)
        name = self.text(data, "name", (), where, required=True)
        display_name = self.text(data, "display_name", (), where, required=True)
        hot_button = self.text(data, "hot_button", (), where, required=False) or ""
        powns = self.powns(data.get("powns"))
        if hot_button and powns and hot_button not in {p.text for p in powns}:
            self.warn_at(
                ("hot_button",),
                "hot_button is none of the persona's powns items, so no POWN answer leans on it"
                + suggest(hot_button, [p.text for p in powns]),
            )
        replies = self.replies(data.get("replies"))
        persona_fields: dict[str, Any] = {
            "role": self.text(data, "role", (), where, required=False) or "",
            "company": self.text(data, "company", (), where, required=False) or "",
            "decides": self.flag(data, "decides", (), where, False),
            "buying_process": self.text(data, "buying_process", (), where, required=False) or "",
            "objections": self.objections(data.get("objections")),
            "commitment": self.commitment(data.get("commitment")),
            "phrases": self.phrases(data.get("phrases")),
        }
        if name is None or display_name is None or replies is None:
            return None
        if any(p.severity == "error" for p in self.problems):
            return None
        return Persona(
            name=name,
            display_name=display_name,
            replies=replies,
            powns=powns,
            hot_button=hot_button,
            **persona_fields,
        )

    def header(self, data: dict[str, Any], stem: str) -> None:
        self.format_version(data, "persona")
        kind = data.get("kind")
        if kind is None:
            self.report((), f"a persona file needs 'kind: {PERSONA_KIND}' at the top")
        elif kind != PERSONA_KIND:
            self.report(("kind",), f"'kind' must be '{PERSONA_KIND}', found {kind!r}")
        name = data.get("name")
        if isinstance(name, str) and not PLAYBOOK_NAME.match(name):
            self.report(
                ("name",),
                f"name '{name}' must be lowercase letters, digits and dashes (like "
                "'busy-sceptic'), because reps type it on the command line",
            )
        elif isinstance(name, str) and stem and name != stem:
            self.warn_at(
                ("name",),
                f"name '{name}' differs from the file name '{stem}'; `--persona` finds personas "
                "by file name",
            )

    def texts(self, raw: Any, path: PathT, where: str) -> tuple[str, ...] | None:
        """One line, or a non-empty list of lines (several replies, used in turn)."""
        items = raw if isinstance(raw, list) else [raw]
        if not items:
            self.report(path, f"{where} is an empty list: give at least one line")
            return None
        lines = []
        for i, item in enumerate(items):
            at = (*path, i) if isinstance(raw, list) else path
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.report(at, f"{where} must be a line of text or a list of lines")
                return None
            if not str(item).strip():
                self.report(at, f"{where} has an empty line")
                return None
            self.check_controls(str(item), at, where)
            self.check_markup(str(item), at, where)
            lines.append(str(item).strip())
        return tuple(lines)

    def powns(self, raw: Any) -> tuple[PersonaPown, ...]:
        path: PathT = ("powns",)
        items = []
        for i, item in enumerate(self.listed(raw, path, "{tag, text} items")):
            item_path = (*path, i)
            where = f"powns item {i + 1}"
            data = self.mapping(item, item_path, where)
            if data is None:
                continue
            self.known_keys(data, item_path, POWN_KEYS, where)
            text = self.text(data, "text", item_path, where, required=True)
            tag = self.member(data, "tag", PownTag, PownTag.PROBLEM, item_path, where)
            if text is not None and tag is not None:
                items.append(PersonaPown(tag, text))
        return tuple(items)

    def replies(self, raw: Any) -> dict[str, tuple[str, ...]] | None:
        path: PathT = ("replies",)
        if raw is None:
            self.report(
                (),
                f"the persona needs 'replies:', with at least a '{DEFAULT_REPLY_KEY}:' reply",
            )
            return None
        data = self.mapping(raw, path, "'replies'")
        if data is None:
            return None
        replies: dict[str, tuple[str, ...]] = {}
        for key, value in data.items():
            key_path = (*path, key)
            if not isinstance(key, str) or not ID.match(key):
                self.report(
                    key_path,
                    f"reply key {key!r} must be a question id, a section kind or "
                    f"'{DEFAULT_REPLY_KEY}' (lowercase letters, digits and _)",
                    key=True,
                )
                continue
            close = difflib.get_close_matches(key, sorted(SECTION_KINDS), n=1, cutoff=0.85)
            if key not in SECTION_KINDS and close:
                self.warn_at(
                    key_path,
                    f"reply key '{key}' is no section kind: did you mean '{close[0]}'? (fine if "
                    "it is a question id)",
                )
            elif key != DEFAULT_REPLY_KEY and key == _misspelt_default(data):
                self.report(
                    key_path,
                    f"reply key '{key}' looks like a misspelt '{DEFAULT_REPLY_KEY}': did you mean "
                    f"'{DEFAULT_REPLY_KEY}'? 'replies' needs a '{DEFAULT_REPLY_KEY}:' reply for "
                    "the questions it does not name",
                    key=True,
                )
            lines = self.texts(value, key_path, f"reply '{key}'")
            if lines is not None:
                replies[key] = lines
        if DEFAULT_REPLY_KEY not in data and _misspelt_default(data) is None:
            self.report(
                path,
                f"'replies' needs a '{DEFAULT_REPLY_KEY}:' reply for questions it does not name",
                key=True,
            )
            return None
        return replies if DEFAULT_REPLY_KEY in replies else None

    def objections(self, raw: Any) -> tuple[Objection, ...]:
        path: PathT = ("objections",)
        out = []
        for i, item in enumerate(self.listed(raw, path, "{text, when} items")):
            item_path = (*path, i)
            where = f"objection {i + 1}"
            data = self.mapping(item, item_path, where)
            if data is None:
                continue
            self.known_keys(data, item_path, OBJECTION_KEYS, where)
            text = self.text(data, "text", item_path, where, required=True)
            trigger = self.trigger(data.get("when"), (*item_path, "when"), where)
            if text is not None and trigger is not None:
                out.append(Objection(text, trigger))
        return tuple(out)

    def trigger(self, raw: Any, path: PathT, where: str) -> ObjectionTrigger | None:
        kinds = sorted(SECTION_KINDS)
        usage = (
            f"'when' in {where} takes one of 'section: KIND' ({', '.join(kinds)}) or "
            "'after_question: ID'"
        )
        if not isinstance(raw, dict) or len(raw) != 1:
            self.report(path if raw is not None else path[:-1], usage, key=raw is None)
            return None
        key, value = next(iter(raw.items()))
        if key not in TRIGGER_KEYS:
            self.report((*path, key), usage + suggest(str(key), TRIGGER_KEYS), key=True)
            return None
        if key == "section":
            before = len(self.problems)
            kind = self.member(raw, "section", SectionKind, None, path, where)
            if kind is None and len(self.problems) == before:
                self.report((*path, key), f"'section' in {where} needs a section kind")
            return None if kind is None else ObjectionTrigger(section=kind)
        if not isinstance(value, str) or not ID.match(value):
            self.report((*path, key), f"'after_question' in {where} must be a question id")
            return None
        return ObjectionTrigger(after_question=value)

    def phrases(self, raw: Any) -> Phrases:
        """The persona's own words for callmate's stock lines; each one left out stays English."""
        path: PathT = ("phrases",)
        if raw is None:
            return Phrases()
        data = self.mapping(raw, path, "'phrases'")
        if data is None:
            return Phrases()
        where = "'phrases'"
        self.known_keys(data, path, PHRASE_KEYS, where)
        lines = {
            key: self.text(data, key, path, where, required=False)
            for key in PHRASE_KEYS
            if key in data
        }
        return Phrases(**{k: v for k, v in lines.items() if v is not None})

    def commitment(self, raw: Any) -> CommitmentModel:
        path: PathT = ("commitment",)
        default = CommitmentModel()
        if raw is None:
            return default
        data = self.mapping(raw, path, "'commitment'")
        if data is None:
            return default
        where = "'commitment'"
        self.known_keys(data, path, COMMITMENT_KEYS, where)
        numbers = {
            key: self.integer(data, key, path, where, 0, 10)
            for key in COMMITMENT_KEYS
            if key not in ("strong", "weak")
        }
        lines = {
            key: self.texts(data[key], (*path, key), f"'{key}' in {where}") or ()
            for key in ("strong", "weak")
            if key in data
        }
        values = {k: v for k, v in numbers.items() if v is not None}
        return CommitmentModel(**values, **lines)  # type: ignore[arg-type]


def _misspelt_default(replies: dict[Any, Any]) -> str | None:
    """The reply key that is `default` misspelt (`defualt`), when there is no `default:`."""
    if DEFAULT_REPLY_KEY in replies:
        return None
    keys = [k for k in replies if isinstance(k, str) and k not in SECTION_KINDS]
    close = difflib.get_close_matches(DEFAULT_REPLY_KEY, keys, n=1, cutoff=0.75)
    return close[0] if close else None

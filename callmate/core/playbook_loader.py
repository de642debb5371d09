"""Read a playbook file into the model, or report every located problem in it.

The live app and `callmate validate` both come through `check_playbook`, so a trainer sees exactly
the errors a rep would hit, before any rep does.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar, overload

from callmate.core import format as fmt
from callmate.core import methodology, reachability
from callmate.core.format import FORMAT_VERSION, RESERVED_NAMES
from callmate.core.loader_guidance import GuidanceChecks, guess, quoted_number
from callmate.core.markup import markup_tag
from callmate.core.methodology import Finding
from callmate.core.playbook import (
    SIGNAL_CAPTURES,
    BranchRule,
    Capture,
    Condition,
    NextStepPolicy,
    Playbook,
    PownTag,
    Question,
    Section,
    SectionKind,
    Signal,
)
from callmate.core.problems import PlaybookError, Problem, Severity
from callmate.core.templates import template_names
from callmate.core.wording import kind_of, listing, suggest
from callmate.core.yaml_source import (
    LocatedDocument,
    Location,
    SourceError,
    char_name,
    load_yaml_file,
)

ID = re.compile(fmt.ID_PATTERN.removesuffix("$") + r"\Z")
PLAYBOOK_NAME = re.compile(fmt.NAME_PATTERN.removesuffix("$") + r"\Z")

# The keys each part of a playbook may hold, from the one declaration of the format.
TOP_KEYS = fmt.PLAYBOOK.names
SECTION_KEYS = fmt.SECTION.names
QUESTION_KEYS = fmt.QUESTION.names
RULE_KEYS = fmt.RULE.names
POLICY_KEYS = fmt.NEXT_STEP.names
CONDITION_KEYS = fmt.CONDITION_BLOCK.names

PathT = tuple[str | int, ...]
E = TypeVar("E", bound=StrEnum)

_DEFAULT_POLICY = NextStepPolicy()
#: The keys the methodology review reads: while one of them has an error, its warnings wait
#: (a misspelt `kind` would otherwise also be told its section is missing).
METHOD_KEYS = frozenset(
    {
        "sections",
        "questions",
        "kind",
        "capture",
        "signal",
        "required",
        "hidden",
        "minutes",
        "next_step",
        "scoring",
        "pain_questions",
    }
)
#: Stands in for a `when` that has an error of its own: it matches no answer.
_UNREADABLE_WHEN = Condition("any_of", values=())


def _default(block: fmt.Block, key: str) -> Any:
    return block.key(key).default


_DEFAULT_MINUTES = fmt.PLAYBOOK.key("minutes").default

#: Said once wherever YAML turned a word into yes/no: why an editor may show the file as fine.
YAML_11_NOTE = (
    "callmate reads YAML 1.1, where yes, no, on, off, true and false (in any capitals) are "
    "yes/no values; editors that read YAML 1.2 show them as plain text, so the file can look "
    "fine there"
)
#: Keys a persona has and a playbook never does: a persona without `kind:` is recognised by them.
_PERSONA_ONLY_KEYS = ("display_name", "role", "decides", "buying_process", "powns", "replies")
# One space, then `#` and a word: "our #1 priority" cut short, not a comment lined up on purpose.
_CUT_COMMENT = re.compile(r" #\S")
_KEY_WITHOUT_SPACE = re.compile(r"([a-z_]+):(\S.*)\Z")
#: An error saying a key is missing: "question 'x' needs 'prompt:'", "needs an 'id:'".
_NEEDS_KEY = re.compile(r"needs (?:an )?'([a-z_]+):")


def check_playbook(path: Path, *, strict: bool = False) -> tuple[Playbook | None, list[Problem]]:
    """Load and check a playbook file; the playbook is None when any error was found.

    `strict` turns methodology warnings into errors.
    """
    checker = _Checker(str(path))
    try:
        doc = load_yaml_file(path)
    except SourceError as exc:
        return None, [Problem(str(path), exc.line, exc.col, "error", exc.message)]
    persona = _persona_without_kind(doc, str(path))
    if persona is not None:
        return None, [persona]
    checker.stray_controls(doc)
    playbook = checker.build(doc)
    if playbook is not None:
        playbook = _with_identity(playbook, path)
    # The methodology is reviewed whenever the parts it reads loaded, even while other parts
    # have errors, so its warnings come in the same run as those errors. While some of those
    # parts have errors, the findings no error could change still come (no commitment section
    # in a file where no broken part mentions one, no suggested next steps...).
    reviewed = playbook or (checker.partial if checker.flow_complete else None)
    if reviewed is not None:
        checker.methodology(reviewed, strict=strict)
    elif checker.partial is not None:
        checker.methodology(checker.partial, strict=strict, whole=False)
        reviewed = checker.partial
    name = reviewed.name if reviewed is not None else ""
    if name and PLAYBOOK_NAME.match(name) and name != path.stem:
        checker.warn_at(
            ("name",),
            f"name '{name}' differs from the file name '{path.name}': callmate "
            f"finds playbooks by file name, so name the file {name}{path.suffix}",
        )
    checker.said_once()
    problems = sorted(checker.problems, key=lambda p: (p.line, p.col))
    if strict:
        problems = [Problem(p.file, p.line, p.col, "error", p.message) for p in problems]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return playbook, problems


def _persona_without_kind(doc: LocatedDocument, file: str) -> Problem | None:
    """One clear error for a persona missing `kind: persona`, instead of every playbook error."""
    found = [k for k in _PERSONA_ONLY_KEYS if k in doc.data]
    if "sections" in doc.data or len(found) < 2:
        return None
    keys = listing(f"'{k}'" for k in found)
    if "kind" in doc.data:
        at = doc.value_location(("kind",))
        message = (
            f"this looks like a practice persona (it has {keys}), but its kind is "
            f"{doc.data['kind']!r}; write `kind: persona`"
        )
        return Problem(file, at.line, at.col, "error", message)
    message = (
        f"this looks like a practice persona (it has {keys}), not a playbook; add "
        "`kind: persona` at the top so callmate reads it as a persona"
    )
    return Problem(file, 1, 1, "error", message)


def load_playbook(path: Path) -> Playbook:
    """A playbook ready for a call; raises PlaybookError with every error found."""
    playbook, problems = check_playbook(path)
    if playbook is None:
        raise PlaybookError([p for p in problems if p.severity == "error"])
    return playbook


def _with_identity(playbook: Playbook, path: Path) -> Playbook:
    from dataclasses import replace

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return replace(playbook, sha256=digest, path=str(path.resolve()))


class _Checker(GuidanceChecks):
    """Walks the raw document once, collecting problems and building the model as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.doc: LocatedDocument | None = None
        #: Whether a message already said why YAML reads `off` or `Yes` as yes/no.
        self.explained = False
        #: Every question id the file declares (in file order, where it is) and every section
        #: id (with its place), including those whose question or section had an error.
        self.declared: dict[str, PathT] = {}
        self.ids_known = False
        self.declared_sections: dict[str, int] = {}
        #: Where each loaded section sits in the file's `sections` list (by object identity).
        self.section_index: dict[int, int] = {}
        #: The keys named on the way to each error (`kind`, `capture`...), and whether every
        #: section and question of the file loaded: the methodology is reviewed only when the
        #: keys it reads are free of errors, so its warnings never follow from another error.
        self.error_keys: set[str] = set()
        #: Where each error is (its path in the document), and which sections (by their place
        #: in the file) loaded with every question.
        self.error_paths: list[PathT] = []
        self.whole_sections: set[int] = set()
        self.structure_whole = False
        #: Questions whose `capture` has an error: what depends on it is not judged yet.
        self.unknown_capture: set[str] = set()
        #: Whether the sections, their questions and the next-step policy all loaded.
        self.flow_complete = False
        #: The playbook as far as it could be read, for checks that still make sense on it.
        self.partial: Playbook | None = None
        #: Keys a misspelt key stands for (`promt` for `prompt`), by the mapping holding it, and
        #: the errors that say such a key is missing: the misspelling says it once.
        self.misspelt: set[tuple[PathT, str]] = set()
        self.needs: list[tuple[PathT, str, Problem]] = []

    # -- reporting -------------------------------------------------------------------------
    def report(
        self, path: PathT, message: str, *, key: bool = False, severity: Severity = "error"
    ) -> None:
        assert self.doc is not None
        where = self.doc.key_location(path) if key else self.doc.value_location(path)
        problem = self.report_at(where, message, severity)
        needed = _NEEDS_KEY.search(message)
        if needed is not None:
            self.needs.append((path, needed.group(1), problem))
        if severity == "error":
            self.error_paths.append(path)
        if severity == "error" and _read_by_method(path):
            self.error_keys.update([k for k in path if isinstance(k, str)][-1:])

    def report_at(self, where: Location, message: str, severity: Severity = "error") -> Problem:
        """A problem at an exact place: a character inside a value, a comment (see report)."""
        problem = Problem(self.file, where.line, where.col, severity, message)
        self.problems.append(problem)
        return problem

    def line_of(self, path: PathT) -> int:
        """The line a value starts on, for messages that point back to an earlier place."""
        assert self.doc is not None
        return self.doc.value_location(path).line

    def warn_at(self, path: PathT, message: str) -> None:
        self.report(path, message, severity="warning")

    def shown(self, value: Any, path: PathT) -> str:
        """A value as the trainer typed it (`yes`, `off`, `~`), never as Python would print it."""
        spelled = self.doc.spelled(path) if self.doc is not None else None
        if spelled is not None:
            return f"`{spelled}`"
        if value is None:
            return "nothing"
        if isinstance(value, str):
            return f"'{value[:40]}'"
        return kind_of(value)

    def read_as_yes_no(self, value: Any, path: PathT, what: str) -> bool:
        """Report a word YAML read as yes/no where text was meant; True when it did."""
        if not isinstance(value, bool):
            return False
        spelled = (self.doc.spelled(path) if self.doc is not None else None) or str(value).lower()
        # The why is said once per file, on the first such word; the rest point back to it.
        why = "see the first of these messages for why" if self.explained else YAML_11_NOTE
        self.explained = True
        self.report(
            path,
            f"{what} is `{spelled}`, which YAML reads as {'yes' if value else 'no'} (a yes/no "
            f'value), not as text; put it in quotes: "{spelled}". ({why})',
        )
        return True

    def read_as_mapping(self, value: Any, path: PathT, what: str) -> bool:
        """`{problems}` unquoted is a YAML mapping, not a template; True (reported) when it was."""
        name = _braced(value)
        if name is None:
            return False
        self.report(
            path,
            f"{what} is `{{{name}}}`, which YAML reads as a mapping because it starts with "
            f'`{{`, not as a template; put it in double quotes: "{{{name}}}"',
        )
        return True

    # -- typed field readers ---------------------------------------------------------------
    def mapping(self, value: Any, path: PathT, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        glued = _KEY_WITHOUT_SPACE.match(value) if isinstance(value, str) else None
        if glued is not None:
            key, rest = glued.groups()
            self.report(
                path,
                f"`{key}:{rest[:30]}` needs a space after the colon: write `{key}: {rest[:30]}`;"
                f" without it YAML reads it as one word, so {what} is not a mapping of keys",
            )
            return None
        self.report(path, f"{what} must be a mapping of keys, found {kind_of(value)}")
        return None

    def known_keys(
        self, data: dict[str, Any], path: PathT, allowed: tuple[str, ...], where: str
    ) -> None:
        for key in data:
            if key not in allowed:
                hint = suggest(key, allowed) or f" (allowed: {', '.join(allowed)})"
                self.report((*path, key), f"unknown key '{key}' in {where}{hint}", key=True)
                meant = difflib.get_close_matches(key, allowed, n=1)
                self.misspelt.update((path, m) for m in meant if m not in data)
                # A misspelt key leaves the one it meant at its default: count it as in error.
                if _read_by_method((*path, key)):
                    self.error_keys.update(meant)

    def said_once(self) -> None:
        """Drop "needs 'prompt:'" where the file has `promt:`: the unknown key's "did you mean
        'prompt'?" already says what to fix, at the line to fix."""
        doubled = {id(p) for path, key, p in self.needs if (path, key) in self.misspelt}
        self.problems = [p for p in self.problems if id(p) not in doubled]

    def text(
        self,
        data: dict[str, Any],
        key: str,
        path: PathT,
        where: str,
        *,
        required: bool,
        block: fmt.Block | None = None,
    ) -> str | None:
        """Text at `key`; `block` names the part of the format it belongs to, so a key the
        format shows as written refuses templates (what the schema's pattern refuses too)."""
        if key in data and data[key] is None and required:
            # `display_name:` with nothing after it: the key is there, its value is missing.
            self.report(
                (*path, key),
                f"'{key}' in {where} is empty: write its text after the colon",
                key=True,
            )
            return None
        if key not in data or data[key] is None:
            if required:
                self.report(path, f"{where} needs '{key}:'", key=bool(path))
            return None
        value = data[key]
        if self.read_as_yes_no(value, (*path, key), f"'{key}' in {where}"):
            return None
        if self.read_as_mapping(value, (*path, key), f"'{key}' in {where}"):
            return None
        if not isinstance(value, str | int | float):
            self.report((*path, key), f"'{key}' in {where} must be text, found {kind_of(value)}")
            return None
        value = str(value).strip()
        if not value:
            self.report((*path, key), f"'{key}' in {where} is empty")
            return None
        self.check_controls(value, (*path, key), f"'{key}' in {where}")
        self.check_markup(value, (*path, key), f"'{key}' in {where}")
        if block is not None and fmt.shown_as_written(block.key(key)):
            if "{" in value or "}" in value:
                self.report(
                    (*path, key),
                    f"'{key}' in {where} is shown as written, so a template like "
                    f"{_first_braces(value)} would show with its braces: templates are filled in "
                    "prompts, hints, intros, choices, cards and `say` lines only; take the "
                    "braces out",
                )
                return None
            return value
        self.check_template(value, (*path, key))
        self.check_cut((*path, key), f"'{key}' in {where}", value)
        return value

    def item_without_dash(self, value: Any, path: PathT) -> bool:
        """A list whose item was written without its `- `: YAML read it as a mapping.

        Reported at the item's first key, the line that needs the dash; True when it was.
        """
        if not isinstance(value, dict) or not value or self.doc is None:
            return False
        first = next(iter(value))
        where = self.doc.key_location((*path, first))
        self.problems.append(
            Problem(
                self.file,
                where.line,
                where.col,
                "error",
                f"'{path[-1]}' is a list, so each item starts with `- `: this line needs it, "
                f"like `- {first}: ...`",
            )
        )
        return True

    def listed(self, value: Any, path: PathT, what: str) -> list[Any]:
        """A list the trainer wrote, or [] with a located error when it is anything else."""
        if value is None:
            return []
        if self.item_without_dash(value, path):
            return []
        if isinstance(value, list):
            return value
        self.report(path, f"'{path[-1]}' must be a list of {what}, found {kind_of(value)}")
        return []

    def format_version(self, data: dict[str, Any], what: str) -> None:
        """Files say which format they are written in, so a future format is refused plainly."""
        written = data.get("format")
        if written is None:
            self.report((), f"the {what} needs 'format: {FORMAT_VERSION}' at the top")
        elif isinstance(written, str) and written.strip() == str(FORMAT_VERSION):
            self.report(
                ("format",),
                f"the format version is a number, but the file has it in quotes ({written!r}); "
                f"drop the quotes: format: {FORMAT_VERSION}",
            )
        elif written != FORMAT_VERSION or isinstance(written, bool):
            self.report(
                ("format",),
                f"this callmate reads {what} format {FORMAT_VERSION}, the file says {written!r}",
            )

    def flag(self, data: dict[str, Any], key: str, path: PathT, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if isinstance(value, bool):
            return value
        self.report(
            (*path, key), f"'{key}' in {where} must be yes/no (true/false), found {value!r}"
        )
        return default

    def integer(
        self, data: dict[str, Any], key: str, path: PathT, where: str, low: int, high: int
    ) -> int | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        number = fmt.whole_number(value)
        if number is None or not low <= number <= high:
            found = f"the text {value!r}" if isinstance(value, str) else f"{value!r}"
            found = quoted_number(key, value) or found
            self.report(
                (*path, key),
                f"'{key}' in {where} must be a whole number from {low} to {high}, found {found}",
            )
            return None
        return number

    def declared_whole(
        self, data: dict[str, Any], block: fmt.Block, key: str, path: PathT, where: str
    ) -> int | None:
        """A whole-number key, within the range the format declares for it (as the schema)."""
        low, high = fmt.bounds(block.key(key))
        return self.integer(data, key, path, where, low, high)

    @overload
    def member(
        self, data: dict[str, Any], key: str, enum: type[E], default: E, path: PathT, where: str
    ) -> E: ...
    @overload
    def member(
        self, data: dict[str, Any], key: str, enum: type[E], default: None, path: PathT, where: str
    ) -> E | None: ...
    def member(
        self,
        data: dict[str, Any],
        key: str,
        enum: type[E],
        default: E | None,
        path: PathT,
        where: str,
    ) -> E | None:
        """One of an enum's values, with the allowed values (and a likely fix) when it is not."""
        raw = data.get(key)
        if raw is None:
            return default
        try:
            return enum(raw)
        except ValueError:
            allowed = [m.value for m in enum]
            self.report(
                (*path, key),
                f"{key} '{raw}' in {where} is not known{suggest(str(raw), allowed)}"
                f" ({key} can be: {', '.join(allowed)})",
            )
            return default

    def strings(self, data: dict[str, Any], key: str, path: PathT, where: str) -> tuple[str, ...]:
        """A list of text lines; one line alone (text or a number) is a list of that one line,
        as the schema and the guide say."""
        value = data.get(key)
        if value is None:
            return ()
        items: list[tuple[Any, PathT, str]]
        if isinstance(value, list):
            items = [
                (item, (*path, key, i), f"item {i + 1} of '{key}' in {where}")
                for i, item in enumerate(value)
            ]
        elif isinstance(value, str | int | float | bool) or _braced(value):
            items = [(value, (*path, key), f"'{key}' in {where}")]
        else:
            self.report((*path, key), f"'{key}' in {where} must be a list of text lines")
            return ()
        out = []
        for item, at, what in items:
            if self.read_as_yes_no(item, at, what) or self.read_as_mapping(item, at, what):
                continue
            text = str(item).strip() if isinstance(item, str | int | float) else ""
            if not text:
                self.report(at, f"{what} must be non-empty text")
                continue
            self.check_template(text, at)
            self.check_cut(at, what, text)
            self.check_controls(text, at, what)
            self.check_markup(text, at, what)
            out.append(text)
        return tuple(out)

    def check_controls(self, text: str, path: PathT, what: str) -> None:
        """A control or direction-override character in text the rep reads is an error, at
        the column where it is written: an escape (ESC, CSI, OSC) would reach the rep's
        terminal, and U+202E makes the screen show other words than the file holds. It is
        refused rather than dropped, so what validate passes is exactly what the rep sees."""
        found = _HIDDEN.findall(text)
        if not found:
            return
        assert self.doc is not None
        where = self.doc.char_location(path, found[0])
        effect = (
            "reverses the direction of the text after it, so the screen shows other words "
            "than the file holds"
            if found[0] in _DIRECTION
            else "reaches the rep's terminal as a command (it can recolour, retitle or clear it)"
        )
        more = f" and the {len(found) - 1} more after it" if len(found) > 1 else ""
        self.report_at(
            where,
            f"{what} holds {char_name(found[0])}, an invisible control character that "
            f"{effect}; delete it{more} (an escape like \\e or \\u202e in double quotes "
            "makes one too)",
        )
        self.error_paths.append(path)

    def check_markup(self, text: str, path: PathT, what: str) -> None:
        """`[bold red]What[/]`: callmate shows text as written, so the rep would see the tags;
        a warning at the tag, since the text itself is safe to show."""
        tag = markup_tag(text)
        if tag is None:
            return
        assert self.doc is not None
        where = self.doc.char_location(path, tag)
        self.report_at(
            where,
            f"{what} looks like markup ({tag}); callmate shows text as written, so the "
            "rep would see the brackets: take the tags out",
            "warning",
        )

    def stray_controls(self, doc: LocatedDocument) -> None:
        """Control characters outside every value (a comment, between keys): errors at their
        place, with the rest of the file still checked."""
        for stray in doc.stray_controls:
            self.report_at(Location(stray.line, stray.col), stray.message)

    def check_cut(self, path: PathT, what: str, text: str) -> None:
        """` #` right after plain text starts a comment: the rest of the sentence is lost."""
        comment = self.doc.comment_after(path) if self.doc is not None else None
        if comment is None or not _CUT_COMMENT.match(comment):
            return
        lost = comment.strip()
        self.warn_at(
            path,
            f"{what} stops before `{lost[:30]}`: in YAML a space and `#` start a comment, so "
            f"the text is only {text[-30:]!r}; put the whole text in quotes to keep the rest",
        )

    def check_template(self, text: str, path: PathT) -> None:
        _, errors = template_names(text)
        for error in errors:
            self.report(path, error.message)

    # -- the document ----------------------------------------------------------------------
    def build(self, doc: LocatedDocument) -> Playbook | None:
        """Check every part of the file in one pass; the playbook only when nothing was wrong.

        A mistake in one part never hides the others: references are checked against every id
        the file declares, even one whose question had an error of its own, so fixing one
        error never uncovers a new round of them (and a broken question is not reported again
        as missing wherever it is named).
        """
        self.doc = doc
        data = doc.data
        self.known_keys(data, (), TOP_KEYS, "the playbook")
        self.format_version(data, "playbook")
        name = self.text(data, "name", (), "the playbook", required=True)
        if name and not PLAYBOOK_NAME.match(name):
            self.report(
                ("name",),
                f"name '{name}' must be lowercase letters, digits and dashes (like "
                f"'first-discovery'), because reps type it on the command line",
            )
        title = self.text(data, "title", (), "the playbook", required=True, block=fmt.PLAYBOOK)
        objective = self.text(data, "objective", (), "the playbook", required=True)
        for used in template_names(objective or "")[0]:
            if used not in RESERVED_NAMES:
                self.report(
                    ("objective",),
                    f"the objective is shown before any answer, so {{{used}}} cannot be filled"
                    f"{guess(used, sorted(RESERVED_NAMES))}; it may use: "
                    f"{listing(sorted(RESERVED_NAMES))}",
                )
        if isinstance(data.get("version"), float):
            # The suggestion is the text as written: the number has already lost its zeros.
            read = data["version"]
            spelled = doc.spelled(("version",)) or str(read)
            lost = (
                f"{spelled} reads as {read}"
                if spelled != str(read)
                else "2026.10 would read as 2026.1"
            )
            self.report(
                ("version",),
                f'write the version in quotes, like version: "{spelled}"; as a bare '
                f"number YAML drops trailing zeros ({lost})",
            )
        version = self.text(data, "version", (), "the playbook", required=False) or "1"
        description = (
            self.text(data, "description", (), "the playbook", required=False, block=fmt.PLAYBOOK)
            or ""
        )
        minutes = self.declared_whole(data, fmt.PLAYBOOK, "minutes", (), "the playbook")
        policy = self.policy(data.get("next_step"))
        sections = self.sections(data.get("sections"))
        known = sections or ()
        questions = {q.id: q for s in known for q in s.questions}
        for i, suggestion in enumerate(policy.suggestions):
            self.names_exist(suggestion, ("next_step", "suggestions", i), questions)
        cards = self.cards(data.get("cards"), questions)
        cues = self.cues(data.get("cues"), questions)
        qualification = self.qualification(data.get("qualification"), questions)
        scoring = self.scoring(data.get("scoring"), questions)
        playbook = Playbook(
            name=name or "",
            title=title or "",
            objective=objective or "",
            sections=known,
            version=version,
            description=description,
            minutes=minutes or _DEFAULT_MINUTES,
            next_step=policy,
            cards=cards,
            cues=cues,
            qualification=qualification,
            scoring=scoring,
        )
        self.partial = playbook if known else None
        self.flow_complete = self.structure_whole and not (self.error_keys & METHOD_KEYS)
        if self._error_count() or None in (name, title, objective):
            return None
        return playbook

    def _error_count(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    def policy(self, raw: Any) -> NextStepPolicy:
        path: PathT = ("next_step",)
        if raw is None:
            return NextStepPolicy()
        data = self.mapping(raw, path, "'next_step'")
        if data is None:
            return NextStepPolicy()
        where = "'next_step'"
        self.known_keys(data, path, POLICY_KEYS, where)
        max_days = (
            self.declared_whole(data, fmt.NEXT_STEP, "max_days", path, where)
            or _DEFAULT_POLICY.max_days
        )
        nudge_days = self.declared_whole(data, fmt.NEXT_STEP, "nudge_days", path, where)
        if nudge_days is None:
            nudge_days = _DEFAULT_POLICY.nudge_days
        elif nudge_days >= max_days:
            self.warn_at(
                (*path, "nudge_days"),
                f"nudge_days ({nudge_days}) is not below max_days ({max_days}), so the rep is "
                "never nudged towards a sooner date; make it smaller than max_days",
            )
        return NextStepPolicy(
            require_prospect_commitment=self.flag(
                data,
                "require_prospect_commitment",
                path,
                where,
                _DEFAULT_POLICY.require_prospect_commitment,
            ),
            max_days=max_days,
            suggestions=self.strings(data, "suggestions", path, where),
            continuations=self.strings(data, "continuations", path, where),
            advances=self.strings(data, "advances", path, where),
            nudge_days=nudge_days,
        )

    def sections(self, raw: Any) -> tuple[Section, ...] | None:
        if raw is None:
            self.report((), "the playbook needs 'sections:', a list of the call's parts in order")
            return None
        if self.item_without_dash(raw, ("sections",)):
            return None
        if not isinstance(raw, list) or not raw:
            self.report(("sections",), "'sections' must be a non-empty list of sections")
            return None
        sections: list[Section] = []
        seen_sections: dict[str, int] = {}
        seen_questions: dict[str, PathT] = {}
        errors_before = self._error_count()
        for i, item in enumerate(raw):
            section = self.section(item, ("sections", i), i, seen_sections, seen_questions)
            if section is not None:
                sections.append(section)
                self.section_index[id(section)] = i
        # Every id the file declares, even where its question had an error: a reference to it
        # is not reported again as naming nothing.
        self.declared = dict(seen_questions)
        self.ids_known = True
        self.declared_sections = dict(seen_sections)
        whole = self._error_count() == errors_before
        written = sum(
            len(s["questions"])
            if isinstance(s, dict) and isinstance(s.get("questions"), list)
            else 1
            for s in raw
        )
        self.structure_whole = len(sections) == len(raw) and written == sum(
            len(s.questions) for s in sections
        )
        self.cross_check(tuple(sections), seen_questions, whole=whole)
        return tuple(sections)

    def section(
        self,
        raw: Any,
        path: PathT,
        index: int,
        seen_sections: dict[str, int],
        seen_questions: dict[str, PathT],
    ) -> Section | None:
        data = self.mapping(raw, path, f"section {index + 1}")
        if data is None:
            return None
        label = f"section {index + 1}"
        if isinstance(data.get("title"), str):
            label = f"section '{data['title']}'"
        self.known_keys(data, path, SECTION_KEYS, label)
        section_id = self.identifier(data, path, label)
        title = self.text(data, "title", path, label, required=True, block=fmt.SECTION)
        kind = self.member(data, "kind", SectionKind, _default(fmt.SECTION, "kind"), path, label)
        minutes = self.declared_whole(data, fmt.SECTION, "minutes", path, label)
        intro = self.text(data, "intro", path, label, required=False)
        if section_id is not None:
            if section_id in seen_sections:
                self.report(
                    (*path, "id"),
                    f"section id '{section_id}' is used twice (first at line "
                    f"{self.line_of(('sections', seen_sections[section_id], 'id'))}, section "
                    f"{seen_sections[section_id] + 1}); ids must be unique",
                )
            seen_sections[section_id] = index
        raw_questions = data.get("questions")
        if self.item_without_dash(raw_questions, (*path, "questions")):
            return None
        if not isinstance(raw_questions, list) or not raw_questions:
            self.report(
                path if "questions" not in data else (*path, "questions"),
                f"{label} needs 'questions:', a non-empty list",
                key="questions" not in data,
            )
            return None
        questions = []
        for j, item in enumerate(raw_questions):
            q = self.question(
                item, (*path, "questions", j), section_id or "", label, seen_questions
            )
            if q is not None:
                questions.append(q)
        if len(questions) == len(raw_questions):
            self.whole_sections.add(index)
        if not questions:
            return None
        if section_id is None or title is None:
            # Reported above; the section's questions still take part in the checks that look
            # at one question at a time, so their mistakes come in this run too.
            return Section(section_id or "", title or "", kind, tuple(questions), minutes, intro)
        # With a broken question left out, the section still takes part in the checks that
        # look at one question at a time; the playbook itself is refused for the error.
        return Section(section_id, title, kind, tuple(questions), minutes, intro)

    def identifier(self, data: dict[str, Any], path: PathT, label: str) -> str | None:
        value = data.get("id")
        if value is None:
            self.report(path, f"{label} needs an 'id:'", key=bool(path))
            return None
        if not isinstance(value, str) or not ID.match(value):
            self.report(
                (*path, "id"),
                f"id {value!r} in {label} must start with a lowercase letter and use only "
                "lowercase letters, digits and _ (like 'budget_owner')",
            )
            return None
        return value

    def question(
        self,
        raw: Any,
        path: PathT,
        section_id: str,
        section_label: str,
        seen: dict[str, PathT],
    ) -> Question | None:
        label = f"question {int(path[-1]) + 1} of {section_label}"
        data = self.mapping(raw, path, label)
        if data is None:
            return None
        question_id = self.identifier(data, path, label)
        if question_id is not None:
            label = f"question '{question_id}'"
        self.known_keys(data, path, QUESTION_KEYS, label)
        if question_id is not None:
            if question_id in seen:
                first = self.doc.value_location(seen[question_id]) if self.doc else None
                self.report(
                    (*path, "id"),
                    f"question id '{question_id}' is used twice"
                    + (f" (first at line {first.line})" if first else "")
                    + "; ids must be unique in a playbook",
                )
            elif question_id in RESERVED_NAMES:
                self.report(
                    (*path, "id"),
                    f"'{question_id}' is a reserved template name; choose another id",
                )
            seen[question_id] = (*path, "id")
        prompt = self.text(data, "prompt", path, label, required=True)
        short = self.text(data, "label", path, label, required=False, block=fmt.QUESTION)
        fallback = self.text(data, "fallback", path, label, required=False)
        hints = self.strings(data, "hints", path, label)
        capture = self.member(
            data, "capture", Capture, _default(fmt.QUESTION, "capture"), path, label
        )
        # A capture with an error of its own says nothing about the keys that depend on it: they
        # are checked once it is fixed, not reported against the default `text`.
        known = data.get("capture") is None or data.get("capture") == capture.value
        if not known and question_id is not None:
            self.unknown_capture.add(question_id)
        choices = self.strings(data, "choices", path, label)
        listed = data.get("choices")
        written = len(listed) if isinstance(listed, list) else 0
        if not known:
            pass
        elif capture is Capture.CHOICE:
            if written > len(choices):
                pass  # each unreadable option has its own error above
            elif len(choices) < 2:
                self.report(
                    (*path, "choices") if "choices" in data else path,
                    f"{label} captures a choice, so it needs 'choices:' with at least two options",
                    key="choices" not in data,
                )
            elif len({c.casefold() for c in choices}) != len(choices):
                self.report((*path, "choices"), f"'choices' in {label} repeats an option")
        elif "choices" in data:
            self.report(
                (*path, "choices"),
                f"'choices' only applies to capture: choice ({label} captures {capture.value})",
                key=True,
            )
        tag = self.member(data, "tag", PownTag, _default(fmt.QUESTION, "tag"), path, label)
        if known and "tag" in data and capture is not Capture.POWNS:
            self.report(
                (*path, "tag"),
                f"'tag' only applies to capture: powns ({label} captures {capture})",
                key=True,
            )
        signal = self.member(data, "signal", Signal, None, path, label)
        if known and signal is not None and capture not in SIGNAL_CAPTURES[signal]:
            fits = ", ".join(c.value for c in SIGNAL_CAPTURES[signal])
            self.report(
                (*path, "signal"),
                f"signal '{signal}' needs a question that captures {fits}; {label} captures "
                f"{capture}",
            )
        weak = self.strings(data, "weak", path, label)
        if not known:
            pass
        elif weak and capture is Capture.CHOICE:
            for i, value in enumerate(weak):
                if value.casefold() not in {c.casefold() for c in choices}:
                    self.report(
                        (*path, "weak", i),
                        f"weak answer {value!r} in {label} is not one of its choices: "
                        f"{listing(choices)}",
                    )
        elif weak and capture is not Capture.TEXT:
            self.report(
                (*path, "weak"),
                f"'weak' lists weak answers for choice or text questions; {label} captures "
                f"{capture}",
                key=True,
            )
        required = self.flag(data, "required", path, label, _default(fmt.QUESTION, "required"))
        hidden = self.flag(data, "hidden", path, label, _default(fmt.QUESTION, "hidden"))
        rules = self.rules(
            data.get("branch"), (*path, "branch"), label, capture if known else None, choices
        )
        if question_id is None or prompt is None:
            return None
        return Question(
            id=question_id,
            prompt=prompt,
            section_id=section_id,
            capture=capture,
            hints=hints,
            required=required,
            choices=choices,
            tag=tag,
            hidden=hidden,
            branch=rules,
            signal=signal,
            weak=weak,
            label=short or "",
            fallback=fallback or "",
        )

    def rules(
        self, raw: Any, path: PathT, label: str, capture: Capture | None, choices: tuple[str, ...]
    ) -> tuple[BranchRule, ...]:
        """The rules that read well; each broken one has its own error and is left out, so the
        other rules of the question are still checked in the same run."""
        if raw is None:
            return ()
        if self.item_without_dash(raw, path):
            return ()
        if not isinstance(raw, list):
            self.report(path, f"'branch' in {label} must be a list of rules")
            return ()
        rules = []
        for i, item in enumerate(raw):
            rule_path = (*path, i)
            where = f"branch rule {i + 1} of {label}"
            data = self.mapping(item, rule_path, where)
            if data is None:
                continue
            self.known_keys(data, rule_path, RULE_KEYS, where)
            condition = None
            if "when" not in data:
                self.report(rule_path, f"{where} needs 'when:'", key=False)
            elif capture is not None:  # unknown while the capture has an error
                condition = self.condition(
                    data["when"], (*rule_path, "when"), where, capture, choices
                )
            show = self.id_list(data, "show", rule_path, where)
            skip = self.id_list(data, "skip", rule_path, where)
            goto = data.get("goto")
            if goto is not None and not isinstance(goto, str):
                self.report((*rule_path, "goto"), f"'goto' in {where} must be a section id")
                goto = None
            say = self.text(data, "say", rule_path, where, required=False)
            if not (show or skip or goto):
                self.report(rule_path, f"{where} does nothing: give it 'show', 'skip' or 'goto'")
            # A rule whose `when` has an error keeps its targets, matching no answer, so they
            # are checked in this run too; the error keeps the playbook from loading.
            rules.append(BranchRule(condition or _UNREADABLE_WHEN, show, skip, goto, say))
        return tuple(rules)

    def id_list(self, data: dict[str, Any], key: str, path: PathT, where: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.report((*path, key), f"'{key}' in {where} must be a list of question ids")
            return ()
        return tuple(value)

    def condition(
        self, raw: Any, path: PathT, where: str, capture: Capture, choices: tuple[str, ...]
    ) -> Condition | None:
        name = path[-1]  # when, expect or meets: the same forms under each name
        if isinstance(raw, dict):
            if len(raw) != 1 or next(iter(raw)) not in CONDITION_KEYS:
                self.report(
                    path,
                    f"'{name}' in {where} takes one of {', '.join(CONDITION_KEYS)} "
                    "(or an answer value, or a list of values)",
                )
                return None
            key, value = next(iter(raw.items()))
            if key == "answered":
                if not isinstance(value, bool):
                    self.report((*path, key), "'answered' takes true or false")
                    return None
                return Condition("answered", answered=value)
            if capture is not Capture.SCALE:
                self.report(path, f"'{key}' compares numbers, but this question captures {capture}")
                return None
            number = fmt.whole_number(value)
            if number is None or not 1 <= number <= 10:
                self.report((*path, key), f"'{key}' takes a number from 1 to 10, found {value!r}")
                return None
            return Condition(key, number=number)
        if raw is None or raw == []:
            self.report(
                path,
                f"'{name}' in {where} is empty: write the answer it matches, like "
                f'`{name}: "no"`, or `{name}: {{answered: false}}` to match a question left '
                "unanswered",
                key=True,
            )
            return None
        values = raw if isinstance(raw, list) else [raw]
        good = True
        for i, value in enumerate(values):
            at = (*path, i) if isinstance(raw, list) else path
            if capture is Capture.YES_NO and not isinstance(value, bool):
                if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
                    continue
                self.report(
                    at,
                    f"this question captures yes/no, so '{name}' takes yes or no, found "
                    f"{self.shown(value, at)}",
                )
                good = False
            elif capture is Capture.CHOICE and self.read_as_yes_no(
                value, at, f"'{name}' in {where}"
            ):
                good = False
            elif capture is Capture.CHOICE and not choices:
                good = False  # the question's missing choices have their own error
            elif capture is Capture.CHOICE and not (
                isinstance(value, str) and value.casefold() in {c.casefold() for c in choices}
            ):
                self.report(
                    at,
                    f"'{name}' value {self.shown(value, at)} in {where} is not one of the choices"
                    f"{suggest(str(value), choices)} (choices: {listing(choices)})",
                )
                good = False
            elif capture is Capture.SCALE and not 1 <= (fmt.whole_number(value) or 0) <= 10:
                self.report(
                    at, f"this question captures a 1-10 scale; {self.shown(value, at)} is not on it"
                )
                good = False
        if not good:
            return None
        normalised = tuple(_normalised(v, capture) for v in values)
        return Condition("any_of" if isinstance(raw, list) else "equals", values=normalised)

    # -- checks across the whole playbook ----------------------------------------------------
    def cross_check(
        self, sections: tuple[Section, ...], paths: dict[str, PathT], *, whole: bool = True
    ) -> None:
        """References between questions and sections, and what no call can reach.

        `paths` holds every declared question id in file order, so a reference to a question
        that had an error of its own is judged by where it sits, not called unknown. The checks
        that follow every way through the call (hidden questions, reachability) need every
        rule, so they wait until each question loads (`whole`).
        """
        order = [q for s in sections for q in s.questions]
        position = {qid: i for i, qid in enumerate(paths)}
        section_index = dict(self.declared_sections)
        shown_by_rule: set[str] = set()
        for q in order:
            q_path = paths[q.id][:-1]
            for r, rule in enumerate(q.branch):
                rule_path = (*q_path, "branch", r)
                for key, targets in (("show", rule.show), ("skip", rule.skip)):
                    for target in targets:
                        if target not in position:
                            self.report(
                                (*rule_path, key),
                                f"'{key}' names '{target}', but no question has that id"
                                f"{suggest(target, position)} (ids in this playbook: "
                                f"{listing(position)})",
                            )
                        elif position[target] <= position[q.id]:
                            self.report(
                                (*rule_path, key),
                                f"'{key}' can only name questions after '{q.id}'; '{target}' "
                                "comes before it (use 'goto' to send the rep back)",
                            )
                        elif key == "show":
                            shown_by_rule.add(target)
                if rule.goto is not None:
                    if rule.goto not in section_index:
                        self.report(
                            (*rule_path, "goto"),
                            f"'goto' names section '{rule.goto}', but there is none; sections: "
                            f"{listing(section_index)}{suggest(rule.goto, section_index)}",
                        )
                    elif section_index[rule.goto] > section_index.get(q.section_id, len(paths)):
                        self.report(
                            (*rule_path, "goto"),
                            f"'goto' can only send the rep back (or to the start of this section); "
                            f"'{rule.goto}' comes later: use 'skip' to move forward",
                        )
                    elif reachability.always(rule.when, q):
                        self.report(
                            (*rule_path, "when"),
                            f"this rule sends the rep back to '{rule.goto}' whatever the answer, "
                            f"so the call could never get past '{q.id}' to the next step",
                        )
        self.check_template_names(sections, paths, position)
        if not whole:
            return
        for q in order:
            if q.hidden and q.id not in shown_by_rule:
                self.report(
                    (*paths[q.id][:-1], "hidden"),
                    f"question '{q.id}' is hidden and no branch rule shows it, so no call can "
                    "reach it",
                    key=True,
                )
        for finding in reachability.review(sections):
            self.report(
                (*paths[finding.question_id][:-1], finding.key),
                finding.message,
                key=True,
                severity=finding.severity,
            )

    def check_template_names(
        self,
        sections: tuple[Section, ...],
        paths: dict[str, PathT],
        position: dict[str, int],
    ) -> None:
        """Templates may only name answers the rep has captured by the time the text is shown.

        Walks every declared question in file order, so a question that did not load still
        counts as asked before the ones after it.
        """
        loaded = {q.id: q for s in sections for q in s.questions}
        asked_before: set[str] = set()
        first_of = {s.questions[0].id: (self.section_index[id(s)], s) for s in sections}
        for qid in paths:
            q = loaded.get(qid)
            if q is None:
                asked_before = asked_before | {qid}
                continue
            q_path = paths[q.id][:-1]
            texts: list[tuple[PathT, str, set[str]]] = []
            if q.id in first_of and first_of[q.id][1].intro:
                index, section = first_of[q.id]
                texts.append((("sections", index, "intro"), section.intro or "", asked_before))
            texts.append(((*q_path, "prompt"), q.prompt, asked_before))
            if q.fallback:
                texts.append(((*q_path, "fallback"), q.fallback, asked_before))
            texts += [((*q_path, "hints", i), h, asked_before) for i, h in enumerate(q.hints)]
            # A branch's coaching line is shown after the question is answered: it may use it.
            texts += [
                ((*q_path, "branch", i, "say"), r.say, asked_before | {q.id})
                for i, r in enumerate(q.branch)
                if r.say
            ]
            for text_path, text, available in texts:
                for name in template_names(text)[0]:
                    if name in RESERVED_NAMES or name in available:
                        continue
                    why = (
                        f"'{name}' is asked later, so it has no answer yet here"
                        if name in position
                        else f"no question has the id '{name}'"
                        f"{suggest(name, [*position, *sorted(RESERVED_NAMES)])}"
                    )
                    self.report(
                        text_path,
                        f"template {{{name}}} cannot be filled here: {why}"
                        f"{'' if why.endswith('?') else '.'} Names available "
                        f"here: {listing(sorted(available | RESERVED_NAMES))}",
                    )
            asked_before = asked_before | {q.id}

    def methodology(self, playbook: Playbook, *, strict: bool = False, whole: bool = True) -> None:
        """Warnings on the method; with `whole` false (parts of the file have errors), only the
        findings that rest on parts free of errors."""
        assert self.doc is not None
        findings = methodology.review(playbook)
        if strict:
            findings += methodology.strict_review(playbook)
        for finding in findings:
            if not whole and not self.sure_of(finding, playbook):
                continue
            path = finding.path or _find_path(self.doc, finding.question_id, finding.key)
            if path[:1] == ("sections",) and len(path) > 1 and isinstance(path[1], int):
                # Counted among the sections that loaded: pointed at its place in the file.
                index = self.section_index.get(id(playbook.sections[path[1]]), path[1])
                path = ("sections", index, *path[2:])
            self.warn_at(path, finding.message)

    def sure_of(self, finding: Finding, playbook: Playbook) -> bool:
        """Whether no error in the file could change this finding."""
        errors = self.error_paths
        if finding.about == "next_step":
            return ((), "next_step") not in self.misspelt and not any(
                p[:1] == ("next_step",) for p in errors
            )
        if finding.about == "section" and finding.path is not None:
            section = playbook.sections[int(finding.path[1])]
            index = self.section_index.get(id(section))
            return index in self.whole_sections and not any(
                p[:2] == ("sections", index) for p in errors
            )
        if finding.about == "prompt":
            return True  # the prompt loaded: its length is what it is
        if finding.about.startswith(("kind:", "marks:")):
            marker = finding.about.partition(":")[2]
            keys = {"kind"} if finding.about.startswith("kind:") else {"kind", "signal"}
            if marker == "powns":
                keys.add("capture")
            if keys & self.error_keys:
                return False  # a misspelt or wrong kind, signal or capture may be the one
            loaded = {("kind", s.kind.value) for s in playbook.sections}
            loaded |= {
                (k, getattr(q, k).value)
                for q in playbook.questions
                for k in keys - {"kind"}
                if getattr(q, k) is not None
            }
            return not any((key, marker) in self.raw_markers - loaded for key in keys)
        return False

    @property
    def raw_markers(self) -> set[tuple[str, str]]:
        """Each section kind, question signal and capture the file writes, loaded or not."""
        assert self.doc is not None
        found: set[tuple[str, str]] = set()
        sections = self.doc.data.get("sections")
        for section in sections if isinstance(sections, list) else ():
            if not isinstance(section, dict):
                continue
            found.add(("kind", str(section.get("kind"))))
            questions = section.get("questions")
            for q in questions if isinstance(questions, list) else ():
                if isinstance(q, dict):
                    found |= {(k, str(q.get(k))) for k in ("signal", "capture")}
        return found


#: Terminal control characters (tab and newline are text) and the direction overrides and
#: isolates that make a line read in another order than it is written.
_DIRECTION = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_HIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_DIRECTION}]")


def _braced(value: Any) -> str | None:
    """The name in `{name}` that YAML read as a one-key mapping with no value, else None."""
    if not (isinstance(value, dict) and len(value) == 1):
        return None
    name, inner = next(iter(value.items()))
    return name if inner is None and isinstance(name, str) else None


def _read_by_method(path: PathT) -> bool:
    """Whether an error at `path` sits in a part the methodology review reads (the sections,
    the next-step policy, the scoring, the call's minutes), not in cards, cues or slots."""
    return not path or path[0] in ("sections", "next_step", "scoring", "minutes")


def _first_braces(text: str) -> str:
    """The first `{...}` of a text, to name in a message (or the lone brace)."""
    found = re.search(r"\{[^{}]*\}", text)
    return f"`{found.group(0)}`" if found else "`{`"


def _find_path(doc: LocatedDocument, question_id: str | None, key: str | None) -> PathT:
    """Where a finding about a question (or the whole playbook) should point."""
    if question_id is None:
        return (key,) if key and key in doc.data else ()
    for i, section in enumerate(doc.data.get("sections", [])):
        for j, question in enumerate(section.get("questions", [])):
            if question.get("id") == question_id:
                return ("sections", i, "questions", j, key or "id")
    return ()


def _normalised(value: Any, capture: Capture) -> Any:
    """A `when` value as answers are stored: yes/no as true/false, a scale point as a whole
    number (7.0 is 7, as the schema reads it)."""
    if capture is Capture.YES_NO:
        return _yes_no(value)
    if capture is Capture.SCALE:
        return fmt.whole_number(value)
    return value


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() == "yes"

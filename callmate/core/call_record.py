"""The call record, typed: one declaration, one decoder, one encoder, migrations in one place.

A record reaches callmate from its own files, from an import, from an emergency copy or from a
hand edit, and every reader used to re-check the dict it was given. Here the record is declared
once as dataclasses; `decode_record` turns stored or imported JSON into it and says exactly what
is wrong and where (``pauses: expected a list, not a number``), `encode_record` writes it back,
and `migrate` is the one place older schema versions are brought up to date. Text from outside is
cleaned the way typing is (no control characters or lone surrogates; names stay on one line), so
nothing read from a file can reach a terminal as a control sequence.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeAlias, Union

from callmate.core.clean import clean, clean_value, one_line
from callmate.core.immutable import immutable

RECORD_SCHEMA = 1
MODES = ("live", "practice", "preview")
STATUSES = ("in_progress", "completed", "discarded")
STEP_OUTCOMES = ("kept", "missed", "rescheduled")
#: What kind of step the gate let through: one that moves the sale, one the rep chose to accept
#: without a commitment (with the reason typed), or a retry after a call that did not connect.
STEP_KINDS = ("advance", "continuation", "retry")
#: How a call went: a conversation, or one of the ways it did not connect.
CALL_OUTCOMES = ("connected", "voicemail", "no_answer", "wrong_contact", "rescheduled")
#: A call id is also a file name: letters, digits, "-" and "_", up to 64.
SESSION_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_TEXT_CHARS = 20_000
#: How many items one list or object of a record may hold (notes, events, visits, pauses,
#: answers, a list answer's items...). A live call makes a few hundred events at most; a file
#: of 200,000 notes is an attack that made `show` take 13 s, so such a record is refused with
#: where (``notes: 200000 items, more than the 10000 a call record may hold``).
MAX_ITEMS = 10_000
#: The most text one record from outside (an import, an emergency copy) may hold, every string
#: and key counted. A 3-hour call typed without a pause at 120 words a minute is about 130,000
#: characters, so no real call comes near; one of 9,999 notes of 19,000 characters (190 MB)
#: passed every per-field limit and made `show` take 10 s and 1 GB, and the read-only view hang.
MAX_RECORD_CHARS = 1_000_000
#: A prospect's name or company, as typing takes it (session.MAX_NAME_CHARS).
MAX_NAME_CHARS = 200
#: A next step's texts, as the gate takes them (next_step.MAX_FIELD_CHARS).
MAX_STEP_TEXT_CHARS = 2000

Scalar: TypeAlias = str | int | float | bool | None


class RecordDecodeError(ValueError):
    """A record that cannot be read: every problem, each with the place it was found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# -- the declaration -----------------------------------------------------------------------------
# Field metadata: "key" (the JSON key when it differs), "stamp" (text that must be an ISO date-time
# with a UTC offset), "line" (one-line text), "id" (a call id), "choices" (allowed texts), "rest"
# (a mapping collecting every other key of the object), "name" (text that may not be empty),
# "omit_empty" (left out of the JSON while it holds its default, as callmate has always written it),
# "max_chars" (the most typing lets in: held to by records from outside, see `decode_record`).


def _meta(**kwargs: Any) -> dict[str, Any]:
    return kwargs


def stamp(*, optional: bool = False) -> Any:
    """A date-time with a UTC offset, as ISO text; required unless ``optional`` (then None)."""
    if optional:
        return field(default=None, metadata=_meta(stamp=True))
    return field(metadata=_meta(stamp=True))


@dataclass
class PlaybookRef:
    """Which playbook edition the call ran (kept so old calls read after the playbook changes)."""

    name: str = field(metadata=_meta(line=True, name=True))
    title: str = field(default="", metadata=_meta(line=True))
    version: str = ""
    sha256: str = ""
    path: str = ""


@dataclass
class PownItem:
    """One tagged item of a POWN question; `hot` marks a hot button."""

    text: str
    tag: str
    hot: bool = False


AnswerValue: TypeAlias = str | bool | int | list[str] | list[PownItem]


@dataclass
class Answer:
    """One recorded answer, with when the rep recorded it."""

    value: AnswerValue
    at: str = stamp()


@dataclass
class Note:
    """A note the rep typed, and the question it was typed on (None: the call as a whole)."""

    text: str
    at: str = stamp()
    question: str | None = None


@dataclass
class Event:
    """Something that happened during the call; `fields` holds what that kind of event carries."""

    type: str
    at: str = stamp()
    fields: dict[str, Scalar] = field(default_factory=dict, metadata=_meta(rest=True))


@dataclass
class Visit:
    """The rep entered a section at ``at``: the call's path through the playbook."""

    section: str
    at: str = stamp()


@dataclass
class Pause:
    """A stretch while the call was closed; clocks count only the talking."""

    start: str = field(metadata=_meta(key="from", stamp=True))
    end: str = field(metadata=_meta(key="to", stamp=True))


@dataclass
class Objection:
    """An objection card the rep opened, and when it was resolved (None: still open)."""

    card: str
    raised_at: str = stamp()
    title: str = ""
    resolved_at: str | None = stamp(optional=True)
    question: str | None = None


@dataclass
class Reschedule:
    """A next step moved to a new due time, and when that was done."""

    due: str = stamp()
    at: str = stamp()


@dataclass
class StoredStep:
    """The next step as stored, with what happened to it once the date came."""

    due: str = stamp()
    what: str = field(default="", metadata=_meta(line=True, max_chars=MAX_STEP_TEXT_CHARS))
    their_commitment: str = field(
        default="", metadata=_meta(line=True, max_chars=MAX_STEP_TEXT_CHARS)
    )
    our_commitment: str = field(
        default="", metadata=_meta(line=True, max_chars=MAX_STEP_TEXT_CHARS)
    )
    channel: str = field(default="", metadata=_meta(line=True, max_chars=MAX_STEP_TEXT_CHARS))
    #: As the gate recorded it; missing in records older than the gate, which are judged instead.
    kind: str | None = field(default=None, metadata=_meta(choices=STEP_KINDS, omit_empty=True))
    judgement: str = ""
    why_continuation: str = field(
        default="", metadata=_meta(omit_empty=True, max_chars=MAX_STEP_TEXT_CHARS)
    )
    involves_decider: bool | None = field(default=None, metadata=_meta(omit_empty=True))
    call_outcome: str | None = field(default=None, metadata=_meta(omit_empty=True))
    outcome: str | None = field(
        default=None, metadata=_meta(choices=STEP_OUTCOMES, omit_empty=True)
    )
    outcome_at: str | None = field(default=None, metadata=_meta(stamp=True, omit_empty=True))
    kept_by: str | None = field(default=None, metadata=_meta(omit_empty=True))
    history: list[Reschedule] = field(default_factory=list, metadata=_meta(omit_empty=True))


@dataclass
class StepDraft:
    """What the rep typed in the gate so far, kept so nothing typed there is lost."""

    when: str = ""
    what: str = ""
    their_commitment: str = ""
    our_commitment: str = ""
    channel: str = ""
    why_continuation: str = ""


def _doc(text: str, default: Any = dataclasses.MISSING, factory: Any = None, **meta: Any) -> Any:
    """A field with its meaning for the generated docs table (and its other metadata)."""
    if factory is not None:
        return field(default_factory=factory, metadata=_meta(doc=text, **meta))
    return field(default=default, metadata=_meta(doc=text, **meta))


@dataclass
class CallRecord:
    """One call, as the session keeps it and the store writes it."""

    id: str = _doc("Letters, digits, `-` and `_` only, at most 64 characters.", id=True)
    playbook: PlaybookRef = _doc(
        "`name` (required), `title`, `version`, `sha256` (of the file then), `path`."
    )
    prospect: str = _doc(
        f"Who the call was with; not empty, one line, at most {MAX_NAME_CHARS} characters.",
        line=True,
        name=True,
        max_chars=MAX_NAME_CHARS,
    )
    started: str = _doc("When the call started.", stamp=True)
    schema: int = _doc(f"Record layout version, `{RECORD_SCHEMA}`.", RECORD_SCHEMA)
    objective: str = _doc("The playbook's objective as it was shown.", "")
    company: str = _doc(
        f"May be empty; one line, at most {MAX_NAME_CHARS} characters.",
        "",
        line=True,
        max_chars=MAX_NAME_CHARS,
    )
    prospect_key: str = _doc(
        "Name and company normalised: finds the prospect's earlier calls.", "", line=True
    )
    mode: str = _doc("`live`, `practice` or `preview`.", "live", choices=MODES)
    persona: str | None = _doc(
        "The scripted prospect of a practice (`partner`: a colleague).", None
    )
    status: str = _doc(
        "`in_progress`, `completed` or `discarded`.", "in_progress", choices=STATUSES
    )
    ended: str | None = _doc("When the call ended; null while it runs.", None, stamp=True)
    cursor: str | None = _doc("The question the call is on (for resuming).", None)
    answers: dict[str, Answer] = _doc(
        'Question id → `{"value": ..., "at": timestamp}`: text, yes/no, 1–10, a list of text '
        "or of POWN items `{text, tag, hot}`.",
        factory=dict,
    )
    skipped: list[str] = _doc("Ids of the questions the rep skipped.", factory=list)
    notes: list[Note] = _doc('`{"text", "at", "question"}` each.', factory=list)
    events: list[Event] = _doc(
        "What happened, in order: each has `type` and `at`, plus what that kind carries.",
        factory=list,
    )
    context: dict[str, str] = _doc(
        "Text carried over from the prospect's previous call (for templates).", factory=dict
    )
    next_step: StoredStep | None = _doc("The [next step object](#the-next-step-object).", None)
    next_step_draft: StepDraft | None = _doc(
        "What the rep typed in the gate so far.", None, omit_empty=True
    )
    visits: list[Visit] = _doc('When each section was entered: `{"section", "at"}`.', factory=list)
    pauses: list[Pause] = _doc(
        'Stretches while the call was closed: `{"from", "to"}`.', factory=list, omit_empty=True
    )
    objections: list[Objection] = _doc(
        "Objection cards opened: `card`, `title`, `raised_at`, `resolved_at`, `question`.",
        factory=list,
    )
    cues_shown: list[str] = _doc("Ids of the coaching cues shown.", factory=list)
    cues_off: bool = _doc("The rep turned cues off.", False, omit_empty=True)
    revision: int = _doc("How many changes the record has had.", 0)
    follows: str | None = _doc(
        "The call whose next step this call followed up.", None, omit_empty=True
    )
    outcome: str | None = _doc(
        "`connected`, or how it did not connect: " + ", ".join(f"`{o}`" for o in CALL_OUTCOMES[1:]),
        None,
        choices=CALL_OUTCOMES,
        omit_empty=True,
    )
    restarts: int = _doc("How often a practice was started again.", 0, omit_empty=True)
    abandoned: bool = _doc("A practice given up (out of stats).", False, omit_empty=True)
    draft: str | None = _doc(
        "Half-typed text in the answer field, given back on resume.", None, omit_empty=True
    )
    drafts: dict[str, str] = _doc(
        "Text typed at a question and left there unentered (going back, skipping, a jump), by "
        "question id: given back when the rep returns to that question.",
        factory=dict,
        omit_empty=True,
    )
    feedback: list[Note] = _doc(
        "What a practice partner said about the run.", factory=list, omit_empty=True
    )
    extra: dict[str, Any] = _doc(
        "Any other key (a hand edit, a tool) is kept as it was, cleaned.", factory=dict, rest=True
    )

    def __post_init__(self) -> None:
        if not self.prospect_key.strip():
            # Missing (an import, a hand edit): derived from the name and company, as a new
            # call's is; left empty, every such prospect was one ("" in the prospect index).
            self.prospect_key = prospect_key(self.prospect, self.company)


def _one_line_keys(*classes: type) -> frozenset[str]:
    """The JSON keys of every one-line field: a newline there would fake a row in a list."""
    return frozenset(
        spec.metadata.get("key", spec.name)
        for cls in classes
        for spec in dataclasses.fields(cls)
        if spec.metadata.get("line")
    )


#: Names and next-step texts, wherever they are copied (index rows are cleaned with these).
ONE_LINE_KEYS = _one_line_keys(CallRecord, PlaybookRef, StoredStep)


# -- migrations -----------------------------------------------------------------------------------


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older record up to RECORD_SCHEMA; the only place schema versions are known.

    Schema 1 is the first stored shape, so there is nothing to migrate yet; a step for schema N
    goes here as ``if version == N: data = _from_N(data)`` and nowhere else.
    """
    if "schema" not in data:
        raise RecordDecodeError(["schema: missing (a call record says which schema it follows)"])
    version = data["schema"]
    if version == RECORD_SCHEMA and not isinstance(version, bool):
        return data
    if isinstance(version, int) and not isinstance(version, bool) and version > RECORD_SCHEMA:
        raise RecordDecodeError(
            [f"schema: {version} is newer than this callmate reads ({RECORD_SCHEMA}): upgrade it"]
        )
    raise RecordDecodeError([f"schema: expected {RECORD_SCHEMA}, not {_show(version)}"])


# -- decoding ------------------------------------------------------------------------------------


def prospect_key(prospect: str, company: str) -> str:
    """The same person however the rep spaced or capitalised the name."""

    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip().casefold()

    return f"{norm(prospect)}|{norm(company)}"


#: Dates a record can hold: any later and a shift to local time, a week's step in the stats
#: or a day's step in the follow-ups overflows Python's dates; any earlier is not a sales call.
YEARS = range(1970, 3000)
#: How deep JSON kept as it came (a hand edit's or a tool's own keys) may nest: deeper is an
#: attack on every recursive reader (a RecursionError in the cleaning, the export, `doctor`).
MAX_DEPTH = 32
#: Whole numbers kept as they came: the store's fast reader holds 64 bits exactly, beyond that
#: a number would come back as a float and the record would change on its way through.
WHOLE_NUMBERS = range(-(2**63), 2**63)


def _number_problem(value: int | float) -> str | None:
    """Why a JSON number cannot be kept exactly (None: it can)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # Compared, not `in`: for a subclass of int, `range.__contains__` walks the range.
        fits = WHOLE_NUMBERS.start <= value < WHOLE_NUMBERS.stop
        return None if fits else "a whole number too large to keep exactly"
    return None if math.isfinite(value) else f"{value} is not a number JSON can hold"


def _json_problem(value: Any, depth: int = 0, max_items: int = MAX_ITEMS) -> str | None:
    """Why a JSON value kept as it came cannot be kept (None: it can): too deep, too many
    items, or a number that would not come back the same."""
    if depth > MAX_DEPTH:
        return f"nested deeper than {MAX_DEPTH} levels"
    if isinstance(value, dict):
        values: Iterable[Any] = value.values()
    elif isinstance(value, list):
        values = value
    elif isinstance(value, int | float):
        return _number_problem(value)
    else:
        return None
    if len(value) > max_items:
        return _too_many(len(value), max_items)
    for item in values:
        problem = _json_problem(item, depth + 1, max_items)
        if problem is not None:
            return problem
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "a number"
    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _key(key: str) -> str:
    """A key from the file as it can be shown in a message."""
    return key if re.fullmatch(r"[\w-]{1,40}", key, re.ASCII) else _show(clean(key))


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def parse_stamp(value: object) -> datetime | None:
    """An ISO 8601 date-time with a UTC offset (as records keep times), or None for anything
    else; the one reading of a stored moment, for records, index rows and exports alike."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    if stamp.utcoffset() is None or stamp.year not in YEARS:
        return None
    return stamp


def _is_stamp(value: str) -> bool:
    return parse_stamp(value) is not None


def _too_many(count: int, limit: int, what: str = "items") -> str:
    return f"{count} {what}, more than the {limit} a call record may hold"


class _Decoder:
    """Walks JSON against the dataclass declarations, collecting every problem with its place."""

    def __init__(self, max_items: int = MAX_ITEMS) -> None:
        self.problems: list[str] = []
        self.max_items = max_items

    def too_many(self, value: list[Any] | dict[Any, Any], where: str, what: str = "items") -> bool:
        """True (said) when ``value`` holds more items than a record may."""
        if len(value) <= self.max_items:
            return False
        self.fail(where, _too_many(len(value), self.max_items, what))
        return True

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where or 'record'}: {message}")

    def text(self, value: Any, where: str, meta: Mapping[str, Any]) -> Any:
        if not isinstance(value, str):
            self.fail(where, f"expected text, not {_kind(value)}")
            return None
        if meta.get("id"):
            if not SESSION_ID_RE.fullmatch(value):
                self.fail(where, f"{_show(value)} is not a valid call id")
                return None
            return value
        if meta.get("stamp"):
            if not _is_stamp(value):
                self.fail(
                    where,
                    f"expected a date and time with a UTC offset, in {YEARS.start} to "
                    f"{YEARS.stop - 1}, not {_show(value)}",
                )
                return None
            return value
        if len(value) > MAX_TEXT_CHARS:
            self.fail(where, f"over {MAX_TEXT_CHARS} characters")
            return None
        cleaned = one_line(value) if meta.get("line") else clean(value)
        if meta.get("name") and not cleaned.strip():
            self.fail(where, "expected a name, not empty text")
            return None
        choices = meta.get("choices")
        if choices and cleaned not in choices:
            self.fail(where, f"expected one of {', '.join(choices)}, not {_show(value)}")
            return None
        return cleaned

    def value(self, hint: Any, value: Any, where: str, meta: Mapping[str, Any]) -> Any:
        """Decode ``value`` as ``hint``; on a problem, record it and return None."""
        origin = typing.get_origin(hint)
        if hint is AnswerValue or hint == AnswerValue:
            return self.answer_value(value, where)
        if origin in (Union, types.UnionType):
            options = typing.get_args(hint)
            if value is None and type(None) in options:
                return None
            real = [o for o in options if o is not type(None)]
            if len(real) == 1:
                return self.value(real[0], value, where, meta)
            return self.scalar(value, where)
        if hint is str:
            return self.text(value, where, meta)
        if hint is bool:
            if isinstance(value, bool):
                return value
            self.fail(where, f"expected true/false, not {_kind(value)}")
            return None
        if hint is int:
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
                return value
            self.fail(where, f"expected a whole number of 0 or more, not {_show(value)}")
            return None
        if origin is list:
            (item_hint,) = typing.get_args(hint)
            if not isinstance(value, list):
                self.fail(where, f"expected a list, not {_kind(value)}")
                return None
            if self.too_many(value, where):
                return None
            items = [self.value(item_hint, v, f"{where}[{i}]", {}) for i, v in enumerate(value)]
            return [i for i in items if i is not None]
        if origin is dict:
            _, item_hint = typing.get_args(hint)
            if not isinstance(value, dict):
                self.fail(where, f"expected an object, not {_kind(value)}")
                return None
            if self.too_many(value, where):
                return None
            decoded = {}
            for key, item in value.items():
                decoded_item = self.value(item_hint, item, _at(where, _key(str(key))), {})
                if decoded_item is not None:
                    decoded[clean(str(key))] = decoded_item
            return decoded
        if dataclasses.is_dataclass(hint):
            return self.record(typing.cast(type, hint), value, where)
        if hint is typing.Any:
            problem = _json_problem(value, max_items=self.max_items)
            if problem is not None:
                self.fail(where, problem)
                return None
            return clean_value(value)
        raise TypeError(f"no decoder for {hint!r}")  # a declaration mistake, not bad data

    def scalar(self, value: Any, where: str) -> Any:
        if isinstance(value, str):
            return clean(value)[:MAX_TEXT_CHARS]
        if isinstance(value, int | float) and (problem := _number_problem(value)):
            self.fail(where, problem)
            return None
        if value is None or isinstance(value, int | float | bool):
            return value
        self.fail(where, f"expected text, a number, true/false or null, not {_kind(value)}")
        return None

    def answer_value(self, value: Any, where: str) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            if 1 <= value <= 10:
                return value
            self.fail(where, f"a number answer must be from 1 to 10, not {_show(value)}")
            return None
        if isinstance(value, str):
            return self.text(value, where, {})
        if isinstance(value, list):
            if self.too_many(value, where):
                return None
            if all(isinstance(i, str) for i in value):
                return [clean(i) for i in value]
            if all(isinstance(i, dict) for i in value):
                return self.value(list[PownItem], value, where, {})
        self.fail(
            where,
            "expected text, yes/no, a number from 1 to 10, or a list of text or POWN items",
        )
        return None

    def record(self, cls: type, data: Any, where: str) -> Any:
        if not isinstance(data, dict):
            self.fail(where, f"expected an object, not {_kind(data)}")
            return None
        plan = _plan(cls)
        unknown = [key for key in data if key not in plan.keys]
        if plan.rest is not None and self.too_many(unknown, where, "keys callmate does not know"):
            return None  # its own keys are few: only the ones kept as they came are counted
        kwargs: dict[str, Any] = {}
        before = len(self.problems)
        for slot in plan.slots:
            if slot.key not in data:
                if slot.required:
                    self.fail(_at(where, slot.key), "missing")
                continue
            raw = data[slot.key]
            found = len(self.problems)
            decoded = self.value(slot.hint, raw, _at(where, slot.key), slot.meta)
            if len(self.problems) > found:
                continue
            if decoded is None and slot.required:
                self.fail(_at(where, slot.key), "missing")
                continue
            kwargs[slot.name] = decoded
        if plan.rest is not None:
            kwargs[plan.rest] = {
                clean(str(key)): self.value(plan.rest_hint, item, _at(where, _key(str(key))), {})
                for key, item in data.items()
                if key not in plan.keys
            }
        if len(self.problems) > before:
            return None
        return cls(**kwargs)


@immutable
class _Slot:
    """How the decoder reads one field: its stored key, its type and whether it must be there."""

    name: str
    key: str
    hint: Any
    meta: Mapping[str, Any]
    required: bool


@immutable
class _Plan:
    """Every field of one record class as the decoder reads it, worked out once per class."""

    slots: tuple[_Slot, ...]
    keys: frozenset[str]
    rest: str | None
    #: The type of each value the rest mapping holds (scalars for an event, any JSON for extras).
    rest_hint: Any = None


@functools.cache
def _plan(cls: type) -> _Plan:
    """How to read one declared class: worked out once, as type hints are slow to resolve."""
    hints = typing.get_type_hints(cls)
    slots = []
    rest = None
    rest_hint: Any = None
    for spec in dataclasses.fields(cls):
        if spec.metadata.get("rest"):
            rest = spec.name
            rest_hint = typing.get_args(hints[spec.name])[1]
            continue
        required = (
            spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
        )
        key = spec.metadata.get("key", spec.name)
        slots.append(_Slot(spec.name, key, hints[spec.name], spec.metadata, required))
    return _Plan(tuple(slots), frozenset(s.key for s in slots), rest, rest_hint)


# The fast path: the same rules compiled once per declared type into plain functions that build
# the value or give up at the first problem. Stored records nearly always decode, so the precise
# walk above runs only to say what is wrong and where.


class _Bad(Exception):
    """Something does not fit; the precise decoder says what and where."""


FastDecode = Callable[[Any], Any]


def _fast_text(meta: Mapping[str, Any]) -> FastDecode:
    if meta.get("id"):

        def call_id(value: Any) -> Any:
            if not isinstance(value, str) or not SESSION_ID_RE.fullmatch(value):
                raise _Bad
            return value

        return call_id
    if meta.get("stamp"):

        def stamp_text(value: Any) -> Any:
            if not isinstance(value, str) or not _is_stamp(value):
                raise _Bad
            return value

        return stamp_text
    tidy = one_line if meta.get("line") else clean
    name, choices = bool(meta.get("name")), meta.get("choices")

    def text(value: Any) -> Any:
        if not isinstance(value, str) or len(value) > MAX_TEXT_CHARS:
            raise _Bad
        cleaned = tidy(value)
        if (name and not cleaned.strip()) or (choices and cleaned not in choices):
            raise _Bad
        return cleaned

    return text


def _fast_scalar(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)[:MAX_TEXT_CHARS]
    if isinstance(value, int | float) and _number_problem(value):
        raise _Bad
    if value is None or isinstance(value, int | float | bool):
        return value
    raise _Bad


def _fast_answer(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if 1 <= value <= 10:
            return value
        raise _Bad
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            raise _Bad
        return clean(value)
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise _Bad
        if all(isinstance(i, str) for i in value):
            return [clean(i) for i in value]
        return _fast_decoder(list[PownItem], ())(value)
    raise _Bad


@functools.cache
def _fast_decoder(hint: Any, meta_items: tuple[tuple[str, Any], ...]) -> FastDecode:
    meta = dict(meta_items)
    origin = typing.get_origin(hint)
    if hint is AnswerValue or hint == AnswerValue:
        return _fast_answer
    if origin in (Union, types.UnionType):
        real = [o for o in typing.get_args(hint) if o is not type(None)]
        inner = _fast_decoder(real[0], meta_items) if len(real) == 1 else _fast_scalar
        return lambda value: None if value is None else inner(value)
    if hint is str:
        return _fast_text(meta)
    if hint is bool:

        def boolean(value: Any) -> Any:
            if not isinstance(value, bool):
                raise _Bad
            return value

        return boolean
    if hint is int:

        def count(value: Any) -> Any:
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
                raise _Bad
            return value

        return count
    if origin is list:
        item = _fast_decoder(typing.get_args(hint)[0], ())

        def items(value: Any) -> Any:
            if not isinstance(value, list) or len(value) > MAX_ITEMS:
                raise _Bad
            return [item(v) for v in value]

        return items
    if origin is dict:
        entry = _fast_decoder(typing.get_args(hint)[1], ())

        def mapping(value: Any) -> Any:
            if not isinstance(value, dict) or len(value) > MAX_ITEMS:
                raise _Bad
            return {clean(str(k)): entry(v) for k, v in value.items()}

        return mapping
    if dataclasses.is_dataclass(hint):
        return _fast_object(typing.cast(type, hint))
    if hint is typing.Any:
        return _fast_json
    raise TypeError(f"no decoder for {hint!r}")  # a declaration mistake, not bad data


def _fast_json(value: Any) -> Any:
    if _json_problem(value) is not None:
        raise _Bad
    return clean_value(value)


def _fast_object(cls: type) -> FastDecode:
    plan = _plan(cls)
    rest = _fast_decoder(plan.rest_hint, ()) if plan.rest is not None else _fast_scalar
    slots = [
        (s.name, s.key, s.required, _fast_decoder(s.hint, tuple(sorted(s.meta.items()))))
        for s in plan.slots
    ]

    def build(value: Any) -> Any:
        if not isinstance(value, dict):
            raise _Bad
        kwargs: dict[str, Any] = {}
        for name, key, required, decode in slots:
            if key in value:
                decoded = decode(value[key])
                if decoded is None and required:
                    raise _Bad
                kwargs[name] = decoded
            elif required:
                raise _Bad
        if plan.rest is not None:
            kwargs[plan.rest] = {
                clean(str(k)): rest(v) for k, v in value.items() if k not in plan.keys
            }
            if len(kwargs[plan.rest]) > MAX_ITEMS:
                raise _Bad
        return cls(**kwargs)

    return build


def decode_record(
    data: Any,
    *,
    max_items: int = MAX_ITEMS,
    outside: bool = False,
) -> CallRecord:
    """A typed record from stored or imported JSON; RecordDecodeError names every problem.

    ``outside``: the record comes from outside the data folder (an import, an emergency copy),
    so it is also held to what typing lets in: at most MAX_RECORD_CHARS characters of text in
    all, names and next-step texts no longer than they can be typed, and to what every call
    callmate writes keeps true (record_promises: a completed call has ended and has a whole
    next step, its outcome agrees with the step's kind, `follows` is a call id). The store's
    own files are not: a call imported before these limits stays readable.
    ``max_items``: how many items one list or object may hold (MAX_ITEMS; a test gives less).
    """
    if not isinstance(data, dict):
        raise RecordDecodeError([f"record: expected an object, not {_kind(data)}"])
    if outside and _text_over(data, MAX_RECORD_CHARS):
        raise RecordDecodeError(
            [
                f"record: more than {MAX_RECORD_CHARS:,} characters of text, the most one call may "
                "hold (a 3-hour call typed without a pause is about 130,000)"
            ]
        )
    current = migrate(data)
    try:
        if max_items != MAX_ITEMS:
            raise _Bad  # the fast path knows MAX_ITEMS only; the precise one takes any limit
        record = _fast_decoder(CallRecord, ())(current)
    except _Bad:
        decoder = _Decoder(max_items)
        record = decoder.record(CallRecord, current, "")
        if decoder.problems or record is None:
            raise RecordDecodeError(decoder.problems or ["record: could not be read"]) from None
    if outside:
        from callmate.core.record_promises import broken_promises  # imports the session's rules

        problems = _over_typed_limits(record, "") + broken_promises(record)
        if problems:
            raise RecordDecodeError(problems)
        # Derived from the name and company, never taken from outside: a key of another
        # prospect's listed an imported call (its name another's) in that prospect's history.
        record.prospect_key = prospect_key(record.prospect, record.company)
    return typing.cast(CallRecord, record)


def _text_over(data: Any, limit: int) -> bool:
    """True if the strings of a JSON value (keys included) hold more than ``limit`` characters;
    stops as soon as they do, so a huge record costs no more than a normal one to refuse."""
    total = 0
    waiting = [data]
    while waiting:
        value = waiting.pop()
        kind = type(value)
        if kind is str:
            total += len(value)
        elif kind is dict:
            total += sum(len(key) for key in value if type(key) is str)
            waiting.extend(value.values())
        elif kind is list:
            waiting.extend(value)
        if total > limit:
            return True
    return False


def _over_typed_limits(value: Any, where: str) -> list[str]:
    """The texts of a decoded record longer than typing lets in (fields with "max_chars")."""
    problems: list[str] = []
    for spec in dataclasses.fields(value):
        item = getattr(value, spec.name)
        at = _at(where, spec.metadata.get("key", spec.name))
        limit = spec.metadata.get("max_chars")
        if limit is not None and isinstance(item, str) and len(item) > limit:
            problems.append(
                f"{at}: {len(item):,} characters, more than the {limit:,} callmate lets you "
                "type there"
            )
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            problems += _over_typed_limits(item, at)
    return problems


def record_problems(data: Any) -> list[str]:
    """Everything wrong with a record as JSON; empty when it decodes."""
    try:
        decode_record(data)
    except RecordDecodeError as exc:
        return exc.problems
    return []


# -- encoding ------------------------------------------------------------------------------------


@functools.cache
def _object_encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    """A declared class to its JSON object, worked out once: each field's key, and whether it is
    left out while it holds its default."""
    fields = []
    rest_name = None
    for spec in dataclasses.fields(cls):
        if spec.metadata.get("rest"):
            rest_name = spec.name
            continue
        if spec.default_factory is not dataclasses.MISSING:
            default = spec.default_factory()
        else:
            default = spec.default
        omit = bool(spec.metadata.get("omit_empty"))
        fields.append((spec.name, spec.metadata.get("key", spec.name), omit, default))

    def encode(value: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, key, omit, default in fields:
            item = getattr(value, name)
            if omit and type(item) is type(default) and item == default:
                continue
            data[key] = _encode(item)
        if rest_name is not None:
            data.update(getattr(value, rest_name))
        return data

    return encode


def _encode(value: Any) -> Any:
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:
        return value
    if kind is list:
        return [_encode(v) for v in value]
    if kind is dict:
        return {k: _encode(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _object_encoder(typing.cast(type, kind))(value)
    return value


def encode_record(record: CallRecord) -> dict[str, Any]:
    """The JSON the store writes for ``record``; `decode_record` reads it back unchanged."""
    return typing.cast(dict[str, Any], _encode(record))

"""In practice the persona's replies are the truth: the rep's capture is checked against them.

A rep could otherwise type "y" where the persona said "Maybe" and be scored for agreement. For
closed questions (yes/no, choice, scale) the persona's own words are what gets scored; for text,
lists and POWNs only the items that share words with what the persona said earn credit, and the
items it said that the rep missed are named; a text answer that says the opposite of their words
("budget is already there" over "No budget for it.") is recorded against them, as a typed yes
over their no is. Junk (one-letter items, "x") never earns credit, on any call.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from callmate.core import judgement
from callmate.core.call_record import Answer, AnswerValue, CallRecord, PownItem
from callmate.core.immutable import immutable
from callmate.core.labels import question_label
from callmate.core.playbook import Capture, Playbook, Question, Signal
from callmate.core.practice_names import PARTNER
from callmate.core.practice_reading import Reading, is_non_answer, read_sentence, read_yes_no
from callmate.core.words import DENSE, sentences
from callmate.core.words import words as split_words

CLOSED = (Capture.YES_NO, Capture.CHOICE, Capture.SCALE)
#: Common words that never show that a capture matches what was said.
STOP_WORDS = frozenset(
    [
        "that",
        "this",
        "with",
        "have",
        "from",
        "they",
        "them",
        "their",
        "there",
        "what",
        "when",
        "where",
        "which",
        "would",
        "could",
        "should",
        "about",
        "into",
        "just",
        "only",
        "also",
        "very",
        "really",
        "some",
        "more",
        "most",
        "much",
        "every",
        "your",
        "yours",
        "ours",
        "then",
        "than",
        "been",
        "were",
        "will",
        "does",
        "dont",
    ]
)
#: What a persona says by default when "what else?" finds nothing more (persona.Phrases): never
#: something it said there. Records before the line was marked as such are known by it.
NOTHING_MORE = "That's about it, really. Nothing else comes to mind."


@lru_cache(maxsize=2048)
def words(text: str) -> frozenset[str]:
    """The words that carry meaning: four letters or more (two characters of a script without
    spaces), not stop words, plural s dropped. (Kept for the texts seen last: a practice checks
    the same lines on every reply and every repaint of its panel.)"""
    found = set()
    for word in split_words(text):  # the core's one definition of a word, in any script
        if len(word) < (2 if DENSE.search(word) else 4) or word in STOP_WORDS:
            continue
        found.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return frozenset(found)


def is_junk(text: Any) -> bool:
    """A capture that says nothing: no real word (real_words.has_real_words: "asdf", "bla
    bla", "test"), or no word of three letters or more ("ok", "IT") in any script and no
    character of a script written without spaces."""
    if not isinstance(text, str):
        return False
    from callmate.core.real_words import has_real_words

    if not has_real_words(text):
        return True
    return not any(len(w) >= 3 or DENSE.search(w) for w in split_words(text))


def matches(captured: str, said: str) -> bool:
    """Whether a capture shares a meaningful word with what the persona said."""
    return bool(words(captured) & words(said))


def persona_said(record: CallRecord) -> dict[str, list[str]]:
    """Everything the persona said at each question, in order (from the record's events).

    Its "nothing more to tell" line is left out: it says nothing the rep could capture, so an
    item typed from it earns nothing (the question is still there, with what else it said).
    """
    said: dict[str, list[str]] = {}
    for event in record.events:
        if event.type == "prospect_said":
            text = event.fields.get("text")
            heard = said.setdefault(str(event.fields.get("question")), [])
            if event.fields.get("nothing_more") is True or text == NOTHING_MORE:
                continue
            heard.append(text if isinstance(text, str) else "")
    return said


@immutable
class Checked:
    """The record as it should be scored, and what differed from what the persona said."""

    record: CallRecord
    notes: tuple[str, ...] = ()
    #: Answers checked against what the persona said, and how many of them matched it.
    checked: int = 0
    accurate: int = 0
    #: Closed questions asked whose reply reads as no answer ("It depends.", words callmate
    #: cannot read): left out of `record`, so no judgement guesses a yes or a no from them.
    unknown: Mapping[str, Answer] = dataclasses.field(default_factory=dict)
    #: Closed answers recorded against what the persona said (a yes where it said no or
    #: "maybe", the opposite choice), with the note saying so: the criterion a question
    #: belongs to earns nothing for it (scoring).
    against: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def asked(self) -> CallRecord:
        """The record with those unknown answers back, as the persona's words: for what only
        asks whether a question was asked (the agenda set, the commitment question asked)."""
        return dataclasses.replace(self.record, answers={**self.record.answers, **self.unknown})


@immutable
class _Verdict:
    """One answer checked: the value to score (None: no answer), a note, and whether the
    capture matched what was said (None: not counted, nothing readable to check it against)."""

    value: AnswerValue | None
    note: str = ""
    accurate: bool | None = None
    unknown: str = ""
    against: bool = False


def check(record: CallRecord, playbook: Playbook | None) -> Checked:
    """The record with junk removed and, in a persona practice, the persona's answers put first
    (a new record: the stored one is never changed)."""
    said = persona_said(record) if scripted(record) else {}
    notes: list[str] = []
    fixed: dict[str, Answer] = {}
    unknown: dict[str, Answer] = {}
    against: dict[str, str] = {}
    checked = accurate = 0
    pown_ids = {q.id for q in playbook.questions if q.capture is Capture.POWNS} if playbook else ()
    items = persona_items(record) if any(q in said for q in pown_ids) else None
    for qid, entry in record.answers.items():
        question = _question(playbook, qid)
        verdict = _checked_value(qid, question, entry.value, said.get(qid), items)
        if verdict.note:
            notes.append(verdict.note)
        if verdict.against:
            against[qid] = verdict.note
        if qid in said and entry.value not in ("", []) and verdict.accurate is not None:
            checked += 1
            accurate += verdict.accurate
        if verdict.value is not None:  # junk, or a reply that reads as no answer, is none
            fixed[qid] = Answer(verdict.value, entry.at)
        elif verdict.unknown:
            unknown[qid] = Answer(verdict.unknown, entry.at)
    return Checked(
        dataclasses.replace(record, answers=fixed),
        tuple(notes),
        checked,
        accurate,
        unknown,
        against,
    )


def as_heard(record: CallRecord, playbook: Playbook | None) -> CallRecord:
    """The record the live panel judges: in a practice against a scripted persona, what the
    persona said, read exactly as the scorecard reads it (its "Ja" is a yes on both, its
    "Vielleicht" a yes on neither); any other call as typed.

    An answer the rep recorded against its words shows as what it said ("✗ Decision maker —
    they said no" after a typed y): the panel is about the prospect, and the scorecard charges
    the rep's capture to the criterion (scoring._against_their_words)."""
    return check(record, playbook).record if scripted(record) else record


def scripted(record: CallRecord) -> bool:
    """A practice against a scripted persona: what it said is on the record to check against."""
    return record.mode == "practice" and record.persona not in (None, PARTNER)


def _question(playbook: Playbook | None, qid: str) -> Question | None:
    if playbook is None:
        return None
    try:
        return playbook.question(qid)
    except KeyError:
        return None


def named(question: Question | None, qid: str) -> str:
    """A question as the rep knows it (its label, or its prompt cut short), never its id."""
    return f"'{question_label(question) if question is not None else qid}'"


def _checked_value(
    qid: str,
    question: Question | None,
    value: AnswerValue,
    heard: list[str] | None,
    pown_items: tuple[str, ...] | None = None,
) -> _Verdict:
    name = named(question, qid)
    if value is None or value == "" or value == []:
        return _Verdict(value)
    if isinstance(value, list):
        powns = question is not None and question.capture is Capture.POWNS
        items, note = _checked_items(name, value, heard, (pown_items,) if powns else None)
        return _Verdict(items, note, None if heard is None else not note)
    closed = question is not None and question.capture in CLOSED
    typed = None if closed else plain_yes_no(value)
    if typed is not None and isinstance(value, str):
        return _Verdict(value) if heard is None else _checked_plain(name, value, typed, heard)
    if isinstance(value, str) and is_junk(value):
        return _Verdict(None, f"{name}: '{value}' says nothing, so it earns nothing", False)
    if heard is None:
        return _Verdict(value)
    if question is not None and question.capture in CLOSED:
        latest = heard[-1] if heard else ""  # the latest time it was asked
        return _checked_closed(name, question, value, latest)
    text = " ".join(heard)
    if isinstance(value, str) and not matches(value, text):
        return _Verdict(None, f'{name}: they never said "{_short(value)}"', False)
    if isinstance(value, str) and heard:
        latest = heard[-1]  # the latest time it was asked, as for closed questions
        opposite = contradicts(value, latest)
        if opposite is not None:
            yours = "no" if opposite is Reading.YES else "yes"
            note = (
                f'{name}: you recorded "{_short(value)}" ({yours}), they said '
                f'"{_short(latest)}" ({opposite.value})'
            )
            return _Verdict(latest, note, False, against=True)
    return _Verdict(value, "", True)


#: Words that say something is there ("budget is already there", "it's approved"), read only
#: where no plain yes or no decides (practice_reading): a capture's stance, or a reply's.
PRESENT = re.compile(
    r"(?<![\w'’])(?:already|in place|set aside|allocated|approved|signed off|budgeted|"
    r"available|there (?:is|are)|(?:is|are|'s) there|(?:we|they|i) (?:have|'ve got|got)"
    r"(?! to)|ha(?:s|ve) (?:got|an?|the|some|one)|exists?|funded|confirmed|"
    r"in (?:the|this year'?s|our) budget)(?![\w'’])",
    re.I,
)
#: Words that say something is not there ("nothing planned", "without a budget").
ABSENT = re.compile(
    r"(?<![\w'’])(?:none|nothing|zero|without|lacks?|not (?:there|in place|set|allocated|"
    r"approved|available|yet)|(?:is|are|has|have|does|do)n'?t (?:got|have|there|any))(?![\w'’])",
    re.I,
)


def stance(sentence: str) -> Reading | None:
    """Whether one sentence says yes / something is there (YES) or no / nothing is (NO); None
    for a hedge, for both at once, and for words that say neither."""
    reading = read_sentence(sentence)
    if reading is Reading.NEITHER:
        return None
    folded = sentence.casefold().replace("’", "'")
    absent = reading is Reading.NO or bool(ABSENT.search(folded))
    present = reading is Reading.YES or bool(PRESENT.search(folded))
    if absent == present:
        return None
    return Reading.NO if absent else Reading.YES


def contradicts(captured: str, said: str) -> Reading | None:
    """What the persona said where a text capture says the opposite: their NO (none, not
    there) under a capture that reads as yes or present ("budget is already there" over "No
    budget for it."), or the reverse; None when they agree or either says neither.

    The capture's stance is its first sentence that takes one; theirs is read from their
    sentences about what it names (sharing a meaningful word), and only when all that take a
    stance take the same one: a reply that says both is never charged to the rep."""
    typed = next((s for s in map(stance, sentences(captured)) if s is not None), None)
    if typed is None:
        return None
    topic = words(captured)
    theirs = {stance(s) for s in sentences(said) if words(s) & topic} - {None}
    if len(theirs) == 1 and typed not in theirs:
        return theirs.pop()
    return None


#: A typed answer of at most this many words that reads as a yes or a no is that yes or no.
PLAIN_WORDS = 3


def plain_yes_no(value: AnswerValue) -> Reading | None:
    """A short text answer that is a yes or a no ("yes", "No.", "nope", "not really"), read
    as the persona's words are read; None for anything else (longer words are checked as
    words)."""
    if not isinstance(value, str) or len(split_words(value)) > PLAIN_WORDS:
        return None
    reading = read_yes_no(value)
    return reading if reading in (Reading.YES, Reading.NO) else None


def _checked_plain(name: str, value: str, typed: Reading, heard: list[str]) -> _Verdict:
    """A typed yes or no at a question that takes text, against the persona's latest reply,
    both read by the one reading: their "Yes, that sounds perfect." is the yes typed; the
    opposite, or a yes over their hedge, is recorded against their words."""
    text = heard[-1] if heard else ""
    theirs = read_yes_no(text)
    if theirs is typed:
        return _Verdict(value, "", True)
    if theirs is Reading.UNREAD:  # no yes or no in what they said: checked as words
        return _Verdict(None, f'{name}: they never said "{_short(value)}"', False)
    if theirs is Reading.NEITHER and typed is Reading.NO:
        return _Verdict(None, "", True, text)  # no yes was given: the careful rep
    what = "neither yes nor no" if theirs is Reading.NEITHER else theirs.value
    note = f'{name}: you recorded {typed.value}, they said "{_short(text)}" ({what})'
    return _Verdict(None, note, False, text if theirs is Reading.NEITHER else "", against=True)


def _checked_closed(name: str, question: Question, value: AnswerValue, text: str) -> _Verdict:
    """A closed answer against the persona's words: theirs is scored; words that read as no
    answer score as unknown, and a yes (or strong) typed over them earns nothing."""
    theirs, reading = read_answer(question, text)
    typed = judgement.answer_verdict(question, value).verdict
    if theirs is not None:
        if value == theirs or typed is judgement.answer_verdict(question, theirs).verdict:
            return _Verdict(theirs, "", True)
        note = (
            f'{name}: you recorded {_shown(value)}, they said "{_short(text)}" ({_shown(theirs)})'
        )
        return _Verdict(theirs, note, False, against=True)
    if reading is Reading.UNREAD:
        return _Verdict(
            None,
            f'{name}: "{_short(text)}" cannot be read as an answer, so it counts as unknown',
            None,
            text,
        )
    what = {Reading.NO: "no", Reading.NEITHER: "neither yes nor no"}.get(reading, "unclear")
    if typed is judgement.Verdict.MET:
        note = f'{name}: you recorded {_shown(value)}, they said "{_short(text)}" ({what})'
        return _Verdict(None, note, False, text, against=True)
    return _Verdict(None, "", True, text)


def _checked_items(
    name: str,
    items: list[str] | list[PownItem],
    heard: list[str] | None,
    pown_items: tuple[tuple[str, ...] | None] | None = None,
) -> tuple[AnswerValue, str]:
    """List and POWN items checked against what they said; `pown_items` at a POWN question:
    (the persona's own items, or None when its file cannot be read)."""
    kept: list[Any] = []
    empty: list[str] = []
    dropped: list[str] = []
    for item in items:
        text = item.text if isinstance(item, PownItem) else item
        if is_junk(text):
            empty.append(text)
        elif heard is not None and not matches(text, " ".join(heard)):
            dropped.append(text)
        else:
            kept.append(item)
    notes = []
    if empty:
        notes.append(f"says nothing, no credit: {', '.join(_short(t) for t in empty)}")
    if dropped:
        notes.append(f"not from them, no credit: {', '.join(_short(t) for t in dropped)}")
    if heard is not None:
        captured = " ".join(i.text if isinstance(i, PownItem) else i for i in kept)
        missed = [s for s in _missable(heard, pown_items) if not matches(s, captured)]
        if missed:
            notes.append(f"they said, you missed: {'; '.join(_short(m) for m in missed)}")
    return kept, f"{name}: {' / '.join(notes)}" if notes else ""


def _missable(heard: list[str], pown_items: tuple[tuple[str, ...] | None] | None) -> list[str]:
    """What the rep could have captured from what the persona said at a question.

    At a POWN question of a persona whose file names its POWN items: the items it told there,
    as the file words them ("drivers wait hours at depots for paperwork"), never the colour
    around them ("Well...", "That's embarrassing."). An item is told by a line that holds more
    than half of its meaningful words (its own line, or a reply keyed by the question that
    says it in other words). Without the items (no file to read, or none in it): its whole
    lines. Elsewhere (lists): its sentences. A non-answer ("I don't know") is nothing to miss.
    """
    lines = [h for h in heard if words(h) and not is_non_answer(h)]
    if pown_items is None:
        return [s for h in lines for s in sentences(h) if words(s) and not is_non_answer(s)]
    (own,) = pown_items
    if not own:
        return lines
    return [item for item in own if any(_tells(line, item) for line in lines)]


def _tells(line: str, item: str) -> bool:
    """Whether a line the persona said tells one of its POWN items: more than half of the
    item's meaningful words are in it."""
    wanted = words(item)
    return bool(wanted) and 2 * len(wanted & words(line)) > len(wanted)


def persona_items(record: CallRecord) -> tuple[str, ...] | None:
    """The POWN items of the persona a scripted practice ran against, as its file defines them
    (the hot button with them); () when the file names none; None when the file cannot be found
    or read (a persona given by path, since renamed or removed, or broken).

    The record keeps only the persona's name and what it said, so its file is looked up by
    that name, as `callmate practice --persona NAME` finds it; a name that is no persona name
    is never read as a path."""
    from callmate.core.format import NAME_PATTERN  # (format imports scoring, which imports us)
    from callmate.core.persona_loader import PersonaNotFound, resolve_persona

    name = record.persona
    if not scripted(record) or name is None or not re.fullmatch(NAME_PATTERN, name):
        return None

    try:
        path = resolve_persona(name)
        stat = path.stat()
    except (PersonaNotFound, OSError):
        return None
    return _items_in(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _items_in(path: str, mtime_ns: int, size: int) -> tuple[str, ...] | None:
    """A persona file's POWN items (kept while the file is unchanged: a practice checks its
    record on every reply)."""
    from pathlib import Path

    from callmate.core.persona_loader import load_persona
    from callmate.core.problems import PlaybookError

    try:
        persona = load_persona(Path(path))
    except (PlaybookError, OSError):
        return None
    items = [p.text for p in persona.powns]
    if persona.hot_button and persona.hot_button not in items:
        items.append(persona.hot_button)
    return tuple(items)


def as_answer(question: Question, text: str) -> str | bool | int | None:
    """What the persona's words record for a closed question: yes/no, a choice, a number, or
    None when they record none of these (a hedge, or words callmate cannot read)."""
    return read_answer(question, text)[0]


def read_answer(question: Question, text: str) -> tuple[str | bool | int | None, Reading]:
    """The value the persona's words record for a closed question, and how they read.

    Yes/no: a plain yes or no (practice_reading). Scale: a number from 0 to 10 in the words.
    Choice: the one choice named (not after "not"); failing that, a plain no picks the one
    choice that itself reads as no ("no timeline"). Anything else records nothing.
    """
    reading = read_yes_no(text)
    if question.capture is Capture.YES_NO:
        value = {Reading.YES: True, Reading.NO: False}.get(reading)
        return value, reading
    if question.capture is Capture.SCALE:
        found = re.search(r"(?<![\d.])(10|[0-9])(?![\d.]\d|\d)", text)
        return (int(found.group(1)), Reading.YES) if found else (None, reading)
    choices = _named_choices(question.choices, text)
    if len(choices) == 1:
        return choices[0], Reading.YES
    if not choices and reading is Reading.NO:
        noes = [c for c in question.choices if read_yes_no(c) is Reading.NO]
        if len(noes) == 1:
            return noes[0], Reading.NO
    return None, reading if not choices else Reading.NEITHER


def _named_choices(choices: tuple[str, ...], text: str) -> list[str]:
    """The choices the words name, as whole words and not negated ("not this month")."""
    folded = " ".join(text.casefold().split())
    found = []
    for choice in choices:
        pattern = r"(?<![\w'])" + re.escape(" ".join(choice.casefold().split())) + r"(?![\w'])"
        for match in re.finditer(pattern, folded):
            if not re.search(r"(?:\bnot|\bno|n't)\s+$", folded[: match.start()]):
                found.append(choice)
                break
    # "later this year" names "this year" too: keep only choices no longer one contains.
    return [c for c in found if not any(c != o and c.casefold() in o.casefold() for o in found)]


def _shown(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:59] + "…"


#: The persona reply key (and question id) for "what will you do on your side?": a playbook
#: that asks it without marking it `signal: their_part` still hears the persona's part there.
THEIR_PART_KEY = "their_part"


def step_disagreement(record: CallRecord, playbook: Playbook | None, theirs: str) -> str:
    """Why the prospect's part of the agreed step is not what a scripted persona said; "" when
    it is (or when nothing it said is on the record to check against).

    The gate takes whatever the rep types; in practice the persona's own words are the truth,
    as for answers: the part must share a meaningful word with what it said when asked what it
    will do (questions marked `signal: their_part`). In a playbook without one, only what it
    agreed to counts: its reply at a question with the id `their_part` (its their-part reply),
    or its reply to the commitment question when that set a firm timeline (its commitment
    model's strong line). A word it said anywhere else (who signs, a problem) agrees to
    nothing, and neither does a non-answer ("I don't know").
    """
    if not scripted(record):
        return ""
    said = persona_said(record)
    if not said:
        return ""
    asks = [q.id for q in playbook.with_signal(Signal.THEIR_PART)] if playbook else []
    heard = [t for qid in asks for t in said.get(qid, [])]
    if asks and not heard:
        return "they were never asked what they will do, so in practice their part is not theirs"
    if not asks:
        return _unmarked_disagreement(playbook, said, theirs)
    agreed = [t for t in heard if not is_non_answer(t)]
    if any(matches(theirs, line) for line in agreed):
        return ""
    return (
        f'their part, "{_short(theirs)}", is not what they agreed: they said "{_short(heard[-1])}"'
    )


def _unmarked_disagreement(
    playbook: Playbook | None, said: Mapping[str, list[str]], theirs: str
) -> str:
    """A playbook with no question marked as asking what they will do: their part must be
    their their-part reply, or what they committed to at the commitment question with a firm
    timeline."""
    questions = judgement.commitment_questions(playbook) if playbook else []
    replies = [(q, t) for q in questions for t in said.get(q.id, [])]
    own = [t for t in said.get(THEIR_PART_KEY, []) if not is_non_answer(t)]
    agreed = own + [t for q, t in replies if not is_non_answer(t) and _firm(q, t)]
    if any(matches(theirs, line) for line in agreed):
        return ""
    if agreed:
        return (
            f'their part, "{_short(theirs)}", is not what they agreed: they said '
            f'"{_short(own[-1] if own else agreed[-1])}"'
        )
    asked = THEIR_PART_KEY in said
    heard = said.get(THEIR_PART_KEY, []) if asked else [t for _, t in replies]
    told = f' (they said "{_short(heard[-1])}")' if heard else ""
    unasked = "" if asked else ", and this playbook has no question asking what they will do"
    return (
        f'their part, "{_short(theirs)}", is not what they agreed: they never agreed to do '
        f"anything{told}{unasked}"
    )


def _firm(question: Question, text: str) -> bool:
    """Whether the persona's reply to a commitment question sets a firm timeline."""
    value = as_answer(question, text) if question.capture in CLOSED else text
    return judgement.timeline_of(question, value) is judgement.Timeline.SET

"""Turning what a rep types into a typed answer, and an answer back into words.

Kept apart from the session so the call screen, practice personas and imports all read answers the
same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from callmate.core.call_record import Answer, AnswerValue, CallRecord, PownItem
from callmate.core.clean import clean
from callmate.core.playbook import Capture, PownTag, Question

YES = frozenset(
    {"y", "yes", "yeah", "yep", "yup", "ya", "yea", "yess", "sure", "ok", "okay", "absolutely",
     "definitely", "certainly", "of course", "for sure", "correct", "agreed", "totally",
     "very much", "very much so", "100%", "true", "1"}
)  # fmt: skip
NO = frozenset(
    {"n", "no", "nope", "nah", "not really", "no way", "never", "not at all", "no chance",
     "definitely not", "absolutely not", "certainly not", "of course not", "no not really",
     "false", "0"}
)  # fmt: skip
#: Words that only make a yes stronger: "yes, definitely", "yeah absolutely", "yes def".
_STRONGER = frozenset({"definitely", "def", "absolutely", "totally", "certainly", "really", "so"})
#: A yes/no question answered with a maybe: not a yes, and no plain no either.
MAYBE = frozenset(
    {"maybe", "perhaps", "possibly", "probably", "likely", "i think so", "think so",
     "kind of", "kinda", "sort of", "sorta", "somewhat", "up to a point", "to a point",
     "not sure", "unsure", "depends", "it depends", "partly", "a bit", "a little", "not yet",
     "not now", "not right now", "no not yet"}
)  # fmt: skip
TAG_PREFIXES = {
    "p": PownTag.PROBLEM,
    "o": PownTag.OPPORTUNITY,
    "w": PownTag.WANT,
    "n": PownTag.NEED,
}
#: A POWN tag as a word ("want: online booking"), beside its letter.
TAG_WORDS = {
    "problem": PownTag.PROBLEM,
    "opportunity": PownTag.OPPORTUNITY,
    "want": PownTag.WANT,
    "need": PownTag.NEED,
}
#: A bullet or a number opening a line copied from a document, an email or a chat ("- ", "• ",
#: "* ", "1. ", "2) "): not part of the item, and it hid the item's own tag.
_LIST_MARK = re.compile(r"^(?:[-*•·‣◦▪–—+]|\d{1,3}[.)])\s+")
MAX_ANSWER_CHARS = 4000
#: A line break of a text answer while it is back in the one-line answer field (the rep went back
#: to a pasted answer of several lines): shown, editable, and a line break again once entered.
LINE_MARK = "⏎"


class AnswerError(ValueError):
    """Shown to the rep inline; says what would be accepted."""


def parse_answer(question: Question, text: str) -> str | bool | int:
    """A single-value answer from typed text. List captures go through `parse_item`."""
    raw = clean(text).strip()
    if not raw:
        raise AnswerError("type an answer, or skip the question")
    if len(raw) > MAX_ANSWER_CHARS:
        raise AnswerError(f"that answer is over {MAX_ANSWER_CHARS} characters: add it as a note")
    if question.capture is Capture.YES_NO:
        word = " ".join(raw.casefold().replace(",", " ").replace(" - ", " ").strip(" .!;-").split())
        first, *rest = word.split(" ", 1)
        if word in YES or (first in YES and rest and set(rest[0].split()) <= _STRONGER):
            return True
        if word in NO:
            return False
        if word in MAYBE:
            raise AnswerError(
                f"answer y or n: '{raw}' is not a yes yet, so n, or skip it (ctrl+n) and "
                "note their words (ctrl+o)"
            )
        raise AnswerError("answer y or n (yes or no)")
    if question.capture is Capture.SCALE:
        if not (raw.isascii() and raw.isdecimal() and 1 <= int(raw) <= 10):
            raise AnswerError("answer with a whole number from 1 to 10")
        return int(raw)
    if question.capture is Capture.CHOICE:
        return _choice(question, raw)
    lines = "\n".join(part.strip() for part in raw.split(LINE_MARK) if part.strip())
    if not lines:
        raise AnswerError("type an answer, or skip the question")
    return lines


def _choice(question: Question, raw: str) -> str:
    if raw.isascii() and raw.isdecimal() and 1 <= int(raw) <= len(question.choices):
        return question.choices[int(raw) - 1]
    folded = raw.casefold()
    exact = [c for c in question.choices if c.casefold() == folded]
    if exact:
        return exact[0]
    starts = [c for c in question.choices if c.casefold().startswith(folded)]
    if len(starts) == 1:
        return starts[0]
    options = "; ".join(f"{i}: {c}" for i, c in enumerate(question.choices, 1))
    if starts:
        matches = " or ".join(f"'{c}'" for c in starts)
        raise AnswerError(
            f"'{raw}' is ambiguous: it starts {matches}; type more of the name, or its number "
            f"— {options}"
        )
    raise AnswerError(f"pick one by number or name — {options}")


class RepeatedItem(AnswerError):
    """An item already listed: refused, and nothing is lost by leaving it out (a paste's
    repeated line is skipped, the lines after it still taken)."""


def parse_item(
    question: Question, text: str, listed: Sequence[str | PownItem] = ()
) -> str | PownItem:
    """One item of a list or POWN capture; POWN items take a `p:`/`o:`/`w:`/`n:` tag prefix.

    An item already in `listed` (the same words, whatever the capitals and spacing) is refused
    with where it is: a repeated Enter or a pasted line twice would otherwise list it again.
    """
    raw = clean(text).strip()
    if len(raw) > MAX_ANSWER_CHARS:
        raise AnswerError(f"that item is over {MAX_ANSWER_CHARS} characters: add it as a note")
    raw = _LIST_MARK.sub("", raw, count=1) or raw
    item: str | PownItem = raw
    if question.capture is Capture.POWNS:
        tag = question.tag
        head, sep, rest = raw.partition(":")
        named = TAG_PREFIXES.get(head.strip().casefold()) or TAG_WORDS.get(head.strip().casefold())
        if sep and named is not None and rest.strip():
            tag = named
            raw = rest.strip()
        item = PownItem(raw, tag.value)
    said = _same_words(raw)
    for i, old in enumerate(listed, 1):
        if said and _same_words(old.text if isinstance(old, PownItem) else old) == said:
            raise RepeatedItem(
                f"'{raw[:60]}' is already listed (item {i}): type another item, or press Enter "
                "on an empty line to move on"
            )
    return item


def _same_words(text: str) -> str:
    """Text as compared for a repeated item: no case, single spaces."""
    return " ".join(text.casefold().split())


def item_words(item: str | PownItem) -> str:
    """One item of a list or POWN answer as the rep reads it back ("problem: slow invoices")."""
    return f"{item.tag}: {item.text}" if isinstance(item, PownItem) else item


def value_words(value: AnswerValue) -> str:
    """Any stored answer in words, whatever its question: one given under an earlier edition of
    the playbook may fit no question now (a list whose question became a yes/no)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(item_words(item) for item in value)
    return str(value)


#: A capture kind as a rep would name the question ("a yes/no question").
CAPTURE_WORDS = {
    Capture.TEXT: "text",
    Capture.LIST: "list",
    Capture.YES_NO: "yes/no",
    Capture.CHOICE: "choice",
    Capture.SCALE: "1 to 10",
    Capture.POWNS: "POWN",
}


def stored_words(value: AnswerValue) -> str:
    """A stored value as what it is, for one that fits no reading of its question: a number
    stays a number, a bare true/false stays one (a yes/no reading would put words in the
    prospect's mouth)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value_words(value)


def misfit_words(question: Question, value: AnswerValue) -> str:
    """An answer its question cannot hold, said as such ("7 (does not fit a yes/no question)"):
    the one wording of `show`, the read-only view and a resumed call."""
    kind = CAPTURE_WORDS.get(question.capture, str(question.capture))
    return f"{stored_words(value)} (does not fit a {kind} question)"


def answer_text(question: Question, value: AnswerValue | None) -> str:
    """An answer in words, for templates, summaries and the captured list; one its question
    cannot hold says so (`misfit_words`)."""
    if value is None:
        return ""
    if not fits(question, value):
        return misfit_words(question, value)
    if question.capture is Capture.YES_NO:
        return "yes" if value else "no"
    if question.capture is Capture.POWNS:
        # The starred item, else the first of the question's own kind: "{problems}" read a
        # want pasted first ("So online booking is costing you...") as the problem.
        items = tagged_items(value)
        hot = [i.text for i in items if i.hot]
        own = [i.text for i in items if i.tag == question.tag.value]
        return (hot or own or [i.text for i in items] or [""])[0]
    if question.capture is Capture.LIST:
        return join_words(text_items(value))
    return str(value)


def given(record: CallRecord) -> dict[str, Answer]:
    """The answers given, by question id: an answer emptied since (a list whose items were all
    removed, a blank text) counts as not given."""
    return {k: a for k, a in record.answers.items() if a.value not in ("", [])}


def tagged_items(value: AnswerValue | None) -> list[PownItem]:
    """The POWN items of an answer (none when it holds something else)."""
    if not isinstance(value, list):
        return []
    return [i for i in value if isinstance(i, PownItem)]


def text_items(value: AnswerValue | None) -> list[str]:
    """The text items of a list answer (none when it holds something else)."""
    if not isinstance(value, list):
        return []
    return [i for i in value if isinstance(i, str)]


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c': how a rep would say a list aloud. When an item has a
    comma or an "and" of its own, the items are joined with "; " instead, so each stays one
    item ("Dr Alvarez, owner; office manager Sue", not "..., owner and office manager Sue")."""
    if len(items) <= 1:
        return "".join(items)
    if any("," in item or " and " in f" {item.casefold()} " for item in items):
        return "; ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def editable_text(question: Question, value: AnswerValue | None) -> str:
    """What goes back into the answer field when the rep returns to a single-value question."""
    if value is None or question.takes_many or not fits(question, value):
        return ""
    return answer_text(question, value).replace("\n", f" {LINE_MARK} ")


def fits(question: Question, value: AnswerValue | None) -> bool:
    """Whether an answer given before a reload is still an answer this question can hold."""
    capture = question.capture
    if capture is Capture.YES_NO:
        return isinstance(value, bool)
    if capture is Capture.SCALE:
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10
    if capture is Capture.CHOICE:
        return isinstance(value, str) and value.casefold() in {
            c.casefold() for c in question.choices
        }
    if capture is Capture.TEXT:
        return isinstance(value, str)
    if capture is Capture.LIST:
        return isinstance(value, list) and all(isinstance(i, str) for i in value)
    return isinstance(value, list) and all(isinstance(i, PownItem) for i in value)


def converted(question: Question, value: AnswerValue) -> AnswerValue | None:
    """An answer given to an earlier kind of this question, in the kind it takes now, when
    nothing is lost on the way (a yes/no that became text, a list that became POWN items, POWN
    items that became a plain list); None when it cannot be carried over as an answer."""
    if fits(question, value):
        return value
    capture = question.capture
    if capture is Capture.TEXT and isinstance(value, bool | int):
        return value_words(value)
    texts = text_items(value)
    if capture is Capture.POWNS and texts and len(texts) == len(value):  # type: ignore[arg-type]
        return [PownItem(item, question.tag.value) for item in texts]
    items = tagged_items(value)
    if capture is Capture.LIST and items and len(items) == len(value):  # type: ignore[arg-type]
        one_tag = len({i.tag for i in items}) == 1  # else each item keeps its tag in words
        return [i.text if one_tag else item_words(i) for i in items]
    return None

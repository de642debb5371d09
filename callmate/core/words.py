"""Words in any script, for matching what someone typed against what a trainer wrote.

Reps and prospects write Greek, Arabic, Hindi, Chinese and accented Latin as readily as plain
English, so a word is a run of letters, digits and combining marks in any script (the vowel
signs of Devanagari are marks, and a pattern of letters alone cuts "महंगा" into pieces), with an
apostrophe inside it ("don't"). This is the one definition of a word for the core's matching;
`practice_truth` keeps an older word regex (`_WORD`) that should move here. `sentences` is the
one way the core cuts what someone said into sentences.
"""

from __future__ import annotations

import re
import unicodedata

#: Scripts written without spaces between words (Chinese, Japanese, Korean): a run of them is a
#: phrase, and one or two of their characters already say something.
DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")

_APOSTROPHES = "'’"


def fold(text: str) -> str:
    """Text as matching sees it: no case, and no accents or other non-spacing marks, so "cafe"
    meets "café" and "ακριβο" meets "ακριβό" (both sides are folded the same way)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


def _in_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def words(text: str) -> list[str]:
    """The words of `text` in order, folded (see `fold`); apostrophes only inside a word."""
    found: list[str] = []
    current: list[str] = []
    for ch in fold(text):
        if _in_word(ch) or (ch in _APOSTROPHES and current):
            current.append("'" if ch in _APOSTROPHES else ch)
            continue
        if current:
            found.append("".join(current).rstrip("'"))
            current = []
    if current:
        found.append("".join(current).rstrip("'"))
    return [w for w in found if w]


#: Where a sentence ends: after . ! ? … ; (and the full stops of Chinese, Japanese and
#: Devanagari), after "...", and at a dash between spaces. A full stop followed by a digit is a
#: decimal point ("2.5 hours"), not an end.
_SENTENCE_END = re.compile(r"(?<=[.!?…;。！？।])(?!\d)\s*|\.\.\.\s*|\s+-+\s+|\s+—\s+")
#: Abbreviations whose full stop ends no sentence ("Dr. Okafor", "e.g. the rota").
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:dr|mr|mrs|ms|mx|prof|st|vs|e\.g|i\.e|cf|approx)\.(?=\s*\S)", re.I
)
#: Stands in for an abbreviation's full stops while the text is cut (a private-use character).
_HELD = "\ue000"


def sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, without empty ones; "Dr.", "Mr.", "e.g." and the
    like do not end a sentence."""
    held = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", _HELD), text)
    parts = (part.replace(_HELD, ".") for part in _SENTENCE_END.split(held) if part)
    return [part for part in parts if part.strip()]

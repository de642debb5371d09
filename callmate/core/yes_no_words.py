"""Yes, no, maybe and "I don't know" as people say them in the common languages: one short list.

Practice personas are written in the trainer's language, and what a persona says to a closed
question is the truth the rep is scored against (practice_reading reads it, practice_truth scores
with it, the live panel shows it). So "Ja, das ist es wert." must be a yes wherever it is read.

The list is kept short and honest rather than long and clever. Outside English callmate cannot
read a sentence, only spot a word, and many answer words also mean something else inside a
sentence (German "ja" is a filler, Spanish "si" means "if", Russian "да" also "and"). So a yes
word counts only when it opens the sentence ("Ja, ...", "はい、..."), as a whole word
(words.words); one that needs its accent to be one ("sí", "sì", "हाँ") counts without it only
when it stands alone ("Si!"). A no word counts when it opens the sentence too, and most also
inside a sentence that opens with no yes word ("Acho que não."), being a no or a "not" there.
A "but" after an opening yes ("Ja, aber ...") makes it no plain yes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from callmate.core.words import fold, words

#: Words that open a sentence as a yes, by language (English is read in practice_reading).
YES_OPENERS: dict[str, tuple[str, ...]] = {
    "de": ("ja", "jawohl", "genau"),
    "nl": ("ja", "jazeker"),
    "sv/da/no": ("ja",),
    "fr": ("oui", "ouais"),
    "es": ("sí", "claro"),
    "it": ("sì", "certo"),
    "pt": ("sim", "claro"),
    "pl": ("tak",),
    "ru": ("да", "конечно"),
    "el": ("ναι",),
    "tr": ("evet",),
    "hi": ("हाँ", "हां", "haan"),
    "ar": ("نعم",),
    "ja": ("はい", "ええ"),
    "ko": ("네", "예"),
    "zh": ("是", "是的", "对", "好的"),
}
#: Words that open a sentence as a no ("no" itself is read with English).
NO_OPENERS: dict[str, tuple[str, ...]] = {
    "de": ("nein",),
    "nl": ("nee",),
    "sv/da/no": ("nej", "nei"),
    "fr": ("non",),
    "pt": ("não", "nao"),
    "pl": ("nie",),
    "ru/uk": ("нет", "ні"),
    "el": ("όχι", "οχι"),
    "tr": ("hayır", "hayir"),
    "hi": ("नहीं", "नही", "nahin"),
    "ar": ("لا",),
    "ja": ("いいえ",),
    "ko": ("아니요", "아니오", "아뇨"),
    "zh": ("不", "不是", "不对", "没有"),
}
#: No words read as a no wherever they stand in a sentence that opens with no yes word: each is
#: a no or a "not" ("Acho que não.", "यह बड़ा नहीं है"). French "non" and Dutch "nee" only open a
#: sentence: inside one they are "non-profit" and "née" as often.
NO_ANYWHERE = (
    "nein",
    "não",
    "nao",
    "nej",
    "nei",
    "nie",
    "нет",
    "ні",
    "όχι",
    "οχι",
    "hayır",
    "hayir",
    "nahin",
    "नहीं",
    "नही",
    "لا",
    "いいえ",
    "아니요",
    "아니오",
)
#: "Maybe" in the same languages: neither a yes nor a no.
MAYBES = (
    "vielleicht",
    "eventuell",
    "misschien",
    "kanske",
    "kanskje",
    "måske",
    "peut-être",
    "quizás",
    "quizá",
    "tal vez",
    "forse",
    "talvez",
    "może",
    "может быть",
    "возможно",
    "ίσως",
    "belki",
    "शायद",
    "ربما",
    "たぶん",
    "多分",
    "아마",
    "也许",
    "可能",
)
#: A "but" after an opening yes: "Ja, aber nicht jetzt" is no plain yes.
BUTS = (
    "aber",
    "doch",
    "maar",
    "men",
    "mais",
    "pero",
    "ma",
    "mas",
    "porém",
    "ale",
    "но",
    "αλλά",
    "ama",
    "fakat",
    "लेकिन",
    "पर",
    "لكن",
    "でも",
    "しかし",
    "하지만",
    "但是",
    "不过",
)
#: "I don't know" in the same languages: a non-answer, never an item the rep missed.
DONT_KNOW = (
    "weiß nicht",
    "weiss nicht",
    "keine ahnung",
    "je ne sais pas",
    "sais pas",
    "no sé",
    "no lo sé",
    "non lo so",
    "não sei",
    "weet niet",
    "vet inte",
    "ved ikke",
    "vet ikke",
    "nie wiem",
    "не знаю",
    "δεν ξέρω",
    "δεν ξερω",
    "bilmiyorum",
    "पता नहीं",
    "मालूम नहीं",
    "لا أعرف",
    "わかりません",
    "分からない",
    "不知道",
    "모르겠",
)


def _all(table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for group in table.values() for w in group))


@cache
def _phrase(entry: str) -> tuple[str, ...]:
    """An entry of the lists as words (kept: the lists are read for every reply)."""
    return tuple(words(entry))


@cache
def _folded(entries: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(e) for e in entries)


@cache
def _bare(entry: str) -> str:
    """An entry as written, case folded, with its accents."""
    return unicodedata.normalize("NFC", entry.casefold())


@cache
def _split(entries: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """A list's one-word entries (as a set) and its longer ones (as word tuples)."""
    phrases = [_phrase(e) for e in entries]
    return (
        frozenset(p[0] for p in phrases if len(p) == 1),
        tuple(p for p in phrases if len(p) > 1),
    )


def _contains(tokens: list[str], entries: tuple[str, ...]) -> bool:
    """Whether the words hold one of the entries as whole words, in order."""
    single, longer = _split(entries)
    if not single.isdisjoint(tokens):
        return True
    return any(tuple(tokens[i : i + len(p)]) == p for p in longer for i in range(len(tokens)))


def _raw_start(sentence: str) -> str:
    """The sentence from its first letter on, case folded but with its accents kept."""
    text = unicodedata.normalize("NFC", sentence.casefold())
    start = next((i for i, ch in enumerate(text) if ch.isalnum()), len(text))
    return text[start:]


def _opens_with(sentence: str, tokens: list[str], entries: Iterable[str]) -> bool:
    """Whether the sentence's first word is one of the entries (see the module's rule on
    accents: "sí" written "si" counts only when nothing but punctuation follows it)."""
    if not tokens:
        return False
    raw = _raw_start(sentence)
    for entry in entries:
        if _phrase(entry) != (tokens[0],):
            continue
        bare = _bare(entry)
        if raw.startswith(bare):
            after, as_written = raw[len(bare) :], True
        elif raw.startswith(tokens[0]):  # written without the accent it needs ("si" for "sí")
            after, as_written = raw[len(tokens[0]) :], bare == tokens[0]
        else:
            continue
        if after[:1] in ("-", "\u2010"):
            continue  # part of a compound ("non-profit")
        if as_written or not after.lstrip()[:1].isalnum():
            return True  # "Si!" or "Si" alone: no "if" ends its sentence there
    return False


def opening_answer(sentence: str) -> bool | None:
    """True when the sentence opens with a yes word, False with a no word, else None."""
    tokens = words(sentence)
    if _opens_with(sentence, tokens, _all(NO_OPENERS)):
        return False
    if _opens_with(sentence, tokens, _all(YES_OPENERS)):
        return True
    return None


def says_no_anywhere(sentence: str) -> bool:
    """A no word that is an answer wherever it stands ("Ich sage nein.")."""
    return _contains(words(sentence), NO_ANYWHERE)


def says_maybe(sentence: str) -> bool:
    return _contains(words(sentence), MAYBES)


def says_but(sentence: str) -> bool:
    return _contains(words(sentence)[1:], BUTS)


def says_dont_know(text: str) -> bool:
    """ "I don't know" in one of the languages above, anywhere in the text ("모르겠" starts a
    longer word, so these are looked for as written, not as whole words)."""
    folded = fold(text)
    return any(phrase in folded for phrase in _folded(DONT_KNOW))

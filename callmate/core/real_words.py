"""Whether typed text has real words, and whether it is English callmate can read.

The gate's judgement of a next step reads English phrases. Text in another language cannot be
read that way, so it is judged by what any language shows: real words rather than a keyboard
mash ("asdf jkl", "bla bla bla"), and a date. These two checks say which case a text is in.

English is the default: a text is "not English" only on positive evidence (mostly letters of
another script, or more function words of German, Spanish, French, Portuguese, Italian or Dutch
than of English), so a terse English step ("Info pack") is still judged by its English words.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from callmate.core.words import DENSE, words


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Vowels of the Latin script once accents are folded away (y counts: "gym", "try").
_LATIN_VOWELS = frozenset("aeiouy")
#: Vowels of Cyrillic, whose words are judged like Latin ones.
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїєў")
#: Letter rows of common keyboards (QWERTY, QWERTZ, AZERTY, Russian ЙЦУКЕН): a word that runs
#: along one of them, either way, was typed by sliding a finger, not spelled.
_ROWS = (
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "yxcvbnm",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "йцукенгшщзхъ",
    "фывапролджэ",
    "ячсмитьбю",
)
_ROW_RUNS = tuple(_ROWS) + tuple(row[::-1] for row in _ROWS)
#: Real words that happen to run along a keyboard row (German "wert").
_ROW_WORDS = frozenset(("wert",))
#: Words people type to fill a field, not to say anything.
_FILLERS = _wordset(
    "bla blah blabla blablabla blub blubb lorem ipsum dolor test tests testing tst asdf qwerty "
    "qwe asd dsa qwertz azerty xyz abc abcd abcdef foo foobar"
)

#: Function words that say a Latin-script text is English ("the", "to", "with", "she'll").
_ENGLISH = _wordset(
    "the to and of for with at by from us we our ours they their them he she his her him you "
    "your will would shall is are be been it its this that these those then than after before "
    "about who whom which what when can could should has have had my i i'll we'll they'll "
    "he'll she'll you'll it's that's let's don't won't can't"
)
#: Function words of German, Spanish, French, Portuguese, Italian and Dutch, folded (no
#: accents), leaving out those English shares ("a", "in", "an", "die", "was", "so", "no").
_OTHER = _wordset(
    # German
    "der das dem den des und mit ein eine einen einem einer fur zu zum zur um ist sind wir sie "
    "ihr ihre ihnen uns ich mich mir nicht auch bei nach vom von auf aus oder bis dann wird "
    "werden herr herrn frau gemeinsam termin uber "
    # Spanish
    "el la los las y con unos unas para por del que sus su nos se lo al en es muy le les "
    "cliente juntos "
    # French
    "le les et avec pour des du nous vous il elle une est sur dans au aux ensemble "
    # Portuguese
    "os com um uma dos das em ao na juntas "
    # Italian
    "il gli di della che insieme "
    # Dutch
    "het een en met voor wij zij samen"
)


@cache
def _script(ch: str) -> str:
    """The script of a letter, as far as these checks need it (its Unicode name's first word)."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def _latin(ch: str) -> bool:
    return ch.isascii() or _script(ch) == "LATIN"


def _repeats_one_letter(word: str) -> bool:
    return len(set(word)) == 1


def _runs_along_a_row(word: str) -> bool:
    """Four letters or more along a row ("asdf", "qwer", "фыва"); three-letter runs without a
    vowel ("jkl") fail the vowel test, and those with one are often words ("wer", "про")."""
    return len(word) >= 4 and word not in _ROW_WORDS and any(word in row for row in _ROW_RUNS)


def _looks_like_a_word(word: str) -> bool:
    """One folded word that reads as spelled, not mashed: two letters or more, not one letter
    over and over ("xxx"), not a filler ("bla", "test"), not a slide along a keyboard row
    ("asdf", "hjkl"); in Latin or Cyrillic it has a vowel ("jkl" has none). Other scripts
    write vowels as marks or not at all, so two letters of them count ("बात", "会議"), and a
    single character of a script written without spaces is a word already."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return False
    if DENSE.search(word):
        return True
    if len(letters) < 2 or _repeats_one_letter(word) or word in _FILLERS:
        return False
    if _runs_along_a_row(word):
        return False
    if all(_latin(ch) for ch in letters):
        return any(ch in _LATIN_VOWELS for ch in word)
    if all(_script(ch) == "CYRILLIC" for ch in letters):
        return any(ch in _CYRILLIC_VOWELS for ch in word)
    return True


def has_real_words(text: str) -> bool:
    """At least one real word, and not one word said over and over ("test test", "bla bla"):
    "she will check", "Herr Hartmann blockt die Zeit" and "決裁者が参加" have; "asdf jkl", "jkl",
    "bla bla bla", "xxx", "-" and "" have not."""
    found = words(text)
    if not any(_looks_like_a_word(w) for w in found):
        return False
    spelled = [w for w in found if any(ch.isalpha() for ch in w)]
    return not (len(spelled) >= 2 and len(set(spelled)) == 1)


def reads_as_english(text: str) -> bool:
    """Whether callmate can read `text` by its English words.

    Not when most of its letters are of another script (Japanese, Devanagari, Cyrillic...), nor
    when a Latin-script text has more function words of another language ("mit", "und", "con",
    "para") and accented words ("minütiger", "reunión"; a capitalised one such as "José" only
    when no English function word is there) than English function words. Text with no letters,
    or no evidence either way, counts as English.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    latin = sum(1 for ch in letters if _latin(ch))
    if latin * 2 < len(letters):
        return False
    folded = words(text)
    english = sum(1 for w in folded if w in _ENGLISH)
    other = sum(1 for w in folded if w in _OTHER)
    # Accented words ("minütiger", "reunión"); a capitalised one may be a name ("José"), so it
    # counts only when nothing in the text is English.
    accented = {
        raw.strip(".,;:!?()\"'")
        for raw in text.split()
        if not raw.isascii() and any(ch.isalpha() and _latin(ch) for ch in raw if not ch.isascii())
    }
    foreign = sum(1 for w in accented if not w[:1].isupper() or english == 0)
    return english >= other + foreign

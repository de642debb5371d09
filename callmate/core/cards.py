"""Finding the objection card for what the prospect just said, from a few typed words.

The prospect never uses the trainer's exact words and the rep types while listening, so the match
forgives: words in any order, prefixes, word endings ("costs", "costing"), small typos
("expnsive"), and words that mean the same objection ("pricey", "budget" and "too expensive" are
all the price card; "we already use X" is the incumbent card). When nothing matches, the closest
card is still offered, said as such. Words are read in any script ("太贵了", "महंगा", "ακριβό",
"غالي") with accents ignored, by the one definition of a word in `words.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from callmate.core.immutable import immutable
from callmate.core.playbook import Card
from callmate.core.words import words

#: Words that name the same objection; a query and a card sharing a group are about the same thing.
MEANINGS: dict[str, tuple[str, ...]] = {
    "price": (
        "price",
        "pricey",
        "pricing",
        "expensive",
        "cost",
        "costly",
        "budget",
        "afford",
        "money",
        "cheap",
        "cheaper",
        "spend",
        "fee",
        "dear",
        "overpriced",
        "invest",
    ),
    "incumbent": (
        "already",
        "incumbent",
        "competitor",
        "provider",
        "vendor",
        "supplier",
        "existing",
        "current",
        "currently",
        "locked",
        "happy",
        "elsewhere",
        "using",
        "contract",
    ),
    "information": (
        "send",
        "email",
        "info",
        "information",
        "brochure",
        "details",
        "deck",
        "pdf",
        "material",
        "literature",
        "website",
        "something",
    ),
    "decider": (
        "boss",
        "manager",
        "partner",
        "partners",
        "decide",
        "decision",
        "approval",
        "approve",
        "sign",
        "board",
        "owner",
        "director",
        "run",
    ),
    "timing": (
        "busy",
        "time",
        "later",
        "quarter",
        "swamped",
        "now",
        "month",
        "year",
        "timing",
        "moment",
        "hectic",
    ),
    "thinking": ("think", "consider", "mull", "sleep", "reflect", "ponder"),
    "unread": ("read", "look", "looked", "seen", "haven't", "opened"),
}
_GROUP_OF = {word: group for group, words in MEANINGS.items() for word in words}
#: Words too common to carry an objection's meaning on their own.
_FILLER = frozenset(
    words(
        "a an the i we you it is are to of and or for me us my our your this that be so just too "
        "not no do don't can"
    )
)


def _words(text: str) -> list[str]:
    return words(text)


def stem(word: str) -> str:
    """A rough English stem, enough to meet "costs", "costing" and "cost" at one word."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def _near(typed: str, word: str) -> bool:
    """The same word with a slip of the finger: one letter wrong for short words, two for long."""
    if abs(len(typed) - len(word)) > 2 or min(len(typed), len(word)) < 4:
        return False
    allowed = 1 if len(word) < 7 else 2
    return _distance(typed, word, allowed) <= allowed


def _distance(a: str, b: str, limit: int) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _meaning(word: str) -> str | None:
    if word in _GROUP_OF:
        return _GROUP_OF[word]
    root = stem(word)
    if root in _GROUP_OF:
        return _GROUP_OF[root]
    for known, group in _GROUP_OF.items():
        if _near(word, known):
            return group
    return None


def _same_word(typed: str, word: str) -> bool:
    return word.startswith(typed) or stem(typed) == stem(word) or _near(typed, word)


def match_score(query: str, text: str) -> int:
    """How well a typed query matches one phrase; 0 means not at all."""
    q = " ".join(_words(query))
    t = " ".join(_words(text))
    if not q or not t:
        return 0
    if q in t:
        return 1000 - t.index(q)
    q_words = [w for w in _words(q) if w not in _FILLER] or _words(q)
    t_words = _words(t)
    hits = sum(1 for w in q_words if any(_same_word(w, tw) for tw in t_words))
    if hits == len(q_words):
        return 500 + hits
    meant = {m for w in q_words if (m := _meaning(w))}
    shared = meant & {m for w in t_words if w not in _FILLER and (m := _meaning(w))}
    if shared or hits:
        return 100 * hits + 150 * len(shared)
    compact = q.replace(" ", "")
    return 10 if len(compact) >= 3 and _in_order(compact, t.replace(" ", "")) else 0


def _in_order(needle: str, haystack: str) -> bool:
    letters = iter(haystack)
    return all(ch in letters for ch in needle)


def _card_score(card: Card, query: str) -> int:
    return max(match_score(query, phrase) for phrase in (card.title, *card.says))


def search_cards(cards: Sequence[Card], query: str) -> list[Card]:
    """Cards matching the query, best first; every card, in playbook order, for an empty query."""
    if not query.strip():
        return list(cards)
    scored = [(_card_score(card, query), i, card) for i, card in enumerate(cards)]
    return [card for score, _, card in sorted(scored, key=lambda s: (-s[0], s[1])) if score > 0]


@immutable
class CardSearch:
    """What the picker shows: the matching cards, or the closest one when nothing matched."""

    matches: list[Card]
    closest: Card | None = None


def find_cards(cards: Sequence[Card], query: str) -> CardSearch:
    matches = search_cards(cards, query)
    if matches or not cards or not query.strip():
        return CardSearch(matches)
    folded = " ".join(_words(query))

    def likeness(card: Card) -> float:
        phrases = (card.title, *card.says)
        return max(SequenceMatcher(None, folded, " ".join(_words(p))).ratio() for p in phrases)

    return CardSearch([], max(cards, key=likeness))

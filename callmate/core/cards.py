"""Finding the objection card for what the prospect just said, from a few typed letters.

A forgiving match (words in any order, prefixes, letters in order) because the rep types while
listening, and the prospect never uses the trainer's exact words.
"""

from __future__ import annotations

import re

from callmate.core.playbook import Card

_WORD = re.compile(r"[a-z0-9']+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _in_order(needle: str, haystack: str) -> bool:
    letters = iter(haystack)
    return all(ch in letters for ch in needle)


def match_score(query: str, text: str) -> int:
    """How well a typed query matches one phrase; 0 means not at all."""
    q = " ".join(_words(query))
    t = " ".join(_words(text))
    if not q or not t:
        return 0
    if q in t:
        return 1000 - t.index(q)
    q_words = _words(q)
    t_words = _words(t)
    hits = sum(1 for w in q_words if any(tw.startswith(w) for tw in t_words))
    if hits == len(q_words):
        return 500 + hits
    if hits:
        return 100 * hits
    compact = q.replace(" ", "")
    return 10 if _in_order(compact, t.replace(" ", "")) else 0


def search_cards(cards: tuple[Card, ...] | list[Card], query: str) -> list[Card]:
    """Cards matching the query, best first; every card, in playbook order, for an empty query."""
    if not query.strip():
        return list(cards)
    scored = [
        (max(match_score(query, phrase) for phrase in (card.title, *card.says)), i, card)
        for i, card in enumerate(cards)
    ]
    return [card for score, _, card in sorted(scored, key=lambda s: (-s[0], s[1])) if score > 0]

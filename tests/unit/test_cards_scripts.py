"""Objection cards are found from a few typed words in any script, with or without accents."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.cards import find_cards
from callmate.core.playbook import Card
from callmate.core.playbook_loader import load_playbook
from callmate.core.words import words

PLAYBOOK = """\
format: 1
name: many-scripts
title: Many scripts
objective: Agree a next step.
sections:
  - id: talk
    title: Talk
    questions:
      - id: problems
        prompt: What is in the way?
cards:
  - id: price
    title: Πολύ ακριβό
    says: [too expensive, 太贵了, बहुत महंगा, غالي جدا]
  - id: later
    title: Später, nicht jetzt
    says: [pas maintenant, "ce n'est pas le bon moment"]
  - id: busy
    title: No time this month
"""


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Card, ...]:
    path = Path(tmp_path_factory.mktemp("cards")) / "many-scripts.yaml"
    path.write_text(PLAYBOOK, encoding="utf-8")
    return load_playbook(path).cards


@pytest.mark.parametrize(
    ("typed", "card"),
    [
        ("太贵了", "price"),
        ("太贵", "price"),
        ("महंगा", "price"),
        ("ακριβό", "price"),
        ("ακριβο", "price"),  # typed without the accent
        ("ΑΚΡΙΒΌ", "price"),
        ("غالي", "price"),
        ("später", "later"),
        ("spater", "later"),
        ("n'est pas", "later"),
        ("expensive", "price"),
    ],
)
def test_a_card_is_found_from_words_in_its_own_script(
    cards: tuple[Card, ...], typed: str, card: str
) -> None:
    found = find_cards(cards, typed)
    assert [c.id for c in found.matches][:1] == [card]


def test_words_keep_combining_marks_and_split_at_spaces_and_punctuation() -> None:
    assert words("बहुत महंगा") == words("बहुत") + words("महंगा")
    assert len(words("बहुत महंगा")) == 2
    assert words("Πολύ ακριβό!") == ["πολυ", "ακριβο"]
    assert words("café, crème") == ["cafe", "creme"]
    assert words("we don't 'really'") == ["we", "don't", "really"]
    assert words("太贵了") == ["太贵了"]


def test_a_word_from_another_card_does_not_match(cards: tuple[Card, ...]) -> None:
    found = find_cards(cards, "महंगा")
    assert [c.id for c in found.matches] == ["price"]

"""Objection cards are found by what the prospect meant, not only by the trainer's words."""

from __future__ import annotations

import pytest

from callmate.core.cards import find_cards, search_cards
from callmate.core.catalog import bundled_dir
from callmate.core.playbook_loader import load_playbook

DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")
FOLLOW_UP = load_playbook(bundled_dir() / "follow-up.yaml")


@pytest.mark.parametrize(
    ("typed", "card"),
    [
        ("pricey", "too_expensive"),
        ("too expensive", "too_expensive"),
        ("budget", "too_expensive"),
        ("it costs a lot", "too_expensive"),
        ("expnsive", "too_expensive"),  # a slip of the finger
        ("we can't afford it", "too_expensive"),
        ("we already use Dentrix", "incumbent"),
        ("happy with our provider", "incumbent"),
        ("send me some info", "send_info"),
        ("email it over", "send_info"),
        ("my boss decides", "boss"),
        ("swamped until March", "busy"),
    ],
)
def test_the_right_card_comes_first(typed: str, card: str) -> None:
    found = search_cards(DISCOVERY.cards, typed)
    assert found and found[0].id == card, [c.id for c in found]


def test_the_follow_up_playbook_has_price_and_incumbent_cards_too() -> None:
    assert search_cards(FOLLOW_UP.cards, "too pricey")[0].id == "too_expensive"
    assert search_cards(FOLLOW_UP.cards, "we already use someone")[0].id == "incumbent"


def test_no_match_says_so_and_offers_the_closest() -> None:
    found = find_cards(DISCOVERY.cards, "zebra crossing")
    assert found.matches == []
    assert found.closest is not None


def test_an_empty_query_lists_every_card_in_order() -> None:
    assert [c.id for c in search_cards(DISCOVERY.cards, " ")] == [c.id for c in DISCOVERY.cards]


def test_every_bundled_playbook_has_a_price_card_and_an_incumbent_card() -> None:
    for name in ("first-discovery", "follow-up", "re-engage"):
        cards = load_playbook(bundled_dir() / f"{name}.yaml").cards
        assert search_cards(cards, "too pricey"), name
        assert search_cards(cards, "we went with a competitor")[0].id in (
            "incumbent",
            "went_elsewhere",
        ), name

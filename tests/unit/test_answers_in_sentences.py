"""Answers read back well: inside a trainer's sentence, in a list, and when a choice or an item
is typed twice or too briefly."""

from __future__ import annotations

import pytest

from callmate.core.answers import AnswerError, join_words, parse_answer, parse_item
from callmate.core.call_record import PownItem
from callmate.core.playbook import Capture, Question
from callmate.core.templates import render


def question(capture: Capture, choices: tuple[str, ...] = ()) -> Question:
    return Question(id="q", prompt="?", section_id="s", capture=capture, choices=choices)


def test_an_ambiguous_choice_prefix_names_the_choices_it_matches() -> None:
    q = question(Capture.CHOICE, ("this month", "this quarter", "later"))
    with pytest.raises(AnswerError) as caught:
        parse_answer(q, "this")
    message = str(caught.value)
    assert message.startswith("'this' is ambiguous: it starts 'this month' or 'this quarter'")
    assert "1: this month; 2: this quarter; 3: later" in message
    assert parse_answer(q, "this q") == "this quarter"


def test_an_item_already_listed_is_refused_with_where_it_is() -> None:
    q = question(Capture.LIST)
    listed = ["Sue from accounts", "Tom"]
    with pytest.raises(AnswerError) as caught:
        parse_item(q, "  sue FROM  accounts ", listed)
    assert str(caught.value).startswith("'sue FROM  accounts' is already listed (item 1)")
    assert parse_item(q, "Sue from sales", listed) == "Sue from sales"


def test_a_pown_item_already_listed_is_refused_whatever_its_tag() -> None:
    q = question(Capture.POWNS)
    with pytest.raises(AnswerError, match="already listed"):
        parse_item(q, "w: no-shows", [PownItem("No-shows", "problem")])


def test_list_items_with_commas_stay_distinct() -> None:
    items = ["Dr Alvarez, owner", "office manager Sue"]
    assert join_words(items) == "Dr Alvarez, owner; office manager Sue"
    assert join_words(["Sue", "Tom", "Ana"]) == "Sue, Tom and Ana"
    assert join_words(["sales and marketing", "IT"]) == "sales and marketing; IT"


@pytest.mark.parametrize(
    ("template", "value", "read"),
    [
        ("is costing you {x} a year", "About 40k", "is costing you about 40k a year"),
        ("{x} is a lot", "About 40k", "About 40k is a lot"),
        ("Fine. {x}", "About 40k", "Fine. About 40k"),
        ('You said "{x}"', "About 40k", 'You said "About 40k"'),
        ("so {x}", "CRM is slow", "so CRM is slow"),
        ("ask {x}", "Dr Alvarez", "ask Dr Alvarez"),
        ("bring {x}", "Sue", "bring Sue"),
        ("then {x}", "Monday next week", "then Monday next week"),
        ("es kostet {x}", "Hohe Kosten", "es kostet Hohe Kosten"),
    ],
)
def test_an_answer_mid_sentence_loses_only_a_sentence_starting_capital(
    template: str, value: str, read: str
) -> None:
    assert render(template, {"x": value}) == read


def test_the_prospects_and_companys_names_are_inserted_as_typed() -> None:
    values = {"prospect": "Van Dijk family", "company": "Acme corp"}
    assert render("Hi {prospect} at {company}", values) == "Hi Van Dijk family at Acme corp"

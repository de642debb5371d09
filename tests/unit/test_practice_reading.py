"""Reading a persona's words as yes, no, neither or unreadable: never a guessed yes."""

from __future__ import annotations

import pytest

from callmate.core.practice_reading import Reading, is_non_answer, read_yes_no

#: Replies a trainer saw read as yes (issue: practice reads replies it doesn't understand as yes).
PLAIN_NOES = [
    "Honestly? No.",
    "I wouldn't say so.",
    "We can live with it.",
    "no",
    "Not really.",
    "Not this year.",
    "Honestly? It's annoying, but I wouldn't call it a big problem. We manage.",
    "No, not on my own.",
    # The short list of "no" words in other languages.
    "Nein.",
    "Non, pas vraiment.",
    "नहीं",
    "Όχι, δεν αξίζει τον κόπο.",
]
HEDGES = [
    "It depends.",
    "Maybe.",
    "I don't know",
    "Δεν ξέρω",
    "Up to a point. Under 20k it's mine.",
]
UNREADABLE = ["Δεν υπάρχει χρονοδιάγραμμα.", "There's no one else, it's my decision.", "Hmm."]
PLAIN_YESES = [
    "Yes, that's fine.",
    "When you put it like that, a day a week of my best physio... yes. That is worth fixing.",
    "No problem, go ahead.",
    "Go on. Quickly.",
    "I do.",
]


@pytest.mark.parametrize("text", PLAIN_NOES)
def test_a_plain_no_reads_as_no(text: str) -> None:
    assert read_yes_no(text) is Reading.NO


@pytest.mark.parametrize("text", HEDGES)
def test_a_hedge_reads_as_neither(text: str) -> None:
    assert read_yes_no(text) is Reading.NEITHER


@pytest.mark.parametrize("text", UNREADABLE)
def test_words_with_no_yes_or_no_in_them_are_unread_never_yes(text: str) -> None:
    assert read_yes_no(text) is Reading.UNREAD


@pytest.mark.parametrize("text", PLAIN_YESES)
def test_a_plain_yes_reads_as_yes(text: str) -> None:
    assert read_yes_no(text) is Reading.YES


@pytest.mark.parametrize("text", ["I don't know.", "Δεν ξέρω", "No idea.", "Je ne sais pas."])
def test_dont_know_is_a_non_answer(text: str) -> None:
    assert is_non_answer(text)


@pytest.mark.parametrize("text", ["We retype every order.", "I know the numbers by heart."])
def test_real_words_are_no_non_answer(text: str) -> None:
    assert not is_non_answer(text)

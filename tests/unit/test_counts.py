"""Numbers said with their noun in the right form, in the messages that used "call(s)"."""

from __future__ import annotations

from callmate.core.counts import counted, were


def test_one_is_singular_and_every_other_number_plural() -> None:
    assert counted(1, "call") == "1 call"
    assert counted(0, "call") == "0 calls"
    assert counted(2, "answered question") == "2 answered questions"
    assert counted(1, "summary", "summaries") == "1 summary"
    assert counted(3, "summary", "summaries") == "3 summaries"


def test_the_verb_agrees_with_the_number() -> None:
    assert f"{counted(1, 'call')} {were(1)} not merged" == "1 call was not merged"
    assert f"{counted(4, 'call')} {were(4)} not merged" == "4 calls were not merged"

"""One unanswered attempt is said in the singular wherever the count is shown."""

from datetime import UTC, datetime, timedelta

import pytest

from callmate.core.brief import quiet_lines
from callmate.core.silence import Attempt, Pacing, Silence, suggestion_of

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def silent(count: int) -> Silence:
    # Days apart: tries made on one day count as one attempt (silence.attempt_count).
    attempts = tuple(
        Attempt(AT + timedelta(days=3 * i), "voicemail", f"c{i}") for i in range(count)
    )
    return Silence("ann|acme", "Ann", "Acme", attempts, last_conversation=None)


@pytest.mark.parametrize(
    ("count", "words"), [(1, "1 unanswered attempt"), (2, "2 unanswered attempts")]
)
def test_the_brief_counts_attempts_in_the_right_number(count: int, words: str) -> None:
    first = quiet_lines(silent(count), (), Pacing())[0]
    assert first.startswith(f"{words} so far")  # nobody has spoken to them yet
    assert silent(count).unanswered_words == words


def test_one_attempt_is_singular_when_it_is_the_last_allowed() -> None:
    said = suggestion_of(1, AT, Pacing(max_attempts=1))
    assert said.startswith("1 unanswered attempt: stop calling")
    assert suggestion_of(4, AT, Pacing()).startswith("4 unanswered attempts: stop calling")


def test_a_prospect_never_reached_is_not_offered_the_re_engage_call() -> None:
    # Nobody has spoken to them: there is no file to update, only a paced next try.
    never = silent(1).suggestion(Pacing())
    assert never.startswith("not reached yet, no conversation so far: try again not before")
    assert "re-engage" not in never
    spoke = Silence("ann|acme", "Ann", "Acme", silent(1).attempts, last_conversation="c0")
    assert "'update my file' call (re-engage playbook)" in spoke.suggestion(Pacing())
    assert quiet_lines(spoke, (), Pacing())[0].startswith("1 unanswered attempt since the last")

"""A refused numeric date never suggests a date that does not exist (31/02 is no date)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from callmate.core.dates import DateParseError, parse_when

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def refusal(text: str) -> str:
    with pytest.raises(DateParseError) as caught:
        parse_when(text, NOW)
    return str(caught.value)


@pytest.mark.parametrize("text", ["31/02", "02/31", "31/11", "30/02", "29/02", "3/4", "12/03"])
def test_every_suggested_date_is_a_real_date(text: str) -> None:
    message = refusal(text)
    for year, month, day in re.findall(r"'(\d{4})-(\d{2})-(\d{2})'", message):
        date(int(year), int(month), int(day))  # raises for 2026-02-31
    for suggestion in re.findall(r"'(\d+ [a-z]{3}|\d{4}-\d{2}-\d{2})'", message):
        parse_when(suggestion, NOW)  # each suggestion is read back without an error


def test_a_day_the_month_lacks_is_named() -> None:
    assert refusal("31/02").startswith("'31/02' is not a date: February has no day 31")


def test_the_year_month_day_suggestion_is_when_the_date_next_comes() -> None:
    assert "'2028-02-29'" in refusal("29/02")
    assert "'2027-03-04'" in refusal("3/4")

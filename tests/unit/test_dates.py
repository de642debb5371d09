"""What a rep types for a next step, what it resolves to, and how it is read back."""

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmate.core.dates import (
    MAX_INPUT_CHARS,
    DateParseError,
    describe_when,
    full_date_example,
    parse_when,
    unusual_time,
)

TZ = timezone(timedelta(hours=1))
MON = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)  # Monday morning
THU = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)  # Thursday morning
LATE = datetime(2026, 11, 23, 22, 30, tzinfo=TZ)  # Monday, late evening
MON_SECS = MON.replace(second=42, microsecond=123456)


def on(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


READINGS = [
    # ISO-ish
    ("2026-12-03 14:00", MON, on(12, 3, 14)),
    ("2026-12-03T14:00", MON, on(12, 3, 14)),
    ("2026-12-03 2pm", MON, on(12, 3, 14)),
    ("2026-12-03", MON, on(12, 3, 9)),
    ("  2026-12-03    14:00  ", MON, on(12, 3, 14)),
    ("2026-12-03, 14:00", MON, on(12, 3, 14)),
    ("2025-01-02 08:15", MON, on(1, 2, 8, 15, year=2025)),  # past: read, not judged
    # weekdays from a Monday
    ("thu 3pm", MON, on(11, 26, 15)),
    ("thursday 15:00", MON, on(11, 26, 15)),
    ("Thu 3:30 pm", MON, on(11, 26, 15, 30)),
    ("THU at 3pm", MON, on(11, 26, 15)),
    ("thurs", MON, on(11, 26, 9)),
    ("on thu", MON, on(11, 26, 9)),
    ("mon 11:00", MON, on(11, 23, 11)),  # today, still ahead
    ("mon 10:00", MON, on(11, 30, 10)),  # exactly now is not ahead
    ("mon 9am", MON, on(11, 30, 9)),
    ("mon", MON, on(11, 30, 9)),  # 09:00 today has passed
    # "next <weekday>" is that day in next week (weeks start on Monday), for every weekday
    ("next mon 11:00", MON, on(11, 30, 11)),  # never today
    ("next tuesday 10:30", MON, on(12, 1, 10, 30)),  # not tomorrow: "tue" is tomorrow
    ("next wed", MON, on(12, 2, 9)),
    ("next thu", MON, on(12, 3, 9)),  # "thu" or "this thu" is the 26th
    ("this thu", MON, on(11, 26, 9)),
    ("next fri", MON, on(12, 4, 9)),
    ("next sat", MON, on(12, 5, 9)),
    ("next sun", MON, on(12, 6, 9)),
    ("sun", MON, on(11, 29, 9)),
    # the same weekday from a Thursday
    ("thu 3pm", THU, on(11, 26, 15)),
    ("thu 9am", THU, on(12, 3, 9)),
    ("thu", THU, on(12, 3, 9)),
    ("next thursday 3pm", THU, on(12, 3, 15)),
    ("next fri", THU, on(12, 4, 9)),  # tomorrow is "fri"
    ("next tue", THU, on(12, 1, 9)),
    ("wed", THU, on(12, 2, 9)),
    # named days and parts of the day
    ("today 5pm", MON, on(11, 23, 17)),
    ("today 9am", MON, on(11, 23, 9)),  # past: the caller's gate refuses it
    ("tonight", MON, on(11, 23, 19)),
    ("tonight at 8", MON, on(11, 23, 20)),
    ("tonight 21:15", MON, on(11, 23, 21, 15)),
    ("tomorrow 9am", MON, on(11, 24, 9)),
    ("tomorrow", MON, on(11, 24, 9)),
    ("tomorrow at 9", MON, on(11, 24, 9)),
    ("Tomorrow, 9 A.M.", MON, on(11, 24, 9)),
    ("tmrw 16:45", MON, on(11, 24, 16, 45)),
    ("tomorrow afternoon", MON, on(11, 24, 14)),
    ("tomorrow morning at 7", MON, on(11, 24, 7)),
    ("tomorrow evening at 8", MON, on(11, 24, 20)),
    ("this afternoon", MON, on(11, 23, 14)),
    ("yesterday 14:00", MON, on(11, 22, 14)),
    # relative
    ("in 3 days", MON, on(11, 26, 10)),
    ("in 2 hours", MON, on(11, 23, 12)),
    ("in 30 minutes", MON, on(11, 23, 10, 30)),
    ("in 30 min", MON, on(11, 23, 10, 30)),
    ("in 30 mins", MON, on(11, 23, 10, 30)),
    ("in 45min", MON, on(11, 23, 10, 45)),
    ("in 1 week", MON, on(11, 30, 10)),
    ("in 2 weeks", MON, on(12, 7, 10)),
    ("in an hour", MON, on(11, 23, 11)),
    ("in a day", MON, on(11, 24, 10)),
    ("in 2 days at 3pm", MON, on(11, 25, 15)),
    ("in 30 min", MON_SECS, on(11, 23, 10, 30)),  # whole minutes
    ("in 2 days", MON_SECS, on(11, 25, 10)),
    ("in 2 hours", LATE, on(11, 24, 0, 30)),
    # a day offset keeps the time of day, rounded down to the quarter hour
    ("in 2 weeks", MON.replace(hour=19, minute=34), on(12, 7, 19, 30)),
    ("in 3 days", MON.replace(minute=59), on(11, 26, 10, 45)),
    ("in 1 day", MON.replace(minute=15), on(11, 24, 10, 15)),
    ("in 2 days at 3:07pm", MON.replace(minute=34), on(11, 25, 15, 7)),  # a time typed is kept
    ("in 20 min", MON.replace(minute=34), on(11, 23, 10, 54)),  # minutes count exactly
    # "tonight" alone is 19:00 while that is ahead
    ("tonight", MON.replace(hour=18, minute=59), on(11, 23, 19)),
    ("tonight at 8", MON.replace(hour=19, minute=35), on(11, 23, 20)),
    ("this evening", MON.replace(hour=18), on(11, 23, 19)),
    ("this evening at 9", MON.replace(hour=19, minute=35), on(11, 23, 21)),
    ("this morning at 11", MON, on(11, 23, 11)),
    # month names
    ("dec 3 2pm", MON, on(12, 3, 14)),
    ("3 dec 14:00", MON, on(12, 3, 14)),
    ("december 3rd at 10am", MON, on(12, 3, 10)),
    ("3rd of december", MON, on(12, 3, 9)),
    ("3 December 2026 10:00", MON, on(12, 3, 10)),
    ("Thu 3 Dec 2026, 14:00", MON, on(12, 3, 14)),  # describe_when's own wording
    ("nov 23", MON, on(11, 23, 9)),  # today's date has not passed as a date
    ("nov 22", MON, on(11, 22, 9, year=2027)),
    ("jan 5", MON, on(1, 5, 9, year=2027)),
    ("29 feb", MON, on(2, 29, 9, year=2028)),
    ("sept 1 2027", MON, on(9, 1, 9, year=2027)),
    ("Dec. 3, 3 p.m.", MON, on(12, 3, 15)),
    ("thu. 3p.m.", MON, on(11, 26, 15)),
    ("3 pm tomorrow", MON, on(11, 24, 15)),
    # times alone: today if still ahead, else tomorrow
    ("3pm", MON, on(11, 23, 15)),
    ("3 pm", MON, on(11, 23, 15)),
    ("3:30pm", MON, on(11, 23, 15, 30)),
    ("15:00", MON, on(11, 23, 15)),
    ("15.30", MON, on(11, 23, 15, 30)),
    ("noon", MON, on(11, 23, 12)),
    ("midday", MON, on(11, 23, 12)),
    ("9 am", MON, on(11, 24, 9)),
    ("9", MON, on(11, 24, 9)),
    ("at 9", MON, on(11, 24, 9)),
    ("11", MON, on(11, 23, 11)),
    ("at 3", MON, on(11, 23, 15)),  # a one-digit bare hour up to 6 is the afternoon
    ("03:00", MON, on(11, 24, 3)),
    ("3am", MON, on(11, 24, 3)),
    ("12am", MON, on(11, 24, 0)),
    ("12pm", MON, on(11, 23, 12)),
    ("10:00", MON, on(11, 24, 10)),
    # late in the evening
    ("3pm", LATE, on(11, 24, 15)),
    ("23:00", LATE, on(11, 23, 23)),
    ("22:30", LATE, on(11, 24, 22, 30)),
    ("tonight at 11pm", LATE, on(11, 23, 23)),
    ("tomorrow", LATE, on(11, 24, 9)),
    ("mon 11pm", LATE, on(11, 23, 23)),
]


@pytest.mark.parametrize(("text", "now", "expected"), READINGS)
def test_reads_what_reps_type(text: str, now: datetime, expected: datetime) -> None:
    got = parse_when(text, now)
    assert got == expected
    assert got.tzinfo is now.tzinfo


REFUSALS = [
    ("", "no date given"),
    ("   ", "no date given"),
    ("soon", "'soon'"),
    ("next week sometime", "'next week'"),
    ("next", "'next'"),
    ("32 dec", "no day 32"),
    ("feb 30", "no day 30"),
    ("2026-02-30", "February 2026 has 28 days"),
    ("2026-13-01", "no month 13"),
    ("25:00", "'25:00'"),
    ("13pm", "'13pm'"),
    ("0am", "'0am'"),
    ("10:60", "minutes go up to 59"),
    ("12/03", "ambiguous"),
    ("12-03", "ambiguous"),
    ("3/12/2026", "ambiguous"),
    ("fri 3 dec 2026", "is a Thursday, not a Friday"),
    ("thu tomorrow", "is a Tuesday, not a Thursday"),
    ("tomorrow in 3 days", "two different days"),
    ("3pm 4pm", "two times"),
    ("in 2 hours 3pm", "drop '3pm'"),
    ("in 2 hours this evening", "drop 'evening'"),
    ("at", "'at' needs a time"),
    ("thu at", "'at' needs a time"),
    ("dec", "'dec' needs a day"),
    ("in 3 fortnights", "'in 3 fortnights'"),
    ("in", "'in'"),
    ("in 0 days", "'in 0 days'"),
    ("in 99999 days", "too far ahead"),
    ("morning evening", "second part of the day"),
    ("on this", "'on this'"),
    ("2026", "'2026'"),
    ("2 hours ago", "'2 hours ago' is in the past"),
    ("3 days ago", "is in the past"),
    ("last monday", "'last monday' is in the past"),
    ("Last Friday 3pm", "is in the past"),
]


@pytest.mark.parametrize(("text", "fragment"), REFUSALS)
def test_refusals_name_the_problem_and_give_examples(text: str, fragment: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when(text, MON)
    message = str(caught.value)
    assert fragment in message
    assert "e.g." in message


@pytest.mark.parametrize(
    ("hour", "minute", "example"),
    [(19, 0, "'today 8pm'"), (19, 35, "'today 9pm'"), (21, 10, "'today 10pm'"),
     (22, 30, "'tomorrow 9am'")],
)  # fmt: skip
def test_tonight_once_the_evening_has_begun_asks_for_the_time(
    hour: int, minute: int, example: str
) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when("tonight", MON.replace(hour=hour, minute=minute))
    message = str(caught.value)
    assert "'tonight' is 19:00, already past: say the time" in message
    assert f"e.g. {example}" in message
    assert parse_when(example.strip("'"), MON.replace(hour=hour, minute=minute)) > MON.replace(
        hour=hour, minute=minute
    )


@pytest.mark.parametrize(
    ("text", "hour", "said"),
    [("this afternoon", 15, "'this afternoon' is 14:00"),
     ("this evening", 19, "'this evening' is 19:00"),
     ("this morning", 10, "'this morning' is 09:00")],
)  # fmt: skip
def test_a_part_of_today_already_past_is_not_moved_to_tomorrow(
    text: str, hour: int, said: str
) -> None:
    with pytest.raises(DateParseError, match=f"{said}, already past: say the time"):
        parse_when(text, MON.replace(hour=hour, minute=35))


def test_slash_dates_suggest_both_unambiguous_spellings() -> None:
    with pytest.raises(DateParseError, match="ambiguous") as caught:
        parse_when("12/03", MON)
    assert "'3 dec'" in str(caught.value)
    assert "'12 mar'" in str(caught.value)
    assert "'2026-12-03'" in str(caught.value)


def test_slash_date_with_one_possible_reading_still_refused() -> None:
    with pytest.raises(DateParseError, match="ambiguous") as caught:
        parse_when("25/12", MON)
    assert "'25 dec'" in str(caught.value)
    assert "mar" not in str(caught.value)


HOSTILE = [
    ("{x.__class__}", "'{'"),
    ("[bold]thu[/bold]", "'['"),
    ("a" * 10_000, "10000 characters"),
    ("3pm\x00", "U+0000"),
    ("thu 🙂", "'🙂'"),
    ("thu\u202e 3pm", "U+202E"),
    ("e\u0301", "U+0301"),
    ("\u0663pm", "'\u0663'"),  # an Arabic-Indic digit is not read as 3
    ("thu 3pm; rm -rf /", "';'"),
]


@pytest.mark.parametrize(("text", "fragment"), HOSTILE)
def test_hostile_text_gets_a_short_readable_refusal(text: str, fragment: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when(text, MON)
    message = str(caught.value)
    assert fragment in message
    assert message.isprintable()
    assert len(message) < 200
    assert "[bold]" not in message


def test_long_unknown_words_are_clipped_in_the_message() -> None:
    word = "x" * (MAX_INPUT_CHARS - 1)
    with pytest.raises(DateParseError) as caught:
        parse_when(word, MON)
    assert word not in str(caught.value)
    assert "xxx…" in str(caught.value)


def test_naive_now_is_a_caller_bug_not_a_typing_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware") as caught:
        parse_when("3pm", datetime(2026, 11, 23, 10, 0))
    assert not isinstance(caught.value, DateParseError)


def test_result_is_in_nows_timezone_even_across_zones() -> None:
    tokyo = timezone(timedelta(hours=9))
    now = MON.astimezone(tokyo)  # 18:00 Monday in Tokyo
    assert parse_when("in 2 hours", now) == on(11, 23, 12)
    assert parse_when("in 2 hours", now).tzinfo is tokyo
    assert parse_when("tomorrow", now) == datetime(2026, 11, 24, 9, tzinfo=tokyo)


def test_far_ahead_is_refused_not_crashed() -> None:
    end = datetime(9999, 12, 31, 20, 0, tzinfo=TZ)
    for text in ("tomorrow", "in 2 weeks", "in 9 hours", "fri", "jan 5", "9am"):
        with pytest.raises(DateParseError, match="too far ahead"):
            parse_when(text, end)


DESCRIPTIONS = [
    (on(12, 3, 14), MON, "Thu 3 Dec 2026, 14:00 (in 10 days)"),
    (on(11, 23, 17), MON.replace(hour=15), "today 17:00 (in 2 hours)"),
    (on(11, 24, 9), MON.replace(hour=15), "tomorrow 09:00 (in 18 hours)"),
    (on(11, 23, 7), MON, "today 07:00 (3 hours ago)"),
    (on(11, 22, 14), MON, "yesterday 14:00 (20 hours ago)"),
    (on(11, 20, 10), MON, "Fri 20 Nov 2026, 10:00 (3 days ago)"),
    (on(11, 23, 10, 30), MON, "today 10:30 (in 30 minutes)"),
    (on(11, 23, 10, 1), MON, "today 10:01 (in 1 minute)"),
    (on(11, 23, 11), MON, "today 11:00 (in 1 hour)"),
    (on(11, 23, 11, 30), MON, "today 11:30 (in 2 hours)"),
    (on(11, 23, 10), MON, "today 10:00 (now)"),
    (on(11, 23, 10), MON_SECS, "today 10:00 (1 minute ago)"),
    (on(11, 25, 8), MON, "Wed 25 Nov 2026, 08:00 (in 2 days)"),
    (on(1, 4, 9, year=2027), MON, "Mon 4 Jan 2027, 09:00 (in 42 days)"),
]


@pytest.mark.parametrize(("when", "now", "expected"), DESCRIPTIONS)
def test_describes_when_relative_to_now(when: datetime, now: datetime, expected: str) -> None:
    assert describe_when(when, now) == expected


def test_describe_reads_in_nows_timezone() -> None:
    when_utc = on(12, 3, 14).astimezone(UTC)
    assert describe_when(when_utc, MON) == "Thu 3 Dec 2026, 14:00 (in 10 days)"


offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
nows = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31)),
    offsets,
)
VOCABULARY = [
    "at", "on", "this", "next", "in", "a", "an", "of", "today", "tonight", "tomorrow",
    "yesterday", "thu", "friday", "dec", "feb", "3", "29", "32", "3rd", "2026", "12", "25",
    "3pm", "13pm", "12am", "15:00", "15.30", "9:60", "noon", "morning", "evening", "days",
    "hours", "min", "weeks", "2026-12-03", "2026-02-30", "12/03", "am", "pm", ",",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(VOCABULARY), max_size=6).map(" ".join),
)


@given(text=texts, now=nows)
def test_any_text_gives_an_aware_time_or_a_readable_refusal(text: str, now: datetime) -> None:
    try:
        got = parse_when(text, now)
    except DateParseError as error:
        message = str(error)
        assert message.isprintable()
        assert "e.g." in message
        assert len(message) < 300
    else:
        assert got.tzinfo is now.tzinfo
        assert got.utcoffset() == now.utcoffset()
        assert (got.second, got.microsecond) == (0, 0)


minutes_2000_2100 = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31, 23, 59)
).map(lambda d: d.replace(second=0, microsecond=0, tzinfo=TZ))


@given(when=minutes_2000_2100)
def test_iso_text_reads_back_exactly(when: datetime) -> None:
    assert parse_when(when.strftime("%Y-%m-%d %H:%M"), MON) == when


@given(when=minutes_2000_2100)
def test_what_describe_shows_can_be_typed_back(when: datetime) -> None:
    shown = describe_when(when, MON).split(" (")[0]
    assert parse_when(shown, MON) == when


@pytest.mark.parametrize(
    ("typed", "remark"),
    [
        ("tomorrow 3am", "at night"),
        ("tomorrow 11pm", "at night"),
        ("sat 10am", "on a Saturday"),
        ("sun 2am", "at night and on a Sunday"),
        ("tomorrow 3", None),  # a bare 3 is read as 15:00
        ("fri 6am", None),
        ("fri 9:59pm", None),
    ],
)
def test_a_time_few_prospects_agree_to_gets_a_remark(typed: str, remark: str | None) -> None:
    assert unusual_time(parse_when(typed, MON), MON) == remark


def test_the_remark_is_about_the_reps_own_clock() -> None:
    # 02:00 in UTC+2 is midnight in UTC: at night for a rep whose clock says 02:00.
    east = timezone(timedelta(hours=2))
    when = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    assert unusual_time(when, datetime(2026, 11, 23, 10, 0, tzinfo=east)) == "at night"
    assert unusual_time(when.replace(hour=12), MON) is None


@pytest.mark.parametrize("today", [MON, datetime(2027, 12, 30, 10, 0, tzinfo=TZ)])
@pytest.mark.parametrize("typed", ["whenever", "31/02", "30 feb 2027", "99/99"])
def test_the_examples_an_error_gives_are_ahead_of_the_day_it_is_read(
    today: datetime, typed: str
) -> None:
    """A date written into the examples went stale: a year on, copying it was refused as past."""
    with pytest.raises(DateParseError) as caught:
        parse_when(typed, today)
    examples = str(caught.value).split("try e.g. ", 1)[1]
    dated = re.findall(r"'(\d{4}-\d\d-\d\d[^']*|\d+ [a-z]{3}(?: \d{4})?(?: \d\d:\d\d)?)'", examples)
    assert dated, examples
    for example in dated:
        assert parse_when(example, today) > today, example


def test_the_full_date_a_label_shows_is_ahead_and_accepted() -> None:
    later = datetime(2027, 6, 1, 16, 0, tzinfo=TZ)
    assert full_date_example(later.date()) == "2027-06-11 14:00"
    assert parse_when(full_date_example(later.date()), later) > later

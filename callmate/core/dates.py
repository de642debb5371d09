"""Read the dates reps type for a next step ("thu 3pm", "in 2 days", "3 dec") and say them back.

Pure functions of the text and a caller-supplied, timezone-aware `now`, so every reading is
reproducible in tests. Rules a rep may need to know (the app shows the resolved date before it
is confirmed, so a surprising reading is caught there):
- results are whole minutes in now's timezone; relative phrases count from now with seconds dropped;
- a day with no time means 09:00; "in 3 days" / "in 1 week" keep the current time of day,
  rounded down to the quarter hour (typed at 19:34, "in 2 weeks" is 19:30 that day);
- "morning", "afternoon", "evening"/"night" mean 09:00, 14:00, 19:00; "tonight" and "this
  morning/afternoon/evening" are today's, and once that hour has passed they are refused (with
  a time still ahead as example) rather than moved to tomorrow or the past; with
  afternoon/evening a bare hour is pm ("tonight at 8" is 20:00);
- a bare hour written as one digit from 1 to 6 is afternoon ("at 3" is 15:00, the way people
  book calls); "3am" or "03:00" give the early morning; other bare hours are the 24-hour clock;
- a time with no day is today if still ahead, else tomorrow; a weekday ("thu", "this thu") is
  the coming one, today only if its time is still ahead; "next <weekday>" is that day in next
  week (weeks start on Monday): on a Monday "thu" is in 3 days and "next thu" in 10; a month
  and day with no year is the next one;
- numeric dates like 12/03 are refused: the order of day and month depends on the country.
Past results are returned as read: the caller decides whether the past is acceptable.
"""

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from callmate.core.counts import counted
from callmate.core.immutable import immutable

__all__ = [
    "MAX_INPUT_CHARS",
    "DateParseError",
    "describe_when",
    "full_date_example",
    "parse_when",
]

MAX_INPUT_CHARS = 80
_MAX_ECHO = 24
_MAX_AMOUNT = 9999
_DEFAULT_TIME = time(9, 0)
#: How far ahead the dated examples an error gives are: a date written into the code goes
#: stale, and a rep who copied "2026-12-03 14:00" a year later was told it is in the past.
_EXAMPLE_DAYS_AHEAD = 10

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = (
    {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
    | {name.lower()[:3]: i for i, name in enumerate(_WEEKDAY_NAMES)}
    | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
)
_MONTHS = (
    {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
    | {name.lower()[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)}
    | {"sept": 9}
)
_DAY_WORDS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1}
_PERIOD_HOURS = {"morning": 9, "afternoon": 14, "evening": 19, "night": 19}
_UNITS = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), timedelta(weeks=1)),
}
_FILLERS = {"on", "this"}

_DISALLOWED = re.compile(r"[^A-Za-z0-9:./,\s-]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|\d{4}))?", re.ASCII)
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?", re.ASCII)
_DAY_OF_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?", re.ASCII)
_AMOUNT = re.compile(r"(\d+)([a-z]*)", re.ASCII)


class DateParseError(ValueError):
    """Shown to the rep verbatim: says what was not understood and gives examples.

    Only fragments that passed the character filter are echoed, clipped, so a message never
    carries markup-like or control characters from the input.
    """


@immutable
class _OnDate:
    """A day already known: ISO, today/tomorrow, or a month and day with a year."""

    day: date


@immutable
class _MonthDay:
    """A month and day without a year: the next time it comes round."""

    month: int
    day: int


@immutable
class _Weekday:
    """A day named by its weekday ("thu", "next thu")."""

    weekday: int
    next_week: bool  # "next thu": the Thursday of next week, not the coming one


@immutable
class _Shift:
    """A time given as a distance from now ("in 3 days", "in 2 hours")."""

    delta: timedelta
    whole_days: bool  # days/weeks keep the time of day and may take a time; hours/minutes may not


@immutable
class _Clock:
    """A time of day as typed, with what it leaves open (am or pm)."""

    hour: int
    minute: int
    flexible: bool  # no am/pm and hour 1-11: could still be the afternoon
    one_digit: bool  # written "3", not "03"


_Day = _OnDate | _MonthDay | _Weekday | _Shift


def _clip(fragment: str) -> str:
    return fragment if len(fragment) <= _MAX_ECHO else fragment[: _MAX_ECHO - 1] + "…"


class _Refused(Exception):
    """Why a text is not a time, with examples to be dated by parse_when, which knows today."""

    def __init__(self, message: str, example: str | Callable[[date], str]) -> None:
        super().__init__(message)
        self.message = message
        self.example = example

    def error(self, today: date) -> DateParseError:
        example = self.example if isinstance(self.example, str) else self.example(today)
        return DateParseError(f"{self.message}; try e.g. {example}")


def _example_day(today: date) -> tuple[str, str, str]:
    """A day ahead of `today` as '13 dec', its year, and as '2026-12-13'."""
    try:
        day = today + timedelta(days=_EXAMPLE_DAYS_AHEAD)
    except OverflowError:  # the last days of the calendar: nothing is ahead to show
        day = today
    return f"{day.day} {_MONTH_NAMES[day.month - 1][:3].lower()}", str(day.year), day.isoformat()


def full_date_example(today: date) -> str:
    """A full date and time a few days after `today` ('2026-12-13 14:00'), for labels that show
    the format: one written into a label was in the past a few days after it was written."""
    return f"{_example_day(today)[2]} 14:00"


def _any_examples(today: date) -> str:
    short = _example_day(today)[0]
    return (
        f"'thu 3pm', 'tomorrow 9am', 'in 2 days', '{short} 14:00' or '{full_date_example(today)}'"
    )


def _day_examples(today: date) -> str:
    short, _, iso = _example_day(today)
    return f"'{short}' or '{iso}'"


def _dated_day_examples(today: date) -> str:
    short, year, iso = _example_day(today)
    return f"'{short} {year}' or '{iso}'"


def _fail(message: str, example: str | Callable[[date], str] = _any_examples) -> _Refused:
    return _Refused(message, example)


def _not_understood(fragment: str) -> _Refused:
    return _fail(f"didn't understand '{_clip(fragment)}' as a date or time")


def _show_char(char: str) -> str:
    """One offending character, shown only if it is safe to print on its own."""
    if char.isprintable() and not unicodedata.combining(char):
        return f"'{char}'"
    return f"the character U+{ord(char):04X}"


def _tokens(text: str) -> list[str]:
    """Lower-case words; commas, 'p.m.', 'dec.' and the ISO 'T' smoothed; hostile text refused."""
    stripped = text.strip()
    if not stripped:
        raise _fail("no date given: say when the next step happens")
    if len(stripped) > MAX_INPUT_CHARS:
        raise _fail(f"that is {len(stripped)} characters, too long for a date")
    if bad := _DISALLOWED.search(stripped):
        raise _fail(f"{_show_char(bad.group())} cannot be part of a date")
    low = stripped.lower().replace(",", " ")
    low = re.sub(r"(?<![a-z])([ap])\.m\.?(?![a-z])", r"\1m", low)
    low = re.sub(r"(?<=[a-z])\.(?![a-z0-9])", " ", low)  # "dec. 3", "thu."
    low = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", low)
    return low.split()


def _calendar_date(year: int, month: int, day: int, text: str) -> date:
    """A real date, or an error naming what is wrong with it."""
    example = _dated_day_examples
    if not 1 <= year <= 9999:
        raise _fail(f"'{_clip(text)}': year {year} is out of range", example)
    if not 1 <= month <= 12:
        raise _fail(f"'{_clip(text)}': there is no month {month}", example)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _fail(f"'{_clip(text)}': {_MONTH_NAMES[month - 1]} {year} has {last} days", example)
    return date(year, month, day)


def _month_day(month: int, day: int, text: str) -> _MonthDay:
    last = calendar.monthrange(2000, month)[1]  # a leap year: 29 feb is fine without a year
    if not 1 <= day <= last:
        raise _fail(f"'{_clip(text)}': {_MONTH_NAMES[month - 1]} has no day {day}", "'3 dec'")
    return _MonthDay(month, day)


def _ambiguous(token: str, today: date) -> _Refused:
    """Say why 12/03 is refused, with the unambiguous spellings of what it could mean."""
    match = _NUMERIC_DATE.fullmatch(token)
    first, second = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    # Only readings that are real dates are offered (31/02 is no date either way round): in a
    # leap year for the day and month, and the year-month-day one in the year it next comes.
    readings = [
        (m, d)
        for m, d in dict.fromkeys(((second, first), (first, second)))
        if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(2000, m)[1]
    ]
    if not readings:
        months = [(m, d) for m, d in ((second, first), (first, second)) if 1 <= m <= 12]
        why = f": {_MONTH_NAMES[months[0][0] - 1]} has no day {months[0][1]}" if months else ""
        return _fail(f"'{_clip(token)}' is not a date{why}", _day_examples)
    month, day = readings[-1]
    spellings = [f"'{d} {_MONTH_NAMES[m - 1][:3].lower()}'" for m, d in readings]
    try:
        next_one = _next_month_day(_MonthDay(month, day), today)
    except OverflowError:
        next_one = date(today.year, month, min(day, calendar.monthrange(today.year, month)[1]))
    spellings.append(f"'{next_one.isoformat()}'")
    return _fail(
        f"'{_clip(token)}' is ambiguous (day/month or month/day?): write the month as a word "
        "or use year-month-day",
        f"{', '.join(spellings[:-1])} or {spellings[-1]}",
    )


class _Reader:
    """Walks the words once, collecting at most one day, one clock time and one part of the day."""

    def __init__(self, words: list[str], today: date) -> None:
        self.words = words
        self.today = today
        self.i = 0
        self.day: _Day | None = None
        self.day_text = ""
        self.check: tuple[int, str] | None = None  # "thu" beside "3 dec": verified, not a 2nd day
        self.clock: _Clock | None = None
        self.clock_text = ""
        self.period: str | None = None
        self.today_part = ""  # "tonight", "this afternoon": today's, refused once it is past

    def peek(self, ahead: int = 0) -> str:
        at = self.i + ahead
        return self.words[at] if at < len(self.words) else ""

    def read(self) -> None:
        while self.i < len(self.words):
            word = self.peek()
            if word == "this" and self.peek(1) in _PERIOD_HOURS and self.day is None:
                self.today_part = self.span(2)
                self.set_day(_OnDate(self.today), 1)
            elif word in _FILLERS:
                self.i += 1
            elif word == "at":
                self.i += 1
                if not self.read_clock():
                    raise _fail("'at' needs a time after it", "'thu at 3pm' or 'at 9'")
            elif not (self.read_day() or self.read_clock() or self.read_period()):
                if "/" in word or _NUMERIC_DATE.fullmatch(word):
                    raise _ambiguous(word, self.today)
                raise _not_understood(word)
        if self.day is None and self.clock is None and self.period is None:
            raise _not_understood(" ".join(self.words))

    def span(self, count: int) -> str:
        """The next `count` words as typed, for messages."""
        return " ".join(self.words[self.i : self.i + count])

    def take(self, count: int) -> str:
        text = self.span(count)
        self.i += count
        return text

    def set_day(self, day: _Day, count: int) -> bool:
        text = self.take(count)
        if self.day is None:
            self.day, self.day_text = day, text
            return True
        pairs = ((self.day, self.day_text, day, text), (day, text, self.day, self.day_text))
        for weekday, weekday_text, other, other_text in pairs:
            if (
                self.check is None
                and isinstance(weekday, _Weekday)
                and not weekday.next_week
                and isinstance(other, _OnDate | _MonthDay)
            ):
                self.day, self.day_text = other, other_text
                self.check = (weekday.weekday, weekday_text)
                return True
        raise _fail(
            f"'{_clip(self.day_text)}' and '{_clip(text)}' are two different days, give one"
        )

    def read_day(self) -> bool:
        word = self.peek()
        if word in _DAY_WORDS:
            if word == "tonight":
                self.period = self.period or "evening"
                self.today_part = word
            return self.set_day(_OnDate(self.today + timedelta(days=_DAY_WORDS[word])), 1)
        if match := _ISO_DATE.fullmatch(word):
            year, month, day = map(int, match.groups())
            return self.set_day(_OnDate(_calendar_date(year, month, day, word)), 1)
        if word == "next":
            if self.peek(1) not in _WEEKDAYS:
                raise _fail(
                    f"'{_clip(self.take(2))}' is not a particular day: name the day",
                    "'next tue 10:30' or 'in 1 week'",
                )
            return self.set_day(_Weekday(_WEEKDAYS[self.peek(1)], next_week=True), 2)
        if word in _WEEKDAYS:
            return self.set_day(_Weekday(_WEEKDAYS[word], next_week=False), 1)
        if word == "in":
            return self.read_shift()
        if word in _MONTHS:
            after = _DAY_OF_MONTH.fullmatch(self.peek(1))
            if not after:
                raise _fail(f"'{word}' needs a day of the month", f"'{word} 3'")
            return self.read_year(_MONTHS[word], int(after.group(1)), 2)
        before = _DAY_OF_MONTH.fullmatch(word)
        skip = 1 if self.peek(1) == "of" else 0
        if before and self.peek(1 + skip) in _MONTHS:
            return self.read_year(_MONTHS[self.peek(1 + skip)], int(before.group(1)), 2 + skip)
        return False

    def read_year(self, month: int, day: int, count: int) -> bool:
        """After '3 dec' or 'dec 3': an optional four-digit year."""
        year = self.peek(count)
        if len(year) == 4 and year.isdigit():
            text = self.span(count + 1)
            return self.set_day(_OnDate(_calendar_date(int(year), month, day, text)), count + 1)
        return self.set_day(_month_day(month, day, self.span(count)), count)

    def read_shift(self) -> bool:
        """'in 3 days', 'in an hour', 'in 30min'."""
        amount_word = self.peek(1)
        match = _AMOUNT.fullmatch(amount_word)
        amount = 1 if amount_word in ("a", "an") else int(match.group(1)) if match else 0
        unit, count = (match.group(2), 2) if match and match.group(2) else (self.peek(2), 3)
        text = self.span(count)
        example = "'in 3 days', 'in 2 hours' or 'in 30 min'"
        if amount < 1 or unit not in _UNITS:
            raise _fail(f"didn't understand '{_clip(text)}'", example)
        if amount > _MAX_AMOUNT:
            raise _fail(f"'{_clip(text)}' is too far ahead", example)
        step = _UNITS[unit]
        return self.set_day(_Shift(amount * step, whole_days=step >= timedelta(days=1)), count)

    def read_clock(self) -> bool:
        word = self.peek()
        if word in ("noon", "midday"):
            return self.set_clock(_Clock(12, 0, flexible=False, one_digit=False), 1)
        match = _CLOCK.fullmatch(word)
        if not match:
            return False
        hour_text, minute_text, meridiem = match.groups()
        count = 1
        if meridiem is None and self.peek(1) in ("am", "pm"):
            meridiem, count = self.peek(1), 2
        text = self.span(count)
        hour, minute = int(hour_text), int(minute_text or 0)
        if minute > 59:
            raise _fail(f"'{_clip(text)}' is not a time: minutes go up to 59", "'15:30'")
        if meridiem:
            if not 1 <= hour <= 12:
                raise _fail(
                    f"'{_clip(text)}' is not a time: with am/pm the hour is 1 to 12",
                    "'3pm' or '15:00'",
                )
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        elif hour > 23:
            raise _fail(f"'{_clip(text)}' is not a time: hours go from 0 to 23", "'15:00' or '3pm'")
        flexible = meridiem is None and 1 <= hour <= 11
        return self.set_clock(_Clock(hour, minute, flexible, len(hour_text) == 1), count)

    def set_clock(self, clock: _Clock, count: int) -> bool:
        text = self.take(count)
        if self.clock is not None:
            raise _fail(f"'{_clip(self.clock_text)}' and '{_clip(text)}' are two times, give one")
        self.clock, self.clock_text = clock, text
        return True

    def read_period(self) -> bool:
        word = self.peek()
        if word not in _PERIOD_HOURS:
            return False
        if self.period is not None:
            raise _fail(f"'{word}' is a second part of the day, give one", "'tomorrow afternoon'")
        self.period = "evening" if word == "night" else word
        self.i += 1
        return True

    def time_of_day(self) -> time | None:
        """The clock time asked for, read in the light of morning/afternoon/evening."""
        if self.clock is None:
            return None if self.period is None else time(_PERIOD_HOURS[self.period])
        hour = self.clock.hour
        afternoon = self.period in ("afternoon", "evening") or (
            self.period is None and self.clock.one_digit and hour <= 6
        )
        if self.clock.flexible and afternoon:
            hour += 12
        return time(hour, self.clock.minute)


def _next_month_day(spec: _MonthDay, today: date) -> date:
    for year in range(today.year, min(today.year + 8, 9999) + 1):
        if spec.day <= calendar.monthrange(year, spec.month)[1]:
            candidate = date(year, spec.month, spec.day)
            if candidate >= today:
                return candidate
    raise OverflowError  # only this close to year 9999; parse_when reports "too far ahead"


def _later_today(now: datetime) -> str:
    """An example of a time still ahead today, for a rep who typed "tonight" too late."""
    hour = now.hour + 1 if now.minute < 30 else now.hour + 2
    if hour > 23:
        return "'tomorrow 9am'"
    return f"'today {hour % 12 or 12}{'pm' if hour >= 12 else 'am'}'"


def _resolve(reader: _Reader, now: datetime) -> datetime:
    base = now.replace(second=0, microsecond=0)
    today = base.date()
    day, clock = reader.day, reader.time_of_day()
    if isinstance(day, _Shift) and not day.whole_days:
        if clock is not None:
            raise _fail(
                f"'{_clip(reader.day_text)}' already fixes the time, so drop "
                f"'{_clip(reader.clock_text or str(reader.period))}'",
                "'in 2 hours' or 'today 3pm'",
            )
        return (base.astimezone(UTC) + day.delta).astimezone(now.tzinfo)

    def at(on: date, default: time = _DEFAULT_TIME) -> datetime:
        return datetime.combine(on, clock or default, tzinfo=now.tzinfo)

    if day is None:
        return at(today) if at(today) > now else at(today + timedelta(days=1))
    if isinstance(day, _Shift):
        quarter = base.time().replace(minute=base.minute - base.minute % 15)
        return at(today + day.delta, quarter)
    if isinstance(day, _Weekday):
        if day.next_week:
            ahead = 7 - today.weekday() + day.weekday
        else:
            ahead = (day.weekday - today.weekday()) % 7
            if ahead == 0 and at(today) <= now:
                ahead = 7
        return at(today + timedelta(days=ahead))
    if reader.today_part and reader.clock is None and at(today) <= now:
        raise _fail(
            f"'{_clip(reader.today_part)}' is {at(today):%H:%M}, already past: say the time",
            _later_today(now),
        )
    found = at(day.day if isinstance(day, _OnDate) else _next_month_day(day, today))
    if reader.check and reader.check[0] != found.weekday():
        raise _fail(
            f"{found.day} {_MONTH_NAMES[found.month - 1]} {found.year} is a "
            f"{_WEEKDAY_NAMES[found.weekday()]}, not a {_WEEKDAY_NAMES[reader.check[0]]}",
            f"'{_WEEKDAY_NAMES[found.weekday()][:3].lower()} {found.day} "
            f"{_MONTH_NAMES[found.month - 1][:3].lower()}'",
        )
    return found


def _require_aware(value: datetime, name: str) -> None:
    if value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")  # a caller bug, not the rep's typing


def parse_when(text: str, now: datetime) -> datetime:
    """`now` is timezone-aware; the result is aware, in now's tzinfo. Raises DateParseError only."""
    _require_aware(now, "now")
    try:
        return _read(text, now)
    except _Refused as refused:
        raise refused.error(now.date()) from None


def _read(text: str, now: datetime) -> datetime:
    tokens = _tokens(text)
    if "ago" in tokens or tokens[:1] == ["last"]:
        # Read as a time it would only be refused as past; said at once, in those words.
        raise _fail(
            f"'{_clip(text.strip())}' is in the past: a next step needs a time still ahead",
            "'tomorrow 10am' or 'in 2 days'",
        )
    reader = _Reader(tokens, now.date())
    try:
        reader.read()
        return _resolve(reader, now)
    except OverflowError:
        raise _fail("that is too far ahead to be a next step") from None


def _distance(delta: timedelta, days_apart: int) -> str:
    """'in 2 hours', '3 days ago': calendar days from two days apart, else minutes or hours."""
    if abs(days_apart) >= 2:
        amount = counted(abs(days_apart), "day")
    else:
        minutes = int(abs(delta.total_seconds()) / 60 + 0.5)
        if minutes == 0:
            return "now"
        amount = (
            counted(minutes, "minute") if minutes < 60 else counted((minutes + 30) // 60, "hour")
        )
    return f"in {amount}" if delta > timedelta(0) else f"{amount} ago"


def describe_when(when: datetime, now: datetime) -> str:
    """How a time is read back before it is confirmed.

    e.g. 'Thu 3 Dec 2026, 14:00 (in 10 days)', 'today 17:00 (in 2 hours)',
    'tomorrow 09:00 (in 18 hours)'; past values say '(3 hours ago)'.

    The part before ' (' is itself accepted by parse_when, so what the rep sees can be typed back.
    """
    _require_aware(when, "when")
    _require_aware(now, "now")
    local = when.astimezone(now.tzinfo)
    days_apart = (local.date() - now.date()).days
    label = {-1: "yesterday", 0: "today", 1: "tomorrow"}.get(days_apart)
    if label is None:
        weekday, month = _WEEKDAY_NAMES[local.weekday()][:3], _MONTH_NAMES[local.month - 1][:3]
        label = f"{weekday} {local.day} {month} {local.year},"
    delta = when.astimezone(UTC) - now.astimezone(UTC)
    return f"{label} {local:%H:%M} ({_distance(delta, days_apart)})"


#: Hours a meeting is rarely agreed at: a rep who typed "3am" for "3pm", or booked in the
#: prospect's time zone without saying so, should see it before saving.
_NIGHT = range(6, 22)


def unusual_time(when: datetime, now: datetime) -> str | None:
    """A remark on a time few prospects agree to ("at night", "on a Sunday"), or None.

    Not a refusal: a prospect in another time zone, or a rep who works Saturdays, may mean it.
    The read-back shows it so a slip ("3am" for "3pm") is caught before the gate closes.
    """
    _require_aware(when, "when")
    _require_aware(now, "now")
    local = when.astimezone(now.tzinfo)
    remarks = []
    if local.hour not in _NIGHT:
        remarks.append("at night")
    if local.weekday() >= 5:
        remarks.append(f"on a {_WEEKDAY_NAMES[local.weekday()]}")
    return " and ".join(remarks) or None


def read_back(due: datetime, now: datetime) -> str:
    """A due time as every date field reads it back: 'tomorrow 03:00 (in 17 hours) · at
    night?' (with the remark on a time few prospects agree to, see unusual_time)."""
    remark = unusual_time(due, now)
    return describe_when(due, now) + (f" · {remark}?" if remark else "")

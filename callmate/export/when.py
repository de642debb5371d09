"""Stored timestamps read back safely, and written the way a rep reads a calendar.

Records come from disk and from imports, so a timestamp may be missing or malformed; every reader
here returns None instead of raising, and only timezone-aware values count (a naive one could
not be compared with the clock).
"""

from __future__ import annotations

from datetime import datetime, timedelta

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONG_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def offset_label(stamp: datetime) -> str:
    """'UTC', 'UTC+01:00', 'UTC-05:30': which clock a stored time was read on."""
    offset = stamp.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    sign = "+" if offset > timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def short_stamp(stamp: datetime) -> str:
    """'Thu 3 Dec 2026, 14:00 UTC+01:00', in the offset the time was stored with.

    Month and weekday names are spelled here rather than with strftime, which follows the locale.
    """
    return (
        f"{WEEKDAYS[stamp.weekday()]} {stamp.day} {MONTHS[stamp.month - 1]} {stamp.year}, "
        f"{stamp:%H:%M} {offset_label(stamp)}"
    )


def long_day(stamp: datetime) -> str:
    """'Thursday 3 December at 14:00', for a message to a prospect."""
    return (
        f"{LONG_WEEKDAYS[stamp.weekday()]} {stamp.day} {LONG_MONTHS[stamp.month - 1]} "
        f"at {stamp:%H:%M}"
    )

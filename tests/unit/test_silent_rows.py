"""The went-silent rows of `callmate followups --json`, built straight from index entries, are
the rows a Silence gives: whatever shape the stored times have, whatever the pacing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from callmate.core.silence import CallSilence, Pacing, day_text, suggestion_of
from callmate.export.followups import SilentRows, silent_json
from callmate.store.quiet import QuietEntry, entry_of

# Times as the index writes them (isoformat) and as a hand edit or another tool may leave them.
STAMPS = [
    "2026-03-02T09:30:15+01:00",
    "2026-03-02T09:30:15.123456+05:30",
    "2026-12-30T23:59:59-11:00",
    "2026-02-27T22:10:00-00:00",
    "2026-03-02T09:30:15+05:30:15",
    "2026-03-02 09:30:15+01:00",
    "20260302T093015+0100",
    "2026-03-02T09:30:15Z",
    "2028-02-28T12:00:00.5+00:00",
]
PACINGS = [Pacing(), Pacing(min_gap_days=1, max_attempts=2), Pacing(60, 20)]
HOWS = ["voicemail", "missed", "no_answer"]


def doc(*stamps: str, since: str | None = "2026-01-05T10:00:00+00:00") -> dict[str, object]:
    return {
        "key": "pat quill|hollow pines",
        "prospect": "Pat Quill",
        "company": "Hollow Pines",
        "since": since,
        "last_conversation": "20260105-100000-aaaaaa" if since else None,
        "attempts": [[at, HOWS[i % 3], f"call-{i}"] for i, at in enumerate(stamps)],
    }


@pytest.mark.parametrize("pacing", PACINGS)
@pytest.mark.parametrize("stamp", STAMPS)
def test_a_row_from_the_stored_entry_is_the_row_of_its_silence(stamp: str, pacing: Pacing) -> None:
    for stamps in ([stamp], ["2026-01-20T08:00:00+00:00", stamp], [stamp, stamp, stamp]):
        entry = entry_of(doc(*stamps), QuietEntry)
        assert entry is not None
        assert entry.silence() == CallSilence.from_json(entry.doc)
        for step, due in ((None, None), ("20260301-120000-bbbbbb", datetime.fromisoformat(stamp))):
            quiet = entry.silence().silence((), (step, due))
            assert quiet is not None
            row = SilentRows(pacing).of_stored(
                "Pat Quill", "Hollow Pines", entry.doc["attempts"], entry.stamps,
                entry.doc["last_conversation"], step, due,
            )  # fmt: skip
            assert row == silent_json(quiet, pacing)
            assert row["next_attempt_from"] == (
                datetime.fromisoformat(stamp) + pacing.min_gap
            ).isoformat(timespec="minutes")


def test_one_builder_shares_suggestions_between_rows_without_mixing_them() -> None:
    build, pacing = SilentRows(Pacing()), Pacing()
    rows = []
    expected = []
    for days in range(0, 400, 7):
        for count in (1, 2, 3, 4):
            at = datetime.fromisoformat("2026-01-01T09:00:00+02:00") + timedelta(days=days)
            entry = entry_of(doc(*[at.isoformat()] * count, since=None), QuietEntry)
            assert entry is not None
            who, company, attempts = (
                entry.doc["prospect"],
                entry.doc["company"],
                entry.doc["attempts"],
            )
            rows.append(build.of_stored(who, company, attempts, entry.stamps, None, None, None))
            quiet = entry.silence().silence()
            assert quiet is not None
            expected.append(silent_json(quiet, pacing))
    assert rows == expected


def test_the_day_text_is_what_strftime_writes_for_every_weekday_and_month() -> None:
    start = datetime.fromisoformat("2026-01-01T00:00:00+00:00")
    for days in range(0, 800, 3):
        when = start + timedelta(days=days)
        assert day_text(when) == f"{when:%a %d %b}"
        for count in range(1, 6):
            assert suggestion_of(count, when, Pacing()).count("not before") == (count < 3)


@pytest.mark.parametrize(
    "bad",
    [
        {"attempts": []},
        {"attempts": [["2026-03-02T09:30:15", "voicemail", "x"]]},  # no UTC offset
        {"attempts": [["yesterday", "voicemail", "x"]]},
        {"attempts": [["2026-03-02T09:30:15+01:00", 3, "x"]]},
        {"attempts": [["2026-03-02T09:30:15+01:00", "voicemail"]]},
        {"attempts": "no"},
        {"since": "2026-03-02T09:30:15"},
        {"since": 5},
        {"last_conversation": 5},
        {"key": None},
        {"prospect": ["Pat"]},
        {"attempts": [["2026-03-02T09:30:15+01:00" + " " * 60, "voicemail", "x"]]},
    ],
)
def test_an_entry_callmate_would_not_write_is_refused(bad: dict[str, object]) -> None:
    stored = {**doc("2026-03-02T09:30:15+01:00"), **bad}
    assert entry_of(stored, QuietEntry) is None
    assert CallSilence.from_json(stored) is None  # the same rules as the record's reading

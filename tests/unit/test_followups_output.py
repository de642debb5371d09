"""`callmate followups` prints, byte for byte, what the full scan of every summary gives.

The command builds its went-silent rows from the index (index/quiet.json), not from every call.
Its output must be exactly json.dumps(indent=2, ensure_ascii=False) of the rows the full scan
makes (and the text list exactly the rendering of the full scan's lists), on generated
histories with many quiet prospects: plain names, names outside ASCII, and names JSON must
escape.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import callmate.commands.after_call as after_call
from callmate.commands.output import printable
from callmate.core.clock import now as clock_now
from callmate.core.silence import Attempt
from callmate.export.followups import (
    open_followups,
    render_followups,
    render_silent,
    silent_rows,
    without_silent,
)
from callmate.nurture import (
    Nurtured,
    NurtureFile,
    quiet_view,
    read_nurture,
    record_attempt,
    write_nurture,
)
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook
from tests.unit.silence_support import save_some_call

PLAIN = ["Pat Quill", "Robin Harrow", "Sam Okafor", "Alex Moreau", "Jordan Tanaka"]
WIDE = ["José Núñez", "Zoë Ångström", "李雷", "Dara 🙂 Lee"]
ESCAPED = ['Pat "PQ" Quill', "Back\\slash Ltd"]
OUTCOMES = ("voicemail", "no_answer", "wrong_contact")
NOW = clock_now()


def generated(folder: Path, names: list[str], seed: int) -> Store:
    """Many prospects, each with a few calls: some talks with next steps (some missed or kept
    later), many calls that did not connect, a few practice calls, over the last 120 days."""
    rng = random.Random(seed)
    playbook = discovery_playbook()
    store = Store(folder)
    companies = ["Hollow Pines", "Northgate", "", "Blue Mesa Foods", "Sunfield Legal"]
    start = NOW - timedelta(days=120)
    for number in range(60):
        name = f"{rng.choice(names)} {number % 23}"
        company = rng.choice(companies)
        at = start + timedelta(hours=number * 29 + rng.randrange(0, 5))
        for attempt in range(rng.choice((1, 1, 2, 3, 4))):
            when = at + timedelta(days=attempt * 4)
            save_some_call(store, rng, playbook, when, (name, company), OUTCOMES, (0.6, 0.95, 0.4))
    return store


def expected_json(store: Store, now: datetime) -> str:
    scanned = quiet_view(store.summaries(), store.root)
    due = without_silent(open_followups(store.open_summaries(), now).rows, scanned.silent)
    listed = [{**row.to_json(), "group": "due"} for row in due]
    listed += silent_rows(scanned.silent, scanned.pacing)
    return json.dumps(listed, indent=2, ensure_ascii=False) + "\n"


def expected_text(store: Store, now: datetime) -> str:
    scanned = quiet_view(store.summaries(), store.root)
    due = without_silent(open_followups(store.open_summaries(), now).rows, scanned.silent)
    text = render_followups(due, now) + render_silent(scanned.silent, scanned.pacing, now)
    text = printable(text)
    return text if text.endswith("\n") else text + "\n"


@pytest.mark.parametrize(
    ("names", "seed"), [(PLAIN, 1), (PLAIN, 2), (PLAIN + WIDE, 3), (PLAIN + ESCAPED, 4)]
)
def test_followups_prints_what_the_full_scan_gives(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch, names: list[str], seed: int
) -> None:
    store = generated(data_dir, names, seed)
    monkeypatch.setattr(after_call, "clock_now", lambda: NOW)
    listed = run("followups", "--json")
    assert listed.code == 0, listed.err
    assert listed.out == expected_json(store, NOW)
    rows = json.loads(listed.out)
    assert sum(row["group"] == "silent" for row in rows) > 10  # the history has quiet prospects
    assert any(row["attempts"] > 1 for row in rows if row["group"] == "silent")
    plain = run("followups")
    assert plain.code == 0, plain.err
    assert plain.out == expected_text(store, NOW)


def test_the_overdue_json_list_is_the_overdue_due_rows_only(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = generated(data_dir, PLAIN, 5)
    monkeypatch.setattr(after_call, "clock_now", lambda: NOW)
    listed = run("followups", "--overdue", "--json")
    assert listed.code == 0, listed.err
    scanned = quiet_view(store.summaries(), store.root)
    due = without_silent(open_followups(store.open_summaries(), NOW).rows, scanned.silent)
    overdue = [{**row.to_json(), "group": "due"} for row in due if row.timing == "overdue"]
    assert listed.out == json.dumps(overdue, indent=2, ensure_ascii=False) + "\n"


def test_takeaway_attempts_and_the_nurture_list_print_what_the_full_scan_gives(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = generated(data_dir, PLAIN + WIDE, 6)
    silent = quiet_view(store.summaries(), store.root).silent
    talked = next(s for s in store.summaries() if s.get("mode") == "live" and s.get("next_step"))
    # A takeaway for a prospect who may not be quiet, one for a quiet one (their rows are made
    # from a Silence, between the index's rows), and a quiet one put on the nurture list.
    record_attempt(data_dir, str(talked["prospect_key"]), Attempt(NOW, "takeaway", talked["id"]))
    record_attempt(data_dir, silent[3].key, Attempt(NOW - timedelta(days=1), "takeaway", ""))
    state = read_nurture(data_dir)
    listed = Nurtured(silent[-1].key, silent[-1].prospect, "", "missed calls", 30, NOW)
    write_nurture(data_dir, NurtureFile([*state.entries, listed], state.attempts))
    monkeypatch.setattr(after_call, "clock_now", lambda: NOW)
    result = run("followups", "--json")
    assert result.code == 0, result.err
    assert result.out == expected_json(store, NOW)
    rows = json.loads(result.out)
    assert any(a["how"] == "takeaway" for row in rows for a in row.get("attempt_list", []))
    assert silent[-1].prospect not in {row["prospect"] for row in rows if row["group"] == "silent"}

"""doctor's own words: counts through core.counts (it printed "1 summary(ies) that differ")."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Run
from tests.unit.test_store_hostile_admin import saved_calls


def edit_open_summaries(data: Path, count: int) -> None:
    """Change ``count`` summaries of open.json in place (ids kept): only doctor reads them all."""
    path = data / "index" / "open.json"
    doc = json.loads(path.read_text())
    for entry in list(doc["sessions"].values())[:count]:
        entry["prospect"] = "Someone Else"
    path.write_text(json.dumps(doc))


def test_one_summary_that_differs_is_said_in_the_singular(run: Run, data_dir: Path):
    saved_calls(data_dir, 2)
    edit_open_summaries(data_dir, 1)
    out = run("doctor").out
    assert "holds 1 summary that differs from its call file (" in out
    assert "(ies)" not in out and "(s)" not in out


def test_two_summaries_that_differ_are_said_in_the_plural(run: Run, data_dir: Path):
    saved_calls(data_dir, 2)
    edit_open_summaries(data_dir, 2)
    out = run("doctor").out
    assert "holds 2 summaries that differ from their call files (" in out

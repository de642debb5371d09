"""The benchmark machinery works end to end at a tiny scale (nothing here is about speed)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks import history as history_module
from benchmarks.folders import FolderSnapshot
from benchmarks.history import build_history, build_large_history, synthetic_records
from benchmarks.report import Figure, percentile, table
from callmate.cli import build_parser
from callmate.core.call_record import decode_record
from callmate.store import Store

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
FIGURES = {
    "startup_ratio",
    "before_draw_ratio",
    "startup_10k_vs_empty",
    "rss_ratio_10k",
    "home_ms_10k",
    "followups_ms_10k",
    "keypress_p95_ms",
    "autosave_ratio_10k",
    "autosave_median_ms_10k",
    "kills",
    "acknowledged",
    "lost",
    "corrupt",
    "store_open_ms",
}


def followups_is_a_command() -> bool:
    try:
        build_parser().parse_args(["followups", "--json"])
    except SystemExit:
        return False
    return True


def test_tiny_run_produces_every_figure_as_a_number(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            *(sys.executable, "benchmarks/run.py", "--json", "--calls", "20", "--kills", "3"),
            *("--keys", "5", "--runs", "1", "--saves", "5", "--warmup", "0"),
            *("--workdir", str(tmp_path)),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    figures = report["figures"]
    assert set(figures) == FIGURES
    for name, figure in figures.items():
        assert figure["error"] == "", (name, figure["error"])
        if name == "followups_ms_10k" and not followups_is_a_command():
            assert figure["value"] is None and figure["pass"] is None
            continue
        value = figure["value"]
        assert isinstance(value, int | float) and math.isfinite(value), (name, value)
    assert figures["kills"]["value"] == 3
    # callmate's share of the start, stopped before Textual draws, is timed beside the rest.
    startup_ms = figures["startup_ratio"]["detail"]["median_ms"]
    assert set(startup_ms) == {"bare", "call_empty", "call_10k", "before_draw_10k"}
    assert 0 < startup_ms["before_draw_10k"] < startup_ms["call_10k"]
    assert report["history"]["calls"] == 20
    # The temp data folders were removed (cache-home is the test's own pickle folder).
    assert [p for p in tmp_path.iterdir() if p.name != "cache-home"] == []


def test_a_large_history_is_drawn_from_played_calls_and_indexed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 100,000-call path at a tiny scale: every call listed, none read back, no problem."""
    monkeypatch.setattr(history_module, "POOL", 8)
    built = tmp_path / "large"
    made = build_large_history(built, 30, seed=5, now=START)
    assert made.calls == 30
    store = Store(built)
    assert store.problems == []
    summaries = store.summaries()
    assert len({s["id"] for s in summaries}) == 30
    assert len({s["prospect_key"] for s in summaries}) > 8  # re-named, not 8 prospects repeated
    for summary in summaries[:5]:
        record = store.load(summary["id"])
        assert record.started == summary["started"]
        assert record.id.startswith(record.started[:10].replace("-", ""))
    assert (built / "index" / "manifest.json").exists()


def test_fast_history_is_what_the_store_would_hold(tmp_path: Path) -> None:
    built = tmp_path / "built"
    build_history(built, 12, seed=3, now=START)
    saved = Store(tmp_path / "saved")
    records = synthetic_records(12, seed=3, now=START)
    for record in records:
        saved.save(decode_record(record))
    assert Store(built).summaries() == saved.summaries()
    for record in records:
        name = f"{record['id']}.json"
        assert (built / "calls" / name).read_bytes() == (saved.root / "calls" / name).read_bytes()


def test_snapshot_restore_undoes_a_new_call(tmp_path: Path) -> None:
    build_history(tmp_path, 5, seed=1)
    before = Store(tmp_path).summaries()
    snapshot = FolderSnapshot.take(tmp_path)
    store = Store(tmp_path)
    extra = decode_record(synthetic_records(1, seed=9)[0])
    store.save(extra)
    with store.claim(extra.id):
        pass
    assert snapshot.restore() == 2  # the call file and its claim lock
    assert Store(tmp_path).summaries() == before


def test_report_marks_misses_and_missing_figures() -> None:
    assert percentile([float(n) for n in range(1, 201)], 0.95) == 190.0
    text = table(
        [
            Figure("slow", 2.0, 1.3, "x"),
            Figure("fine", 1.0, 1.3, "x"),
            Figure("absent", None, 200, "ms", "not a command yet"),
        ]
    )
    lines = {line.split()[0]: line for line in text.splitlines()[2:]}
    assert "FAIL" in lines["slow"]
    assert "pass" in lines["fine"]
    assert "MISSING" in lines["absent"]


def test_the_two_list_figures_can_be_timed_on_folders_already_built(tmp_path: Path) -> None:
    big, empty = tmp_path / "history", tmp_path / "empty"
    Store(empty)
    build_history(big, 20, now=START)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.lists", str(big), str(empty), "--runs", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-600:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("home screen: ") and " ms empty)" in lines[0]
    assert lines[1].startswith("followups --json: ") and " bytes printed)" in lines[1]
    assert lines[2].startswith("load average ")

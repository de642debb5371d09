"""The whole benchmark: build the history, measure every figure against its same-run baseline.

Phases run one after another, never side by side, so on a 2-core machine no measurement competes
with another for a core. A phase that breaks reports its figures as ERROR and the rest still run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import autosave, commands, latency, startup, torture
from benchmarks.history import History, build_history, load_playbook
from benchmarks.report import Figure, median, percentile
from callmate.store import Store

STARTUP_RATIO = 1.5  # to the first question with the focus in its answer field
BEFORE_DRAW_RATIO = 1.2  # callmate's own work before Textual draws, against the bare app
STARTUP_10K_RATIO = 1.1  # 10,000 stored calls against an empty store
KEY_P95_MS = 10.0  # issue 18: every key shows within 10 ms at the 95th percentile
AUTOSAVE_RATIO = 1.2
AUTOSAVE_MS = 5.0
LIST_MS = 200.0
RSS_RATIO = 1.2
STORE_OPEN_MS = 50.0
# Issue 12's targets at 100,000 calls (a team's import, or years of calls): lists may cost more.
SCALE_CALLS = 100_000
SCALE_LIST_MS = 300.0
SCALE_RSS_RATIO = 1.3


@dataclass(frozen=True)
class Config:
    calls: int = 10_000
    kills: int = 200
    keys: int = 200
    runs: int = 9
    saves: int = 200
    warmup: int = 1
    seed: int = 0
    workdir: Path | None = None
    keep: bool = False


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class Suite:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.figures: list[Figure] = []
        self.meta: dict[str, Any] = {"config": {**config.__dict__, "workdir": None}}
        self.started = time.perf_counter()
        self.phases: dict[str, float] = {}
        calls = config.calls
        big = calls >= SCALE_CALLS
        #: How figure names say the history size: "10k" up to the default, "100k" at scale.
        self.tag = f"{calls // 1000}k" if big and calls % 1000 == 0 else "10k"
        self.list_ms = SCALE_LIST_MS if big else LIST_MS
        self.rss_ratio = SCALE_RSS_RATIO if big else RSS_RATIO

    def add(self, *figures: Figure) -> None:
        self.figures.extend(figures)

    @contextmanager
    def phase(self, name: str, names: list[str]) -> Iterator[None]:
        """Time a phase; if it breaks, its figures (``names``) are reported as errors."""
        say(f"{name}...")
        began = time.perf_counter()
        try:
            yield
        except Exception as exc:
            say(f"{name} failed: {exc}")
            done = {f.name for f in self.figures}
            for figure_name in names:
                if figure_name not in done:
                    self.add(Figure(figure_name, None, error=f"{type(exc).__name__}: {exc}"))
        self.phases[name] = round(time.perf_counter() - began, 1)
        say(f"{name} took {self.phases[name]} s")

    def run(self) -> list[Figure]:
        # Other work on the machine skews every figure: the load average says how quiet it was.
        load: dict[str, float] = {"start": round(os.getloadavg()[0], 2)}
        self.meta["load_average"] = load
        base = Path(tempfile.mkdtemp(prefix="callmate-bench-", dir=self.config.workdir))
        self.meta["workdir"] = str(base) if self.config.keep else None
        try:
            self._run_in(base)
        finally:
            if not self.config.keep:
                shutil.rmtree(base, ignore_errors=True)
        load["end"] = round(os.getloadavg()[0], 2)
        self.meta["phases_s"] = self.phases
        self.meta["elapsed_s"] = round(time.perf_counter() - self.started, 1)
        if self.tag != "10k":  # the names and notes below are written for the default run
            for figure in self.figures:
                figure.name = figure.name.replace("10k", self.tag)
                figure.note = figure.note.replace("10k", self.tag)
        return self.figures

    def _run_in(self, base: Path) -> None:
        big, empty = base / "history", base / "empty"
        Store(empty)
        with self.phase("building the history", []):
            history = build_history(big, self.config.calls, self.config.seed, say)
            self.meta["history"] = describe(history, big)
        self.store_open(big, empty)
        self.startup(big, empty)
        self.lists(big, empty)
        self.keypress(big)
        self.autosave(big, empty)
        self.kills(base / "kills")

    # ---------------------------------------------------------------------------- phases
    def store_open(self, big: Path, empty: Path) -> None:
        """Store() itself: after a clean exit only a few stats (see store/manifest.py)."""
        with self.phase("opening the store", ["store_open_ms"]):
            times: dict[Path, list[float]] = {big: [], empty: []}
            for _ in range(self.config.warmup + self.config.runs):
                for root in (empty, big):
                    began = time.perf_counter()
                    Store(root)
                    times[root].append((time.perf_counter() - began) * 1000)
            big_ms = median(times[big][self.config.warmup :])
            empty_ms = median(times[empty][self.config.warmup :])
            # Not the usual case, but what a start costs after calls/ changed behind callmate's
            # back (or a kill -9): one listing of calls/ and a stat of every call file.
            (big / "calls" / "bench-touch").write_bytes(b"")
            (big / "calls" / "bench-touch").unlink()
            began = time.perf_counter()
            Store(big).checkpoint()
            full_ms = (time.perf_counter() - began) * 1000
            self.add(
                Figure(
                    "store_open_ms",
                    big_ms,
                    STORE_OPEN_MS,
                    "ms",
                    f"Store() with 10k calls {big_ms:.1f} ms vs {empty_ms:.1f} ms empty "
                    f"= {big_ms / empty_ms:.1f}x; after calls/ changed outside callmate "
                    f"{full_ms:.0f} ms (lists calls/ once)",
                )
            )

    def startup(self, big: Path, empty: Path) -> None:
        names = ["startup_ratio", "before_draw_ratio", "startup_10k_vs_empty", "rss_ratio_10k"]
        with self.phase("start-up and memory", names):
            ready = startup.call_ready_text(load_playbook().questions[0].prompt)
            bare = startup.bare_kind()
            call_empty = startup.call_kind("call_empty", empty, ready)
            call_big = startup.call_kind("call_10k", big, ready)
            before_draw = startup.before_draw_kind("before_draw_10k", big)
            kinds = [bare, call_empty, call_big, before_draw]
            startup.run_interleaved(kinds, self.config.runs, self.config.warmup, say)
            ms = {k.name: median(k.seconds()) * 1000 for k in kinds}
            self.add(
                Figure(
                    "startup_ratio",
                    ms["call_10k"] / ms["bare"],
                    STARTUP_RATIO,
                    "x",
                    f"call screen {ms['call_10k']:.0f} ms vs bare Textual {ms['bare']:.0f} ms "
                    f"(empty store {ms['call_empty']:.0f} ms; before Textual draws "
                    f"{ms['before_draw_10k']:.0f} ms = {ms['before_draw_10k'] / ms['bare']:.2f}x "
                    f"bare); median of {self.config.runs}",
                    extra={"median_ms": ms, "samples_ms": _samples(kinds)},
                )
            )
            self.add(
                Figure(
                    "before_draw_ratio",
                    ms["before_draw_10k"] / ms["bare"],
                    BEFORE_DRAW_RATIO,
                    "x",
                    f"callmate's own start (imports, playbook, store; 10k calls) "
                    f"{ms['before_draw_10k']:.0f} ms vs bare Textual {ms['bare']:.0f} ms",
                )
            )
            self.add(
                Figure(
                    "startup_10k_vs_empty",
                    ms["call_10k"] / ms["call_empty"],
                    STARTUP_10K_RATIO,
                    "x",
                    f"first question {ms['call_10k']:.0f} ms with 10k calls vs "
                    f"{ms['call_empty']:.0f} ms empty",
                )
            )
            rss = {k.name: median(k.rss()) / 1024 for k in (bare, call_empty, call_big)}
            self.add(
                Figure(
                    "rss_ratio_10k",
                    rss["call_10k"] / rss["call_empty"],
                    self.rss_ratio,
                    "x",
                    f"peak RSS {rss['call_10k']:.0f} MB vs {rss['call_empty']:.0f} MB empty "
                    f"(bare Textual {rss['bare']:.0f} MB)",
                    extra={"median_peak_rss_mb": rss},
                )
            )

    def lists(self, big: Path, empty: Path) -> None:
        with self.phase("home screen", ["home_ms_10k"]):
            home_empty = startup.home_kind("home_empty", empty)
            home_big = startup.home_kind("home_10k", big)
            kinds = [home_empty, home_big]
            startup.run_interleaved(kinds, self.config.runs, self.config.warmup)
            ms = {k.name: median(k.seconds()) * 1000 for k in kinds}
            self.add(
                Figure(
                    "home_ms_10k",
                    ms["home_10k"] - ms["home_empty"],
                    self.list_ms,
                    "ms",
                    f"home screen {ms['home_10k']:.0f} ms vs {ms['home_empty']:.0f} ms empty",
                    extra={"median_ms": ms, "samples_ms": _samples(kinds)},
                )
            )
        with self.phase("followups", ["followups_ms_10k"]):
            args = ["followups", "--json"]
            try:
                times = commands.time_command(
                    args, big, empty, self.config.runs, self.config.warmup
                )
            except commands.CommandMissing as exc:
                self.add(
                    Figure("followups_ms_10k", None, self.list_ms, "ms", f"{exc}; not measured")
                )
                return
            big_ms, empty_ms = median(times.big_s) * 1000, median(times.empty_s) * 1000
            self.add(
                Figure(
                    "followups_ms_10k",
                    big_ms - empty_ms,
                    self.list_ms,
                    "ms",
                    f"`followups --json` {big_ms:.0f} ms vs {empty_ms:.0f} ms empty "
                    f"({times.output_bytes} bytes printed)",
                )
            )

    def keypress(self, big: Path) -> None:
        with self.phase("keypress latency", ["keypress_p95_ms"]):
            ready = startup.call_ready_text(load_playbook().questions[0].prompt)
            kind = startup.call_kind("call_10k", big, ready)
            keys = latency.type_keys(kind, self.config.keys, self.config.seed)
            samples = keys.latencies_ms or [float("nan")]
            timeouts = f", {keys.timeouts} never echoed within 2 s" if keys.timeouts else ""
            value = percentile(samples, 0.95) if not keys.timeouts else None
            self.add(
                Figure(
                    "keypress_p95_ms",
                    value,
                    KEY_P95_MS,
                    "ms",
                    f"{len(keys.latencies_ms)} keys, median {median(samples):.1f} ms, "
                    f"max {max(samples):.1f} ms{timeouts}",
                    error="keys were lost" if keys.timeouts else "",
                )
            )

    def autosave(self, big: Path, empty: Path) -> None:
        names = ["autosave_ratio_10k", "autosave_median_ms_10k"]
        with self.phase("autosave", names):
            times = autosave.time_saves(big, empty, self.config.saves, self.config.seed)
            big_ms, empty_ms = median(times.big_ms), median(times.empty_ms)
            self.add(
                Figure(
                    "autosave_ratio_10k",
                    big_ms / empty_ms,
                    AUTOSAVE_RATIO,
                    "x",
                    f"median {big_ms:.2f} ms vs {empty_ms:.2f} ms empty, {self.config.saves} each",
                ),
                Figure(
                    "autosave_median_ms_10k",
                    big_ms,
                    AUTOSAVE_MS,
                    "ms",
                    f"p95 {percentile(times.big_ms, 0.95):.2f} ms",
                ),
            )

    def kills(self, root: Path) -> None:
        names = ["kills", "acknowledged", "lost", "corrupt"]
        with self.phase("kill -9 torture", names):
            result = torture.torture(root, self.config.kills, self.config.seed)
            note = f"first failure: {result.failure}" if result.failure else ""
            self.add(
                Figure("kills", result.kills, None, "", note),
                Figure("acknowledged", result.acknowledged, None, "", "saves confirmed"),
                Figure("lost", result.lost, 0, "", "acknowledged saves missing"),
                Figure("corrupt", result.corrupt, 0, "", "damaged files or index"),
            )


def _samples(kinds: list[startup.Kind]) -> dict[str, list[float]]:
    return {k.name: [round(s * 1000, 1) for s in k.seconds()] for k in kinds}


def describe(history: History, root: Path) -> dict[str, Any]:
    prospect_files = list((root / "index" / "prospects").glob("*.json"))
    sizes = [p.stat().st_size for p in prospect_files]
    return {
        "calls": history.calls,
        "mean_call_kb": round(history.mean_kb, 1),
        "unfinished": history.unfinished,
        "practice": history.practice,
        "open_next_steps": history.open_next_steps,
        "index_kb": round(sum(p.stat().st_size for p in (root / "index").rglob("*.json")) / 1024),
        "open_index_kb": round((root / "index" / "open.json").stat().st_size / 1024),
        "prospects_kb": round(sum(p.stat().st_size for p in prospect_files) / 1024),
        "largest_prospect_file_kb": round(max(sizes, default=0) / 1024),
        "quiet_index_kb": round((root / "index" / "quiet.json").stat().st_size / 1024),
        "quiet_prospects": len(Store(root).quiet_prospects()),
    }

"""Manager stats: calls per week and the habit shares as bar charts, for a chosen period.

Every call file has to be read, so the numbers for all periods are worked out once, in a thread,
and switching period only redraws.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from callmate.core.clock import now as wall_clock
from callmate.export.stats import call_stats, render_stats
from callmate.store import Store, StoreError
from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter
from callmate.usecases.playbooks import PlaybookCache

#: (label, weeks back from today; None for every call)
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("all calls", None),
    ("last 4 weeks", 4),
    ("last 12 weeks", 12),
)


def period_start(today: date, weeks: int | None) -> date | None:
    """The first day a period counts: ``weeks`` whole weeks back, today included."""
    return None if weeks is None else today - timedelta(weeks=weeks) + timedelta(days=1)


class StatsScreen(Screen[None]):
    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Close the stats"),
        Binding(
            "p",
            "next_period",
            "Period",
            tooltip="Switch between all calls, the last 4 weeks and the last 12 weeks",
        ),
    ]

    def __init__(self, store: Store, clock: Callable[[], datetime] = wall_clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.period = 0
        self.stats: list[dict[str, Any]] | None = None  # one per period, once worked out

    def compose(self) -> ComposeResult:
        yield Plain(id="stats-period")
        with VerticalScroll(id="stats-body"):
            yield Plain("Reading your calls…", id="stats-chart")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.show_period()
        self.query_one("#stats-body", VerticalScroll).focus()
        self.work_out(self.clock().date())

    @work(thread=True, exclusive=True, group="stats")
    def work_out(self, today: date) -> None:
        try:
            records = list(self.store.iter_records())
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        playbooks = PlaybookCache()
        stats = [call_stats(records, playbooks, period_start(today, w)) for _l, w in PERIODS]
        self.app.call_from_thread(self.stats_ready, stats)

    def stats_ready(self, stats: list[dict[str, Any]]) -> None:
        self.stats = stats
        if self.is_attached:  # closed while the calls were being read: nothing to draw
            self.show_period()

    def show_period(self) -> None:
        label, _weeks = PERIODS[self.period]
        self.query_one("#stats-period", Plain).update(
            line(
                ("Your calls: ", "bold"),
                (label, "bold $accent"),
                "   (p switches the period; practice calls are not counted)",
            )
        )
        if self.stats is not None:
            self.query_one("#stats-chart", Plain).update(render_stats(self.stats[self.period]))

    def action_next_period(self) -> None:
        self.period = (self.period + 1) % len(PERIODS)
        self.show_period()

    def action_close(self) -> None:
        self.dismiss(None)

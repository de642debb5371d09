"""The team screen: the team's stats from the team database, as bar charts per rep.

The query runs in a thread (psycopg is imported there, only when the screen opens), so the app
never waits on the network; not connected, offline or refused reads as one plain line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from callmate.core.clock import now as wall_clock
from callmate.team.charts import rep_charts
from callmate.tui.screens.stats import PERIODS, period_start
from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter

FetchStats = Callable[[Path, date | None], dict[str, Any]]


def fetch_team_stats(data_dir: Path, since: date | None) -> dict[str, Any]:
    """Connect with the saved settings and run the team stats (TeamError says why not)."""
    from callmate.team.config import load_config
    from callmate.team.db import TeamError, connect
    from callmate.team.migrations import require_current
    from callmate.team.stats import team_stats

    config = load_config(data_dir)
    if config is None:
        raise TeamError(
            "Not connected to a team database: run `callmate team connect URL --name NAME "
            "--email EMAIL` in a terminal first."
        )
    with connect(config.url, timeout_s=5) as conn:
        require_current(conn)
        return team_stats(conn, since)


class TeamScreen(Screen[None]):
    CSS_PATH = "team.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Close the team view"),
        Binding(
            "p",
            "next_period",
            "Period",
            tooltip="Switch between all calls, the last 4 weeks and the last 12 weeks",
        ),
        Binding("r", "refresh", "Refresh", tooltip="Ask the team database again"),
    ]

    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], datetime] = wall_clock,
        fetch: FetchStats = fetch_team_stats,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.clock = clock
        self.fetch = fetch
        self.period = 0
        self.stats: dict[int, dict[str, Any]] = {}  # period -> stats, once fetched

    def compose(self) -> ComposeResult:
        yield Plain(id="team-period")
        with VerticalScroll(id="team-body"):
            yield Plain("Asking the team database…", id="team-chart")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.show_period()
        self.query_one("#team-body", VerticalScroll).focus()
        self.load(self.period)

    @work(thread=True, exclusive=True, group="team")
    def load(self, period: int) -> None:
        since = period_start(self.clock().date(), PERIODS[period][1])
        try:
            stats = self.fetch(self.data_dir, since)
        except Exception as exc:  # any failure is a message on screen, never a crash
            from callmate.team.db import first_line

            self.app.call_from_thread(self.failed, first_line(exc))
            return
        self.app.call_from_thread(self.ready, period, stats)

    def ready(self, period: int, stats: dict[str, Any]) -> None:
        self.stats[period] = stats
        if self.is_attached and period == self.period:
            self.show_period()

    def failed(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#team-chart", Plain).update(f"Team stats unavailable: {message}")

    def show_period(self) -> None:
        label, _weeks = PERIODS[self.period]
        stats = self.stats.get(self.period)
        scope = ""
        if stats is not None:
            who = "every rep's calls" if stats["sees"] == "team" else "only your own calls"
            scope = f"   (as {stats['viewer']}: {who})"
        self.query_one("#team-period", Plain).update(
            line(("Team: ", "bold"), (label, "bold $accent"), scope)
        )
        if stats is not None:
            self.query_one("#team-chart", Plain).update(rep_charts(stats))

    def action_next_period(self) -> None:
        self.period = (self.period + 1) % len(PERIODS)
        self.show_period()
        if self.period not in self.stats:
            self.query_one("#team-chart", Plain).update("Asking the team database…")
            self.load(self.period)

    def action_refresh(self) -> None:
        self.stats.pop(self.period, None)
        self.query_one("#team-chart", Plain).update("Asking the team database…")
        self.load(self.period)

    def action_close(self) -> None:
        self.dismiss(None)

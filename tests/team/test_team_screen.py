"""The team screen in the real Textual app machinery, against the real team database."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from callmate.team.charts import rep_charts
from callmate.tui.screens.team import TeamScreen
from callmate.tui.text import Plain
from tests.team.records import NOW, calls


class TeamApp(App[None]):
    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir

    def on_mount(self) -> None:
        self.push_screen(TeamScreen(self.data_dir, clock=lambda: NOW))


async def shown(app: TeamApp, pilot) -> str:
    await app.workers.wait_for_complete()
    await pilot.pause()
    chart = app.screen.query_one("#team-chart", Plain)
    return str(chart.render())


async def test_a_manager_sees_bars_for_each_rep_and_the_team(team_db, make_rep):
    alice, bob, mia = make_rep("alice"), make_rep("bob"), make_rep("mia")
    alice.save(calls(15, seed=1))
    bob.save(calls(9, seed=2))
    for rep in (alice, bob, mia):
        rep.connect(team_db)
    for rep in (alice, bob):
        assert rep.run("team", "push")[0] == 0

    app = TeamApp(mia.data)
    async with app.run_test(size=(100, 40)) as pilot:
        text = await shown(app, pilot)
        assert "Agenda set" in text and "Calls ending in an advance" in text
        for name in ("Alice", "Bob", "TEAM"):
            assert name in text
        assert "█" in text
        header = str(app.screen.query_one("#team-period", Plain).render())
        assert "every rep's calls" in header
        await pilot.press("p")
        text = await shown(app, pilot)
        assert "last 4 weeks" in str(app.screen.query_one("#team-period", Plain).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, TeamScreen)


async def test_not_connected_reads_as_one_line_not_a_crash(make_rep):
    alice = make_rep("alice")
    app = TeamApp(alice.data)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await shown(app, pilot)
        assert text.startswith("Team stats unavailable: Not connected to a team database")


def test_charts_scale_shares_to_the_whole_and_mark_missing_values():
    stats = {
        "team": {"calls": 3},
        "reps": [
            {
                "name": "Alice",
                "calls": 2,
                "calls_per_week": 2.0,
                "not_connected": {"voicemail": 1, "no_answer": 0},
                "advance": {"count": 1, "of": 2, "share": 0.5},
                "habits": {
                    key: {"count": 2, "of": 2, "share": 1.0}
                    for key in ("agenda_set", "commitment_asked", "decision_maker_known")
                },
                "median_days_to_next_step": 3.0,
                "next_steps": {"kept_share": None, "kept": 0, "missed": 0, "marked": 1},
            }
        ],
    }
    text = rep_charts(stats, width=10)
    assert "  Alice            █████       50%  (1 of 2)" in text
    assert "  Alice            ██████████  100%  (2 of 2)" in text
    assert "- (none kept or missed yet)" in text  # the one marked step was rescheduled
    chart = "Did not connect (left out of the rates below)\n  Alice            ██████████  "
    assert chart + "1 (1 voicemail)" in text
    assert "TEAM" not in text  # one rep: the team bar would repeat it
    stats["reps"][0]["not_connected"] = {"voicemail": 0, "no_answer": 0}
    assert "Did not connect" not in rep_charts(stats, width=10)  # every call connected


def test_team_screen_snapshot(snap_compare, team_db, make_rep):
    alice, bob, mia = make_rep("alice"), make_rep("bob"), make_rep("mia")
    alice.save(calls(15, seed=1))
    bob.save(calls(9, seed=2))
    for rep in (alice, bob, mia):
        rep.connect(team_db)
    for rep in (alice, bob):
        assert rep.run("team", "push")[0] == 0

    async def loaded(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(TeamApp(mia.data), terminal_size=(100, 40), run_before=loaded)

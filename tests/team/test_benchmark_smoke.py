"""benchmarks/team.py works end to end at a tiny scale (nothing here is about speed)."""

from __future__ import annotations

from benchmarks.report import table
from benchmarks.team import FIGURES, TeamConfig, run


def test_tiny_team_benchmark_gives_every_figure_and_a_plan(pg, tmp_path):
    messages: list[str] = []
    figures, meta = run(TeamConfig(calls=3000, push=30, workdir=tmp_path), messages.append, pg)
    assert [f.name for f in figures] == list(FIGURES)
    for figure in figures:
        assert figure.error == ""
        assert figure.value is not None and figure.value > 0
    push, *stats = figures
    assert 0 < push.extra["pushed"] <= 30
    assert push.extra["second_push_sent"] == 0
    for figure in stats:
        plan = figure.extra["per_rep_query_plan"]
        assert plan["rows_scanned"] > 0 and plan["nodes"]
        assert figure.extra["calls_counted"] > 0
    assert stats[0].extra["reps"] == 200  # the manager sees every synthetic rep
    assert stats[2].extra["reps"] == 1  # a rep, only themself
    assert meta["server"]
    assert "team_push_10k_s" in table(figures)

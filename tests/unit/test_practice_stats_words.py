"""`practice --stats` and `score` say what the numbers and the words are: a trend follows the
series it sits beside, and feedback on a persona practice is not called a partner's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callmate.commands.practice import trend
from callmate.store import Store
from callmate.usecases.practice_feedback import give_feedback
from tests.unit.test_persona_cli import data, run, stored_call  # noqa: F401 (fixture)
from tests.unit.test_practice_feedback import LATER


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ((1.0, 0.0, 1.0), "mixed"),  # ends where it began: no fall
        ((1.0, 1.0, 0.0), "down"),
        ((0.0, 1.0), "up"),
        ((1.0, 0.0, 1.0, 1.0), "up"),
        ((0.6, 0.62, 0.61), "steady"),
        ((0.0, None, 1.0), "up"),  # an unscored call is no point of the line
        ((1.0,), "-"),
    ],
)
def test_the_trend_says_what_the_series_says(values: tuple[float | None, ...], said: str) -> None:
    assert trend(values) == said


def test_stats_of_100_0_100_are_not_a_fall(data: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    for day, hot in enumerate((True, False, True)):
        stored_call(data, day=day, hot=hot)
    assert run(["practice", "--stats", "--json"]) == 0
    series = {s["id"]: s for s in json.loads(capsys.readouterr().out)["series"]}
    assert series["hot_button"]["values"] == [1.0, 0.0, 1.0]
    assert series["hot_button"]["trend"] == "mixed"
    assert run(["practice", "--stats"]) == 0
    hot = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Hot button"))
    assert "latest 100%" in hot and hot.endswith("trend mixed"), hot


@pytest.mark.parametrize(
    ("persona", "label"), [("busy-sceptic", "feedback"), ("partner", "partner's feedback")]
)
def test_feedback_is_named_for_who_gave_it(
    data: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    persona: str,
    label: str,
) -> None:
    record = stored_call(data, persona=persona)
    assert run(["score", record.id, "--feedback", "ask who signs sooner"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"{label}: ask who signs sooner" in lines, lines
    give_feedback(Store(data), record.id, "slower agenda", LATER)
    assert run(["practice", "--stats"]) == 0
    assert f"{label}: slower agenda" in capsys.readouterr().out

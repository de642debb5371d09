"""`callmate score`, `callmate practice` and `callmate personas` on a real store and real files."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from callmate.commands import practice
from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession
from callmate.store import Store

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")


def run(argv: list[str]) -> int:
    """Parse and run like `callmate` does, with only this module's commands registered."""
    parser = argparse.ArgumentParser(prog="callmate")
    practice.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CALLMATE_PLAYBOOKS", raising=False)
    return tmp_path / "data"


def stored_call(
    data: Path,
    *,
    day: int = 0,
    mode: str = "practice",
    persona: str | None = "busy-sceptic",
    hot: bool = True,
    playbook_path: Path | None = None,
) -> dict[str, Any]:
    """A completed call saved in the store: agenda, two problems, a yes, a dated next step."""
    playbook = load_playbook(playbook_path) if playbook_path else DISCOVERY
    now = T0 + timedelta(days=day)
    session = CallSession.start(
        playbook, "Sam Ortega", "Brightline", now, mode=mode, persona=persona
    )
    session.answer("y", now)  # time_check
    session.jump("powns", now)
    now += timedelta(minutes=4)
    session.add_item("late deliveries", now)
    session.add_item("drivers wait for paperwork", now)
    if hot:
        session.toggle_hot("problems", 0, now)
    session.jump("agreement", now)
    session.answer("y", now + timedelta(minutes=1))
    now += timedelta(minutes=2)
    draft = NextStepDraft("in 2 days", "call to go through it together", "bring the late list")
    assert session.set_next_step(draft, now) == {}
    session.complete(now)
    Store(data).save(session.record)
    return session.record


# -- callmate score ---------------------------------------------------------------------------
def test_score_prints_the_scorecard(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = stored_call(data, hot=False)
    assert run(["score", record.id]) == 0
    out = capsys.readouterr().out
    assert "Sam Ortega (Brightline): practice with busy-sceptic, first-discovery" in out
    assert "  0/1  Hot button found: no POWN item was starred as the hot button" in out
    assert "        tip: star the item" in out
    assert "  1/1  Prospect agreed the problem is big enough" in out


def test_score_json_matches_the_scoring_function(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = stored_call(data)
    assert run(["score", record.id, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == practice.score_record(record, DISCOVERY).to_dict()
    assert printed["id"] == record.id


def test_score_an_unknown_call_fails(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["score", "20260101-000000-abcdef"]) == 1
    assert "No saved call with id" in capsys.readouterr().err


def test_score_finds_a_moved_playbook_by_name_or_scores_without_it(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "team" / "first-discovery.yaml"
    copy.parent.mkdir()
    shutil.copy(bundled_dir() / "first-discovery.yaml", copy)
    record = stored_call(data, playbook_path=copy)
    copy.unlink()  # the stored path is gone; the bundled playbook of that name is found instead
    assert run(["score", record.id, "--json"]) == 0
    agenda = json.loads(capsys.readouterr().out)["criteria"][0]
    assert (agenda["id"], agenda["scored"], agenda["points"]) == ("agenda", True, 2)
    record.playbook.name = "retired-playbook"
    record.playbook.path = str(copy)
    record.revision += 1
    Store(data).save(record)
    assert run(["score", record.id, "--json"]) == 0
    captured = capsys.readouterr()
    assert "no playbook named 'retired-playbook'" in captured.err
    assert "scored without it" in captured.err
    card = json.loads(captured.out)
    assert card["notes"] and not card["criteria"][0]["scored"]


# -- callmate practice --stats ----------------------------------------------------------------
def test_sparkline() -> None:
    assert practice.sparkline([0.0, 0.5, 1.0, None, 0.99]) == "▁▅█ █"
    assert practice.sparkline([]) == ""


def test_stats_chart_practice_calls_over_time(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored_call(data, day=2, hot=True)
    stored_call(data, day=0, hot=False)
    stored_call(data, day=1, mode="live", persona=None)
    assert run(["practice", "--stats"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 calls scored, 2026-03-02 to 2026-03-04 (oldest first)")
    hot_line = next(line for line in out.splitlines() if line.startswith("Hot button found"))
    assert "▁█" in hot_line
    assert "latest 100%" in hot_line and "average  50%" in hot_line


def test_stats_json_and_filters(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = stored_call(data, day=0, hot=False)
    second = stored_call(data, day=1, persona="eager-champion")
    live = stored_call(data, day=2, mode="live", persona=None)
    assert run(["practice", "--stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in stats["sessions"]] == [first.id, second.id]
    series = {s["id"]: s for s in stats["series"]}
    assert series["hot_button"]["values"] == [0.0, 1.0]
    assert series["agenda"]["label"] == "Agenda set at the start"
    assert series["total"]["latest"] == stats["sessions"][1]["total"] / 100
    assert run(["practice", "--stats", "--json", "--all"]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in everything["sessions"]] == [first.id, second.id, live.id]
    assert run(["practice", "--stats", "--json", "--persona", "eager-champion"]) == 0
    only = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in only["sessions"]] == [second.id]


def test_stats_with_no_calls(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["practice", "--stats"]) == 0
    assert "no completed practice calls to score yet" in capsys.readouterr().out


# -- callmate practice (setting up the role-play) ------------------------------------------------
def parse_practice(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="callmate")
    practice.register(parser.add_subparsers())
    return parser.parse_args(["practice", *argv])


def test_practice_setup_with_a_persona(data: Path) -> None:
    setup = practice.practice_setup(
        parse_practice(["--playbook", "first-discovery", "--persona", "not-yet-convinced"])
    )
    assert isinstance(setup, practice.PracticeSetup)
    assert setup.playbook.name == "first-discovery"
    assert setup.persona is not None and setup.persona.name == "not-yet-convinced"
    assert (setup.prospect, setup.company) == ("Dr. Lena Marsh", "Marsh Physiotherapy")


def test_practice_setup_with_a_colleague(data: Path) -> None:
    args = parse_practice(["--playbook", "re-engage", "--partner", "--company", "Acme"])
    setup = practice.practice_setup(args)
    assert isinstance(setup, practice.PracticeSetup)
    assert setup.persona is None
    assert (setup.prospect, setup.company) == ("Practice partner", "Acme")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--persona", "busy-sceptic"], "practice needs --playbook NAME"),
        (["--playbook", "first-discovery"], "choose a persona with --persona NAME (busy-sceptic"),
        (["--playbook", "nope", "--partner"], "no playbook named 'nope'"),
        (["--playbook", "first-discovery", "--persona", "nobody"], "no persona named 'nobody'"),
        (["--playbook", "first-discovery", "--json"], "--json and --all go with --stats"),
    ],
)
def test_practice_refuses_what_it_cannot_run(
    data: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    assert run(["practice", *argv]) == 1
    assert says in capsys.readouterr().err


def test_practice_reports_a_broken_persona_file(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nkind: persona\nname: broken\n", encoding="utf-8")
    argv = ["practice", "--playbook", "first-discovery", "--persona", str(broken)]
    assert run(argv) == 1
    captured = capsys.readouterr()
    assert f"{broken}:1:1: error: the persona needs 'display_name:'" in captured.out
    assert "has errors; fix them" in captured.err


def test_partner_with_a_persona_gets_a_private_brief(data: Path) -> None:
    args = parse_practice(
        ["--playbook", "first-discovery", "--persona", "eager-champion", "--partner"]
    )
    setup = practice.practice_setup(args)
    assert isinstance(setup, practice.PracticeSetup)
    assert setup.persona is None  # the colleague plays: no scripted replies on the rep's screen
    assert setup.brief_for is not None and setup.prospect == "Robin Vale"
    path = practice.write_brief(Store(data), setup.brief_for)
    assert path.stat().st_mode & 0o777 == 0o600
    text = path.read_text(encoding="utf-8")
    assert "You do NOT decide." in text
    assert "patients who don't turn up" in text  # the hot button
    assert "Could you just send me something I can forward" in text
    assert "after they ask 'contact_decides'" in text


def test_stats_for_an_unknown_persona_says_so(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored_call(data)  # there are completed calls: the persona is what is wrong
    assert run(["practice", "--stats", "--persona", "nosuch"]) == 1
    shown = capsys.readouterr()
    assert "unknown persona 'nosuch'" in shown.err
    assert "busy-sceptic, eager-champion, not-yet-convinced" in shown.err  # the known ones
    assert "no completed" not in shown.out + shown.err
    assert run(["practice", "--stats", "--persona", "nosuch", "--json"]) == 1
    assert "unknown persona 'nosuch'" in capsys.readouterr().err


def test_stats_for_an_unknown_playbook_says_so(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored_call(data)
    assert run(["practice", "--stats", "--playbook", "nosuch"]) == 1
    assert "unknown playbook 'nosuch'" in capsys.readouterr().err
    assert run(["practice", "--stats", "--playbook", "first-discovery"]) == 0
    assert "1 call scored" in capsys.readouterr().out


def test_stats_by_week_and_persona_with_a_trend(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored_call(data, day=0, hot=False)
    stored_call(data, day=9, hot=True)
    assert run(["practice", "--stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    weeks = [(w["week"], w["persona"], w["calls"]) for w in stats["weeks"]]
    assert len(weeks) == 2 and weeks[0][0] < weeks[1][0]
    hot = next(s for s in stats["series"] if s["id"] == "hot_button")
    assert hot["trend"] == "up"
    assert run(["practice", "--stats"]) == 0
    out = capsys.readouterr().out
    assert "by week and persona:" in out and "trend up" in out


def test_score_says_when_a_call_is_unfinished_and_what_is_missing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = CallSession.start(DISCOVERY, "Sam Ortega", "Brightline", T0, mode="practice")
    session.answer("y", T0)  # time_check; the rest is still to ask
    Store(data).save(session.record)
    assert run(["score", session.id]) == 0
    out = capsys.readouterr().out
    assert "this call is unfinished" in out
    assert not re.search(r"score \d+/100", out)  # no number that reads like a grade
    assert "the next step (date, what happens, what they will do)" in out
    required = [q.id for q in session.open_required()]
    assert required and all(f"required question '{q}'" in out for q in required)
    assert run(["score", session.id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["scored"] is False and shown["status"] == "in_progress"
    assert len(shown["missing"]) == len(required) + 1


def test_score_of_an_abandoned_practice_says_it_does_not_count(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from callmate.core.practice_abandon import abandon_practice

    session = CallSession.start(DISCOVERY, "Sam Ortega", "Brightline", T0, mode="practice")
    abandon_practice(session, T0 + timedelta(minutes=3))
    Store(data).save(session.record)
    assert run(["score", session.id]) == 0
    out = capsys.readouterr().out
    assert "abandoned: it has no score" in out and not re.search(r"score \d+/100", out)


# -- callmate personas ------------------------------------------------------------------------
def test_personas_lists_each_with_who_they_are(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team" / "personas"
    team.mkdir(parents=True)
    (team / "half-done.yaml").write_text("format: 1\nkind: persona\n", encoding="utf-8")
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(tmp_path / "team"))
    assert run(["personas"]) == 0
    lines = capsys.readouterr().out.splitlines()
    eager = next(line for line in lines if line.startswith("eager-champion"))
    assert "Robin Vale (Practice manager, Larkspur Family Dental), does not decide" in eager
    half = next(line for line in lines if line.startswith("half-done"))
    assert "has 3 errors: run callmate validate" in half
    assert any(str(bundled_dir() / "personas" / "busy-sceptic.yaml") in line for line in lines)

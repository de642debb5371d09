"""The practice partner's feedback: one use case, stored with the call, shown by `score` and
`practice --stats`; refused (with the reason) where it does not belong. Real store, real files."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callmate.core.call_record import Note, PlaybookRef
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.usecases.practice_feedback import MAX_FEEDBACK_CHARS, FeedbackRefused, give_feedback
from tests.unit.test_persona_cli import DISCOVERY, run, stored_call

LATER = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CALLMATE_PLAYBOOKS", raising=False)
    return tmp_path / "data"


def test_feedback_is_stored_cleaned_through_the_session(data: Path) -> None:
    record = stored_call(data, persona="partner")
    before = record.revision
    saved = give_feedback(Store(data), record.id, "Nice\x1b]52;c;x\x07 [red]pace[/red]\n", LATER)
    stored = Store(data).load(record.id)
    assert stored == saved
    assert stored.feedback == [Note("Nice]52;c;x [red]pace[/red]", LATER.isoformat())]
    assert stored.revision == before + 1
    assert stored.events[-1].type == "feedback"


def test_feedback_again_is_added_after_the_earlier_words(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = stored_call(data, persona="partner")
    give_feedback(Store(data), record.id, "first try", LATER)
    give_feedback(Store(data), record.id, "second thoughts", LATER + timedelta(minutes=1))
    notes = Store(data).load(record.id).feedback
    assert [n.text for n in notes] == ["first try", "second thoughts"]
    assert run(["practice", "--stats"]) == 0
    assert "second thoughts" in capsys.readouterr().out  # stats repeat the latest words


@pytest.mark.parametrize(
    ("text", "why"),
    [("   ", "empty"), ("x" * (MAX_FEEDBACK_CHARS + 1), "keep the feedback short")],
)
def test_empty_or_long_feedback_is_refused_and_nothing_changes(
    data: Path, text: str, why: str
) -> None:
    record = stored_call(data, persona="partner")
    with pytest.raises(FeedbackRefused, match=why):
        give_feedback(Store(data), record.id, text, LATER)
    assert not Store(data).load(record.id).feedback


def test_feedback_only_on_a_finished_practice(data: Path) -> None:
    live = stored_call(data, mode="live", persona=None)
    with pytest.raises(FeedbackRefused, match="practice calls only"):
        give_feedback(Store(data), live.id, "good", LATER)
    session = CallSession.start(DISCOVERY, "Sam", "", LATER, mode="practice", persona="partner")
    Store(data).save(session.record)
    with pytest.raises(FeedbackRefused, match="not finished"):
        give_feedback(Store(data), session.id, "good", LATER)


def test_feedback_needs_no_playbook_once_the_call_ended(data: Path) -> None:
    record = stored_call(data, persona="partner")
    store = Store(data)
    moved = store.load(record.id)
    moved = dataclasses.replace(
        moved, playbook=PlaybookRef("gone-since", path="/nowhere/gone.yaml", sha256="x")
    )
    store.save(moved)
    give_feedback(store, record.id, "still kept", LATER)
    assert store.load(record.id).feedback[0].text == "still kept"


def test_score_feedback_stores_it_and_the_scorecard_shows_it(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = stored_call(data, persona="partner")
    assert run(["score", record.id, "--feedback", "Ask who signs before the step"]) == 0
    out = capsys.readouterr().out
    assert "score " in out and "partner's feedback: Ask who signs before the step" in out
    assert run(["score", record.id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["feedback"] == ["Ask who signs before the step"]


def test_score_feedback_refused_says_why_and_exits_1(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = stored_call(data, mode="live", persona=None)
    assert run(["score", live.id, "--feedback", "good"]) == 1
    assert "feedback not saved: feedback goes on practice calls only" in capsys.readouterr().err


def test_stats_repeat_the_latest_partner_feedback(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = stored_call(data, day=0, persona="partner")
    stored_call(data, day=7, persona="partner")
    give_feedback(Store(data), first.id, "slow down at the agenda", LATER)
    assert run(["practice", "--stats"]) == 0
    out = capsys.readouterr().out
    assert "feedback (latest last):" in out
    assert "partner's feedback: slow down at the agenda" in out
    assert run(["practice", "--stats", "--json"]) == 0
    sessions = json.loads(capsys.readouterr().out)["sessions"]
    assert [s["feedback"] for s in sessions] == [["slow down at the agenda"], []]


def test_the_stored_call_view_shows_the_feedback_literally(data: Path) -> None:
    from callmate.export.summary import build_summary
    from callmate.tui.screens.session_view import scorecard_for, summary_sections

    record = stored_call(data, persona="partner")
    saved = give_feedback(Store(data), record.id, "[b]pace[/b] was good", LATER)
    card = scorecard_for(saved, DISCOVERY)
    assert card is not None and card.feedback == ("[b]pace[/b] was good",)
    last = summary_sections(build_summary(saved, DISCOVERY), card)[-1]
    assert "Partner's feedback: [b]pace[/b] was good" in last.plain

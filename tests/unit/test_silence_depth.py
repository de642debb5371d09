"""Why they went quiet: kept steps by discovery depth, and what the last conversation lacked."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from callmate.core.clock import now as clock_now
from callmate.core.next_step import NextStepDraft
from callmate.core.silence import what_it_lacked
from tests.conftest import Run
from tests.records import set_step_outcome
from tests.unit.export_support import DISCOVERY_ANSWERS, discovery_playbook, finished_call
from tests.unit.silence_support import save_all, unanswered_call

DEEP = {**DISCOVERY_ANSWERS, "worth_fixing": "yes", "contact_decides": "yes"}
SHALLOW_STEP = NextStepDraft(
    "in 2 days", "send the brochure", "think about it", why_continuation="they would not book"
)


def _calls(data_dir: Path) -> None:
    """Two deep calls ending in advances (one kept, one missed), two shallow ones missed."""
    playbook, now = discovery_playbook(), clock_now() - timedelta(days=10)
    deep_kept = finished_call(playbook, now, answers=DEEP, prospect="Dee Kept")
    deep_missed = finished_call(playbook, now, answers=DEEP, prospect="Dee Missed")
    shallow = [
        finished_call(playbook, now, step=SHALLOW_STEP, prospect=f"Sha {n}") for n in ("A", "B")
    ]
    set_step_outcome(deep_kept, "kept")
    set_step_outcome(deep_missed, "missed")
    for record in shallow:
        set_step_outcome(record, "missed")
    save_all(data_dir, deep_kept, deep_missed, *shallow)


def test_stats_json_splits_kept_steps_by_discovery_depth(run: Run, data_dir: Path):
    _calls(data_dir)
    depth = json.loads(run("stats", "--json").out)["kept_by_depth"]
    assert depth["pain_agreed"] == {"marked": 2, "kept": 1, "kept_share": 0.5}
    assert depth["no_pain_agreed"] == {"marked": 2, "kept": 0, "kept_share": 0.0}
    assert depth["after_advance"] == {"marked": 2, "kept": 1, "kept_share": 0.5}
    assert depth["after_continuation"] == {"marked": 2, "kept": 0, "kept_share": 0.0}
    text = run("stats").out
    assert "after an agreed pain" in text and "(0 of 2)" in text


def test_what_the_last_conversation_lacked_comes_from_the_judgement():
    playbook, now = discovery_playbook(), clock_now()
    deep = finished_call(playbook, now, answers=DEEP)
    assert what_it_lacked(deep, playbook) == ()
    shallow = finished_call(playbook, now, answers={"problems": ["slow phones"]}, step=SHALLOW_STEP)
    lacked = what_it_lacked(shallow, playbook)
    assert lacked[0].startswith("no agreed pain")
    assert lacked[1].startswith("no commitment answer")
    assert "the decision maker was not known" in lacked
    assert lacked[-1] == "it ended on a continuation, not an advance"


def test_show_and_brief_say_why_a_silent_prospect_went_quiet(run: Run, data_dir: Path):
    playbook, now = discovery_playbook(), clock_now()
    talk = finished_call(
        playbook, now - timedelta(days=9), answers={"problems": ["slow phones"]}, step=SHALLOW_STEP
    )
    set_step_outcome(talk, "missed")
    talk_id, retry_id = save_all(data_dir, talk, unanswered_call(playbook, now))
    for shown in (talk_id, retry_id):
        out = run("show", shown).out
        assert "## Why they went quiet" in out
        assert "2 unanswered attempts" in out and "no agreed pain" in out
        assert "ended on a continuation" in out
    from callmate.nurture import why_quiet
    from callmate.store import Store

    note = why_quiet(Store(data_dir), talk.prospect_key)
    assert note is not None and "no agreed pain" in "\n".join(note)


def test_show_says_nothing_about_silence_for_a_prospect_who_answers(run: Run, data_dir: Path):
    (talk,) = save_all(data_dir, finished_call(discovery_playbook(), clock_now(), answers=DEEP))
    assert "Why they went quiet" not in run("show", talk).out

"""Scoring a stored call, criterion by criterion, on real records driven through CallSession."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callmate.core.call_record import (
    CallRecord,
    Event,
    RecordDecodeError,
    Scalar,
    decode_record,
    encode_record,
)
from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook import Condition, Playbook
from callmate.core.playbook_loader import load_playbook
from callmate.core.scoring import (
    CRITERION_IDS,
    ExtraCriterion,
    Scorecard,
    call_end,
    pain_agreed,
    pitched_before_discovery,
    score,
)
from callmate.core.session import CallSession
from callmate.store import Store

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
DISCOVERY = load_playbook(bundled_dir() / "first-discovery.yaml")

GOOD_ANSWERS: dict[str, Any] = {
    "time_check": "y",
    "agenda_shared": "Add a word on pricing",
    "permission": "y",
    "their_goal": "Know if this is worth a second look",
    "problems": ["front desk phones every patient", "no-shows leave chairs empty"],
    "opportunities": ["fill cancellations from the waiting list"],
    "must_haves": ["works with our booking system"],
    "impact": "38 no-shows last month",
    "cost_of_nothing": "about 40 appointments a month",
    "better": "a handful of no-shows a week",
    "worth_fixing": "y",
    "start_when": "this month",
    "priority": "top three",
    "deciders": ["Dr. Okafor"],
    "contact_decides": "y",
    "buying_process": "partners' meeting on the first Monday",
    "budget_process": "decided on the spot",
    "concerns": ["one more system to pay for"],
    "concern_answers": "show the monthly cost of no-shows",
    "playback": "y",
    "their_part": "pull last quarter's no-show numbers",
    "proposed_step": "yes, Thursday",
}
GOOD_STEP = NextStepDraft(
    when="tomorrow 11am",
    what="20-minute call to go through the proposal together",
    their_commitment="bring last quarter's no-show numbers",
    our_commitment="proposal built around the no-shows",
)


def drive(
    playbook: Playbook,
    answers: Mapping[str, Any],
    *,
    minutes: Mapping[str, float] | None = None,
    star: tuple[str, int] | None = None,
    notes: Sequence[str] = (),
    step: NextStepDraft | None = GOOD_STEP,
    complete: bool = True,
    mode: str = "live",
    persona: str | None = None,
    wrap_minutes: float = 1.0,
    cards: Sequence[tuple[str, bool]] = (),
) -> dict[str, Any]:
    """Walk the call in order, answering each listed question once and skipping the rest.

    `minutes` gives the minutes each answer takes, by section id (default 1); `wrap_minutes`
    the time from the last question to the agreed next step. `cards` are objection cards opened
    at the start, each resolved or not.
    """
    now = T0
    session = CallSession.start(
        playbook, "Pat Quill", "Hollow Pines", now, mode=mode, persona=persona
    )
    for text in notes:
        session.add_note(text, now)
    for card_id, resolved in cards:
        session.raise_objection(card_id, now)
        if resolved:
            session.resolve_objection(card_id, now)
    done: set[str] = set()
    while (question := session.current()) is not None:
        if question.id not in answers or question.id in done:
            session.skip(now)
            continue
        now += timedelta(minutes=(minutes or {}).get(question.section_id, 1.0))
        value = answers[question.id]
        if isinstance(value, list):
            for item in value:
                session.add_item(item, now)
            session.finish_items(now)
        else:
            session.answer(value, now)
        done.add(question.id)
    if star is not None:
        session.toggle_hot(star[0], star[1], now)
    now += timedelta(minutes=wrap_minutes)
    if step is not None:
        errors = session.set_next_step(step, now)
        if set(errors) == {"continuation"}:  # the rep insists: a continuation, said plainly
            errors = session.set_next_step(replace(step, why_continuation="they won't commit"), now)
        assert errors == {}
        if complete:
            session.complete(now)
    return session.record


def good_record(**changes: Any) -> CallRecord:
    answers = {**GOOD_ANSWERS, **changes.pop("answers", {})}
    for key in changes.pop("drop", ()):
        answers.pop(key)
    return drive(DISCOVERY, answers, star=changes.pop("star", ("problems", 1)), **changes)


def points(card: Scorecard, criterion_id: str) -> int:
    return card.criterion(criterion_id).points


def write_playbook(tmp_path: Path, sections: str, extra: str = "") -> Playbook:
    path = tmp_path / "mini.yaml"
    path.write_text(
        "format: 1\nname: mini\ntitle: Mini\nobjective: Practise one thing.\n"
        f"{extra}sections:\n{sections}",
        encoding="utf-8",
    )
    return load_playbook(path)


# -- the whole card ---------------------------------------------------------------------------
def test_a_good_call_scores_full_marks_on_every_criterion() -> None:
    card = score(good_record(), DISCOVERY)
    assert [c.id for c in card.criteria] == list(CRITERION_IDS)
    live = [c for c in card.criteria if c.id != "listening"]  # practice with a persona only
    assert all(c.scored and c.points == c.max for c in live), card.to_dict()
    assert not card.criterion("listening").scored
    assert all(c.tip == "" for c in card.criteria)
    assert card.total == 100


def test_a_poor_call_scores_low_and_says_how_to_improve() -> None:
    record = drive(
        DISCOVERY,
        {"problems": ["slow"], "their_part": "take a look"},
        step=NextStepDraft("in 3 days", "send info pack", "I'll take a look"),
    )
    card = score(record, DISCOVERY)
    assert card.total < 25
    low = [c for c in card.criteria if c.scored and c.points < c.max]
    assert {c.id for c in low} >= {"agenda", "powns", "pain_agreed", "hot_button", "commitment"}
    assert all(c.tip for c in low)


def test_scorecard_to_dict_is_json_and_complete() -> None:
    card = score(good_record(mode="practice", persona="busy-sceptic"), DISCOVERY)
    data = json.loads(json.dumps(card.to_dict()))
    assert data["total"] == 100
    assert data["mode"] == "practice"
    assert data["persona"] == "busy-sceptic"
    assert data["playbook"] == "first-discovery"
    assert {c["id"] for c in data["criteria"]} == set(CRITERION_IDS)
    assert set(data["criteria"][0]) == {
        "id", "label", "points", "max", "weight", "scored", "reason", "tip",
    }  # fmt: skip


# -- criterion by criterion -------------------------------------------------------------------
def test_agenda_before_everything_else_scores_two() -> None:
    assert points(score(good_record(), DISCOVERY), "agenda") == 2


def test_agenda_missing_scores_zero() -> None:
    record = good_record(drop=("time_check", "agenda_shared", "permission", "their_goal"))
    result = score(record, DISCOVERY).criterion("agenda")
    assert result.points == 0
    assert "agenda" in result.tip


def test_agenda_agreed_late_scores_one() -> None:
    session = CallSession.start(DISCOVERY, "Pat", "Co", T0)
    session.jump("powns", T0)
    session.add_item("slow scheduling", T0 + timedelta(minutes=1))
    session.finish_items(T0 + timedelta(minutes=1))
    session.jump("agenda", T0 + timedelta(minutes=2))
    session.answer("y", T0 + timedelta(minutes=3))
    result = score(session.record, DISCOVERY).criterion("agenda")
    assert (result.points, result.reason) == (
        1,
        "the agenda was agreed only after other parts had started",
    )


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], 0), (["one"], 1), (["one", "o: two"], 1), (["one", "o: two", "n: three"], 2)],
)
def test_powns_count(items: list[str], expected: int) -> None:
    answers = {"problems": items} if items else {}
    record = drive(DISCOVERY, answers)
    result = score(record, DISCOVERY).criterion("powns")
    assert result.points == expected
    if items:
        assert f"{len(items)} POWN item" in result.reason


def test_pain_agreed_needs_a_yes_to_the_worth_fixing_question() -> None:
    assert points(score(good_record(), DISCOVERY), "pain_agreed") == 1
    assert points(score(good_record(drop=("worth_fixing",)), DISCOVERY), "pain_agreed") == 0


def test_pain_questions_list_replaces_the_id_rule() -> None:
    record = good_record()
    assert pain_agreed(record, DISCOVERY, ["playback"])
    record_without = good_record(drop=("playback",))
    assert not pain_agreed(record_without, DISCOVERY, ["playback"])
    card = score(record_without, DISCOVERY, pain_questions=["playback"])
    assert points(card, "pain_agreed") == 0


def test_pain_agreed_counts_a_high_scale_answer(tmp_path: Path) -> None:
    playbook = write_playbook(
        tmp_path,
        "  - id: talk\n    title: Talk\n    questions:\n"
        "      - id: matters_now\n        prompt: How much, 1-10?\n        capture: scale\n",
    )
    high = drive(playbook, {"matters_now": "8"}, step=None)
    low = drive(playbook, {"matters_now": "4"}, step=None)
    assert pain_agreed(high, playbook, ["matters_now"])
    assert not pain_agreed(low, playbook, ["matters_now"])
    assert not pain_agreed(high, playbook)  # the id names no "worth": only the list counts it


def test_hot_button_needs_a_starred_item() -> None:
    assert points(score(good_record(), DISCOVERY), "hot_button") == 1
    result = score(good_record(star=None), DISCOVERY).criterion("hot_button")
    assert result.points == 0
    assert "star" in result.tip


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("this month", 2), ("2", 2), ("later this year", 1)],
)
def test_commitment_strength_follows_choice_order(answer: str, expected: int) -> None:
    record = good_record(answers={"start_when": answer})
    assert points(score(record, DISCOVERY), "commitment") == expected


def test_commitment_no_timeline_is_weak() -> None:
    record = good_record(answers={"start_when": "no timeline"})
    result = score(record, DISCOVERY).criterion("commitment")
    assert result.points == 1
    assert "weak" in result.reason


def test_a_firm_timeline_after_a_no_to_the_pain_is_not_strong() -> None:
    """'Not big enough' then 'this month': the answers disagree, so the date is no commitment."""
    result = score(
        good_record(answers={"worth_fixing": "n", "start_when": "this month"}), DISCOVERY
    ).criterion("commitment")
    assert result.points == 1
    assert "the pain is not big enough yet (they said no)" in result.reason
    assert "strong" not in result.reason
    assert "worth fixing" in result.tip


def test_commitment_not_asked_scores_zero() -> None:
    record = good_record(drop=("start_when", "priority"))
    assert points(score(record, DISCOVERY), "commitment") == 0


def test_commitment_text_answer_is_judged_by_keywords(tmp_path: Path) -> None:
    playbook = write_playbook(
        tmp_path,
        "  - id: when\n    title: When\n    kind: commitment\n    questions:\n"
        "      - id: how_soon\n        prompt: How soon?\n",
    )
    strong = drive(playbook, {"how_soon": "As soon as the board signs, within weeks"})
    weak = drive(playbook, {"how_soon": "Maybe next year, no rush"})
    assert points(score(strong, playbook), "commitment") == 2
    assert points(score(weak, playbook), "commitment") == 1


@pytest.mark.parametrize(
    ("drop", "expected", "missing"),
    [
        ((), 2, ""),
        (("deciders", "contact_decides"), 1, "who decides"),
        (("buying_process", "budget_process"), 1, "how they buy"),
        (("deciders", "contact_decides", "buying_process", "budget_process"), 0, "who decides"),
    ],
)
def test_decision_maker_and_buying_process(
    drop: tuple[str, ...], expected: int, missing: str
) -> None:
    result = score(good_record(drop=drop), DISCOVERY).criterion("decision_maker")
    assert result.points == expected
    assert missing in result.reason


@pytest.mark.parametrize(
    ("drop", "expected"),
    [((), 2), (("concern_answers",), 1), (("concerns", "concern_answers"), 0)],
)
def test_objections_asked_and_worked_through(drop: tuple[str, ...], expected: int) -> None:
    assert points(score(good_record(drop=drop), DISCOVERY), "objections") == expected


def test_next_step_within_the_policy_scores() -> None:
    result = score(good_record(), DISCOVERY).criterion("next_step_date")
    assert result.points == 2
    assert "while the problem is fresh" in result.reason


def test_next_step_missing_scores_zero_on_both_next_step_criteria() -> None:
    card = score(good_record(step=None), DISCOVERY)
    assert points(card, "next_step_date") == 0
    assert points(card, "next_step_commitment") == 0


def test_next_step_too_far_from_the_end_of_the_call() -> None:
    record = good_record()
    end = datetime.fromisoformat(record.ended)
    record.next_step.due = (end + timedelta(days=30)).isoformat(timespec="minutes")
    result = score(record, DISCOVERY).criterion("next_step_date")
    assert result.points == 0
    assert "30 days out; the limit is 10" in result.reason


def test_next_step_due_before_the_call_ended() -> None:
    record = good_record()
    record.next_step.due = T0.isoformat(timespec="minutes")
    assert points(score(record, DISCOVERY), "next_step_date") == 0


@pytest.mark.parametrize(
    ("what", "theirs", "expected"),
    [
        ("20-minute call to go through the proposal together", "bring their numbers", 2),
        # A look is a stall, not their action: the gate refuses it, so the score does too.
        ("20-minute call to go through the proposal together", "I'll take a look", 0),
        ("Send the info pack", "read it before Friday", 0),
        ("We'll send a brochure", "think it over", 0),
        ("Send me some information", "send me some information", 0),
        ("Call again", "call me next month", 0),
        ("Email a PDF Robin can forward", "x", 0),
    ],
)
def test_next_step_commitment_must_be_an_advance(what: str, theirs: str, expected: int) -> None:
    record = good_record(step=NextStepDraft("in 2 days", what, theirs))
    assert points(score(record, DISCOVERY), "next_step_commitment") == expected


def test_next_step_without_their_part_scores_zero() -> None:
    record = good_record()
    record.next_step.their_commitment = ""
    result = score(record, DISCOVERY).criterion("next_step_commitment")
    assert result.points == 0
    assert result.reason.startswith("ended on a continuation: the prospect has no part in it")


def test_a_continuation_the_rep_accepted_scores_zero_and_says_why() -> None:
    step = NextStepDraft(
        "tomorrow 11am", "Send the case study", "read it", why_continuation="budget frozen"
    )
    record = good_record(step=step)
    assert record.next_step.kind == "continuation"
    result = score(record, DISCOVERY).criterion("next_step_commitment")
    assert result.points == 0
    assert "budget frozen" in result.reason


def test_an_advance_that_leaves_out_the_decider_earns_half() -> None:
    record = good_record(
        answers={"contact_decides": "n", "deciders": ["Dr. Okafor"]},
        step=NextStepDraft("tomorrow 11am", "A call with Robin", "bring the numbers"),
    )
    result = score(record, DISCOVERY).criterion("next_step_commitment")
    assert (result.points, result.max) == (1, 2)
    assert "decision maker is left out" in result.reason
    with_decider = good_record(
        answers={"contact_decides": "n", "deciders": ["Dr. Okafor"]},
        step=NextStepDraft("tomorrow 11am", "A call with Dr. Okafor", "invite Dr. Okafor"),
    )
    assert points(score(with_decider, DISCOVERY), "next_step_commitment") == 2


@pytest.mark.parametrize(
    ("when", "expected"), [("today 4pm", 2), ("tomorrow 9am", 2), ("in 6 days", 1)]
)
def test_a_sooner_next_step_scores_higher(when: str, expected: int) -> None:
    record = good_record(step=replace(GOOD_STEP, when=when))
    assert points(score(record, DISCOVERY), "next_step_date") == expected


def test_time_on_plan_scores_two() -> None:
    assert points(score(good_record(), DISCOVERY), "time") == 2


def test_time_overrun_and_rushed_discovery_each_cost_a_point() -> None:
    over = score(good_record(minutes={"agenda": 5}), DISCOVERY).criterion("time")
    assert over.points == 1
    assert "'Agree the agenda' took 20 min against 3" in over.reason
    rushed = score(good_record(minutes={"powns": 0.25}), DISCOVERY).criterion("time")
    assert rushed.points == 1
    assert "discovery" in rushed.reason
    both = score(good_record(minutes={"agenda": 5, "powns": 0.25}), DISCOVERY)
    assert points(both, "time") == 0


def test_time_is_not_scored_without_section_minutes(tmp_path: Path) -> None:
    playbook = write_playbook(
        tmp_path,
        "  - id: talk\n    title: Talk\n    questions:\n"
        "      - id: one\n        prompt: One?\n      - id: two\n        prompt: Two?\n",
    )
    record = drive(playbook, {"one": "a", "two": "b"})
    result = score(record, playbook).criterion("time")
    assert not result.scored
    assert "minutes" in result.reason


def test_time_comes_from_section_visits_when_the_record_has_them() -> None:
    record = good_record(wrap_minutes=20)  # twenty minutes on the next step, after every answer
    result = score(record, DISCOVERY).criterion("time")
    assert result.points == 1
    assert "'Close on a next step' took 23 min against 3" in result.reason
    record.visits = []  # an older record: only answer times, which cannot see that
    assert points(score(record, DISCOVERY), "time") == 2


# -- signals a trainer sets on questions ---------------------------------------------------------
SIGNALLED = """  - id: talk
    title: Talk
    questions:
      - id: problems
        prompt: Problems?
        capture: powns
      - id: worth_it
        prompt: Worth it?
        capture: yes_no
      - id: agree
        prompt: Do you agree it needs fixing?
        capture: yes_no
        signal: pain_agreed
      - id: timing
        prompt: How soon?
        capture: choice
        choices: [soon, later, never]
        weak: [later, never]
        signal: commitment
      - id: final_say
        prompt: Is it your call?
        capture: yes_no
        signal: decision_maker
"""


def test_signal_marks_the_pain_question(tmp_path: Path) -> None:
    playbook = write_playbook(tmp_path, SIGNALLED)
    only_id = drive(playbook, {"problems": ["slow"], "worth_it": "y", "agree": "n"})
    assert points(score(only_id, playbook), "pain_agreed") == 0
    agreed = drive(playbook, {"problems": ["slow"], "worth_it": "n", "agree": "y"})
    assert points(score(agreed, playbook), "pain_agreed") == 1


def test_commitment_signal_and_its_weak_answers(tmp_path: Path) -> None:
    playbook = write_playbook(tmp_path, SIGNALLED)
    later = drive(playbook, {"timing": "later"})  # second of three: weak only by the list
    assert points(score(later, playbook), "commitment") == 1
    soon = drive(playbook, {"timing": "soon"})
    assert points(score(soon, playbook), "commitment") == 2


def test_decision_maker_signal_counts_outside_a_decision_section(tmp_path: Path) -> None:
    playbook = write_playbook(tmp_path, SIGNALLED)
    card = score(drive(playbook, {"final_say": "n"}), playbook)
    assert points(card, "decision_maker") == 2  # the only thing this playbook asks about it
    assert points(score(drive(playbook, {}), playbook), "decision_maker") == 0


CARDS = """cards:
  - id: send_info
    title: Just send me some information
  - id: price
    title: Too expensive
"""
CONCERNS = """  - id: concerns
    title: Concerns
    kind: objections
    questions:
      - id: worries
        prompt: What worries you?
        capture: list
"""


def test_objection_cards_count_as_asked_and_must_be_resolved(tmp_path: Path) -> None:
    playbook = write_playbook(tmp_path, CONCERNS, extra=CARDS)
    resolved = drive(playbook, {}, cards=[("send_info", True), ("price", True)])
    assert points(score(resolved, playbook), "objections") == 2
    left_open = score(drive(playbook, {}, cards=[("send_info", True), ("price", False)]), playbook)
    result = left_open.criterion("objections")
    assert (result.points, result.reason) == (1, "objections left open: Too expensive")
    assert points(score(drive(playbook, {}), playbook), "objections") == 0


# -- sections a playbook lacks, and no playbook at all -------------------------------------------
def test_missing_sections_are_listed_but_left_out_of_the_total(tmp_path: Path) -> None:
    playbook = write_playbook(
        tmp_path,
        "  - id: discovery\n    title: Discovery\n    kind: powns\n    questions:\n"
        "      - id: problems\n        prompt: Problems?\n        capture: powns\n",
    )
    record = drive(
        playbook,
        {"problems": ["late invoices", "lost orders", "angry customers"]},
        star=("problems", 0),
    )
    card = score(record, playbook)
    unscored = {c.id for c in card.criteria if not c.scored}
    assert unscored == {
        "agenda",
        "commitment",
        "decision_maker",
        "objections",
        "time",
        "listening",
    }
    assert "no agenda section" in card.criterion("agenda").reason
    # powns 2/2, hot button 1/1, dated step 1/1, their advance 2/2; pain 0/1 (weight 10 of 50)
    assert card.total == 80


def test_without_the_playbook_only_record_criteria_are_scored() -> None:
    record = good_record()
    card = score(record, None)
    scored = {c.id for c in card.criteria if c.scored}
    assert scored == {
        "powns",
        "pain_agreed",
        "hot_button",
        "next_step_date",
        "next_step_commitment",
    }
    assert card.total == 100
    assert card.notes


# -- weights and extra criteria ------------------------------------------------------------------
def test_weights_reweigh_and_zero_drops_a_criterion() -> None:
    record = good_record(star=None)  # everything but the hot button
    assert score(record, DISCOVERY).total == 90
    assert score(record, DISCOVERY, weights={"hot_button": 90}).total == 50
    dropped = score(record, DISCOVERY, weights={"hot_button": 0})
    assert "hot_button" not in {c.id for c in dropped.criteria}
    assert dropped.total == 100


def test_extra_criteria_cannot_reuse_an_id() -> None:
    mine = ExtraCriterion("time", "Mine", "impact", Condition("answered"), 5)
    with pytest.raises(ValueError, match="extra criteria need their own ids: time"):
        score(good_record(), DISCOVERY, extra=[mine])
    twice = ExtraCriterion("budget", "Budget", "budget_process", Condition("answered"), 5)
    with pytest.raises(ValueError, match="own ids: budget"):
        score(good_record(), DISCOVERY, extra=[twice, twice])


def test_unknown_or_negative_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown scoring criteria: bogus"):
        score(good_record(), DISCOVERY, weights={"bogus": 1})
    with pytest.raises(ValueError, match="negative"):
        score(good_record(), DISCOVERY, weights={"time": -1})


def test_extra_criteria_check_one_answer() -> None:
    budget = ExtraCriterion(
        "budget_asked", "Budget asked", "budget_process", Condition("answered"), 100, "ask it"
    )
    good = score(good_record(), DISCOVERY, extra=[budget])
    assert points(good, "budget_asked") == 1
    assert good.total == 100
    poor = score(good_record(drop=("budget_process",)), DISCOVERY, extra=[budget])
    result = poor.criterion("budget_asked")
    assert (result.points, result.tip) == (0, "ask it")
    assert "not answered" in result.reason
    assert poor.total == 50  # the extra weighs as much as the ten defaults together
    soon = ExtraCriterion("soon", "Soon", "start_when", Condition("equals", ("this month",)), 10)
    assert points(score(good_record(), DISCOVERY, extra=[soon]), "soon") == 1
    assert score(good_record(), DISCOVERY, weights={"soon": 0}, extra=[soon]).total == 100


# -- determinism, stored records and odd records ------------------------------------------------
def test_score_is_deterministic_and_survives_a_json_round_trip() -> None:
    record = good_record(answers={"start_when": "later this year"})
    first = score(record, DISCOVERY)
    again = score(copy.deepcopy(record), DISCOVERY)
    stored = score(decode_record(json.loads(json.dumps(encode_record(record)))), DISCOVERY)
    assert first == again == stored
    assert first.to_dict() == stored.to_dict()


def test_live_record_from_the_store_is_scored(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    record = good_record(mode="live")
    store.save(record)
    card = score(store.load(record.id), DISCOVERY)
    assert card.mode == "live"
    assert card.record_id == record.id
    assert card.total == 100


def test_in_progress_record_uses_its_latest_moment_as_the_end() -> None:
    record = good_record(complete=False)
    assert record.ended is None
    assert call_end(record) < datetime.fromisoformat(record.next_step.due)
    assert points(score(record, DISCOVERY), "next_step_date") == 2


def test_odd_timestamps_are_stopped_where_the_record_enters() -> None:
    """A hand edit that loses an offset or breaks a time never reaches scoring: the decoder
    names it (the store then skips the call and says why)."""
    data = encode_record(good_record())
    data["started"] = "2026-03-02T10:00:00"
    data["answers"]["impact"]["at"] = "not a time"
    with pytest.raises(RecordDecodeError) as refused:
        decode_record(data)
    assert "started: expected a date and time with a UTC offset" in str(refused.value)
    assert "answers.impact.at" in str(refused.value)


def test_records_in_other_timezones_compare_by_instant() -> None:
    record = good_record()
    before = score(record, DISCOVERY)
    shifted = timezone(timedelta(hours=-5))
    for entry in record.answers.values():
        entry.at = datetime.fromisoformat(entry.at).astimezone(shifted).isoformat()
    assert score(record, DISCOVERY) == before


# -- the pitch signal -------------------------------------------------------------------------
def test_pitch_before_discovery_is_detected_from_notes_and_answers() -> None:
    pitched = drive(DISCOVERY, {"problems": ["slow"]}, notes=["Told them our product does it all"])
    assert pitched_before_discovery(pitched)
    typed = drive(DISCOVERY, {"their_goal": "We offer a great platform", "problems": ["slow"]})
    assert pitched_before_discovery(typed)
    after = drive(DISCOVERY, {"problems": ["slow"], "impact": "I said our product fixes it"})
    assert not pitched_before_discovery(after)
    clean = drive(DISCOVERY, {"their_goal": "understand the problem"})
    assert not pitched_before_discovery(clean)


# -- properties -------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sets(st.sampled_from(sorted(GOOD_ANSWERS))),
    st.booleans(),
    st.sampled_from(["this month", "later this year", "no timeline"]),
)
def test_any_record_scores_within_bounds(keep: set[str], starred: bool, when: str) -> None:
    answers = {k: v for k, v in GOOD_ANSWERS.items() if k in keep}
    if "start_when" in answers:
        answers["start_when"] = when
    star = ("problems", 0) if starred and "problems" in answers else None
    record = drive(DISCOVERY, answers, star=star)
    card = score(record, DISCOVERY)
    assert 0 <= card.total <= 100
    assert all(0 <= c.points <= c.max for c in card.criteria)
    assert card == score(record, DISCOVERY)
    json.dumps(card.to_dict())


def test_answers_a_branch_took_off_the_path_do_not_score(tmp_path):
    from callmate.core.playbook_loader import load_playbook
    from callmate.core.session import CallSession
    from tests.conftest import SMALL_PLAYBOOK, START

    text = SMALL_PLAYBOOK.replace(
        '        branch:\n          - when: "no"\n            show: [how_long]\n',
        '        branch:\n          - when: "no"\n            show: [how_long]\n'
        '          - when: "yes"\n            skip: [problems]\n',
    )
    path = tmp_path / "small.yaml"
    path.write_text(text)
    playbook = load_playbook(path)
    session = CallSession.start(playbook, "Pat", "", START)
    session.answer("n", START)
    session.answer("ten minutes", START)
    session.add_item("slow invoices", START)
    session.add_item("front desk swamped", START)
    on_path = score(session.record, playbook).criterion("powns")
    session.jump("agenda", START)
    session.answer("y", START)  # now 'problems' is skipped: its items are off the path
    off_path = score(session.record, playbook).criterion("powns")
    assert on_path.points > 0
    assert off_path.points == 0


# -- practice: the persona's replies are the truth ------------------------------------------------
def said(record: CallRecord, question_id: str, text: str) -> None:
    fields: dict[str, Scalar] = {"question": question_id, "text": text}
    record.events.append(Event("prospect_said", record.started, fields))


def practice_record() -> CallRecord:
    record = good_record(mode="practice", persona="busy-sceptic")
    assert all(event.type != "prospect_said" for event in record.events)
    return record


def test_a_yes_typed_over_the_personas_maybe_is_scored_as_the_maybe() -> None:
    record = practice_record()
    said(record, "worth_fixing", "Maybe. I'd need to see numbers first.")
    card = score(record, DISCOVERY)
    assert card.criterion("pain_agreed").points == 0
    assert any("'Big enough to fix'" in n and "Maybe" in n for n in card.notes)


def test_pown_items_the_persona_never_said_earn_nothing_and_missed_ones_are_named() -> None:
    record = drive(
        DISCOVERY,
        {"problems": ["a", "invented trouble with parking", "late deliveries annoy customers"]},
        star=("problems", 1),
        mode="practice",
        persona="busy-sceptic",
    )
    said(record, "problems", "Late deliveries, same as everyone's.")
    said(record, "problems", "And the drivers sit at depots for hours waiting for paperwork.")
    card = score(record, DISCOVERY)
    assert card.criterion("powns").reason.startswith("1 POWN item")
    assert card.criterion("hot_button").points == 0  # the starred item was never said
    note = next(n for n in card.notes if n.startswith("'Problems'"))
    assert "says nothing, no credit: a /" in note  # typed filler, said apart from...
    assert "not from them, no credit: invented trouble" in note  # ...what the persona never said
    # named as the persona file words its item, never as a fragment of the reply
    assert note.endswith("you missed: drivers wait hours at depots for paperwork")


def test_junk_never_earns_credit_even_on_a_live_call() -> None:
    record = drive(DISCOVERY, {"problems": ["a", "b", "c"]}, star=("problems", 0))
    card = score(record, DISCOVERY)
    assert card.criterion("powns").points == 0
    assert card.criterion("hot_button").points == 0


def test_their_part_x_earns_nothing() -> None:
    record = drive(
        DISCOVERY,
        {},
        step=NextStepDraft("tomorrow 10am", "call with the owner to go through a proposal", "x"),
    )
    assert score(record, DISCOVERY).criterion("next_step_commitment").points == 0


def test_time_is_left_out_in_practice_and_the_weight_shared() -> None:
    card = score(good_record(mode="practice", persona="busy-sceptic"), DISCOVERY)
    assert not card.criterion("time").scored
    assert card.total == 100


def test_a_dated_continuation_earns_no_date_points() -> None:
    record = good_record()
    record.next_step = dataclasses.replace(record.next_step, kind="continuation")
    assert score(record, DISCOVERY).criterion("next_step_date").points == 0


@pytest.mark.parametrize(
    ("problems", "concerns", "their_part"),
    [
        (
            ["задержки поставок каждую неделю", "клиенты уходят к конкурентам"],
            ["цена"],
            "пришлёт свои данные по задержкам",
        ),
        (["月末の締めに九日かかる", "請求書が遅い"], ["価格"], "締めの数字を送る"),
        (["التسليم يتأخر كل أسبوع", "العملاء يغادرون"], ["السعر"], "سيرسل أرقام التأخير"),
    ],
    ids=["russian", "japanese", "arabic"],
)
def test_answers_in_any_script_earn_credit(
    problems: list[str], concerns: list[str], their_part: str
) -> None:
    """A call held in Russian, Japanese or Arabic is scored like one in English: its words are
    words, not 'says nothing'."""
    record = good_record(
        answers={"problems": problems, "concerns": concerns, "their_part": their_part},
        step=replace(GOOD_STEP, their_commitment=their_part),
    )
    card = score(record, DISCOVERY)
    assert points(card, "powns") >= 1, card.criterion("powns").reason
    assert card.criterion("objections").points == card.criterion("objections").max
    assert points(card, "commitment") == card.criterion("commitment").max, card.to_dict()
    assert not any("says nothing" in note for note in card.notes), card.notes


def test_a_process_answer_that_says_nothing_is_known_is_not_known() -> None:
    """'not sure' at how they buy: the slot shows it unknown, and the card agreed it was known."""
    record = good_record(answers={"buying_process": "not sure", "budget_process": "TBD"})
    result = score(record, DISCOVERY).criterion("decision_maker")
    assert result.points == 1
    assert "not known: how they buy" in result.reason

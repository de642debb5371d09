"""The call session: walking the playbook, branching, notes, hot buttons and the next-step gate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from callmate.core.answers import AnswerError
from callmate.core.call_record import prospect_key
from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession, GateClosed
from tests.conftest import START


def start(playbook, **kwargs) -> CallSession:
    return CallSession.start(playbook, "Pat Quill", "Hollow Pines Dental", START, **kwargs)


def ids(session: CallSession) -> list[str]:
    return [q.id for q in session.path()]


def good_step(when: str = "tomorrow 10am") -> NextStepDraft:
    return NextStepDraft(when, "Review the proposal together", "Bring last month's invoices")


def test_starts_on_first_question_with_hidden_ones_left_out(small_playbook):
    session = start(small_playbook)
    assert session.current().id == "time_ok"
    assert "how_long" not in ids(session)
    assert session.record.status == "in_progress"
    assert session.record.playbook.name == "small"
    assert len(session.record.playbook.sha256) == 64


def test_answer_moves_on_and_is_typed(small_playbook):
    session = start(small_playbook)
    session.answer("y", START)
    assert session.value("time_ok") is True
    assert session.current().id == "problems"


def test_no_shows_hidden_question(small_playbook):
    session = start(small_playbook)
    session.answer("no", START)
    assert session.current().id == "how_long"
    session.answer("ten minutes", START)
    assert session.current().id == "problems"


def test_bad_answer_is_refused_and_nothing_recorded(small_playbook):
    session = start(small_playbook)
    with pytest.raises(AnswerError, match="y or n"):
        session.answer("maybe", START)
    assert session.value("time_ok") is None
    assert session.current().id == "time_ok"


def test_powns_items_take_tags_and_empty_enter_moves_on(small_playbook):
    session = start(small_playbook)
    session.answer("y", START)
    session.add_item("Invoices take three days", START)
    session.add_item("w: a dashboard for the front desk", START)
    assert session.current().id == "problems"
    session.finish_items(START)
    assert session.current().id == "big_enough"
    items = session.value("problems")
    assert [i.tag for i in items] == ["problem", "want"]
    assert items[1].text == "a dashboard for the front desk"


def test_template_reuses_answer_and_shows_placeholder_when_missing(small_playbook):
    session = start(small_playbook)
    question = small_playbook.question("big_enough")
    # The gap is named in the rep's words (the question's prompt, cut short), not by its id.
    assert session.prompt(question) == (
        "Is ‹What is getting in the way: not captured yet› big enough to fix?"
    )
    session.answer("y", START)
    session.add_item("Invoices take three days", START)
    assert session.prompt(question) == "Is invoices take three days big enough to fix?"


def test_starred_item_is_the_hot_button_in_templates(small_playbook):
    session = start(small_playbook)
    session.answer("y", START)
    session.add_item("slow invoices", START)
    session.add_item("staff turnover", START)
    assert session.toggle_hot("problems", 1, START) is True
    assert session.hot_buttons() == ["staff turnover"]
    assert session.template_values()["problems"] == "staff turnover"
    assert session.template_values()["hot_button"] == "staff turnover"


def walk_to_commitment(session: CallSession) -> None:
    session.answer("y", START)
    session.add_item("slow invoices", START)
    session.finish_items(START)
    session.answer("yes", START)


def test_no_big_enough_goes_back_to_discovery_with_coaching(small_playbook):
    session = start(small_playbook)
    session.answer("y", START)
    session.add_item("slow invoices", START)
    session.finish_items(START)
    moved = session.answer("no", START)
    assert moved.went_back_to == "discovery"
    assert moved.says == ("Dig into the cost of slow invoices before moving on.",)
    assert session.current().id == "problems"
    assert any(e.type == "goto" for e in session.record.events)


def test_weak_commitment_goes_back_to_powns(small_playbook):
    session = start(small_playbook)
    walk_to_commitment(session)
    assert session.current().id == "start_when"
    moved = session.answer("3", START)  # choice by number: "no timeline"
    assert session.value("start_when") == "no timeline"
    assert moved.went_back_to == "discovery"
    assert session.current().id == "problems"


def test_strong_commitment_moves_on_and_scale_skips_later_question(small_playbook):
    session = start(small_playbook)
    walk_to_commitment(session)
    session.answer("this month", START)
    assert session.current().id == "urgency"
    session.answer("2", START)
    assert "budget" not in ids(session)
    assert session.current().id == "deciders"
    session.add_item("the practice owner", START)
    session.finish_items(START)
    assert session.current().id == "is_dm"
    session.answer("y", START)
    assert session.current() is None


def test_skip_back_and_jump(small_playbook):
    session = start(small_playbook)
    session.skip(START)
    assert session.current().id == "problems"
    assert "time_ok" in session.record.skipped
    session.back(START)
    assert session.current().id == "time_ok"
    session.jump("decision", START)
    assert session.current().id == "deciders"


def test_notes_keep_text_exactly(small_playbook):
    session = start(small_playbook)
    hostile = "[bold]not bold[/bold] {x.__class__} [@click=app.quit]x[/]"
    session.add_note(hostile, START)
    assert session.record.notes[0].text == hostile
    assert session.record.notes[0].question == "time_ok"


def test_answer_text_with_braces_is_never_a_template(small_playbook):
    session = start(small_playbook)
    session.answer("y", START)
    session.add_item("{prospect} and {{x}}", START)
    question = small_playbook.question("big_enough")
    assert session.prompt(question) == "Is {prospect} and {{x}} big enough to fix?"


def test_gate_refuses_without_next_step(small_playbook):
    session = start(small_playbook)
    assert session.blockers(START) == [
        "no next step yet: agree a date and time, what happens then, and what Pat Quill will do"
    ]
    with pytest.raises(GateClosed) as caught:
        session.complete(START)
    assert "next step" in caught.value.reasons[0]
    assert session.record.status == "in_progress"


def test_gate_rejects_past_unreadable_too_far_and_missing_commitment(small_playbook):
    session = start(small_playbook)
    errors = session.set_next_step(NextStepDraft("yesterday 3pm", "", "", "", ""), START)
    assert "in the past" in errors["when"]
    assert "what happens" in errors["what"]
    assert "prospect agree" in errors["their_commitment"]
    assert "more than 10 days" in session.set_next_step(good_step("in 3 weeks"), START)["when"]
    assert "e.g." in session.set_next_step(good_step("soonish"), START)["when"]
    assert session.record.next_step is None


def test_gate_accepts_later_today(small_playbook):
    session = start(small_playbook)
    assert session.set_next_step(good_step("today 4pm"), START) == {}
    session.complete(START)
    assert session.completed
    assert session.record.next_step.due == "2026-11-23T16:00+01:00"
    assert session.record.ended == START.isoformat()


def test_open_required_questions_do_not_hold_the_gate(small_playbook):
    session = start(small_playbook)
    assert any("twenty minutes" in session.prompt(q) for q in session.open_required())
    session.set_next_step(good_step(), START)
    session.complete(START)
    assert session.completed


def test_resumed_session_is_still_gated(small_playbook):
    session = start(small_playbook)
    session.answer("y", START)
    resumed = CallSession(small_playbook, session.record)
    assert resumed.current().id == "problems"
    with pytest.raises(GateClosed):
        resumed.complete(START + timedelta(hours=1))


def test_next_step_that_has_passed_blocks_again(small_playbook):
    session = start(small_playbook)
    assert session.set_next_step(good_step("today 11am"), START) == {}
    assert session.blockers(START) == []
    assert session.blockers(START + timedelta(hours=2)) == [
        "the agreed next step's time has already passed: agree a new one"
    ]


def test_completed_call_takes_no_more_answers(small_playbook):
    session = start(small_playbook)
    session.set_next_step(good_step(), START)
    session.complete(START)
    with pytest.raises(GateClosed):
        session.answer("y", START)


def test_prospect_key_ignores_case_and_spacing():
    assert prospect_key(" Pat  Quill", "Hollow Pines") == prospect_key(
        "pat quill", "HOLLOW  pines "
    )


def test_record_is_json_ready(small_playbook):
    import json

    from callmate.core.call_record import decode_record, encode_record

    session = start(small_playbook)
    walk_to_commitment(session)
    session.set_next_step(good_step(), START)
    session.complete(START)
    assert decode_record(json.loads(json.dumps(encode_record(session.record)))) == session.record


def test_odd_digits_are_refused_plainly_not_crashing(small_playbook):
    session = start(small_playbook)
    walk_to_commitment(session)
    for odd in ("²", "١", "1_0"):
        with pytest.raises(AnswerError, match="pick one"):
            session.answer(odd, START)
    session.jump("commitment", START)
    session.answer("this month", START)
    for odd in ("²", "1_0", "٣"):
        with pytest.raises(AnswerError, match="1 to 10"):
            session.answer(odd, START)


def test_control_characters_never_reach_the_record(small_playbook):
    session = CallSession.start(small_playbook, "Pat \x1b]0;owned\x07Quill", "Acme\x1b[2J", START)
    assert session.record.prospect == "Pat ]0;ownedQuill"
    assert session.record.company == "Acme[2J"
    session.add_note("line one\nline\x1b[31m two\ttab", START)
    assert session.record.notes[0].text == "line one\nline[31m two\ttab"


def test_empty_enter_on_a_list_counts_as_passed_for_answered_false(tmp_path):
    from callmate.core.playbook_loader import load_playbook
    from tests.conftest import SMALL_PLAYBOOK

    text = SMALL_PLAYBOOK.replace(
        "      - id: deciders\n        prompt: Who else decides?\n        capture: list\n",
        "      - id: deciders\n        prompt: Who else decides?\n        capture: list\n"
        "        branch:\n          - when: {answered: false}\n            skip: [budget]\n",
    )
    path = tmp_path / "small.yaml"
    path.write_text(text)
    session = start(load_playbook(path))
    session.jump("decision", START)
    session.finish_items(START)  # nobody else decides: an empty Enter
    assert "budget" not in ids(session)
    assert session.current().id == "is_dm"


def test_objective_is_filled_and_kept_as_shown(small_playbook):
    session = start(small_playbook)
    assert session.record.objective == "Agree a dated next step with Pat Quill."


def test_answers_taken_off_the_path_stop_speaking_in_templates(small_playbook):
    session = start(small_playbook)
    session.answer("n", START)
    session.answer("ten minutes", START)
    assert session.template_values()["how_long"] == "ten minutes"
    session.jump("agenda", START)
    session.answer("y", START)  # now there is time: how_long is off the path
    assert "how_long" not in session.template_values()


def test_resume_with_a_changed_playbook_moves_past_a_vanished_question(tmp_path, small_playbook):
    from callmate.core.playbook_loader import load_playbook
    from tests.conftest import SMALL_PLAYBOOK

    session = start(small_playbook)
    session.jump("decision", START)
    assert session.current().id == "deciders"
    session.raise_objection("boss", START)
    edited = tmp_path / "small.yaml"
    edited.write_text(
        SMALL_PLAYBOOK.replace("id: deciders", "id: others_involved")
        .replace("questions: [is_dm, deciders]", "questions: [is_dm]")
        .replace("  - id: boss\n", "  - id: manager\n")
    )
    resumed = CallSession.resume(load_playbook(edited), session.record, START + timedelta(hours=1))
    assert resumed.current().id == "others_involved"
    assert resumed.open_objections() == []
    assert resumed.blockers(START + timedelta(hours=1))  # still gated


def test_time_closed_between_kill_and_resume_is_not_talking_time(small_playbook):
    session = start(small_playbook)
    session.answer("y", START + timedelta(minutes=5))
    later = START + timedelta(days=1)
    resumed = CallSession.resume(small_playbook, session.record, later)
    assert resumed.elapsed_seconds(later + timedelta(minutes=2)) == 7 * 60
    spent = resumed.section_seconds(later + timedelta(minutes=2))
    assert spent == {"agenda": 300, "discovery": 120}


def test_a_gap_takes_the_trainers_label_and_reserved_names_read_as_words(tmp_path):
    from callmate.core.catalog import bundled_dir
    from callmate.core.playbook_loader import load_playbook

    discovery = load_playbook(bundled_dir() / "first-discovery.yaml")
    session = CallSession.start(discovery, "Robin Hale", "", START)
    impact = discovery.question("impact")
    assert session.prompt(impact).startswith(
        "Where do you notice ‹Problems: not captured yet› day to day"
    )
    assert "‹their company: not captured yet›" in session.say("What else has changed at {company}?")
    assert "cost_of_nothing" not in session.say("So {cost_of_nothing} is what waiting costs?")
    assert "‹Cost of doing nothing: not captured yet›" in session.say("So {cost_of_nothing}?")


def test_a_multi_line_answer_is_quoted_on_one_line(small_playbook):
    """A pasted two-line answer must not break the later sentence that quotes it."""
    session = start(small_playbook)
    session.answer("no", START)
    session.answer("ten minutes\nmaybe fifteen", START)
    assert session.value("how_long") == "ten minutes\nmaybe fifteen"  # kept as typed
    assert session.template_values()["how_long"] == "ten minutes maybe fifteen"
    assert session.say("You have {how_long}, then.") == "You have ten minutes maybe fifteen, then."


def test_resume_keeps_an_answer_its_question_can_no_longer_hold_as_a_note(tmp_path, small_playbook):
    """A trainer turned a list question into a yes/no while a call was unfinished: the items
    are kept, in words, as a note; the question is asked afresh, never shown as code or
    overwritten unseen."""
    from callmate.core.playbook_loader import load_playbook
    from tests.conftest import SMALL_PLAYBOOK

    session = start(small_playbook)
    session.jump("decision", START)
    session.add_item("Maria (CFO)", START)
    session.add_item("Jonas, IT", START)
    session.finish_items(START)
    edited = tmp_path / "small.yaml"
    edited.write_text(
        SMALL_PLAYBOOK.replace(
            "prompt: Who else decides?\n        capture: list",
            "prompt: Does anyone else decide?\n        capture: yes_no\n"
            "        label: Others decide",
        )
    )
    later = START + timedelta(hours=1)
    resumed = CallSession.resume(load_playbook(edited), session.record, later)
    assert resumed.set_aside == ["Others decide"]
    assert "deciders" not in resumed.record.answers
    note = resumed.record.notes[-1]
    assert (
        note.text == "Others decide (answered before the playbook changed): Maria (CFO); Jonas, IT"
    )
    assert note.question == "deciders"
    assert not resumed.is_answered("deciders")
    resumed.jump("decision", later)
    assert resumed.current().id == "deciders"
    assert resumed.field_text(resumed.current()) == ""  # nothing of the old list in the field

"""Live guidance in the core: each built-in cue on the answers that should trigger it, and not
otherwise; trainer cue rules; objection card search; section time boxes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from callmate.core.cards import search_cards
from callmate.core.cues import active_cues
from callmate.core.judgement import Judged, Verdict
from callmate.core.playbook_loader import check_playbook, load_playbook
from callmate.core.session import CallSession
from tests.conftest import SMALL_PLAYBOOK, START


def start(playbook) -> CallSession:
    return CallSession.start(playbook, "Pat Quill", "Hollow Pines Dental", START)


def cue_ids(session: CallSession, at=START) -> list[str]:
    return [c.id for c in active_cues(session, at)]


def test_quiet_at_the_start(small_playbook):
    assert cue_ids(start(small_playbook)) == []


def test_commitment_without_agreed_pain(small_playbook):
    session = start(small_playbook)
    session.jump("commitment", START)
    assert "no_agreed_pain" in cue_ids(session)
    session.jump("discovery", START)
    session.add_item("slow invoices", START)
    session.finish_items(START)
    session.answer("yes", START)  # big enough: pain agreed
    assert session.current().id == "start_when"
    assert "no_agreed_pain" not in cue_ids(session)


def test_weak_commitment_only_for_weak_answers(small_playbook):
    session = start(small_playbook)
    session.jump("commitment", START)
    session.answer("this month", START)
    assert "weak_commitment" not in cue_ids(session)
    session.jump("commitment", START)
    session.answer("no timeline", START)
    assert "weak_commitment" in cue_ids(session)


def test_not_the_decision_maker(small_playbook):
    session = start(small_playbook)
    session.jump("decision", START)
    session.record.cursor = "is_dm"
    session.answer("y", START)
    assert "not_decision_maker" not in cue_ids(session)
    session.back(START)
    session.answer("n", START)
    assert "not_decision_maker" in cue_ids(session)


def test_asked_for_information_from_a_note_or_a_card(small_playbook):
    session = start(small_playbook)
    session.add_note("Liked the idea", START)
    assert "asked_for_info" not in cue_ids(session)
    session.add_note("Can you send me something about pricing?", START)
    assert "asked_for_info" in cue_ids(session)
    other = start(small_playbook)
    other.raise_objection("send_info", START)
    assert "asked_for_info" in cue_ids(other)


def test_time_box_nearly_used(small_playbook):
    session = start(small_playbook)  # 20-minute time box: warning 3 minutes before the end
    assert "time_nearly_up" not in cue_ids(session, START + timedelta(minutes=16))
    assert "time_nearly_up" in cue_ids(session, START + timedelta(minutes=17))


def test_playbook_can_turn_cues_off_and_add_its_own(tmp_path: Path):
    text = SMALL_PLAYBOOK.replace(
        "qualification:",
        "cues:\n  mute: [time_nearly_up]\n  rules:\n    - id: no_budget\n      question: budget\n"
        "      when: {answered: false}\n      say: Find out who owns the budget for {problems}.\n"
        "qualification:",
    )
    path = tmp_path / "p.yaml"
    path.write_text(text)
    playbook = load_playbook(path)
    session = start(playbook)
    assert "time_nearly_up" not in cue_ids(session, START + timedelta(minutes=19))
    session.jump("decision", START)
    session.record.cursor = "budget"
    session.skip(START)
    cues = active_cues(session, START)
    assert [c.text for c in cues if c.id == "no_budget"] == [
        "Find out who owns the budget for ‹What is getting in the way: not captured yet›."
    ]


def test_unknown_cue_and_card_template_are_located_errors(tmp_path: Path):
    text = SMALL_PLAYBOOK.replace(
        "qualification:", "cues:\n  mute: [time_nearly_upp]\nqualification:"
    ).replace("Compared with what {problems}", "Compared with what {problms}")
    path = tmp_path / "p.yaml"
    path.write_text(text)
    playbook, problems = check_playbook(path)
    assert playbook is None
    messages = [str(p) for p in problems]
    assert any("did you mean 'time_nearly_up'" in m for m in messages)
    assert any("{problms}" in m and "did you mean 'problems'" in m for m in messages)


def test_cues_shown_are_recorded_once(small_playbook):
    session = start(small_playbook)
    session.jump("commitment", START)
    assert session.note_cues(cue_ids(session), START) is True
    assert session.note_cues(cue_ids(session), START) is False
    assert session.record.cues_shown == ["no_agreed_pain"]
    assert [e.fields["cue"] for e in session.record.events if e.type == "cue"] == ["no_agreed_pain"]


def test_card_search_is_forgiving(small_playbook):
    cards = small_playbook.cards

    def first(query: str) -> str:
        return search_cards(cards, query)[0].id

    assert first("send me") == "send_info"
    assert first("boss") == "boss"
    assert first("expens") == "price"
    assert first("budget") == "price"
    assert first("decision not my") == "boss"
    assert first("snd inf") == "send_info"
    assert [c.id for c in search_cards(cards, "")] == ["send_info", "boss", "price"]
    assert search_cards(cards, "zzzz") == []


def test_objections_raised_and_resolved_are_recorded(small_playbook):
    session = start(small_playbook)
    session.raise_objection("boss", START)
    assert [o.card for o in session.open_objections()] == ["boss"]
    session.resolve_objection("boss", START + timedelta(minutes=1))
    assert session.open_objections() == []
    (objection,) = session.record.objections
    assert objection.resolved_at == (START + timedelta(minutes=1)).isoformat()


def test_section_time_is_counted_per_visit(small_playbook):
    session = start(small_playbook)
    session.answer("y", START + timedelta(minutes=2))
    session.add_item("slow invoices", START + timedelta(minutes=5))
    spent = session.section_seconds(START + timedelta(minutes=7))
    assert spent == {"agenda": 120, "discovery": 300}


def test_qualification_slots_fill(small_playbook):
    session = start(small_playbook)
    unknown = Judged(Verdict.UNKNOWN, "not asked yet")
    assert session.slots() == [("Pain agreed", unknown), ("Decision maker", unknown)]
    session.jump("decision", START)
    session.add_item("the owner", START)
    assert session.slots() == [
        ("Pain agreed", unknown),
        ("Decision maker", Judged(Verdict.MET, "1 captured")),
    ]


def test_card_title_speaks_like_the_rest_and_is_recorded_as_shown(tmp_path: Path):
    path = tmp_path / "p.yaml"
    boss = "title: I need to run it by my boss"
    path.write_text(SMALL_PLAYBOOK.replace(boss, "title: '{company} asks the boss'"))
    session = start(load_playbook(path))
    session.raise_objection("boss", START)
    assert session.open_objections()[0].title == "Hollow Pines Dental asks the boss"


def test_card_title_and_phrases_may_only_name_known_answers(tmp_path: Path):
    path = tmp_path / "p.yaml"
    text = SMALL_PLAYBOOK.replace("title: It's too expensive", "title: '{pricee} is too high'")
    path.write_text(text.replace("says: [talk to my boss,", "says: ['{bos}',"))
    playbook, problems = check_playbook(path)
    assert playbook is None
    messages = [str(p) for p in problems]
    assert any("{pricee}" in m and "names no question" in m for m in messages)
    assert any("{bos}" in m and "names no question" in m for m in messages)

"""Resuming an unfinished call whatever became of its playbook file since (edited, broken, removed)
and whatever a record says about files: real YAML in a real data folder, a real store."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from callmate.core.call_record import decode_record, encode_record
from callmate.core.next_step import NextStepDraft
from callmate.playbook_cache import check_cached
from callmate.store import Store
from callmate.usecases.calls import OpenedCall, resume_call, start_call
from callmate.usecases.playbooks import find_playbook, locate_playbook
from tests.conftest import SMALL_PLAYBOOK, START

LATER = START + timedelta(hours=2)
EDIT_ME = SMALL_PLAYBOOK.replace("name: small", "name: edit-me")


def playbook_file(data_dir: Path, text: str = EDIT_ME, name: str = "edit-me.yaml") -> Path:
    folder = data_dir / "playbooks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def unfinished_call(data_dir: Path, path: Path) -> tuple[Store, str]:
    """`callmate call --playbook edit-me`, one answer and half a second one typed, then killed."""
    store = Store(data_dir)
    playbook, _ = check_cached(path, data_dir)
    assert playbook is not None
    session = start_call(store, playbook, "Pat Quill", "Hollow Pines", START).session
    session.answer("y", START)  # time_ok
    session.add_item("p: month-end close takes nine days", START)
    session.finish_items(START)
    session.keep_typing("half typ")  # at big_enough, not entered
    store.save(session.record)
    return store, session.id


def resume(store: Store, session_id: str) -> OpenedCall:
    return resume_call(store, session_id, LATER, lambda p: check_cached(p, store.root))


def test_a_broken_playbook_resumes_on_the_edition_the_call_started_with(data_dir):
    path = playbook_file(data_dir)
    store, call_id = unfinished_call(data_dir, path)
    started_sha = store.load(call_id).playbook.sha256
    path.write_text(EDIT_ME.replace("capture: yes_no", "capture: yesno", 1), encoding="utf-8")

    opened = resume(store, call_id)

    session = opened.session
    assert session.playbook.sha256 == started_sha
    assert session.is_answered("time_ok") and session.is_answered("problems")
    assert session.current().id == "big_enough"
    assert session.take_typing() == "half typ"  # given back at the question it was typed at
    said = "\n".join(opened.notices)
    assert "edit-me.yaml has errors now" in said
    line = EDIT_ME.splitlines().index("        capture: yes_no") + 1
    assert f"edit-me.yaml:{line}:" in said  # the first error, located for an editor
    assert f"(in {path.parent})" in said
    assert "edition it started with" in said


def test_a_removed_playbook_resumes_on_the_edition_the_call_started_with(data_dir):
    path = playbook_file(data_dir)
    store, call_id = unfinished_call(data_dir, path)
    path.rename(data_dir / "moved-away.txt")

    opened = resume(store, call_id)

    assert opened.session.playbook.title == "Small test call"
    assert opened.session.current().id == "big_enough"
    said = "\n".join(opened.notices)
    assert (
        "No playbook named 'edit-me'" in said
        and "(gone)" in said
        and "edition it started with" in said
    )


def test_with_no_edition_left_the_call_still_opens_keeps_everything_and_ends(data_dir):
    path = playbook_file(data_dir)
    store, call_id = unfinished_call(data_dir, path)
    path.unlink()
    for kept in (data_dir / "cache").rglob("*.yaml"):  # no copy of any edition
        kept.unlink()

    opened = resume(store, call_id)

    session = opened.session
    assert session.current() is None  # no questions: the screen shows the gate's way out
    assert session.value("time_ok") is True
    assert session.take_typing() == ""  # no question to type it at: kept as a note
    assert any("half typ" in note.text for note in session.record.notes)
    assert "no copy of the edition" in opened.notices[0]
    assert "ctrl+e" in opened.notices[0]
    session.add_note("they asked for pricing", LATER)
    step = NextStepDraft("tomorrow 3pm", "Review the proposal together", "Bring the invoices")
    assert session.set_next_step(step, LATER) == {}
    session.complete(LATER)
    store.save(session.record)
    saved = store.load(call_id)
    assert saved.status == "completed"
    assert saved.answers["problems"].value[0].text == "month-end close takes nine days"
    assert saved.playbook.name == "edit-me"  # the record still names its own playbook


def test_each_checked_edition_is_kept_once_by_its_sha(data_dir):
    from callmate.playbook_cache import kept_edition

    path = playbook_file(data_dir)
    first, _ = check_cached(path, data_dir)
    path.write_text(EDIT_ME.replace("Small test call", "Edited call"), encoding="utf-8")
    second, _ = check_cached(path, data_dir)
    assert first is not None and second is not None
    for edition in (first, second):
        kept = kept_edition(data_dir, edition.sha256)
        assert kept is not None and kept.name == "edit-me.yaml"
    assert kept_edition(data_dir, "../../etc") is None  # a sha from a record is never a path


def test_a_kept_copy_that_was_changed_is_not_that_edition(data_dir):
    from callmate.playbook_cache import kept_edition

    path = playbook_file(data_dir)
    playbook, _ = check_cached(path, data_dir)
    kept = kept_edition(data_dir, playbook.sha256)
    kept.write_text(EDIT_ME.replace("Small test call", "Tampered"), encoding="utf-8")
    assert kept_edition(data_dir, playbook.sha256) is None


# -- what a record says about files is not trusted ------------------------------------------


def imported(store: Store, call_id: str, **playbook: str) -> str:
    """The call as an import would bring it, with its playbook reference changed."""
    raw = encode_record(store.load(call_id))
    raw["playbook"].update(playbook)
    raw["id"] = call_id + "-x"
    store.save(decode_record(raw))
    return raw["id"]


def test_a_stored_path_to_another_file_is_never_read_as_the_playbook(data_dir, tmp_path):
    path = playbook_file(data_dir)
    store, call_id = unfinished_call(data_dir, path)
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret:19000:0:99999:7:::\n", encoding="utf-8")
    other = imported(store, call_id, path=str(secret))

    found = locate_playbook(store.load(other), folder=data_dir)
    assert found.playbook is not None and found.path == path  # by name, in the catalog
    assert not found.problem
    opened = resume(store, other)
    assert not any("shadow" in n or "errors" in n for n in opened.notices)


def test_a_stored_path_is_used_only_while_its_bytes_are_the_calls_edition(data_dir, tmp_path):
    path = playbook_file(data_dir)
    store, call_id = unfinished_call(data_dir, path)
    planted = tmp_path / "planted.yaml"  # a valid playbook, but not the call's edition
    planted.write_text(EDIT_ME.replace("Small test call", "Planted words"), encoding="utf-8")
    other = imported(store, call_id, path=str(planted))

    assert find_playbook(store.load(other)).title == "Small test call"
    planted.write_text(EDIT_ME, encoding="utf-8")  # now exactly the edition: fine to use
    found = locate_playbook(store.load(other), folder=data_dir)
    assert found.path == planted and not found.changed


def test_a_stored_name_is_a_name_never_a_path(data_dir, tmp_path, monkeypatch):
    path = playbook_file(data_dir)
    store, call_id = unfinished_call(data_dir, path)
    (tmp_path / "rv-evil.yaml").write_text(
        EDIT_ME.replace("name: edit-me", "name: rv-evil").replace("Small test call", "Evil"),
        encoding="utf-8",
    )
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for name in ("../rv-evil.yaml", "../rv-evil", str(tmp_path / "rv-evil")):
        other = imported(store, call_id, name=name, path="", sha256="")
        assert find_playbook(store.load(other)) is None, name


# -- renamed and removed questions, kinds that changed ---------------------------------------

BEFORE = """\
format: 1
name: edit-me
title: Edit me
objective: Agree a next step with {prospect}.
sections:
  - id: commitment
    title: Commitment
    kind: commitment
    questions:
      - id: start_when
        prompt: How soon would you start?
        capture: choice
        choices: [this month, later]
      - id: urgency
        prompt: How urgent is it, 1 to 10?
        capture: scale
      - id: time_check
        prompt: Do we have ten minutes?
        capture: yes_no
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: goal
        prompt: What are you trying to achieve this year?
      - id: tools
        prompt: Which tools do you use?
        label: Tools today
        capture: list
      - id: problems
        prompt: What is getting in the way?
        capture: powns
      - id: worth_fixing
        prompt: Is that worth fixing now?
        label: Worth fixing
        capture: yes_no
"""

AFTER = (
    BEFORE.replace("id: tools", "id: current_tools")
    .replace("id: worth_fixing", "id: big_enough")
    .replace("      - id: goal\n        prompt: What are you trying to achieve this year?\n", "")
    .replace("capture: choice\n        choices: [this month, later]", "capture: yes_no")
    .replace(
        "prompt: How urgent is it, 1 to 10?\n        capture: scale",
        "prompt: Urgent?\n        capture: list",
    )
    .replace("prompt: Do we have ten minutes?\n        capture: yes_no", "prompt: Ten minutes?")
)


def walked_to_worth_fixing(data_dir: Path) -> tuple[Store, str, Path]:
    path = playbook_file(data_dir, BEFORE)
    store = Store(data_dir)
    playbook, problems = check_cached(path, data_dir)
    assert playbook is not None, problems
    session = start_call(store, playbook, "Pat Quill", "", START).session
    for typed in ("this month", "7", "y", "grow the practice"):
        session.answer(typed, START)
    session.add_item("Excel", START)
    session.finish_items(START)
    session.add_item("w: a dashboard", START)
    session.finish_items(START)
    assert session.current().id == "worth_fixing"
    session.keep_typing("half typ")
    store.save(session.record)
    return store, session.id, path


def test_typing_at_a_question_that_is_gone_becomes_a_note_not_another_answer(data_dir):
    store, call_id, path = walked_to_worth_fixing(data_dir)
    path.write_text(AFTER, encoding="utf-8")

    opened = resume(store, call_id)

    session = opened.session
    assert session.current().id == "current_tools"
    assert session.take_typing() == ""  # nothing lands in "Which tools do you use?"
    assert session.field_text(session.current()) == ""
    notes = [n.text for n in session.record.notes]
    assert any("Worth fixing" in n and "half typ" in n for n in notes), notes
    said = "\n".join(opened.notices)
    assert "Tools today" in said and "Worth fixing" in said and "What are you trying" in said
    assert "typing" in said or "typed" in said


def test_answered_questions_that_are_gone_are_named_by_their_label(data_dir):
    store, call_id, path = walked_to_worth_fixing(data_dir)
    path.write_text(AFTER, encoding="utf-8")

    session = resume(store, call_id).session

    assert "Tools today" in session.gone
    assert session.answer_label("tools") == "Tools today"
    assert session.record.answers["tools"].value == ["Excel"]  # still what was said


def test_kinds_that_only_widen_keep_their_answers_converted(data_dir):
    store, call_id, path = walked_to_worth_fixing(data_dir)
    widened = (
        BEFORE.replace("prompt: Do we have ten minutes?\n        capture: yes_no", "prompt: Ten?")
        .replace(
            "label: Tools today\n        capture: list",
            "label: Tools today\n        capture: powns",
        )
        .replace(
            "prompt: What is getting in the way?\n        capture: powns",
            "prompt: Way?\n        capture: list",
        )
    )
    path.write_text(widened, encoding="utf-8")

    opened = resume(store, call_id)

    session = opened.session
    assert session.value("time_check") == "yes"
    assert [i.text for i in session.value("tools")] == ["Excel"]
    assert session.value("problems") == ["a dashboard"]
    assert session.set_aside == []


def test_narrowed_kinds_are_kept_as_notes_and_said_as_changed(data_dir):
    store, call_id, path = walked_to_worth_fixing(data_dir)
    path.write_text(AFTER, encoding="utf-8")

    opened = resume(store, call_id)

    assert sorted(opened.session.set_aside) == ["How soon would you start", "Urgent"]
    assert any("no longer fit their question in this edition" in n for n in opened.notices)


# -- an answer that never fitted its question -----------------------------------------------


def test_an_imported_answer_that_does_not_fit_reads_the_same_in_show_and_on_resume(data_dir):
    from callmate.export.call_view import call_view, plain_text
    from callmate.export.summary import build_summary

    store, call_id, _path = walked_to_worth_fixing(data_dir)
    raw = encode_record(store.load(call_id))
    raw["answers"]["time_check"]["value"] = 7
    raw["answers"]["tools"]["value"] = False
    store.save(decode_record(raw))
    record = store.load(call_id)

    shown = plain_text(call_view(build_summary(record, find_playbook(record))))
    assert "→ 7 (does not fit a yes/no question)" in shown
    assert "→ false (does not fit a list question)" in shown
    assert "→ yes" not in shown

    opened = resume(store, call_id)
    notes = [n.text for n in opened.session.record.notes]
    assert "Do we have ten minutes: 7 (does not fit a yes/no question)" in notes
    assert "Tools today: false (does not fit a list question)" in notes
    said = "\n".join(opened.notices)
    assert "did not fit their question" in said
    assert "playbook changed" not in said and "changed since" not in said


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_stored_path_to_a_pipe_is_not_opened(data_dir, tmp_path):
    path = playbook_file(data_dir)
    store, call_id = unfinished_call(data_dir, path)
    pipe = tmp_path / "trap.yaml"
    os.mkfifo(pipe)  # opening it would wait for a writer for ever
    other = imported(store, call_id, path=str(pipe))
    assert locate_playbook(store.load(other), folder=data_dir).path == path


def test_show_from_another_folder_never_reads_a_playbook_the_record_points_at(
    data_dir, tmp_path, monkeypatch, run
):
    path = playbook_file(data_dir)
    store, call_id = unfinished_call(data_dir, path)
    (tmp_path / "rv-evil.yaml").write_text(
        EDIT_ME.replace("name: edit-me", "name: rv-evil").replace("Small test call", "EVIL TEXT"),
        encoding="utf-8",
    )
    other = imported(store, call_id, name="../rv-evil.yaml", path="/etc/shadow", sha256="")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    shown = run("show", other)
    assert shown.code == 0, shown.err
    assert "EVIL TEXT" not in shown.out and "shadow" not in shown.out + shown.err


def test_an_edited_file_outside_the_folders_is_not_taken_and_the_rep_is_told_why(
    data_dir, tmp_path
):
    outside = tmp_path / "edit-me.yaml"  # `callmate call --playbook ./edit-me.yaml`
    outside.write_text(EDIT_ME, encoding="utf-8")
    store, call_id = unfinished_call(data_dir, outside)
    outside.write_text(EDIT_ME.replace("Small test call", "Edited since"), encoding="utf-8")

    opened = resume(store, call_id)

    assert opened.session.playbook.title == "Small test call"  # the edition it started on
    said = "\n".join(opened.notices)
    assert "edit-me.yaml changed since the call started" in said
    assert "edition it started with" in said

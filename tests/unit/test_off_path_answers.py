"""An answer a later answer took off the call's path is shown apart, the same way everywhere."""

from __future__ import annotations

from callmate.core.call_record import CallRecord
from callmate.core.session import CallSession
from callmate.export.call_view import OFF_PATH_TITLE, call_view, plain_text
from callmate.export.markdown import render_markdown
from callmate.export.summary import build_summary, listing_view
from tests.conftest import START
from tests.unit.export_support import DISCOVERY_ANSWERS, STEP, discovery_playbook, finished_call

INVOLVE = "Short call with Ana next week"


def changed_mind() -> CallRecord:
    """ "Contact decides: no" opened "How could we bring ...", then was changed to yes."""
    playbook = discovery_playbook()
    answers = {**DISCOVERY_ANSWERS, "involve_decider": INVOLVE}
    record = finished_call(playbook, START, answers=answers, step=None)
    assert record.answers["involve_decider"].value == INVOLVE
    session = CallSession(playbook, record)
    session.jump("decision", START)
    assert session.current() == playbook.question("deciders")
    session.finish_items(START)  # the names stay as they were
    assert session.current() == playbook.question("contact_decides")
    session.answer("yes", START)
    assert "involve_decider" not in [q.id for q in session.path()]
    assert session.set_next_step(STEP, START) == {}
    session.complete(START)
    return session.record


def test_show_markdown_and_view_put_the_stale_answer_apart() -> None:
    summary = build_summary(changed_mind(), discovery_playbook())
    stale = [a["question"] for a in summary["off_path"]]
    assert stale == ["involve_decider"]
    decided = [a["question"] for a in summary["answers"]["decision_maker"]]
    assert "contact_decides" in decided and "involve_decider" not in decided
    for shown in (render_markdown(summary), plain_text(call_view(summary))):
        before, apart, after = shown.partition(OFF_PATH_TITLE)
        assert apart, shown
        assert INVOLVE not in before
        assert INVOLVE in after
        assert "How could we bring" in after and "How could we bring" not in before
    # nothing typed is lost: the listing still holds it
    assert listing_view(summary)["answers"]["involve_decider"] == INVOLVE


def test_a_call_that_kept_its_path_has_no_such_part() -> None:
    playbook = discovery_playbook()
    answers = {**DISCOVERY_ANSWERS, "involve_decider": INVOLVE}
    summary = build_summary(finished_call(playbook, START, answers=answers), playbook)
    assert summary["off_path"] == []
    assert OFF_PATH_TITLE not in render_markdown(summary)
    assert OFF_PATH_TITLE not in plain_text(call_view(summary))
    decided = [a["text"] for a in summary["answers"]["decision_maker"]]
    assert INVOLVE in decided


def test_without_the_playbook_nothing_is_set_apart() -> None:
    summary = build_summary(changed_mind(), None)
    assert summary["off_path"] == []
    assert INVOLVE in render_markdown(summary)

"""The read-only view of a past call shows everything `callmate show` prints."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from callmate.core.call_record import CallRecord, Objection, Reschedule
from callmate.export.call_view import call_view, plain_text
from callmate.export.markdown import render_markdown
from callmate.export.summary import build_summary
from tests.conftest import START
from tests.records import AT
from tests.unit.export_support import discovery_playbook, finished_call


def a_full_call() -> CallRecord:
    record = finished_call(
        discovery_playbook(),
        START,
        notes=["budget lives with the regional office", "pasted line one\npasted line two"],
    )
    record.objections = [
        Objection("price", AT, "Too expensive"),
        Objection("boss", AT, "Ask my boss", resolved_at=AT),
    ]
    assert record.next_step is not None
    record.next_step.history = [Reschedule("2026-11-24T10:00:00+01:00", AT)]
    return record


def facts(summary: Mapping[str, Any]) -> list[str]:
    """Every piece of the call a person wrote or agreed, as `show` has it."""
    out: list[str] = []
    for group in summary["answers"].values():
        for answer in group:
            out.append(answer["label"])
            value = answer["value"]
            items = value if isinstance(value, list) else [answer["text"]]
            out += [str(i.get("text") if isinstance(i, Mapping) else i) for i in items]
    out += [item["text"] for item in summary["powns"]]
    out += [line for note in summary["notes"] for line in note["text"].splitlines()]
    out += [card["title"] for card in summary["objection_cards"]]
    step = summary["next_step"]
    out += [step[k] for k in ("what", "their_commitment", "our_commitment", "channel")]
    return [fact for fact in out if fact]


def unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_the_view_holds_every_answer_note_objection_and_the_next_step():
    summary = build_summary(a_full_call(), discovery_playbook())
    view = plain_text(call_view(summary))
    shown = unescaped(render_markdown(summary))
    assert len(facts(summary)) > 15
    for fact in facts(summary):
        assert fact in shown, fact  # what `show` prints...
        assert fact in view, fact  # ...the view has too
    for words in ("still open", "worked through", "Earlier date", "Opportunities", "Kind: advance"):
        assert words in view
        assert words in shown


def test_the_view_keeps_the_order_of_show():
    summary = build_summary(a_full_call(), discovery_playbook())
    titles = [block.title for block in call_view(summary) if block.title]
    headings = [
        line[3:] for line in render_markdown(summary).splitlines() if line.startswith("## ")
    ]
    assert titles == headings


def test_a_call_without_a_next_step_says_so():
    record = finished_call(discovery_playbook(), START, step=None)
    view = plain_text(call_view(build_summary(record, discovery_playbook())))
    assert "Next step\nNone agreed." in view


def test_an_answer_its_question_cannot_hold_is_said_in_words():
    """A call left unfinished before the trainer changed a question's kind (POWN items under
    what is now a choice): wherever the answer is quoted (a later prompt, a label, `show`),
    it is words, never Python's own text."""
    from callmate.core.answers import answer_text
    from callmate.core.call_record import PownItem

    question = discovery_playbook().question("start_when")
    items = [
        PownItem("month-end close takes nine days", "problem"),
        PownItem("a dashboard", "want"),
    ]
    assert answer_text(question, items) == (
        "problem: month-end close takes nine days; want: a dashboard"
        " (does not fit a choice question)"
    )
    assert answer_text(question, True) == "true (does not fit a choice question)"

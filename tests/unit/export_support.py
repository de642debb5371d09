"""Builders shared by the after-call tests (test_export_*.py, test_after_call_cli.py).

It holds no tests itself: finished calls are made the way the app makes them, with a real
CallSession on a bundled playbook, so the records under test have the shape the store really holds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from markdown_it import MarkdownIt

from callmate.core.call_record import CallRecord
from callmate.core.catalog import bundled_dir
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import check_playbook
from callmate.core.session import CallSession

HOSTILE = ("[bold]", "{x.__class__}", "[@click=app.quit]")

# What a rep might type on a first-discovery call, by question id (lists are added item by item).
DISCOVERY_ANSWERS: dict[str, str | list[str]] = {
    "time_check": "yes",
    "agenda_shared": "add pricing to the agenda",
    "problems": ["phones ring off the hook at 8am", "o: open a second site"],
    "start_when": "this quarter",
    "deciders": ["Dr Lee", "office manager"],
    "contact_decides": "no",
    "concerns": ["switching cost"],
}

STEP = NextStepDraft(
    "in 2 days", "20-minute call to go through the quote", "bring last month's call logs",
    "send the quote by Friday", "Zoom",
)  # fmt: skip


def discovery_playbook() -> Playbook:
    playbook, problems = check_playbook(bundled_dir() / "first-discovery.yaml")
    assert playbook is not None, problems
    return playbook


def finished_call(
    playbook: Playbook,
    at: datetime,
    *,
    answers: Mapping[str, str | list[str]] = DISCOVERY_ANSWERS,
    hot: tuple[str, int] | None = ("problems", 0),
    step: NextStepDraft | None = STEP,
    prospect: str = "Pat Quill",
    company: str = "Hollow Pines Dental",
    mode: str = "live",
    notes: Sequence[str] = (),
) -> CallRecord:
    """A call walked from the first question to the last (unlisted questions skipped), then
    given its next step and completed at ``at``; step=None leaves it in progress."""
    session = CallSession.start(playbook, prospect, company, at, mode=mode)
    while (question := session.current()) is not None:
        value = answers.get(question.id)
        if value is None:
            session.skip(at)
        elif isinstance(value, list):
            for item in value:
                session.add_item(item, at)
            session.finish_items(at)
        else:
            session.answer(value, at)
    for note in notes:
        session.add_note(note, at)
    if hot is not None:
        session.toggle_hot(*hot, at)
    if step is not None:
        assert session.set_next_step(step, at) == {}
        session.complete(at)
    return session.record


def rendered_text(markdown: str) -> str:
    """What a reader sees once the Markdown is rendered (CommonMark plus GFM tables and ~~)."""
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", page))

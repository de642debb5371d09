"""The playbook pane's section marks: a tick means asked and not contradicted by the answers."""

from __future__ import annotations

from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from callmate.tui.widgets.panes import playbook_pane
from tests.conftest import START


def section_lines(session: CallSession) -> list[str]:
    text = playbook_pane(session, session.current()).plain
    return [line for line in text.splitlines() if line[:2] in ("▶ ", "✓ ", "✗ ", "· ")]


def test_a_no_to_the_pain_question_is_never_ticked(small_playbook: Playbook) -> None:
    """The reviewer read "✓ Discovery" after "no, not big enough" as "pain agreed"."""
    session = CallSession.start(small_playbook, "Pat Quill", "Quill Co", START)
    session.answer("y", START)
    session.add_item("p: late invoices", START)
    session.finish_items(START)
    session.answer("n", START)  # not big enough: back to discovery
    session.jump("commitment", START)
    assert section_lines(session)[:3] == ["✓ Agenda", "✗ Discovery", "▶ Commitment  1 required"]


def test_a_yes_ticks_the_section(small_playbook: Playbook) -> None:
    session = CallSession.start(small_playbook, "Pat Quill", "Quill Co", START)
    session.answer("y", START)
    session.add_item("p: late invoices", START)
    session.finish_items(START)
    session.answer("y", START)
    assert section_lines(session)[:3] == ["✓ Agenda", "✓ Discovery", "▶ Commitment  1 required"]

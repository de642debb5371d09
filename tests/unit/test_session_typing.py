"""Half-typed text survives a crash through the session, cleaned like everything typed."""

from __future__ import annotations

from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from tests.conftest import START


def test_half_typed_text_is_kept_once_and_cleaned(small_playbook: Playbook) -> None:
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.keep_typing("they lose two hours\x1b]52;c;aGk=\x07 a day")
    assert session.record.draft == "they lose two hours]52;c;aGk= a day"
    assert session.take_typing() == "they lose two hours]52;c;aGk= a day"
    assert session.take_typing() == ""  # handed back once


def test_an_empty_field_keeps_no_draft(small_playbook: Playbook) -> None:
    session = CallSession.start(small_playbook, "Pat", "Hollow Pines", START)
    session.keep_typing("half")
    session.keep_typing("   ")
    assert session.record.draft is None

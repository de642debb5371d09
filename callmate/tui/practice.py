"""Starting the call screen for role-play practice (a scripted persona, or a colleague), and the
scorecard that closes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from callmate.core.persona import Persona
from callmate.core.playbook import Playbook
from callmate.core.practice_names import PARTNER
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest, run_app
from callmate.tui.screens.scorecard import ScorecardScreen


def run_practice(
    store: Store, playbook: Playbook, persona: Persona | None, prospect: str, company: str
) -> int:
    """Run the practice call; its exit code (non-zero if it crashed)."""
    request = CallRequest(playbook, prospect, company, mode="practice", persona=persona)
    return run_app(CallmateApp(store, start=request))


def scorecard_screen(
    store: Store, session: CallSession, clock: Callable[[], datetime]
) -> ScorecardScreen:
    """The finished practice's scorecard; with a colleague as the prospect, it takes their
    feedback too (saved by the same use case as `callmate score ID --feedback`)."""
    from callmate.core.scoring import score_record

    card = score_record(session.record, session.playbook)
    if session.record.persona != PARTNER:
        return ScorecardScreen(card)

    def save(text: str) -> str | None:
        from callmate.usecases.practice_feedback import FeedbackRefused, give_feedback

        try:
            saved = give_feedback(store, session.id, text, clock(), session.playbook)
        except FeedbackRefused as exc:
            return str(exc)
        # The window's copy of the call follows the disk, so no later write of it (a cue noted
        # as the screen closes) can put the call back without the feedback.
        session.follow_saved(saved)
        return None

    return ScorecardScreen(card, save)

"""Starting the call screen for role-play practice (a scripted persona, or a colleague)."""

from __future__ import annotations

from callmate.core.persona import Persona
from callmate.core.playbook import Playbook
from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest


def run_practice(
    store: Store, playbook: Playbook, persona: Persona | None, prospect: str, company: str
) -> int:
    """Run the practice call; its exit code (non-zero if it crashed)."""
    request = CallRequest(playbook, prospect, company, mode="practice", persona=persona)
    app = CallmateApp(store, start=request)
    app.run()
    return app.return_code or 0

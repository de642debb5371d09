"""The practice partner's feedback, stored with the call so its scorecard shows it.

One use case for both ways in: the field under the scorecard after a `--partner` practice, and
`callmate score ID --feedback TEXT` afterwards. The call is claimed while it is written (another
window cannot hold it meanwhile), and the session makes the change, as with every record change.
"""

from __future__ import annotations

from datetime import datetime

from callmate.core.call_record import CallRecord
from callmate.core.clean import one_line
from callmate.core.playbook import Playbook
from callmate.core.session import CallSession
from callmate.store import Store, StoreError

#: Short on purpose: one thing done well, one to change.
MAX_FEEDBACK_CHARS = 500


class FeedbackRefused(Exception):
    """The feedback was not stored; the message says why, in the rep's words."""


def checked_text(text: str) -> str:
    """The feedback as it will be stored (one line, no control characters), or refused."""
    cleaned = one_line(text)
    if not cleaned:
        raise FeedbackRefused("the feedback is empty: write one thing done well, one to change")
    if len(cleaned) > MAX_FEEDBACK_CHARS:
        raise FeedbackRefused(
            f"keep the feedback short: {len(cleaned)} characters, at most {MAX_FEEDBACK_CHARS}"
        )
    return cleaned


def give_feedback(
    store: Store, session_id: str, text: str, now: datetime, playbook: Playbook | None = None
) -> CallRecord:
    """Store the feedback on a finished practice call; the saved record.

    FeedbackRefused says why when the text is empty or too long, the call is not a finished
    practice, or it cannot be read or written. The playbook is not needed: a finished call has
    nothing left to ask, so a stand-in named like the call's own does when it is missing.
    """
    cleaned = checked_text(text)
    try:
        with store.claim(session_id):
            record = store.load(session_id)
            if record.mode != "practice":
                raise FeedbackRefused("feedback goes on practice calls only")
            if record.status != "completed":
                raise FeedbackRefused(
                    "this practice is not finished: feedback goes on a finished practice"
                )
            session = CallSession(playbook or _stand_in(record), record)
            session.add_feedback(cleaned, now)
            store.save(record)
    except StoreError as exc:
        raise FeedbackRefused(str(exc)) from exc  # unreadable, or open in another window
    from callmate.team.autopush import schedule

    schedule(store.root, session_id)  # the team sees it too, if connected
    return record


def _stand_in(record: CallRecord) -> Playbook:
    name = record.playbook.name
    return Playbook(name=name, title=name, objective="", sections=())

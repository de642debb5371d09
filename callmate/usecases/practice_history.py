"""What a practice remembers from the last one: the follow-up playbook's "last time we agreed".

Role-plays are not a prospect's history (a real follow-up never recalls a practice), but a
practice of the follow-up call should recall the practice it follows: the same persona's previous
completed practice supplies `{last_next_step}` and the other `last_...` names. With a colleague
(`--partner`) it is the previous partner practice with the same named prospect; an unnamed
colleague has no history to recall.
"""

from __future__ import annotations

from callmate.core.call_record import CallRecord, prospect_key
from callmate.core.practice_names import PARTNER, PARTNER_PROSPECT
from callmate.core.records import history_context
from callmate.store import Store, StoreError


def previous_practice(
    store: Store, persona: str | None, prospect: str, company: str
) -> CallRecord | None:
    """The newest completed practice with this persona (or named colleague), if any."""
    if not persona or (persona == PARTNER and prospect.strip() == PARTNER_PROSPECT):
        return None
    key = prospect_key(prospect, company)
    try:
        summaries = store.summaries()
    except StoreError:
        return None
    done = [
        s
        for s in summaries
        if s.get("mode") == "practice"
        and s.get("status") == "completed"
        and (persona != PARTNER or s.get("prospect_key") == key)
    ]
    done.sort(key=lambda s: str(s.get("ended") or s.get("started") or ""), reverse=True)
    for summary in done:
        try:
            record = store.load(str(summary["id"]))
        except StoreError:
            continue
        if record.persona == persona:
            return record
    return None


def practice_context(
    store: Store, persona: str | None, prospect: str, company: str
) -> dict[str, str]:
    """Template values from the previous practice (empty when there is none)."""
    record = previous_practice(store, persona, prospect, company)
    return history_context(record) if record else {}

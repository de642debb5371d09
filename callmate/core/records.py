"""Reading stored session records without the playbook: summaries, history context, public views.

Records outlive playbook editions, so everything here works from the record alone.
"""

from __future__ import annotations

from callmate.core.call_record import CallRecord, PownItem


def pown_items(record: CallRecord) -> list[PownItem]:
    """Every tagged POWN item captured in a session, in question order."""
    items: list[PownItem] = []
    for entry in record.answers.values():
        if isinstance(entry.value, list):
            items.extend(i for i in entry.value if isinstance(i, PownItem))
    return items


def hot_buttons(record: CallRecord) -> list[str]:
    return [i.text for i in pown_items(record) if i.hot]


def history_context(record: CallRecord) -> dict[str, str]:
    """Template values a follow-up call can reuse from the prospect's previous completed call."""
    problems = [i.text for i in pown_items(record) if i.tag == "problem"]
    hot = hot_buttons(record)
    step = record.next_step
    context = {
        "last_objective": record.objective,
        "last_hot_button": hot[0] if hot else (problems[0] if problems else ""),
        "last_problem": problems[0] if problems else "",
        "last_next_step": step.what if step else "",
        "last_their_commitment": step.their_commitment if step else "",
        "last_our_commitment": step.our_commitment if step else "",
    }
    return {k: v for k, v in context.items() if v}

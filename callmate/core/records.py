"""Reading stored session records without the playbook: summaries, history context, public views.

Records outlive playbook editions, so everything here works from the record alone.
"""

from __future__ import annotations

from typing import Any


def pown_items(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Every tagged POWN item captured in a session, in question order."""
    items: list[dict[str, Any]] = []
    for entry in record.get("answers", {}).values():
        value = entry.get("value")
        if isinstance(value, list):
            items.extend(i for i in value if isinstance(i, dict) and "tag" in i and "text" in i)
    return items


def hot_buttons(record: dict[str, Any]) -> list[str]:
    return [i["text"] for i in pown_items(record) if i.get("hot")]


def history_context(record: dict[str, Any]) -> dict[str, str]:
    """Template values a follow-up call can reuse from the prospect's previous completed call."""
    items = pown_items(record)
    problems = [i["text"] for i in items if i.get("tag") == "problem"]
    hot = hot_buttons(record)
    step = record.get("next_step") or {}
    context = {
        "last_objective": record.get("objective", ""),
        "last_hot_button": hot[0] if hot else (problems[0] if problems else ""),
        "last_problem": problems[0] if problems else "",
        "last_next_step": step.get("what", ""),
        "last_their_commitment": step.get("their_commitment", ""),
        "last_our_commitment": step.get("our_commitment", ""),
    }
    return {k: v for k, v in context.items() if v}

"""The small per-call summary kept in the index folder, so lists never open the call files."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

Summarize = Callable[[Mapping[str, Any]], dict[str, Any]]

PLAIN_KEYS = (
    "id",
    "status",
    "mode",
    "prospect",
    "company",
    "prospect_key",
    "started",
    "ended",
    "next_step",
)


def default_summary(record: Mapping[str, Any]) -> dict[str, Any]:
    """Pick what history and follow-up lists show; the rest of the record stays opaque."""
    summary = {key: record[key] for key in PLAIN_KEYS if key in record}
    if "playbook" in record:
        playbook = record["playbook"]
        if isinstance(playbook, Mapping):
            playbook = {key: playbook[key] for key in ("name", "version") if key in playbook}
        summary["playbook"] = playbook
    return summary


def index_entry(record: Mapping[str, Any], summarize: Summarize) -> dict[str, Any]:
    """The summary as it will read back from JSON, always carrying id and status.

    The JSON round trip makes it compare equal to the stored entry (tuples become lists), which
    is how a save decides that the index does not need rewriting.
    """
    entry = dict(summarize(record))
    entry["id"] = record["id"]
    if "status" in record:
        entry["status"] = record["status"]
    normalized: dict[str, Any] = json.loads(json.dumps(entry, ensure_ascii=False))
    return normalized

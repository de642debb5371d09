"""One prospect's calls are found in prospects.json's bytes, without decoding the whole file."""

from __future__ import annotations

import json
from pathlib import Path

from callmate.store import Store
from tests.unit.test_store_index import call_id, make_record

# Keys a JSON byte search could trip over: quotes, escapes, non-ASCII, the search's own pattern.
KEYS = [
    'ann "the boss" lee|acme',
    "zoë|café",
    "a\\b|c",
    'x": ["20260301-100000-ffffff|evil',
    ", |",
    "",
    "plain|key",
]


def test_every_key_finds_exactly_its_own_calls(tmp_path: Path) -> None:
    store = Store(tmp_path)
    expected: dict[str, set[str]] = {}
    for number, key in enumerate(KEYS * 2):
        session_id = call_id(3, 1 + number, f"{number:06d}")
        store.save(make_record(session_id, key=f"{key}|" if "|" not in key else key))
        expected.setdefault(f"{key}|" if "|" not in key else key, set()).add(session_id)
    reopened = Store(tmp_path)
    for key, ids in expected.items():
        assert {s["id"] for s in reopened.summaries_for(key)} == ids, key
    assert reopened.summaries_for("nobody|nowhere") == []
    full = json.loads(reopened.prospects_path.read_bytes())["prospects"]["1"]
    assert {k: set(v) for k, v in full.items()} == expected


def test_a_damaged_entry_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session_id = call_id(3, 2, "aaaaaa")
    store.save(make_record(session_id, key="plain|key"))
    store.prospects_path.write_bytes(b'{"prospects": {"1": {"plain|key": [7, {"a": 1}]}}}')
    assert [s["id"] for s in store.summaries_for("plain|key")] == [session_id]
    assert any("rebuilt" in problem for problem in store.problems)

"""One prospect's calls are found in the one small prospect file their key's hash names."""

from __future__ import annotations

import json
from pathlib import Path

from callmate.core.clean import one_line
from callmate.store import Store
from tests.unit.test_store_index import call_id, make_record

# Keys that could trip a file name or JSON: quotes, escapes, non-ASCII, a lone surrogate, "".
KEYS = [
    'ann "the boss" lee|acme',
    "zoë|café",
    "a\\b|c",
    'x": ["20260301-100000-ffffff|evil',
    ", |",
    "",
    "plain|key",
    "lone \ud800|surrogate",
]


def test_every_key_finds_exactly_its_own_calls(tmp_path: Path) -> None:
    store = Store(tmp_path)
    expected: dict[str, set[str]] = {}
    for number, key in enumerate(KEYS * 2):
        session_id = call_id(3, 1 + number, f"{number:06d}")
        store.save(make_record(session_id, key=f"{key}|" if "|" not in key else key))
        # A key enters through the record's decoder, cleaned (a lone surrogate becomes U+FFFD).
        expected.setdefault(one_line(f"{key}|" if "|" not in key else key), set()).add(session_id)
    reopened = Store(tmp_path)
    for key, ids in expected.items():
        assert {s["id"] for s in reopened.summaries_for(key)} == ids, key
    assert reopened.summaries_for("nobody|nowhere") == []
    full: dict[str, list[str]] = {}
    for path in reopened.prospects_dir.iterdir():
        doc = json.loads(path.read_bytes())["prospects"]["1"]
        assert all(reopened.prospect_path(key) == path for key in doc)
        full.update(doc)
    assert {k: set(v) for k, v in full.items()} == expected
    assert len(list(reopened.prospects_dir.iterdir())) > 1  # spread over several files


def test_a_key_in_a_file_its_hash_does_not_name_is_rebuilt(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session_id = call_id(3, 2, "aaaaaa")
    store.save(make_record(session_id, key="plain|key"))
    right = store.prospect_path("plain|key")
    wrong = next(
        store.prospect_path(f"k{n}|x") for n in range(99) if store.prospect_path(f"k{n}|x") != right
    )
    wrong.write_bytes(right.read_bytes())
    right.unlink()
    store.checkpoint()
    reopened = Store(tmp_path)
    assert [s["id"] for s in reopened.summaries_for("plain|key")] == [session_id]
    assert any("wrong file" in problem for problem in reopened.problems)


def test_a_damaged_entry_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    store = Store(tmp_path)
    session_id = call_id(3, 2, "aaaaaa")
    store.save(make_record(session_id, key="plain|key"))
    path = store.prospect_path("plain|key")
    path.write_bytes(b'{"prospects": {"1": {"plain|key": [7, {"a": 1}]}}}')
    assert [s["id"] for s in store.summaries_for("plain|key")] == [session_id]
    assert any("rebuilt" in problem for problem in store.problems)

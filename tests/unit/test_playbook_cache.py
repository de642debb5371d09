"""The check cache gives exactly what a fresh check gives, and never an answer for other bytes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.playbook_loader import check_playbook
from callmate.playbook_cache import cache_path, check_cached
from tests.conftest import SMALL_PLAYBOOK

WARNED = SMALL_PLAYBOOK.replace("kind: agenda", "kind: agenda\n    minutes: 99")


@pytest.mark.parametrize("name", sorted(p.name for p in bundled_dir().glob("*.yaml")))
def test_a_cached_check_equals_a_fresh_one_for_every_bundled_playbook(tmp_path, name):
    path = bundled_dir() / name
    fresh = check_playbook(path)
    first = check_cached(path, tmp_path, tmp_path / "cache")  # checks and stores
    assert cache_path(tmp_path / "cache", path, path.read_bytes()).is_file()
    second = check_cached(path, tmp_path, tmp_path / "cache")  # read back
    assert first == fresh
    assert second == fresh
    assert second[0] is not None and second[0].sha256 == fresh[0].sha256


def test_problems_come_back_from_the_cache_too(tmp_path):
    path = tmp_path / "warned.yaml"
    path.write_text(WARNED, encoding="utf-8")
    fresh = check_playbook(path)
    assert check_cached(path, tmp_path / "data", tmp_path / "cache") == fresh
    assert check_cached(path, tmp_path / "data", tmp_path / "cache") == fresh


def test_the_answer_really_comes_from_the_cache_and_follows_the_bytes(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    data, cache = tmp_path / "data", tmp_path / "cache"
    playbook, _ = check_cached(path, data, cache)
    assert playbook is not None
    entry = cache_path(cache, path, path.read_bytes())
    marked = (playbook, ["a problem only the cache knows"])
    entry.write_bytes(pickle.dumps(marked))
    assert check_cached(path, data, cache)[1] == ["a problem only the cache knows"]
    path.write_text(SMALL_PLAYBOOK.replace("Small test call", "Edited call"), encoding="utf-8")
    edited, problems = check_cached(path, data, cache)  # other bytes: a fresh check
    assert edited is not None and edited.title == "Edited call"
    assert problems == check_playbook(path)[1]


def test_a_damaged_or_foreign_writable_entry_is_ignored(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    data, cache = tmp_path / "data", tmp_path / "cache"
    fresh = check_playbook(path)
    check_cached(path, data, cache)
    entry = cache_path(cache, path, path.read_bytes())
    entry.write_bytes(b"\x80\x04not a pickle")
    assert check_cached(path, data, cache) == fresh
    assert pickle.loads(entry.read_bytes()) == fresh  # written again
    entry.write_bytes(pickle.dumps((fresh[0], ["planted"])))
    entry.chmod(0o666)  # anyone could have written it: not trusted
    assert check_cached(path, data, cache) == fresh


def test_a_playbook_with_errors_is_never_cached(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: 1\nname: broken\nsections: 3\n", encoding="utf-8")
    data, cache = tmp_path / "data", tmp_path / "cache"
    playbook, problems = check_cached(path, data, cache)
    assert playbook is None and problems
    assert not cache_path(cache, path, path.read_bytes()).exists()

"""A link planted in the data folder's cache/ (the kept editions) or in the cache folder (the
pickles) is never followed: nothing is written through it (a reviewer found
/tmp/out/playbooks/<sha>.pickle written) and no pickle or kept edition is read through it. The
cache is skipped; doctor names the link in the data folder. No pickle is read from the data
folder at all."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pytest

from callmate.core.playbook_loader import check_playbook
from callmate.playbook_cache import cache_path, check_cached, editions_dir, kept_edition
from tests.conftest import SMALL_PLAYBOOK, Run

#: Links planted in the data folder (where the kept editions live) and in the cache folder
#: (where the pickles live), relative to each.
LINKS = [
    ("data", "cache"),
    ("data", "cache/playbooks"),
    ("data", "cache/playbooks/editions"),
    ("cache", "playbooks"),
]


def everything_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def planted_link(data: Path, name: str, outside: Path) -> Path:
    link = data / name
    link.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    outside.mkdir(mode=0o700)
    link.symlink_to(outside)
    return link


@pytest.mark.parametrize(("where", "name"), LINKS)
def test_nothing_is_written_through_a_link_in_the_cache(tmp_path: Path, where: str, name: str):
    playbook = tmp_path / "small.yaml"
    playbook.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    data, cache, outside = tmp_path / "data", tmp_path / "cache", tmp_path / "out"
    data.mkdir(mode=0o700)
    cache.mkdir(mode=0o700)
    link = planted_link(data if where == "data" else cache, name, outside)
    fresh = check_playbook(playbook)
    assert check_cached(playbook, data, cache) == fresh
    assert check_cached(playbook, data, cache) == fresh
    assert everything_in(outside) == []
    assert link.is_symlink()


def test_a_pickle_behind_a_link_is_never_loaded(tmp_path: Path):
    playbook = tmp_path / "small.yaml"
    playbook.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    data, cache, outside = tmp_path / "data", tmp_path / "cache", tmp_path / "out"
    data.mkdir(mode=0o700)
    cache.mkdir(mode=0o700)
    fresh = check_playbook(playbook)
    entry = cache_path(cache, playbook, playbook.read_bytes())
    planted = outside / entry.name
    planted.parent.mkdir(mode=0o700, parents=True)
    planted.write_bytes(pickle.dumps((fresh[0], ["planted by someone else"])))
    planted.chmod(0o600)
    (cache / "playbooks").symlink_to(outside)
    assert check_cached(playbook, data, cache) == fresh


class RunsCode:
    """A pickle that creates a file when loaded: what a planted one could do instead."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_pickle_planted_in_the_data_folder_is_never_loaded(tmp_path: Path):
    """The data folder is copied and restored from backups that may be someone else's: its
    cache/ held the pickles, and one planted there ran code at the next start. Pickles now
    live in the user's cache folder only; the data folder's cache/ keeps plain YAML."""
    from callmate.tui.css_cache import CssCache, cache_file

    playbook = tmp_path / "small.yaml"
    playbook.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    data, cache, marker = tmp_path / "data", tmp_path / "cache", tmp_path / "ran"
    bait = pickle.dumps(RunsCode(marker))
    for entry in (
        data / "cache" / cache_path(cache, playbook, playbook.read_bytes()).relative_to(cache),
        data / "cache" / cache_file(cache).relative_to(cache),
    ):
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        entry.write_bytes(bait)
        entry.chmod(0o600)
    assert check_cached(playbook, data, cache) == check_playbook(playbook)
    assert CssCache(cache).kept == {}
    assert not marker.exists()


def test_a_kept_edition_behind_a_link_is_not_used(tmp_path: Path):
    data, outside = tmp_path / "data", tmp_path / "out"
    data.mkdir(mode=0o700)
    content = SMALL_PLAYBOOK.encode()
    sha = hashlib.sha256(content).hexdigest()
    (outside / sha).mkdir(mode=0o700, parents=True)
    (outside / sha / "small.yaml").write_bytes(content)
    (outside / sha / "small.yaml").chmod(0o600)
    assert kept_edition(data, sha) is None  # nothing kept yet
    editions_dir(data).parent.mkdir(mode=0o700, parents=True)
    editions_dir(data).symlink_to(outside)
    assert kept_edition(data, sha) is None
    os.unlink(editions_dir(data))
    real = editions_dir(data) / sha
    real.mkdir(mode=0o700, parents=True)
    (real / "small.yaml").write_bytes(content)
    (real / "small.yaml").chmod(0o600)
    assert kept_edition(data, sha) == real / "small.yaml"  # the real thing still is


def test_doctor_names_the_link_and_repair_removes_only_the_link(
    run: Run, data_dir: Path, tmp_path: Path, small_playbook_path: Path
):
    from callmate.locations import cache_dir
    from callmate.store import Store

    Store(data_dir)
    outside = tmp_path / "out"
    link = planted_link(data_dir, "cache", outside)
    assert check_cached(small_playbook_path, data_dir)[0] is not None
    found = run("doctor")
    assert found.code == 1 and f"{link} is a symbolic link (to {outside})" in found.out
    assert run("doctor", "--repair").code == 0
    assert not os.path.lexists(link) and outside.is_dir()
    assert check_cached(small_playbook_path, data_dir)[0] is not None
    edition = editions_dir(data_dir) / hashlib.sha256(small_playbook_path.read_bytes()).hexdigest()
    assert edition.is_dir()  # the edition is kept again, inside the data folder
    cache = cache_dir()
    assert (
        cache is not None
        and cache_path(cache, small_playbook_path, small_playbook_path.read_bytes()).is_file()
    )  # the check cache, in the user's cache folder

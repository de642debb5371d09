"""A link planted at cache/, cache/playbooks or cache/playbooks/editions is never followed:
nothing is written through it (the reviewer found /tmp/out/playbooks/<sha>.pickle written) and
no pickle or kept edition is read through it. The cache is skipped; doctor names the link."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pytest

from callmate.core.playbook_loader import check_playbook
from callmate.playbook_cache import cache_path, check_cached, editions_dir, kept_edition
from tests.conftest import SMALL_PLAYBOOK, Run

LINKS = ["cache", "cache/playbooks", "cache/playbooks/editions"]


def everything_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def planted_link(data: Path, name: str, outside: Path) -> Path:
    link = data / name
    link.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    outside.mkdir(mode=0o700)
    link.symlink_to(outside)
    return link


@pytest.mark.parametrize("name", LINKS)
def test_nothing_is_written_through_a_link_in_the_cache(tmp_path: Path, name: str):
    playbook = tmp_path / "small.yaml"
    playbook.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    data, outside = tmp_path / "data", tmp_path / "out"
    data.mkdir(mode=0o700)
    link = planted_link(data, name, outside)
    fresh = check_playbook(playbook)
    assert check_cached(playbook, data) == fresh
    assert check_cached(playbook, data) == fresh
    assert everything_in(outside) == []
    assert link.is_symlink()


@pytest.mark.parametrize("name", ["cache", "cache/playbooks"])
def test_a_pickle_behind_a_link_is_never_loaded(tmp_path: Path, name: str):
    playbook = tmp_path / "small.yaml"
    playbook.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    data, outside = tmp_path / "data", tmp_path / "out"
    data.mkdir(mode=0o700)
    fresh = check_playbook(playbook)
    entry = cache_path(data, playbook, playbook.read_bytes())
    below = entry.relative_to(data / name)
    planted = outside / below
    planted.parent.mkdir(mode=0o700, parents=True)
    planted.write_bytes(pickle.dumps((fresh[0], ["planted by someone else"])))
    planted.chmod(0o600)
    (data / name).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    (data / name).symlink_to(outside)
    assert check_cached(playbook, data) == fresh


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
    assert cache_path(
        data_dir, small_playbook_path, small_playbook_path.read_bytes()
    ).is_file()  # the cache is used again, inside the data folder

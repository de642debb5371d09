"""callmate took any existing folder as its data folder: `CALLMATE_DATA_DIR=/tmp/x callmate
history` made a stranger's 1777 folder 0700 (sticky bit lost) and put calls/, index/ and locks
beside the files in it; under sudo, /tmp or /etc would break every other user. doctor --repair
walked the whole tree, deleting links and chmod-ing scripts that were not callmate's.

Now a folder that is not callmate's is refused before anything is made or changed in it, a
data folder's own mode is never changed at start, and doctor looks only at callmate's names.
All on stand-in folders under tmp_path."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from callmate.store import Store
from callmate.store.paths import NotCallmateFolder
from tests.conftest import Run
from tests.unit.test_data_dir_location import callmate_in


def listing(folder: Path) -> dict[str, tuple[int, bool]]:
    """Every name under ``folder`` with its mode and whether it is a link (no link followed)."""
    found: dict[str, tuple[int, bool]] = {}
    for parent, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(parent) / name
            info = os.lstat(path)
            found[str(path.relative_to(folder))] = (info.st_mode, stat.S_ISLNK(info.st_mode))
    found["."] = (os.lstat(folder).st_mode, False)
    return found


@pytest.fixture
def strangers_folder(data_dir: Path) -> Path:
    """A shared 1777 folder holding somebody else's file, as /tmp would."""
    data_dir.mkdir()
    (data_dir / "f").write_text("not callmate's")
    os.chmod(data_dir, 0o1777)
    return data_dir


def callmate(cwd: Path, data: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process (the refusal is a SystemExit, exit 1)."""
    return callmate_in(cwd, {"CALLMATE_DATA_DIR": str(data)}, *args)


@pytest.mark.parametrize(
    "args",
    [
        ("history",),
        ("followups",),
        ("doctor",),
        ("doctor", "--repair"),
        ("stats",),
        ("new", "my-playbook"),
        ("nurture", "list"),
        (),
    ],
    ids=lambda a: " ".join(a) or "home",
)
def test_a_folder_with_someone_elses_files_is_refused_and_left_as_it_was(
    strangers_folder: Path, args: tuple[str, ...]
):
    before = listing(strangers_folder)
    result = callmate(strangers_folder.parent, strangers_folder, *args)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"callmate: error: callmate will not use {strangers_folder} as its data folder"
    )
    assert "'f'" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert result.stderr.count("\n") == 1
    assert listing(strangers_folder) == before  # nothing made, nothing chmod-ed
    assert stat.S_IMODE(strangers_folder.stat().st_mode) == 0o1777


def test_a_readable_folder_with_other_files_is_refused_without_a_chmod(tmp_path: Path):
    folder = tmp_path / "etc"
    folder.mkdir()
    (folder / "hostname").write_text("box\n")
    os.chmod(folder, 0o755)
    with pytest.raises(NotCallmateFolder):
        Store(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert [p.name for p in folder.iterdir()] == ["hostname"]


def test_an_empty_folder_and_callmate_folders_with_a_stray_file_are_used(tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    Store(empty)
    assert (empty / "calls").is_dir()
    (empty / "README.txt").write_text("my notes about this folder")
    Store(empty)  # calls/ says it is callmate's: a file put beside it does not matter
    only_playbooks = tmp_path / "first"
    (only_playbooks / "playbooks").mkdir(parents=True)
    Store(only_playbooks)  # every name in it is one callmate makes


@pytest.mark.parametrize("inner", ["calls", "index", "quarantine", "index/months"])
def test_a_folder_inside_a_data_folder_is_refused(run: Run, data_dir: Path, inner: str):
    assert run("history").code == 0
    (data_dir / "quarantine").mkdir(exist_ok=True)
    target = data_dir / inner
    target.mkdir(exist_ok=True)
    before = listing(data_dir)
    result = callmate(data_dir.parent, target, "history")
    assert result.returncode == 1
    assert f"it is inside the data folder {data_dir} (in its {inner.split('/')[0]}/ folder)" in (
        result.stderr
    )
    assert listing(data_dir) == before
    with pytest.raises(NotCallmateFolder):
        Store(target)  # the store checks the same, whoever opens it


def test_another_users_folder_anyone_can_write_is_named_for_what_it_is(tmp_path: Path):
    if os.geteuid() != 0:
        pytest.skip("making a folder of another user needs root")
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chown(shared, 4242, 4242)
    os.chmod(shared, 0o1777)
    with pytest.raises(NotCallmateFolder) as refused:
        Store(shared)
    message = str(refused.value)
    assert "belongs to" in message and "uid 4242" in message and "mode 1777" in message
    assert "can be read and written by other users" in message
    assert "cannot be written" not in message
    assert list(shared.iterdir()) == []


def test_proc_self_is_refused(tmp_path: Path):
    result = callmate(tmp_path, "/proc/self", "history")
    assert result.returncode == 1
    assert "callmate will not use /proc/self as its data folder" in result.stderr


def test_doctor_looks_only_at_callmates_own_names(run: Run, data_dir: Path, tmp_path: Path):
    """A data folder at a home folder that also holds calls/: the scripts, web pages and links
    beside it are the user's, never chmod-ed, removed or even mentioned."""
    assert run("history").code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_dir / "bin").mkdir()
    (data_dir / "bin" / "tool.sh").write_text("#!/bin/sh\n")
    os.chmod(data_dir / "bin" / "tool.sh", 0o755)
    (data_dir / "public_html").mkdir()
    (data_dir / "public_html" / "index.html").write_text("<p>hi</p>")
    os.chmod(data_dir / "public_html", 0o755)
    (data_dir / ".ssh").mkdir()
    os.symlink("/etc/hostname", data_dir / ".ssh" / "link")
    os.symlink(elsewhere, data_dir / "shared")
    (data_dir / "stray.json").write_text("{}")
    os.chmod(data_dir / "stray.json", 0o644)
    theirs = {k: v for k, v in listing(data_dir).items() if k.split("/")[0] not in _OURS}
    checked = run("doctor")
    assert checked.code == 0, checked.out
    assert f"no problems found in {data_dir}" in checked.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0 and "repaired" not in repaired.out
    assert {k: v for k, v in listing(data_dir).items() if k.split("/")[0] not in _OURS} == theirs
    os.symlink(elsewhere, data_dir / "calls" / "planted.json")  # inside calls/: doctor's own
    assert "planted.json is a symbolic link" in run("doctor").out


_OURS = {"calls", "index", "quarantine", "index.lock", "import.lock", "."}

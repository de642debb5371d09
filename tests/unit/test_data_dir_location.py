"""CALLMATE_DATA_DIR='~/callmate-data' (quoted, so no shell expanded it) or a relative path made
a data folder under whatever folder callmate was started in. A `~` is expanded; a path that is
still not absolute stops every command and the home screen with one line and exit 1, with
nothing made anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from callmate.locations import DataDirNotAbsolute, data_dir
from tests.pty_app import REPO, PtyApp, wait_for

COMMANDS = [(), ("history",), ("followups",), ("doctor",), ("team", "status"), ("playbooks",)]


def callmate_in(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callmate", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_a_tilde_is_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CALLMATE_DATA_DIR", "~/callmate-data")
    assert data_dir() == tmp_path / "home" / "callmate-data"


def test_a_relative_xdg_data_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_DATA_HOME is the Linux rule")
    monkeypatch.delenv("CALLMATE_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert data_dir() == tmp_path / ".local" / "share" / "callmate"


@pytest.mark.parametrize("given", ["callmate-data", "./data", "data/../x"])
def test_a_relative_path_is_refused_in_one_line(given: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CALLMATE_DATA_DIR", given)
    with pytest.raises(DataDirNotAbsolute) as refused:
        data_dir()
    assert refused.value.code == refused.value.message  # printed as is, exit status 1
    assert "\n" not in refused.value.message and repr(given) in refused.value.message


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "home")
def test_every_command_refuses_a_relative_data_folder_and_makes_nothing(
    tmp_path: Path, args: tuple[str, ...]
):
    cwd = tmp_path / "somewhere"
    cwd.mkdir()
    result = callmate_in(cwd, {"CALLMATE_DATA_DIR": "callmate-data"}, *args)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("callmate: error: CALLMATE_DATA_DIR is 'callmate-data'")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list(cwd.iterdir()) == []


def test_a_quoted_tilde_makes_the_folder_in_the_home_folder(tmp_path: Path):
    cwd, home = tmp_path / "somewhere", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    env = {"CALLMATE_DATA_DIR": "~/callmate-data", "HOME": str(home)}
    result = callmate_in(cwd, env, "history")
    assert result.returncode == 0, result.stderr
    assert list(cwd.iterdir()) == []
    assert (home / "callmate-data" / "calls").is_dir()


def test_the_home_screen_in_a_terminal_refuses_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cwd = tmp_path / "somewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)  # PtyApp starts callmate in the test's folder
    app = PtyApp([], env={"CALLMATE_DATA_DIR": "callmate-data"})
    try:
        assert wait_for(lambda: app.proc.poll() is not None, timeout=60)
        assert app.proc.returncode == 1
        assert wait_for(lambda: "is not a full path" in app.text(), timeout=5)
    finally:
        app.close()
    assert list(cwd.iterdir()) == []


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "home")
def test_an_empty_data_dir_is_refused_not_replaced_by_the_default(
    tmp_path: Path, args: tuple[str, ...]
):
    """`CALLMATE_DATA_DIR=` (or a variable that expanded to nothing) quietly meant the usual
    folder: the rep's real calls, when a test or a script meant another one."""
    cwd, home = tmp_path / "somewhere", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    result = callmate_in(cwd, {"CALLMATE_DATA_DIR": "", "HOME": str(home)}, *args)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("callmate: error: CALLMATE_DATA_DIR is set but empty")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list(cwd.iterdir()) == [] and list(home.iterdir()) == []


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "home")
def test_a_relative_emergency_dir_is_refused_at_start(tmp_path: Path, args: tuple[str, ...]):
    """A copy written to `relemerg` lands under whatever folder callmate ran in, and a start
    from any other folder never merges it back: refused before anything happens."""
    cwd = tmp_path / "somewhere"
    cwd.mkdir()
    env = {"CALLMATE_DATA_DIR": str(tmp_path / "data"), "CALLMATE_EMERGENCY_DIR": "relemerg"}
    result = callmate_in(cwd, env, *args)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("callmate: error: CALLMATE_EMERGENCY_DIR is 'relemerg'")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list(cwd.iterdir()) == [] and not (tmp_path / "data").exists()


def test_a_full_emergency_dir_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CALLMATE_EMERGENCY_DIR", str(tmp_path / "emergency"))
    assert data_dir() == tmp_path / "data"

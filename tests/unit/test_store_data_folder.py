"""A data folder that is not a folder: one plain message and exit 1 from every command.

`CALLMATE_DATA_DIR=/tmp/file callmate history` gave a NotADirectoryError traceback, in every
command and at the home screen's start; so did a path through a file, a device, a link loop.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

MAKERS: dict[str, Callable[[Path], tuple[Path, str]]] = {}


def maker(name: str) -> Callable[[Callable[[Path], tuple[Path, str]]], None]:
    def register(make: Callable[[Path], tuple[Path, str]]) -> None:
        MAKERS[name] = make

    return register


@maker("a file")
def _file(tmp: Path) -> tuple[Path, str]:
    path = tmp / "file"
    path.write_text("not a folder")
    return path, "it is a file, not a folder"


@maker("a path through a file")
def _through(tmp: Path) -> tuple[Path, str]:
    (tmp / "file").write_text("not a folder")
    return tmp / "file" / "sub", f"{tmp / 'file'} is a file, so no folder can be made inside it"


@maker("a FIFO")
def _fifo(tmp: Path) -> tuple[Path, str]:
    os.mkfifo(tmp / "pipe")
    return tmp / "pipe", "it is a FIFO, not a folder"


@maker("a link loop")
def _loop(tmp: Path) -> tuple[Path, str]:
    (tmp / "loop").symlink_to(tmp / "loop")
    return tmp / "loop", "it is a symbolic link that leads round in a loop"


@maker("a link to nothing")
def _dangling(tmp: Path) -> tuple[Path, str]:
    (tmp / "link").symlink_to(tmp / "nowhere")
    return tmp / "link", f"it is a symbolic link to {tmp / 'nowhere'}, which does not exist"


COMMANDS = [(), ("history",), ("followups",), ("show", "x"), ("stats",), ("nurture", "list")]
COMMANDS += [("export", "--all", "--json", "out.json"), ("call", "--prospect", "Pat")]


@pytest.mark.parametrize("what", MAKERS)
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv) or "home")
def test_every_command_says_it_once_and_exits_1(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str, argv: tuple[str, ...]
):
    root, why = MAKERS[what](tmp_path)
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(root))
    monkeypatch.chdir(tmp_path)
    result = run(*argv)
    assert result.code == 1
    assert result.err == (
        f"callmate: error: The data folder {root} cannot be used: {why}. callmate keeps its "
        "calls in a folder: move that out of the way, or set CALLMATE_DATA_DIR to a folder. "
        "Nothing was read or changed.\n"
    )
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("what", MAKERS)
def test_doctor_says_the_same_and_repairs_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
):
    root, why = MAKERS[what](tmp_path)
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(root))
    before = sorted(os.listdir(tmp_path))
    result = run("doctor", "--repair")
    assert result.code == 1
    assert result.out.splitlines() == [
        f"problem: The data folder {root} cannot be used: {why}. callmate keeps its calls in a "
        "folder: move that out of the way, or set CALLMATE_DATA_DIR to a folder. Nothing was "
        "read or changed.",
        "1 problem, 1 left to fix",
    ]
    assert sorted(os.listdir(tmp_path)) == before

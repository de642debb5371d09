"""CALLMATE_PLAYBOOKS held to the rules of CALLMATE_DATA_DIR, and `callmate playbooks` one line
per playbook.

The reviewer's repros: `CALLMATE_PLAYBOOKS=team` was read relative to the current folder (a
relative CALLMATE_DATA_DIR is refused); a folder that does not exist was passed over silently;
a playbook file named `$'nl\\nname.yaml'` split the listing over two lines; a FIFO or a link
that leads nowhere among the playbooks was left out without a word.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import SMALL_PLAYBOOK, Run


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "mine.yaml").write_text(SMALL_PLAYBOOK.replace("name: small", "name: mine"))
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(folder))
    return folder


def test_a_relative_playbook_folder_is_refused_like_a_relative_data_folder(
    run: Run, team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(team.parent)
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", "team")
    for argv in (("playbooks",), ("history",)):
        with pytest.raises(SystemExit) as stopped:
            run(*argv)
        message = str(stopped.value)
        assert message.startswith("callmate: error: CALLMATE_PLAYBOOKS is 'team', which is not")
        assert "\n" not in message


def test_a_missing_playbook_folder_is_said(run: Run, team: Path, monkeypatch) -> None:
    missing = team.parent / "gone"
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", f"{team}{os.pathsep}{missing}")
    listed = run("playbooks")
    assert listed.code == 0
    assert listed.err == (
        f"callmate: warning: CALLMATE_PLAYBOOKS names {missing}, which does not exist: no "
        "playbook is taken from it\n"
    )
    assert "mine" in listed.out


def test_every_playbook_is_one_line_and_what_is_left_out_is_said(run: Run, team: Path) -> None:
    (team / "nl\nname.yaml").write_text((team / "mine.yaml").read_text())
    os.mkfifo(team / "waiting.yaml")
    os.symlink(team / "nowhere.yaml", team / "dangling.yaml")
    os.symlink(team / "mine.yaml", team / "linked.yaml")
    listed = run("playbooks")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert not any(line.startswith("name") for line in lines), listed.out
    (row,) = [line for line in lines if line.startswith("nl\\nname")]
    assert row.endswith(f"{team}/nl\\nname.yaml")
    assert any(line.startswith("linked ") for line in lines)  # a link to a file is a playbook
    said = listed.err.splitlines()
    assert (
        f"callmate: warning: {team / 'waiting.yaml'} is left out of the playbooks: it is a FIFO"
        in "\n".join(said)
    )
    assert any(
        line.startswith(f"callmate: warning: {team / 'dangling.yaml'} is left out of the playbooks")
        for line in said
    )
    assert len(said) == 2, listed.err

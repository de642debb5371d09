"""Small things that make authoring easier: titles and broken files in `callmate playbooks`, the
shipped format reference, a warning when a new playbook hides a bundled one, the schema file for a
team folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callmate.cli import main
from callmate.core.catalog import bundled_dir
from callmate.core.playbook_status import statuses
from callmate.core.schema import playbook_schema

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(data_dir: Path) -> Path:
    path = data_dir / "playbooks"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_playbooks_shows_titles_and_marks_a_broken_file_with_its_first_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = folder / "broken.yaml"
    broken.write_text("format: 1\nname: broken\ntitle: Half done\nobjective: x\n")
    assert main(["playbooks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("broken ")))
    assert lines[at + 1].strip() == (
        "BROKEN, fix before use: line 1, column 1: the playbook needs 'sections:', a list of the "
        f"call's parts in order (callmate validate {broken})"
    )
    at = lines.index(next(line for line in lines if line.startswith("follow-up ")))
    assert lines[at + 1].strip() == "Follow-up on what we sent"


def test_statuses_give_the_picker_what_it_needs(folder: Path) -> None:
    (folder / "broken.yaml").write_text("format: 1\nname: broken\ntitle: Half done\n")
    found = {s.entry.name: s for s in statuses()}
    assert not found["broken"].usable
    assert found["broken"].title == "Half done"
    assert found["broken"].first_error is not None
    assert found["first-discovery"].usable and found["first-discovery"].title


def test_new_warns_when_it_hides_a_bundled_playbook(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "follow-up"]) == 0
    out, err = capsys.readouterr()
    assert out == f"{folder / 'follow-up.yaml'}\n"
    assert err == (
        "callmate: warning: 'follow-up' is also the name of a bundled playbook: this file is "
        "used instead of it from now on; choose another name to keep both (the bundled one "
        f"stays at {bundled_dir() / 'follow-up.yaml'})\n"
    )


def test_new_with_a_fresh_name_says_nothing_more(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "renewal"]) == 0
    assert capsys.readouterr().err == ""


def test_docs_prints_the_format_reference_that_ships_in_the_package(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["docs"]) == 0
    out = capsys.readouterr().out
    assert out == (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    assert main(["docs", "scoring", "--path"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == "scoring.md" and path.is_file()


def test_the_starter_points_at_the_shipped_reference(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["new", "renewal"])
    text = (folder / "renewal.yaml").read_text()
    assert "`callmate docs` shows the whole format reference" in text
    assert "callmate schema --write FOLDER" in text


def test_schema_write_puts_the_schema_file_in_a_team_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    assert main(["schema", "--write", str(team)]) == 0
    assert capsys.readouterr().out == f"{team / 'playbook.schema.json'}\n"
    assert json.loads((team / "playbook.schema.json").read_text()) == playbook_schema()


def test_schema_write_refuses_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--write", str(tmp_path / "nope")]) == 1
    assert capsys.readouterr().err == f"callmate: error: {tmp_path / 'nope'} is not a folder\n"

"""`callmate schema` and `callmate new`: a starter that validates, never a lost file."""

from __future__ import annotations

import argparse
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from callmate.commands import authoring
from callmate.core.catalog import bundled_dir, list_playbooks
from callmate.core.playbook_loader import check_playbook
from callmate.core.schema import playbook_schema
from callmate.core.yaml_source import load_yaml_file

REPO = Path(__file__).resolve().parents[2]
SHORTHAND = (REPO / "tests" / "data" / "playbooks" / "valid" / "shorthand.yaml").read_text()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the authoring commands as `callmate` would, through their own argument parser."""
    parser = argparse.ArgumentParser(prog="callmate")
    authoring.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(data_dir: Path) -> Path:
    """Where `callmate new` writes: the user's playbook folder inside the test's data folder."""
    return data_dir / "playbooks"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A permissive umask, to show the modes come from callmate and not from the user's umask."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- callmate schema ------------------------------------------------------------------------------


def test_schema_prints_the_schema_as_indented_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["schema"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out) == playbook_schema()
    assert out.startswith('{\n  "$schema": ')
    assert out.endswith("}\n")


def test_docs_copy_is_exactly_the_printed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["schema"], capsys)
    assert (REPO / "docs" / "playbook.schema.json").read_text(encoding="utf-8") == out


# -- callmate new: the starter ---------------------------------------------------------------------


def test_new_writes_a_starter_that_validates_with_no_problem(
    folder: Path, capsys: pytest.CaptureFixture[str], open_umask: None
) -> None:
    code, out, err = run(["new", "referral-intro"], capsys)
    path = folder / "referral-intro.yaml"
    assert (code, out, err) == (0, f"{path}\n", "")
    playbook, problems = check_playbook(path)
    assert problems == []
    assert playbook is not None and playbook.name == "referral-intro"
    assert playbook.title == "Referral intro"
    assert Draft202012Validator(playbook_schema()).is_valid(yaml.safe_load(path.read_text()))
    assert (mode(path), mode(folder), mode(folder.parent)) == (0o600, 0o700, 0o700)


def test_starter_points_editors_at_the_schema_beside_it(
    folder: Path, capsys: pytest.CaptureFixture[str], open_umask: None
) -> None:
    run(["new", "referral-intro"], capsys)
    text = (folder / "referral-intro.yaml").read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=playbook.schema.json"
    schema_file = folder / "playbook.schema.json"
    assert schema_file.read_text(encoding="utf-8") == authoring.schema_text()
    assert mode(schema_file) == 0o600
    assert f"callmate validate {folder / 'referral-intro.yaml'}" in text


def test_starter_is_found_by_its_name(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["new", "referral-intro"], capsys)
    entries = {e.name: e for e in list_playbooks()}
    assert entries["referral-intro"].path == folder / "referral-intro.yaml"
    assert entries["referral-intro"].origin == "user"
    assert "playbook" not in entries  # the schema file is not mistaken for a playbook


def test_private_folder_that_exists_is_tightened(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    assert run(["new", "referral-intro"], capsys)[0] == 0
    assert mode(folder) == 0o700


@pytest.mark.parametrize("name", ["yes", "0x1f", "2026", "null", "on"])
def test_names_yaml_would_misread_are_quoted(
    name: str, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["new", name], capsys)[0] == 0
    path = folder / f"{name}.yaml"
    data = load_yaml_file(path).data
    assert (data["name"], data["title"]) == (name, name.capitalize())
    assert check_playbook(path)[1] == []


# -- refusing to overwrite, and --force -----------------------------------------------------------


def test_new_never_overwrites_without_force(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["new", "referral-intro"], capsys)
    path = folder / "referral-intro.yaml"
    path.write_text("# my own edits\n", encoding="utf-8")
    code, out, err = run(["new", "referral-intro"], capsys)
    assert (code, out) == (1, "")
    assert err == f"callmate: error: {path} already exists; use --force to replace it\n"
    assert path.read_text(encoding="utf-8") == "# my own edits\n"


def test_an_existing_yml_file_counts_as_taken(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder.mkdir(parents=True)
    taken = folder / "referral-intro.yml"
    taken.write_text("# theirs\n", encoding="utf-8")
    code, _, err = run(["new", "referral-intro"], capsys)
    assert code == 1 and str(taken) in err
    assert not (folder / "referral-intro.yaml").exists()


def test_force_replaces_the_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["new", "referral-intro"], capsys)
    path = folder / "referral-intro.yaml"
    starter = path.read_text(encoding="utf-8")
    path.write_text("# my own edits\n", encoding="utf-8")
    path.chmod(0o644)
    code, out, err = run(["new", "referral-intro", "--force"], capsys)
    assert (code, out, err) == (0, f"{path}\n", "")
    assert path.read_text(encoding="utf-8") == starter
    assert mode(path) == 0o600


# -- bad names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Referral", "referral_intro", "-x", "a b", "../escape", ""])
def test_bad_names_are_refused(name: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["new", "--", name], capsys)
    assert (code, out) == (1, "")
    assert err.startswith(f"callmate: error: '{name}' is not a playbook name: ")
    assert "lowercase letters, digits and dashes" in err
    assert not folder.exists()


def test_missing_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["new"], capsys)
    assert exit_info.value.code == 2


# -- --from ---------------------------------------------------------------------------------------


def test_from_a_bundled_name_copies_it_renamed(
    folder: Path, capsys: pytest.CaptureFixture[str], open_umask: None
) -> None:
    code, out, err = run(["new", "my-discovery", "--from", "first-discovery"], capsys)
    path = folder / "my-discovery.yaml"
    assert (code, out, err) == (0, f"{path}\n", "")
    source = bundled_dir() / "first-discovery.yaml"
    copied, original = load_yaml_file(path).data, load_yaml_file(source).data
    assert copied == {**original, "name": "my-discovery"}
    assert check_playbook(path)[0] is not None
    found = [(p.line, p.col, p.message) for p in check_playbook(path)[1]]
    assert found == [(p.line, p.col, p.message) for p in check_playbook(source)[1]]
    assert mode(path) == 0o600
    text, source_text = path.read_text(encoding="utf-8"), source.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=playbook.schema.json"
    # Only the name line and the modeline change: the trainer's comments and layout stay.
    changed = [
        (a, b) for a, b in zip(text.splitlines(), source_text.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        (text.splitlines()[0], source_text.splitlines()[0]),
        ("name: my-discovery", "name: first-discovery"),
    ]


def test_from_a_path_adds_the_modeline_and_keeps_comments(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "team.yaml"
    original = SHORTHAND
    source.write_text(original, encoding="utf-8")
    code, out, _ = run(["new", "team-copy", "--from", str(source)], capsys)
    path = folder / "team-copy.yaml"
    assert (code, out) == (0, f"{path}\n")
    text = path.read_text(encoding="utf-8")
    assert text == "# yaml-language-server: $schema=playbook.schema.json\n" + original.replace(
        "name: shorthand", "name: team-copy"
    )
    assert check_playbook(path)[1] == []


def test_from_renames_a_quoted_name_and_keeps_its_comment(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "quoted.yaml"
    source.write_text(SHORTHAND.replace("name: shorthand", "name: 'shorthand'  # quoted"))
    assert run(["new", "yes", "--from", str(source)], capsys)[0] == 0
    copied = (folder / "yes.yaml").read_text(encoding="utf-8")
    assert 'name: "yes"  # quoted\n' in copied
    assert load_yaml_file(folder / "yes.yaml").data["name"] == "yes"


def test_from_refuses_a_name_it_cannot_rewrite_in_place(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "folded.yaml"
    source.write_text(SHORTHAND.replace("name: shorthand", "name: >-\n  shorthand"))
    assert check_playbook(source)[0] is not None
    code, out, err = run(["new", "mine", "--from", str(source)], capsys)
    assert (code, out) == (1, "")
    assert err == (
        f"callmate: error: could not change the name in {source} safely; copy it by hand\n"
    )
    assert not (folder / "mine.yaml").exists()


def test_from_an_unknown_playbook_fails_and_names_what_exists(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["new", "mine", "--from", "no-such-playbook"], capsys)
    assert (code, out) == (1, "")
    assert "no playbook named 'no-such-playbook'" in err and "first-discovery" in err
    assert not (folder / "mine.yaml").exists()


def test_from_a_broken_playbook_fails_with_its_errors(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = REPO / "tests" / "data" / "playbooks" / "invalid" / "format_2.yaml"
    code, out, err = run(["new", "mine", "--from", str(broken)], capsys)
    assert (code, out) == (1, "")
    assert f"{broken}:2:9: error: this callmate reads playbook format 1" in err
    assert not (folder / "mine.yaml").exists()


def test_from_a_file_that_is_not_yaml_fails_cleanly(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = REPO / "tests" / "data" / "yaml" / "binary.yaml"
    code, _, err = run(["new", "mine", "--from", str(binary)], capsys)
    assert code == 1
    assert err.startswith("callmate: error: ") and "binary file" in err
    assert "Traceback" not in err


def test_copy_of_itself_with_force_keeps_the_data(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["new", "mine"], capsys)
    path = folder / "mine.yaml"
    before = load_yaml_file(path).data
    code, _, _ = run(["new", "mine", "--from", "mine", "--force"], capsys)
    assert code == 0
    assert load_yaml_file(path).data == before


def test_warns_when_a_team_folder_shadows_the_new_file(
    tmp_path: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "mine.yaml").write_text((bundled_dir() / "follow-up.yaml").read_text())
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(team))
    code, out, err = run(["new", "mine"], capsys)
    assert (code, out) == (0, f"{folder / 'mine.yaml'}\n")
    assert err == (
        f"callmate: warning: 'mine' from {team / 'mine.yaml'} (CALLMATE_PLAYBOOKS) is used "
        "instead of this file\n"
    )

"""The command line's promises: --help everywhere, exit codes 0/1/2, errors before any screen."""

from __future__ import annotations

import pytest

from callmate.cli import build_parser, main
from tests.conftest import SMALL_PLAYBOOK

_SUB = build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
COMMANDS_REGISTERED = sorted(_SUB.choices)
COMMANDS = COMMANDS_REGISTERED


def test_the_issue_commands_exist():
    for name in (
        "call",
        "playbooks",
        "validate",
        "history",
        "schema",
        "new",
        "preview",
        "followups",
        "show",
        "export",
        "import",
        "stats",
        "practice",
        "score",
    ):
        assert name in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage: callmate" in capsys.readouterr().out


def test_usage_error_is_2(capsys):
    with pytest.raises(SystemExit) as done:
        main(["call", "--no-such-flag"])
    assert done.value.code == 2


@pytest.mark.parametrize("command", ["call", "preview"])
def test_broken_playbook_prints_located_errors_and_exits_1(command, tmp_path, data_dir, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        SMALL_PLAYBOOK.replace(
            "    questions:\n      - id: time_ok", "    qestions:\n      - id: time_ok"
        )
    )
    args = (
        ["call", "--playbook", str(broken), "--prospect", "Pat"]
        if command == "call"
        else ["preview", str(broken)]
    )
    assert main(args) == 1
    out = capsys.readouterr().out
    assert f"{broken}:" in out and "did you mean 'questions'" in out


def test_unknown_playbook_name_lists_the_available_ones(data_dir, capsys):
    assert main(["call", "--playbook", "nope", "--prospect", "Pat"]) == 1
    assert "first-discovery" in capsys.readouterr().err


def test_blank_prospect_is_refused(data_dir, capsys):
    assert main(["call", "--prospect", "  "]) == 1
    assert "prospect" in capsys.readouterr().err


def test_playbooks_shows_origin_and_shadowing(tmp_path, data_dir, monkeypatch, capsys):
    team = tmp_path / "team"
    team.mkdir()
    (team / "first-discovery.yaml").write_text(
        SMALL_PLAYBOOK.replace("name: small", "name: first-discovery")
    )
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(team))
    assert main(["playbooks"]) == 0
    out = capsys.readouterr().out
    assert "first-discovery  CALLMATE_PLAYBOOKS" in out
    bundled = next(line for line in out.splitlines() if "shadows" in line)
    assert bundled.rstrip().endswith("first-discovery.yaml") and str(team) not in bundled


def test_every_registered_command_is_routed_to_its_module():
    from callmate.cli import COMMANDS

    assert set(COMMANDS) == set(COMMANDS_REGISTERED)  # the full parser registers exactly these
    for command, module in COMMANDS.items():
        single = build_parser(command)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert command in single, (command, module)


def test_a_stop_while_a_dataclass_is_made_ends_like_any_stop(monkeypatch, capsys):
    """Python 3.11 wraps what __set_name__ raises (a stop arriving while an imported module makes
    a dataclass) in a RuntimeError; the command line still ends as stopped, no traceback."""
    import signal
    from dataclasses import dataclass, field

    from callmate import cli
    from callmate.lifeline import Stopped

    class Stopping:
        def __set_name__(self, owner: type, name: str) -> None:
            raise Stopped(signal.SIGTERM)

    def importing(name: str) -> object:
        @dataclass
        class Made:
            value: int = field(default=0)
            stop = Stopping()

        raise AssertionError("the stop never came")

    monkeypatch.setattr(cli, "_module", importing)
    assert main(["playbooks"]) == Stopped(signal.SIGTERM).exit_code
    assert "callmate: stopped" in capsys.readouterr().err
    monkeypatch.setattr(cli, "_module", lambda name: (_ for _ in ()).throw(RuntimeError("x")))
    with pytest.raises(RuntimeError):
        main(["playbooks"])


def test_the_command_line_loads_only_what_the_stop_handling_needs_first():
    """main() installs the stop handling before it imports anything slow: a ctrl+c a moment
    after the start must find it in place, not Python mid-import of typing or argparse (a
    traceback instead of a clean stop)."""
    import subprocess
    import sys

    code = "import sys, callmate.cli; print(sorted({'typing', 'argparse'} & set(sys.modules)))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"

"""`callmate validate`: every problem of every file, located as FILE:LINE:COL, and exit codes.

Each invalid fixture holds one mistake (a few hold the mistakes that follow from it), so the
table below says exactly which lines and columns a trainer's editor would be sent to.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from callmate.cli import main
from callmate.core.playbook_loader import check_playbook

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "tests" / "data" / "playbooks"
INVALID = PLAYBOOKS / "invalid"
WARNINGS = PLAYBOOKS / "warnings"
HOSTILE_YAML = REPO / "tests" / "data" / "yaml"

Expected = list[tuple[int, int, tuple[str, ...]]]

#: Every error the loader must report in each invalid fixture: line, column, words of the message.
ERRORS: dict[str, Expected] = {
    "at_most_on_yes_no.yaml": [(14, 19, ("'at_most' compares numbers", "captures yes_no"))],
    "bad_id.yaml": [(10, 13, ("id 'Budget-Owner'", "must start with a lowercase letter"))],
    "bad_name.yaml": [(3, 7, ("name 'First Discovery'", "lowercase letters, digits and dashes"))],
    "blank_title.yaml": [(4, 8, ("'title' in the playbook is empty",))],
    "branch_unknown_id.yaml": [
        (15, 19, ("'show' names 'budjet_owner'", "did you mean 'budget_owner'")),
        (18, 9, ("question 'budget_owner' is hidden", "no branch rule shows it")),
    ],
    "choice_without_choices.yaml": [
        (10, 9, ("'start_when' captures a choice", "needs 'choices:'", "at least two"))
    ],
    "choices_case_duplicates.yaml": [(13, 18, ("'choices'", "repeats an option"))],
    "choices_on_text.yaml": [(12, 9, ("'choices' only applies to capture: choice",))],
    "cue_unknown_question.yaml": [
        (15, 17, ("'problem' is not a question of this playbook", "did you mean 'problems'?"))
    ],
    "duplicate_ids.yaml": [(15, 13, ("question id 'problems' is used twice", "first at line 10"))],
    "duplicate_section_ids.yaml": [(12, 9, ("section id 'talk' is used twice",))],
    "empty_questions.yaml": [(9, 16, ("section 'Talk' needs 'questions:'", "non-empty"))],
    "empty_sections.yaml": [(6, 11, ("'sections' must be a non-empty list",))],
    "format_2.yaml": [(2, 9, ("reads playbook format 1", "the file says 2"))],
    "goto_later_section.yaml": [(15, 19, ("'goto' can only send the rep back", "'close'"))],
    "goto_loop.yaml": [(15, 19, ("back to 'talk' whatever the answer", "'worth_fixing'"))],
    "goto_unknown_section.yaml": [(15, 19, ("section 'tlak'", "did you mean 'talk'?"))],
    "hidden_unreachable.yaml": [(14, 9, ("'budget_owner' is hidden", "no call can reach it"))],
    "max_days_zero.yaml": [(13, 13, ("'max_days'", "from 1 to 365, found 0"))],
    "negative_weight.yaml": [(14, 13, ("weight for 'agenda' must be a number of 0 or more",))],
    "unknown_criterion.yaml": [(14, 5, ("criterion 'agendda'", "did you mean 'agenda'?"))],
    "extra_check_without_points.yaml": [(15, 7, ("scoring check 1 needs 'points:'",))],
    "minutes_float.yaml": [(6, 10, ("'minutes'", "whole number", "found 30.5"))],
    "missing_prompt.yaml": [(10, 9, ("question 'problems' needs 'prompt:'",))],
    "missing_when.yaml": [(14, 13, ("branch rule 1 of question 'has_budget' needs 'when:'",))],
    "required_wrong_type.yaml": [(12, 19, ("'required'", "yes/no", "found 'sometimes'"))],
    "reserved_id.yaml": [(10, 13, ("'prospect' is a reserved template name",))],
    "rule_without_action.yaml": [(14, 13, ("does nothing", "'show', 'skip' or 'goto'"))],
    "scale_at_most_11.yaml": [(14, 29, ("'at_most' takes a number from 1 to 10, found 11",))],
    "section_not_mapping.yaml": [(7, 5, ("section 1 must be a mapping", "'talk'"))],
    "several_mistakes.yaml": [
        (2, 1, ("the playbook needs 'objective:'",)),
        (13, 17, ("'hidden'", "found 'maybe'")),
        (15, 3, ("unknown key 'suggestion'", "did you mean 'suggestions'?")),
    ],
    "show_earlier.yaml": [(16, 19, ("'show' can only name questions after 'more'",))],
    "signal_wrong_capture.yaml": [(13, 17, ("signal 'decision_maker'", "captures yes_no"))],
    "slot_without_questions.yaml": [(13, 5, ("qualification slot 1 needs 'questions:'",))],
    "template_attribute.yaml": [(13, 17, ("'{problems.__class__}' is not a plain name",))],
    "template_format_spec.yaml": [(13, 13, ("'{0:>100000000}' is not a plain name",))],
    "template_later.yaml": [(11, 17, ("template {problems}", "'problems' is asked later"))],
    "template_unknown_name.yaml": [(13, 17, ("template {problem}", "did you mean 'problems'?"))],
    "unknown_builtin_cue.yaml": [
        (13, 10, ("no built-in cue 'time_nearly_over'", "did you mean 'time_nearly_up'?"))
    ],
    # The misspelling says what to fix; "needs 'questions:'" would say it a second time.
    "unknown_key.yaml": [(9, 5, ("unknown key 'qestions'", "did you mean 'questions'?"))],
    "unmatched_brace.yaml": [(9, 12, ("unmatched '{'", "write '{{'"))],
    "weak_not_in_choices.yaml": [(14, 23, ("weak answer 'someday'", "not one of its choices"))],
    "weak_on_scale.yaml": [(13, 9, ("'weak'", "choice or text questions", "captures scale"))],
    "when_not_in_choices.yaml": [(15, 19, ("'when' value 'next year'", "not one of the choices"))],
    "wrong_capture.yaml": [(12, 18, ("capture 'txt'", "did you mean 'text'?"))],
    "wrong_kind.yaml": [(9, 11, ("kind 'pown'", "did you mean 'powns'?"))],
    "yes_no_maybe.yaml": [(14, 19, ("captures yes/no", "found 'maybe'"))],
}

#: The one methodology warning of each warnings fixture.
WARNINGS_EXPECTED: dict[str, tuple[int, int, tuple[str, ...]]] = {
    "vague-commitment.yaml": (26, 17, ("'start_when' does not refer back",)),
    "no-agenda.yaml": (7, 3, ("no agenda section",)),
    "no-powns.yaml": (7, 3, ("no POWN discovery section",)),
    "no-suggestions.yaml": (2, 1, ("no suggested next steps",)),
    "too-many-required.yaml": (6, 10, ("4 required questions", "6-minute time box")),
}

LOCATED = re.compile(r"^.*?:\d+:\d+: (error|warning):")
SUMMARY = re.compile(r"^(\d+) files? checked: (\d+) errors?, (\d+) warnings?( — .+)?$")


def located(line: str) -> str:
    """The `FILE:LINE:COL: severity:` start of an output line."""
    match = LOCATED.match(line)
    assert match is not None, line
    return match.group(0)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


# -- the loader, fixture by fixture ----------------------------------------------------------------


def test_every_invalid_fixture_has_expectations() -> None:
    assert {p.name for p in INVALID.glob("*.yaml")} == set(ERRORS)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_invalid_fixture_reports_every_error_where_it_is(name: str) -> None:
    path = INVALID / name
    playbook, problems = check_playbook(path)
    assert playbook is None
    expected = ERRORS[name]
    # Methodology warnings come in the same run as the errors; these files are minimal on purpose.
    problems = [p for p in problems if p.severity == "error"]
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for problem, (line, col, words) in zip(problems, expected, strict=True):
        assert str(problem).startswith(f"{path}:{line}:{col}: error: ")
        for word in words:
            assert word in problem.message


def test_every_warnings_fixture_has_expectations() -> None:
    assert {p.name for p in WARNINGS.glob("*.yaml")} == set(WARNINGS_EXPECTED)


@pytest.mark.parametrize("name", sorted(WARNINGS_EXPECTED))
def test_methodology_fixture_loads_with_one_located_warning(name: str) -> None:
    path = WARNINGS / name
    playbook, problems = check_playbook(path)
    assert playbook is not None
    line, col, words = WARNINGS_EXPECTED[name]
    (problem,) = problems
    assert str(problem).startswith(f"{path}:{line}:{col}: warning: ")
    assert all(word in problem.message for word in words)


# -- the command -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(WARNINGS_EXPECTED))
def test_warnings_exit_0_and_strict_makes_them_errors(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(WARNINGS / name)
    line, col, _ = WARNINGS_EXPECTED[name]
    code, lines, err = run(["validate", path], capsys)
    assert (code, err) == (0, "")
    warning, summary = lines
    assert warning.startswith(f"{path}:{line}:{col}: warning: ")
    assert summary == "1 file checked: 0 errors, 1 warning"

    code, lines, err = run(["validate", "--strict", path], capsys)
    assert (code, err) == (1, "")
    assert lines == [
        warning.replace(": warning: ", ": error: ", 1),
        "1 file checked: 1 error, 0 warnings — fix the errors before reps use these files",
    ]


def test_clean_files_exit_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted((REPO / "playbooks").glob("*.yaml"))]
    files += [str(p) for p in sorted((PLAYBOOKS / "valid").glob("*.yaml"))]
    code, lines, err = run(["validate", *files], capsys)
    assert (code, err) == (0, "")
    assert lines == [f"{len(files)} files checked: 0 errors, 0 warnings"]


def test_several_files_report_every_problem_of_every_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    names = ["several_mistakes.yaml", "unknown_key.yaml", "format_2.yaml"]
    files = [PLAYBOOKS / "valid" / "everything.yaml", *(INVALID / n for n in names)]
    files.append(WARNINGS / "no-agenda.yaml")
    code, lines, err = run(["validate", *map(str, files)], capsys)
    assert (code, err) == (1, "")
    expected = [
        f"{INVALID / name}:{line}:{col}: error:" for name in names for line, col, _ in ERRORS[name]
    ]
    assert [located(line) for line in lines[:-1] if ": error:" in line] == expected
    assert f"{WARNINGS / 'no-agenda.yaml'}:7:3: warning:" in map(located, lines[:-1])
    match = SUMMARY.match(lines[-1])
    assert match is not None
    assert match.groups()[:2] == ("5", "5")


def test_all_invalid_fixtures_in_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(INVALID.glob("*.yaml"))
    code, lines, _ = run(["validate", *map(str, files)], capsys)
    total = sum(len(v) for v in ERRORS.values())
    assert code == 1
    assert sum(1 for line in lines if ": error: " in line) == total
    match = SUMMARY.match(lines[-1])
    assert match is not None
    assert match.groups()[:2] == (str(len(files)), str(total))


# -- files that are not YAML playbooks at all ------------------------------------------------------

HOSTILE = sorted(HOSTILE_YAML.glob("*.yaml"))


def test_hostile_yaml_fixtures_are_there() -> None:
    names = {p.name for p in HOSTILE}
    assert {"alias_bomb.yaml", "binary.yaml", "python_tag.yaml", "tabs.yaml"} <= names
    assert len(HOSTILE) >= 20


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_yaml_gives_one_located_error_and_exit_1(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, err = run(["validate", str(path)], capsys)
    assert (code, err) == (1, "")
    (error,) = [line for line in lines[:-1] if ": error: " in line]
    summary = lines[-1]
    match = re.match(rf"^{re.escape(str(path))}:(\d+):(\d+): error: \S", error)
    assert match is not None, error
    line_count = max(1, path.read_bytes().count(b"\n") + 1)
    assert 1 <= int(match.group(1)) <= line_count
    assert summary.startswith("1 file checked: 1 error, ")


def test_all_hostile_files_in_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = run(["validate", *map(str, HOSTILE)], capsys)
    assert (code, err) == (1, "")
    errors = [line for line in lines[:-1] if ": error: " in line]
    assert [line.split(":", 1)[0] for line in errors] == [str(p) for p in HOSTILE]
    assert all(located(line) for line in lines[:-1])
    assert lines[-1].startswith(f"{len(HOSTILE)} files checked: {len(HOSTILE)} errors, ")


def test_missing_file_and_folder_are_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.yaml"
    code, lines, err = run(["validate", str(missing), str(tmp_path)], capsys)
    assert (code, err) == (1, "")
    assert lines[0].startswith(f"{missing}:1:1: error: could not read the file")
    assert lines[1].startswith(f"{tmp_path}:1:1: error: this is a folder")


def test_no_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    assert "FILE" in capsys.readouterr().err


def test_real_entry_point_validates_files() -> None:
    good = PLAYBOOKS / "valid" / "everything.yaml"
    bad = INVALID / "format_2.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "callmate", "validate", str(good), str(bad)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (1, "")
    lines = result.stdout.splitlines()
    assert [line for line in lines if ": error: " in line] == [
        f"{bad}:2:9: error: this callmate reads playbook format 1, the file says 2",
    ]
    assert lines[-1].startswith("2 files checked: 1 error, ")

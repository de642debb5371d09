"""Fix-its a trainer copies as written: the suggestion must be what they meant, not what YAML
made of it; and text that looks like markup is pointed out, since it shows as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.playbook_loader import check_playbook

REPO = Path(__file__).resolve().parents[2]


def playbook(tmp_path: Path, *swaps: tuple[str, str]) -> Path:
    text = (REPO / "playbooks" / "follow-up.yaml").read_text("utf-8")
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "follow-up.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "suggested", "why"),
    [
        ("2026.10", '"2026.10"', "(2026.10 reads as 2026.1)"),
        ("1.50", '"1.50"', "(1.50 reads as 1.5)"),
        ("1.5", '"1.5"', "(2026.10 would read as 2026.1)"),
    ],
)
def test_the_version_fix_it_quotes_the_version_as_written(
    tmp_path: Path, written: str, suggested: str, why: str
) -> None:
    path = playbook(tmp_path, ('version: "1"', f"version: {written}"))
    _, problems = check_playbook(path)
    [problem] = problems
    assert (problem.line, problem.col) == (13, 10)
    assert problem.message == (
        f"write the version in quotes, like version: {suggested}; as a bare number YAML drops "
        f"trailing zeros {why}"
    )

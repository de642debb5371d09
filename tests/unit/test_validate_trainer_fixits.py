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


def test_markup_in_a_prompt_is_a_warning_at_the_tag(tmp_path: Path) -> None:
    path = playbook(
        tmp_path,
        ("prompt: What's taken its place?", 'prompt: "[bold red]What[/] has taken its place?"'),
    )
    _, problems = check_playbook(path)
    markup = [p for p in problems if "markup" in p.message]
    assert [(p.line, p.col, p.severity) for p in markup] == [(73, 18, "warning")]
    assert markup[0].message == (
        "'prompt' in question 'new_priority' looks like markup ([bold red]); callmate shows "
        "text as written, so the rep would see the brackets: take the tags out"
    )
    _, strict = check_playbook(path, strict=True)
    assert [p.severity for p in strict if "markup" in p.message] == ["error"]


@pytest.mark.parametrize(
    "prompt",
    [
        "What is on the list [see notes] for today?",
        "Which of your customer[s] feel it most?",
        "Which option [a] or [b] suits you?",
        "Where does it sit, in [/shared/plans] or elsewhere?",
        "How does the [Budget] line look?",
    ],
)
def test_plain_words_in_brackets_are_not_called_markup(tmp_path: Path, prompt: str) -> None:
    path = playbook(tmp_path, ("prompt: What's taken its place?", f'prompt: "{prompt}"'))
    _, problems = check_playbook(path)
    assert problems == []


@pytest.mark.parametrize(
    ("prompt", "tag"),
    [
        ("[b]Now[/b], what has taken its place?", "[b]"),
        ("What [/] has taken its place?", "[/]"),
        ("See [link=https://example.com]our page[/link]", "[link=https://example.com]"),
        ("What has [on yellow]taken[/] its place?", "[on yellow]"),
    ],
)
def test_each_kind_of_markup_tag_is_named(tmp_path: Path, prompt: str, tag: str) -> None:
    path = playbook(tmp_path, ("prompt: What's taken its place?", f'prompt: "{prompt}"'))
    _, problems = check_playbook(path)
    assert [p.message.split("(")[1].split(")")[0] for p in problems] == [tag]


def test_markup_in_a_persona_reply_is_a_warning_at_the_tag(tmp_path: Path) -> None:
    from callmate.core.persona_loader import check_persona

    folder = tmp_path / "personas"
    folder.mkdir()
    text = (REPO / "playbooks" / "personas" / "busy-sceptic.yaml").read_text("utf-8")
    old = 'agenda: "Fine. Keep it short."'
    assert old in text
    path = folder / "busy-sceptic.yaml"
    path.write_text(text.replace(old, 'agenda: "Fine. [italic]Keep it short.[/italic]"'), "utf-8")
    _, problems = check_persona(path)
    assert [(p.line, p.col, p.severity) for p in problems] == [(36, 18, "warning")]
    assert "reply 'agenda' looks like markup ([italic])" in problems[0].message

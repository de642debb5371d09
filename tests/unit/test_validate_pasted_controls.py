"""A trainer's pasted control characters: named where they are, shown visibly, never fatal.

A title holding U+202E must not reverse `validate`'s own line when the message quotes it, and an
ESC pasted from a terminal into one prompt must not stop the rest of the file being checked (as
"a binary file" did): every problem still comes in one run, for playbooks and personas alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.cli import main
from callmate.core.problems import visible

REPO = Path(__file__).resolve().parents[2]
#: Every character a terminal acts on or hides rather than shows.
UNSHOWN = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))] + [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]


def validate(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(path.parent / "data"))
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert not any(ch in out for ch in UNSHOWN), repr(out)
    return out.splitlines()


def playbook_text(tmp_path: Path, name: str, *swaps: tuple[str, str]) -> Path:
    text = (REPO / "playbooks" / "follow-up.yaml").read_text("utf-8")
    text = text.replace("name: follow-up", f"name: {name}", 1)
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_quoted_title_shows_its_direction_override_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = playbook_text(
        tmp_path, "rlo", ("    title: Pick up where we left off", "    title: Deci\u202esion")
    )
    lines = validate(path, capsys, monkeypatch)
    assert lines[0].startswith(
        f"{path}:55:16: error: 'title' in section 'Deci<U+202E>sion' holds U+202E "
        "(right-to-left override)"
    )


def test_a_pasted_escape_is_named_where_it_is_and_the_rest_is_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = playbook_text(
        tmp_path,
        "pasted",
        ("prompt: What's taken its place?", "prompt: What's \x1b[31mtaken its place?"),
        ("    title: Pick up where we left off", "    title: Deci\u202esion"),
        ("capture: list", "capture: lists"),
        ("# ", "# \x1b[0m"),
    )
    lines = validate(path, capsys, monkeypatch)
    assert not any("binary" in line for line in lines)
    located = [line.split(": error: ")[0].removeprefix(f"{path}:") for line in lines[:-1]]
    assert located == ["1:3", "55:16", "73:24", "130:18"]
    assert "holds ESC (the start of a terminal escape sequence)" in lines[0]
    assert "outside any text" in lines[0]
    assert "'title' in section 'Deci<U+202E>sion' holds U+202E" in lines[1]
    assert "'prompt' in question 'new_priority' holds ESC (the start" in lines[2]
    assert "capture 'lists' in question 'page_notes' is not known" in lines[3]


def test_a_file_that_is_really_binary_is_still_called_binary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = playbook_text(tmp_path, "nul", ("prompt: What's taken", "prompt: What's\x00 taken"))
    lines = validate(path, capsys, monkeypatch)
    assert lines[0] == (
        f"{path}:73:23: error: this looks like a binary file, not YAML: it contains the control "
        "character 0x00; a playbook must be plain text"
    )


def test_a_persona_with_a_pasted_escape_and_an_override_is_checked_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "personas"
    folder.mkdir()
    text = (REPO / "playbooks" / "personas" / "busy-sceptic.yaml").read_text("utf-8")
    for old, new in [
        ("role: Head of operations", "role: Head of \u202eoperations"),
        ('agenda: "Fine. Keep it short."', 'agenda: "Fine. \x1b]0;pwned\x07Keep it short."'),
        ("decides: true", "decides: maybe"),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    path = folder / "busy-sceptic.yaml"
    path.write_bytes(text.encode("utf-8"))
    lines = validate(path, capsys, monkeypatch)
    assert not any("binary" in line for line in lines)
    assert [line.split(": ")[0].removeprefix(f"{path}:") for line in lines[:-1]] == [
        "14:15",
        "16:10",
        "36:18",
    ]
    assert "'role' in the persona holds U+202E" in lines[0]
    assert "'decides' in the persona must be yes/no" in lines[1]
    assert "holds ESC (the start of a terminal escape sequence)" in lines[2]


@pytest.mark.parametrize("char", UNSHOWN)
def test_visible_writes_every_unshown_character_out(char: str) -> None:
    shown = visible(f"a{char}b")
    assert shown == f"a<U+{ord(char):04X}>b"

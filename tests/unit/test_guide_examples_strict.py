"""Every complete example in the README and the guides passes `validate --strict`.

A trainer copies the guide's example to start from: if the format's own example is refused by
`--strict` (as it was, for a `their_part` question without its signal), the guide teaches a
playbook the team's checks turn away.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callmate.cli import main

REPO = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"```ya?ml\n(.*?)```", re.DOTALL)


def complete_examples() -> list[tuple[str, int, str]]:
    """Each YAML block that is a whole file (it says its `format:` at the top level), with the
    document and line it starts on."""
    found = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            block = match.group(1)
            if re.search(r"^format:", block, re.MULTILINE):
                line = text.count("\n", 0, match.start()) + 2
                found.append((doc.name, line, block))
    return found


EXAMPLES = complete_examples()


def test_the_guides_hold_their_complete_examples() -> None:
    assert [name for name, _, _ in EXAMPLES].count("playbook-format.md") >= 1
    assert [name for name, _, _ in EXAMPLES].count("personas.md") >= 1


@pytest.mark.parametrize(
    ("doc", "line", "example"), EXAMPLES, ids=[f"{d}:{n}" for d, n, _ in EXAMPLES]
)
def test_every_complete_example_passes_validate_strict(
    doc: str,
    line: int,
    example: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(tmp_path / "data"))
    name = re.search(r"^name:\s*(\S+)", example, re.MULTILINE)
    assert name is not None, f"{doc}:{line}: the example has no name"
    folder = tmp_path / ("personas" if re.search(r"^kind:\s*persona", example, re.M) else "pb")
    folder.mkdir()
    path = folder / f"{name.group(1)}.yaml"
    path.write_text(example, encoding="utf-8")
    code = main(["validate", "--strict", str(path)])
    out = capsys.readouterr().out
    assert (code, out) == (0, "1 file checked: 0 errors, 0 warnings\n"), f"{doc}:{line}\n{out}"

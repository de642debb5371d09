"""Rules about the shape of the code that a reader relies on: the domain core stands alone.

The core (playbooks, the session and its gate, judgement, scoring) must be usable and testable
without a terminal or a data folder, so it may import neither Textual nor the store, the screens,
the commands, the exports nor the team side.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_CORE = (
    "textual",
    "rich",
    "tinydb",
    "callmate.store",
    "callmate.tui",
    "callmate.commands",
    "callmate.export",
    "callmate.team",
)


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize(
    "path", sorted((REPO / "callmate" / "core").glob("*.py")), ids=lambda p: p.name
)
def test_the_core_imports_no_ui_store_or_outside_layer(path: Path) -> None:
    bad = sorted(
        module
        for module in imported_modules(path)
        if any(module == f or module.startswith(f + ".") for f in FORBIDDEN_IN_CORE)
    )
    assert bad == [], f"{path.relative_to(REPO)} imports {bad}"


def test_the_rule_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom callmate.store.paths import data_dir\n", encoding="utf-8")
    assert "callmate.store.paths" in imported_modules(sample)

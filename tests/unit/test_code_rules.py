"""Rules about the shape of the code that a reader relies on: the domain core stands alone.

The core (playbooks, the session and its gate, judgement, scoring) must be usable and testable
without a terminal or a data folder, so it may import neither Textual nor the store, the screens,
the commands, the exports nor the team side.
"""

from __future__ import annotations

import ast
import subprocess
import sys
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


#: The only modules that change a call record: the session during the call, ended_call after.
RECORD_WRITERS = {"core/session.py", "core/ended_call.py", "core/call_record.py"}
MUTATORS = {"append", "extend", "pop", "remove", "clear", "update", "setdefault", "insert"}


def _is_record(node: ast.AST) -> bool:
    """`record`, `x.record`, or anything reached from them (`record.answers["q"].value`)."""
    while isinstance(node, ast.Subscript | ast.Attribute):
        if isinstance(node, ast.Attribute) and node.attr == "record":
            return True
        node = node.value
    return isinstance(node, ast.Name) and node.id == "record"


def _inside_record(target: ast.AST) -> bool:
    """A target that changes a record's content: an item or a field reached from a record."""
    return isinstance(target, ast.Subscript | ast.Attribute) and _is_record(target.value)


def record_writes(path: Path) -> list[int]:
    lines: list[int] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = list(node.targets)
        flat = [e for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
        if any(_inside_record(t) for t in flat):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
            and _is_record(node.func.value)
        ):
            lines.append(node.lineno)
    return lines


def test_nothing_outside_the_session_changes_a_call_record() -> None:
    package = REPO / "callmate"
    found = {
        f"{path.relative_to(package).as_posix()}:{line}"
        for path in package.rglob("*.py")
        if path.relative_to(package).as_posix() not in RECORD_WRITERS
        for line in record_writes(path)
    }
    assert found == set()


def test_the_record_rule_sees_a_write(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'session.record.draft = "x"\nrecord.answers["q"].value = 1\n'
        "record.pauses.append(1)\nsession.record.notes[0].text = 2\n"
        "record.status, other = 1, 2\ndel record.answers['q']\nrecord.revision += 1\n"
        "self.record = record\nrecord = other\nvalue = record.answers\n",
        encoding="utf-8",
    )
    assert sorted(record_writes(sample)) == [1, 2, 3, 4, 5, 6, 7]


def undocumented_dataclasses(path: Path) -> list[str]:
    """Dataclasses in ``path`` without a docstring, as name:line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ClassDef) or ast.get_docstring(node) is not None:
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(target, ast.Name) and target.id in {"dataclass", "immutable"}:
                found.append(f"{node.name}:{node.lineno}")
    return found


def test_every_dataclass_says_what_it_is() -> None:
    """A dataclass without a docstring gets one made from inspect.signature when its class is
    created: about a third of a millisecond each, paid on every start for the ones loaded
    before the first question (and the reader is owed a line anyway)."""
    package = REPO / "callmate"
    found = [
        f"{path.relative_to(package).as_posix()}:{name}"
        for path in sorted(package.rglob("*.py"))
        for name in undocumented_dataclasses(path)
    ]
    assert found == []


def test_the_docstring_rule_sees_a_bare_dataclass(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "@dataclass\nclass A:\n    x: int\n\n"
        "@dataclass(frozen=True)\nclass B:\n    y: int\n\n"
        '@dataclass\nclass C:\n    """Said."""\n\n    z: int\n\n'
        "class D:\n    w: int\n\n@immutable\nclass E:\n    v: int\n",
        encoding="utf-8",
    )
    assert undocumented_dataclasses(sample) == ["A:2", "B:6", "E:19"]


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_mypy_is_clean_and_strict_for_the_core_and_the_store() -> None:
    strict = _mypy("--strict", "callmate/core", "callmate/store", "callmate/locations.py")
    assert strict.returncode == 0, strict.stdout + strict.stderr
    everything = _mypy("callmate")
    assert everything.returncode == 0, everything.stdout + everything.stderr


def test_an_immutable_field_cannot_be_assigned_for_mypy(tmp_path: Path) -> None:
    """`@immutable` is plain at run time, so the type check is what keeps values read-only."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from callmate.core.immutable import immutable\n\n\n"
        '@immutable\nclass Value:\n    """A value."""\n\n    x: int\n\n\n'
        "value = Value(1)\nvalue.x = 2\n",
        encoding="utf-8",
    )
    found = _mypy("--strict", str(sample))
    assert found.returncode == 1
    assert 'Property "x" defined in "Value" is read-only' in found.stdout, found.stdout

"""The domain core and the store must work without Textual, so they stay testable and reusable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE_MODULES = sorted(
    f"callmate.{p.parent.name}.{p.stem}"
    for folder in ("core", "store")
    for p in (Path(__file__).parents[2] / "callmate" / folder).glob("*.py")
    if p.stem != "__init__"
)


def test_there_are_core_modules_to_check():
    assert "callmate.core.session" in CORE_MODULES
    assert "callmate.store.store" in CORE_MODULES


@pytest.mark.parametrize("group", ["core", "store"])
def test_core_imports_no_textual(group):
    modules = [m for m in CORE_MODULES if m.startswith(f"callmate.{group}.")]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "", f"{group} pulled in Textual: {result.stdout}"

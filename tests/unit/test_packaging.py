"""A non-editable install must carry the bundled playbooks and the screens' stylesheets."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_contains_playbooks_and_tcss(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("callmate-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for playbook in (REPO / "playbooks").glob("*.yaml"):
        assert f"callmate/bundled/{playbook.name}" in names
    for guide in [*(REPO / "docs").glob("*.md"), *(REPO / "docs").glob("*.json")]:
        assert f"callmate/guides/{guide.name}" in names  # `callmate docs` after pip install
    for tcss in (REPO / "callmate").rglob("*.tcss"):
        assert tcss.relative_to(REPO).as_posix() in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_ruff_is_clean():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--output-format",
            "concise",
            "callmate",
            "tests",
            "benchmarks",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

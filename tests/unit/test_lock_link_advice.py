"""A save refused because calls/ID.lock is a link says so, and what fixes it.

The reviewer's repro: `ln -s elsewhere DATA/calls/ID.lock`; `followups mark ID kept` and
`score --feedback` failed, rightly, but ended "free some disk space or check that the folder
can be written to", which no free space fixes.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import Run
from tests.unit.test_after_call_cli import calls

__all__ = ["calls"]  # the fixture, used by name


def test_a_linked_lock_is_said_as_a_link_with_doctors_repair(
    run: Run, data_dir: Path, tmp_path: Path, calls: dict[str, str]
) -> None:
    elsewhere = tmp_path / "elsewhere.lock"
    for role in ("overdue", "practice"):
        os.symlink(elsewhere, data_dir / "calls" / f"{calls[role]}.lock")
    for argv in (
        ("followups", "mark", calls["overdue"], "kept"),
        ("score", calls["practice"], "--feedback", "slow down"),
    ):
        failed = run(*argv)
        assert failed.code == 1
        assert "symbolic link, which callmate will not follow" in failed.err, failed.err
        assert "`callmate doctor --repair`" in failed.err
        assert "disk space" not in failed.err
        assert len(failed.err.splitlines()) == 1
    assert not elsewhere.exists()
    assert run("doctor", "--repair").code == 0
    assert run("followups", "mark", calls["overdue"], "kept").code == 0
    assert run("score", calls["practice"], "--feedback", "slow down").code == 0

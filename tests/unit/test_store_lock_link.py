"""A link planted as index.lock: the warning says the lock is a link and what removes it.

It said "lists may be incomplete until that folder can be written to again", which the rep
cannot act on: the folder is writable, the lock is a link that waiting never removes.
"""

from __future__ import annotations

from pathlib import Path

from callmate.store import Store
from tests.conftest import Run
from tests.records import call_record


def test_a_linked_index_lock_is_named_as_a_link(run: Run, data_dir: Path, tmp_path: Path):
    Store(data_dir).save(call_record("call-1", status="completed"))
    lock = data_dir / "index.lock"
    lock.unlink(missing_ok=True)
    target = tmp_path / "elsewhere.lock"
    lock.symlink_to(target)
    result = run("history")
    assert result.code == 0 and "call-1" in result.out
    assert result.err == (
        f"callmate: warning: Could not check the list of calls in {data_dir}: {lock} is a "
        "symbolic link, which callmate never follows inside its data folder; `callmate doctor "
        "--repair` removes it. Lists are made from the call files until then.\n"
    )
    assert not target.exists()  # nothing was created or written through the link

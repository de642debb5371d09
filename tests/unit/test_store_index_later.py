"""A save whose index update waits (a new call's first save, so its question shows sooner).

The call file is written at once; the index follows with write_deferred_index(), the call's next
save or the exit checkpoint. Until then the save's pending marker stays, so a crash in between
is the crash mid-save the store already recovers from: the next start indexes the call.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from callmate.store import Store
from tests.unit.test_store import make_record

REPO = Path(__file__).resolve().parents[2]


def markers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "calls").glob("*.pending"))


def open_ids(store: Store) -> list[str]:
    return [row["id"] for row in store.in_progress()]


def test_the_call_file_is_written_at_once_and_the_index_on_request(tmp_path: Path) -> None:
    store = Store(tmp_path)
    record = make_record()
    store.save(record, index_later=True)
    assert store.load("call-1") == record  # on disk now
    assert open_ids(store) == []  # not listed yet
    assert markers(tmp_path) == [f"call-1.{os.getpid()}.pending"]
    store.write_deferred_index()
    assert open_ids(store) == ["call-1"]
    assert markers(tmp_path) == []
    store.write_deferred_index()  # nothing left: nothing done
    assert open_ids(store) == ["call-1"]


def test_a_later_save_writes_the_index_and_the_deferred_summary_is_dropped(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record(), index_later=True)
    store.save(make_record(status="completed", ended="2026-03-02T10:30:00+01:00"))
    assert markers(tmp_path) == []
    store.write_deferred_index()  # must not bring back the first save's "in progress"
    assert open_ids(store) == []
    (row,) = store.summaries()
    assert row["status"] == "completed"
    assert open_ids(Store(tmp_path)) == []


def test_the_exit_checkpoint_writes_what_was_put_off(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(make_record(), index_later=True)
    store.checkpoint()
    assert markers(tmp_path) == []
    assert open_ids(Store(tmp_path)) == ["call-1"]


def test_killed_before_the_index_was_written_the_next_start_lists_the_call(
    tmp_path: Path,
) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from callmate.store import Store
        from tests.unit.test_store import make_record

        Store(Path({str(tmp_path)!r})).save(make_record(), index_later=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    child = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    assert child.returncode == -9
    assert len(markers(tmp_path)) == 1  # left behind by the kill
    store = Store(tmp_path)
    assert open_ids(store) == ["call-1"]
    assert store.load("call-1") == make_record()
    assert markers(tmp_path) == []

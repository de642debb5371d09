"""A call file nobody may read (`chmod 000 calls/ID.json`): `history` kept listing it, a
rebuild dropped it without a word, and once it was readable again (`chmod 600`) `history` and
`followups` still left the call out, silently, until something else changed calls/. doctor
blamed the index ("the prospect files group calls under the wrong prospect") and --repair did
not give the user's own file its mode back.

Now a call found unreadable is left out and said by every command while it stays (the
manifest's skipped list is looked at again by every start), comes back by itself once it can
be read, doctor names its mode, and --repair makes the user's own file 0600 again. As root the
commands run without any capability (tests.unit.test_store_hostile_admin), so modes stop them
as they stop a user.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from tests.unit.test_store_hostile_admin import (
    REPO,
    Foreign,
    foreign,
    no_traceback,
    saved_calls,
    without_privileges,
)

__all__ = ["foreign"]  # the fixture, used by name


def as_user(foreign: Foreign, code: str) -> subprocess.CompletedProcess[str]:
    """Python ``code`` run as the commands are (no capability when root)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=90,
        preexec_fn=without_privileges if foreign.as_root else None,
    )


def test_a_call_file_no_one_may_read_is_said_left_out_and_comes_back(foreign: Foreign):
    first, second = saved_calls(foreign.data, 2)
    path = foreign.data / "calls" / f"{first.id}.json"
    os.chmod(path, 0)
    shown = foreign.run("show", first.id)
    assert shown.returncode == 1 and "could not be read" in shown.stderr
    for args in (("history",), ("followups",), ("history", "--json")):
        done = foreign.run(*args)
        assert no_traceback(done) and done.returncode == 0, (args, done.stderr)
        assert f"Could not read {path} (Permission denied)" in done.stderr, args
        assert first.id not in done.stdout and second.id in done.stdout, args
    checked = foreign.run("doctor")
    assert checked.returncode == 1
    problems = [line for line in checked.stdout.splitlines() if line.startswith("problem:")]
    assert problems == [
        f"problem: {path} cannot be read: its mode is 000, so not even you (its owner) may read "
        "it; the call is left out of every list until it can be read [--repair fixes this]"
    ]
    os.chmod(path, 0o600)  # fixed by hand: nothing else in calls/ changes
    back = foreign.run("history")
    assert first.id in back.stdout and "Could not read" not in back.stderr
    assert first.id in foreign.run("followups").stdout
    assert foreign.run("history").stderr == ""


def test_doctor_repair_gives_the_users_own_file_its_mode_back(foreign: Foreign):
    first, _ = saved_calls(foreign.data, 2)
    path = foreign.data / "calls" / f"{first.id}.json"
    os.chmod(path, 0)
    foreign.run("show", first.id)  # found unreadable: left out of the lists
    repaired = foreign.run("doctor", "--repair")
    assert repaired.returncode == 0, repaired.stdout
    assert "made it readable for you only again (600)" in repaired.stdout
    assert "rebuilt the list of calls" in repaired.stdout
    assert stat.S_IMODE(os.lstat(path).st_mode) == 0o600
    listed = foreign.run("history")
    assert first.id in listed.stdout and listed.stderr == ""
    assert foreign.run("doctor").returncode == 0


def test_a_rebuild_that_leaves_an_unreadable_call_out_keeps_saying_so(foreign: Foreign):
    """The rebuild of `doctor --repair` (or any rebuild) dropped the call from the index and
    nothing said so again; once readable it never came back."""
    first, second = saved_calls(foreign.data, 2)
    path = foreign.data / "calls" / f"{first.id}.json"
    os.chmod(path, 0)
    rebuilt = as_user(
        foreign,
        "from pathlib import Path; from callmate.store import Store; "
        f"Store(Path({str(foreign.data)!r})).rebuild_index()",
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    for _ in range(2):
        done = foreign.run("history")
        assert f"Could not read {path}" in done.stderr
        assert first.id not in done.stdout and second.id in done.stdout
    os.chmod(path, 0o600)
    assert first.id in foreign.run("history").stdout

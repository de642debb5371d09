"""Auto-push: after a call ends (or at start with calls still waiting), push in the background.

The caller's thread only stats a file, touches one outbox file and starts a detached
``callmate team push --background`` process: no psycopg import, no network, no waiting. Any
failure here is swallowed (the call is already safe in the local store) and the outbox keeps the
call for the next push; the background push writes its result to team/last_push.json, which
`callmate team status` shows.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from callmate.locations import DATA_DIR_ENV
from callmate.team.config import is_connected, load_config
from callmate.team.ledger import Ledger


def _spawn(data_dir: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env[DATA_DIR_ENV] = str(data_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "callmate", "team", "push", "--background"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a ctrl+c or hang-up in the app's terminal does not cut it
        close_fds=True,
    )


def schedule(data_dir: Path, call_id: str | None = None) -> subprocess.Popen[bytes] | None:
    """Queue ``call_id`` and start a background push if auto-push is on; never raises.

    Returns the started process (tests wait on it), or None when nothing was started.
    """
    try:
        if not is_connected(data_dir):
            return None
        config = load_config(data_dir)
        if config is None or not config.auto_push:
            return None
        if call_id:
            Ledger(data_dir).enqueue(call_id)
        return _spawn(data_dir)
    except Exception:
        # The call is saved already: nothing here may fail `followups mark` after its save,
        # or the end of a live call. A damaged team folder (TeamConfigError, OSError, a
        # RecursionError from whatever still reads it) is said by `callmate team status`
        # and `callmate doctor`, not here.
        return None


def on_start(data_dir: Path) -> subprocess.Popen[bytes] | None:
    """At app start: send calls an earlier auto-push could not (offline, refused). Never raises."""
    with contextlib.suppress(Exception):  # as schedule: never the reason a start fails
        if is_connected(data_dir) and Ledger(data_dir).outbox():
            return schedule(data_dir)
    return None

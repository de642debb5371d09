"""A stop signal part way through `callmate import` says what was added and that rerunning is safe.

It used to print only "stopped: it was asked to stop (SIGTERM)" and exit 143, while 423 of the
20,000 calls had been kept: the rep could not tell whether the import had done anything, nor
whether running it again would add the calls twice. The real `callmate` runs as a process and
gets a real SIGTERM once its first call files are written.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from callmate.store import Store
from tests.pty_app import REPO, run_callmate
from tests.records import AT, record_json

CALLS = 400


def test_sigterm_during_an_import_says_how_many_were_added_and_a_rerun_adds_the_rest(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    export = tmp_path / "calls.json"
    sessions = [
        record_json(f"call-{n:05d}", notes=[{"text": "note " * 40, "at": AT}] * 3)
        for n in range(CALLS)
    ]
    export.write_text(json.dumps({"format": "callmate-export", "version": 1, "sessions": sessions}))
    env = {**os.environ, "CALLMATE_DATA_DIR": str(data), "PYTHONPATH": str(REPO)}
    importing = subprocess.Popen(
        [sys.executable, "-m", "callmate", "import", str(export)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    calls = data / "calls"
    deadline = time.monotonic() + 120
    while not (calls.is_dir() and len(list(calls.glob("call-*.json"))) >= 3):
        assert importing.poll() is None, importing.communicate()
        assert time.monotonic() < deadline, "no call file was written"
        time.sleep(0.02)
    importing.send_signal(signal.SIGTERM)
    out, err = importing.communicate(timeout=30)
    assert importing.returncode == 128 + signal.SIGTERM, (out, err)
    said = re.fullmatch(
        r"callmate: stopped: it was asked to stop \(SIGTERM\), part way through the import; "
        r"(\d+) calls? (?:was|were) added before that\. Running the same import again is safe: "
        r"the calls already added are skipped\.\n",
        err,
    )
    assert said is not None, err
    added = int(said.group(1))
    written = len(list(calls.glob("call-*.json")))
    assert 3 <= added == written < CALLS  # the count said is the calls kept

    again = run_callmate(data, "import", str(export), timeout=600)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        f"added {CALLS - added}, skipped {added} (already present), rejected 0\n"
    )
    assert len(Store(data).summaries()) == CALLS

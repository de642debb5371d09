"""`callmate call` loads only what its first question needs before drawing it.

A fresh interpreter runs the real command line (`callmate.cli.main`) against a data folder that
already holds the playbook's check (the usual start) and a stored call with another prospect,
with Textual headless, and lists the modules loaded when the call screen's first frame is on
screen. Code for resuming, ending, scoring, exporting, the team side and YAML must not be among
them: each is loaded when first used, and a top-level import added by mistake would put it back
on every start. The same run checks that the start builds its screen with garbage collection off
and turns it back on, the start's objects frozen, once the first frame is drawn (start_gc.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from callmate.core.catalog import resolve_playbook
from callmate.core.playbook_loader import load_playbook
from callmate.core.session import CallSession
from callmate.playbook_cache import check_cached
from callmate.store import Store
from tests.conftest import START

REPO = Path(__file__).resolve().parents[2]
#: Not needed to draw a new call's first question.
NOT_AT_START = (
    "yaml",
    "callmate.core.playbook_loader",
    "callmate.core.scoring",
    "callmate.core.brief",
    "callmate.core.persona",
    "callmate.export.followups",
    "callmate.usecases.followthrough",
    "callmate.usecases.playbooks",
    "callmate.team.autopush",
    "callmate.tui.screens.home",
    "callmate.tui.screens.call_end",
    "psycopg",
    "callmate.core.dates",  # the gate's: a date is first read when a next step is typed
    "callmate.core.next_step",
    "callmate.tui.widgets.footer",  # made when the panes show, after the first frame
    "textual.widgets._footer",
    # a live call is judged as typed: the practice reading and the language lists wait
    "callmate.core.practice_truth",
    "callmate.core.practice_reading",
    "callmate.core.real_words",
    "callmate.core.words",
    "secrets",  # ids and temp names take os.urandom's bytes: no hashlib or hmac at start
    "hmac",
    "importlib.resources",  # the bundled playbooks' folder is the package's own (catalog.py)
    "zipfile",
)

CHILD = textwrap.dedent(
    """
    import gc, json, sys
    from textual.app import App
    from callmate.tui.screens.call import CallScreen

    run = App.run
    App.run = lambda self, *a, **k: run(self, *a, headless=True, **k)
    import callmate.commands.calls as calls_command
    calls_command.on_a_terminal = lambda: True  # headless: the pipes need no terminal
    collecting = {}
    compose = CallScreen.compose

    def composing(self):
        collecting["while composing"] = gc.isenabled()
        return compose(self)

    def first_frame(self):
        collecting["after the first frame"] = gc.isenabled()
        collecting["start frozen"] = gc.get_freeze_count() > 0
        print("GC " + json.dumps(collecting), flush=True)
        print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
        self.app.exit()

    CallScreen.compose = composing
    CallScreen.show_panes = first_frame
    from callmate.cli import main

    # As the `callmate` script runs it (no argv given: signals and collection are set up).
    sys.argv = ["callmate", "call", "--playbook", "first-discovery", "--prospect", "Nova Newcomer"]
    main()
    """
)


def test_a_new_call_draws_its_question_without_loading_what_comes_later(tmp_path: Path) -> None:
    data = tmp_path / "data"
    playbook = resolve_playbook("first-discovery")
    assert check_cached(playbook, data)[0] is not None  # as after any earlier start
    Store(data).save(CallSession.start(load_playbook(playbook), "Pat Quill", "", START).record)
    env = {**os.environ, "CALLMATE_DATA_DIR": str(data), "PYTHONPATH": str(REPO)}
    env.pop("TEXTUAL", None)
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in child.stdout.splitlines() if line.startswith("MODULES ")]
    assert lines, child.stdout[-2000:] + child.stderr[-2000:]
    (gc_line,) = [line for line in child.stdout.splitlines() if line.startswith("GC ")]
    # No collection while the start builds its screen; back on, the start frozen, after it.
    assert json.loads(gc_line.removeprefix("GC ")) == {
        "while composing": False,
        "after the first frame": True,
        "start frozen": True,
    }
    loaded = set(json.loads(lines[0].removeprefix("MODULES ")))
    assert "callmate.tui.screens.call" in loaded and "textual.app" in loaded
    early = sorted(
        name for name in loaded if any(name == m or name.startswith(m + ".") for m in NOT_AT_START)
    )
    assert early == []

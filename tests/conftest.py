"""Shared fixtures: a small branchy playbook on disk, a fixed clock, an isolated data folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import load_playbook

#: No test reads or writes the user's own cache folder (callmate's pickles live there).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="callmate-test-cache-")
#: The footer shows Back's key as the terminal has it (PgUp inside tmux): the snapshots are
#: taken outside tmux, wherever the tests are run from.
os.environ.pop("TMUX", None)

TZ = timezone(timedelta(hours=1))
#: Monday 23 November 2026, 10:00 — every test reads time from here.
START = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)

SMALL_PLAYBOOK = """\
format: 1
name: small
title: Small test call
objective: Agree a dated next step with {prospect}.
minutes: 20
next_step:
  max_days: 10
  suggestions:
    - Review the proposal together
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    questions:
      - id: time_ok
        prompt: Do we still have twenty minutes?
        capture: yes_no
        required: true
        branch:
          - when: "no"
            show: [how_long]
      - id: how_long
        prompt: How long do we have?
        hidden: true
  - id: discovery
    title: Discovery
    kind: powns
    questions:
      - id: problems
        prompt: What is getting in the way?
        capture: powns
        required: true
      - id: big_enough
        prompt: Is {problems} big enough to fix?
        capture: yes_no
        signal: pain_agreed
        branch:
          - when: "no"
            goto: discovery
            say: Dig into the cost of {problems} before moving on.
  - id: commitment
    title: Commitment
    kind: commitment
    questions:
      - id: start_when
        prompt: If we could solve {problems}, how soon would you want to start?
        capture: choice
        choices: [this month, this quarter, no timeline]
        required: true
        signal: commitment
        weak: [no timeline]
        branch:
          - when: no timeline
            goto: discovery
            say: Re-establish the pain first.
      - id: urgency
        prompt: How urgent is it, 1 to 10?
        capture: scale
        branch:
          - when: {at_most: 3}
            skip: [budget]
  - id: decision
    title: Decision
    kind: decision_maker
    questions:
      - id: deciders
        prompt: Who else decides?
        capture: list
      - id: budget
        prompt: Is there a budget?
      - id: is_dm
        prompt: Is the final yes yours?
        capture: yes_no
        signal: decision_maker
qualification:
  - id: pain
    label: Pain agreed
    questions: [big_enough]
  - id: decision_maker
    label: Decision maker
    questions: [is_dm, deciders]
cards:
  - id: send_info
    title: Just send me some information
    says: [send me some info, email me something]
    response: Which part of {problems} should it answer? When do we go through it together?
    probes: [Book the review before sending anything.]
  - id: boss
    title: I need to run it by my boss
    says: [talk to my boss, not my decision]
    response: What will they want to know first?
  - id: price
    title: It's too expensive
    says: [costs too much, no budget]
    response: Compared with what {problems} costs you now?
"""


#: Test folders/files whose tests share one expensive, session- or module-scoped setup: under
#: pytest-xdist (pyproject's addopts) each group runs on one worker, so the setup is made once.
SHARED_SETUP_GROUPS = {
    "tests/team/": "team-postgres",  # one PostgreSQL server (tests/team/conftest.py)
    "tests/tui/test_startup_stops.py": "startup-stops",  # one sweep of 60 stopped starts
}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for prefix, group in SHARED_SETUP_GROUPS.items():
            if item.nodeid.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture
def small_playbook_path(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_PLAYBOOK, encoding="utf-8")
    return path


@pytest.fixture
def small_playbook(small_playbook_path: Path) -> Playbook:
    return load_playbook(small_playbook_path)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty, private data folder used by everything that reads CALLMATE_DATA_DIR.

    Every test has its own, asked for or not: a test that reads the data folder without
    asking (a playbook looked up by its kept edition, say) read the user's own, and passed or
    failed by what an earlier run or another test had left there."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))  # the pickles' folder
    monkeypatch.delenv("CALLMATE_PLAYBOOKS", raising=False)
    yield folder


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """`callmate ARGS...` through the real entry point, in the isolated data folder."""
    from callmate.cli import main

    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke

"""Call ids typed short: `show`, `score`, `export` and `followups mark` take any start of an id
that only one call has, as git does with commit ids."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from callmate.core.clock import now as clock_now
from callmate.core.id_prefix import AmbiguousId, resolve_prefix
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook, finished_call

IDS = ["20261123-161652-a1b2c3", "20261123-170000-ffeedd", "20261201-090000-001122"]


def test_an_exact_id_is_itself():
    assert resolve_prefix(IDS[0], IDS) == IDS[0]


def test_a_unique_start_gives_the_whole_id():
    assert resolve_prefix("20261201", IDS) == IDS[2]
    assert resolve_prefix("20261123-17", IDS) == IDS[1]


def test_a_shared_start_names_every_candidate():
    with pytest.raises(AmbiguousId) as caught:
        resolve_prefix("20261123", IDS)
    assert str(caught.value) == (
        "'20261123' is the start of 2 call ids: 20261123-161652-a1b2c3, 20261123-170000-ffeedd; "
        "type more of the id"
    )


def test_no_match_leaves_it_to_the_caller_to_say_not_found():
    assert resolve_prefix("1999", IDS) == "1999"


@pytest.fixture
def two_calls(data_dir: Path) -> list[str]:
    playbook, now = discovery_playbook(), clock_now()
    first = finished_call(playbook, now - timedelta(days=2), prospect="Olive Overdue")
    second = finished_call(playbook, now, prospect="Avery Ahead")
    first.id, second.id = "20261120-100000-aaaaaa", "20261120-110000-bbbbbb"
    store = Store(data_dir)
    for record in (first, second):
        store.save(record)
    return [first.id, second.id]


@pytest.mark.parametrize(
    "argv",
    [("show",), ("score",), ("export", "--email")],
    ids=["show", "score", "export"],
)
def test_commands_take_a_unique_start_of_an_id(run: Run, two_calls: list[str], argv):
    result = run(*argv, "20261120-10")
    assert result.code == 0, result.err
    assert "Olive" in result.out  # the first call (the email says only the first name)
    assert "Avery Ahead" not in result.out


@pytest.mark.parametrize(
    "argv",
    [
        ("show", "20261120"),
        ("score", "20261120"),
        ("export", "--email", "20261120"),
        ("followups", "mark", "20261120", "kept"),
    ],
    ids=["show", "score", "export", "mark"],
)
def test_an_ambiguous_start_is_refused_naming_the_calls(run: Run, two_calls: list[str], argv):
    result = run(*argv)
    assert result.code == 1
    assert result.err == (
        "callmate: error: '20261120' is the start of 2 call ids: 20261120-100000-aaaaaa, "
        "20261120-110000-bbbbbb; type more of the id\n"
    )


def test_followups_mark_takes_a_unique_start(run: Run, two_calls: list[str], data_dir: Path):
    result = run("followups", "mark", "20261120-11", "kept", "--early")
    assert result.code == 0, result.err
    assert result.out.startswith(f"{two_calls[1]}: next step with Avery Ahead marked kept")
    step = Store(data_dir).load(two_calls[1]).next_step
    assert step is not None and step.outcome == "kept"

"""A typed start of an id shared with discarded calls: the kept call is meant."""

from __future__ import annotations

import pytest

from callmate.core.id_prefix import AmbiguousId, resolve_prefix
from callmate.core.session import CallSession
from callmate.store import Store
from tests.conftest import START, Run
from tests.unit.export_support import discovery_playbook, finished_call


def discarded_call(data_dir, prospect: str) -> str:
    session = CallSession.start(discovery_playbook(), prospect, "Acme", START)
    session.discard(START)
    Store(data_dir).save(session.record)
    return session.id


def kept_call(data_dir, prospect: str) -> str:
    record = finished_call(discovery_playbook(), START, prospect=prospect)
    Store(data_dir).save(record)
    return record.id


def test_show_of_a_start_shared_with_a_discarded_call_shows_the_kept_one(run: Run, data_dir):
    gone = discarded_call(data_dir, "Dee Discarded")
    kept = kept_call(data_dir, "Kay Kept")
    start = "20261123-100"
    assert gone.startswith(start) and kept.startswith(start)
    result = run("show", start)
    assert result.code == 0, result.err
    assert "Kay Kept" in result.out
    assert f"also starts the discarded call {gone}: taken as {kept}" in result.err


def test_two_kept_calls_still_need_more_of_the_id_and_the_discarded_one_is_marked(
    run: Run, data_dir
):
    gone = discarded_call(data_dir, "Dee Discarded")
    kept_call(data_dir, "Kay Kept")
    kept_call(data_dir, "Kim Kept")
    result = run("show", "20261123-100")
    assert result.code == 1
    assert "is the start of 3 call ids" in result.err and f"{gone} (discarded)" in result.err


def test_resolve_prefix_prefers_the_one_id_not_set_aside():
    ids = ["a-1", "a-2", "b-1"]
    assert resolve_prefix("a-", ids, set_aside={"a-1"}) == "a-2"
    assert resolve_prefix("a-1", ids, set_aside={"a-1"}) == "a-1", "typed whole, it is meant"
    with pytest.raises(AmbiguousId, match=r"a-1 \(discarded\)"):
        resolve_prefix("a-", ids, set_aside={"a-1", "a-2"})

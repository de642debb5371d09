"""Pushing calls: idempotent by (rep, call id, revision), resumable after a cut, practice on ask."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from callmate.core.ended_call import mark_outcome
from callmate.team.config import load_config
from callmate.team.db import TeamError
from callmate.team.ledger import Ledger
from callmate.team.push import push
from tests.team.records import NOW, calls, team_ids


def pushed_rows(team_db, rep=None):
    sql = "SELECT rep::text, call_id, revision FROM callmate.calls"
    rows = team_db.query(sql)
    return [r for r in rows if rep is None or r[0] == rep]


def test_two_reps_pushing_the_same_calls_twice_make_no_duplicates(team_db, make_rep):
    records = calls(30)
    alice, bob = make_rep("alice"), make_rep("bob")
    for rep in (alice, bob):
        rep.save(records)
        rep.connect(team_db)
    for _round in range(2):
        for rep in (alice, bob):
            code, _out, err = rep.run("team", "push")
            assert code == 0, err
    code, out, _err = alice.run("team", "push")
    assert code == 0 and "nothing to push" in out

    rows = pushed_rows(team_db)
    expected = team_ids(records)
    assert len(rows) == 2 * len(expected)
    for rep in ("alice", "bob"):
        assert {call_id for who, call_id, _rev in rows if who == rep} == expected
    assert len({(who, call_id) for who, call_id, _rev in rows}) == len(rows)


def test_a_follow_up_marked_later_is_pushed_again_as_a_newer_revision(team_db, make_rep):
    records = calls(12)
    alice = make_rep("alice")
    alice.save(records)
    alice.connect(team_db)
    assert alice.run("team", "push")[0] == 0

    open_step = next(
        r
        for r in records
        if r.id in team_ids(records) and r.next_step is not None and r.next_step.outcome is None
    )
    store = alice.store()
    marked = mark_outcome(store.load(open_step.id), "kept", NOW + timedelta(days=3))
    store.save(marked)
    code, out, _err = alice.run("team", "status")
    assert code == 0 and "1 call to push" in out
    assert alice.run("team", "push")[0] == 0

    (row,) = team_db.query(
        "SELECT revision, next_step_outcome FROM callmate.calls WHERE call_id = %s",
        (open_step.id,),
    )
    assert row == (marked.revision, "kept")
    assert len(pushed_rows(team_db)) == len(team_ids(records))


def test_an_older_revision_never_overwrites_a_newer_one(team_db, make_rep):
    records = calls(5)
    alice = make_rep("alice")
    alice.save(records)
    alice.connect(team_db)
    assert alice.run("team", "push")[0] == 0
    target = sorted(team_ids(records))[0]
    team_db.query(
        "UPDATE callmate.calls SET revision = revision + 100 WHERE call_id = %s RETURNING 1",
        (target,),
    )
    (Ledger(alice.data).path).unlink()  # a lost ledger: everything is sent again
    assert alice.run("team", "push")[0] == 0
    (row,) = team_db.query("SELECT revision FROM callmate.calls WHERE call_id = %s", (target,))
    original = next(r for r in records if r.id == target)
    assert row[0] == original.revision + 100


def test_a_push_cut_off_half_way_loses_nothing_and_completes_later(pg, team_db, make_rep):
    records = calls(60, seed=3)
    alice = make_rep("alice")
    alice.save(records)
    alice.connect(team_db)
    expected = team_ids(records)
    config = load_config(alice.data)

    def stop_after_two(pushed: int) -> None:
        if pushed >= 20:
            pg.stop("immediate")

    try:
        with pytest.raises(TeamError, match=r"pushed 20 of \d+ calls"):
            push(alice.data, config, batch_size=10, progress=False, after_batch=stop_after_two)
    finally:
        pg.start()

    ledger = Ledger(alice.data)
    assert len(ledger.pushed()) == 20
    assert len(pushed_rows(team_db)) == 20
    code, out, _err = alice.run("team", "status")
    assert f"{len(expected) - 20} calls to push" in out
    assert "failed" in out  # the last push's result is shown

    code, _out, err = alice.run("team", "push")
    assert code == 0, err
    assert {call_id for _rep, call_id, _rev in pushed_rows(team_db)} == expected
    assert len(pushed_rows(team_db)) == len(expected)


def test_practice_calls_are_pushed_only_when_asked(team_db, make_rep):
    records = calls(40, seed=5)
    practice = {r.id for r in records if r.mode == "practice" and r.status == "completed"}
    assert practice, "the synthetic history should hold practice calls"
    alice = make_rep("alice")
    alice.save(records)
    alice.connect(team_db)
    assert alice.run("team", "push")[0] == 0
    modes = {m for (m,) in team_db.query("SELECT DISTINCT mode FROM callmate.calls")}
    assert modes == {"live"}
    assert alice.run("team", "push", "--practice")[0] == 0
    pushed = {call_id for _rep, call_id, _rev in pushed_rows(team_db)}
    assert practice <= pushed


def test_push_when_the_server_is_unreachable_says_so_and_keeps_everything(make_rep, team_db):
    records = calls(6)
    alice = make_rep("alice")
    alice.save(records)
    alice.connect(team_db)
    config = load_config(alice.data)
    from callmate.team.config import TeamConfig, save_config

    dead = "postgresql://alice@127.0.0.1:1/nowhere?connect_timeout=2"
    save_config(alice.data, TeamConfig(dead, config.name, config.email))
    code, _out, err = alice.run("team", "push")
    assert code == 1
    assert "could not connect to the team database" in err
    assert "Traceback" not in err
    assert Ledger(alice.data).pushed() == {}
    code, out, _err = alice.run("team", "status")
    assert code == 0
    assert "unreachable" in out
    assert f"{len(team_ids(records))} calls to push" in out


def test_a_call_discarded_after_its_push_leaves_the_team_stats(team_db, make_rep):
    records = calls(10, seed=8)
    alice = make_rep("alice")
    alice.save(records)
    alice.connect(team_db)
    assert alice.run("team", "push")[0] == 0
    store = alice.store()
    target = store.load(sorted(team_ids(records))[0])
    target.status = "discarded"
    target.revision += 1
    store.save(target)
    assert alice.run("team", "push")[0] == 0
    (row,) = team_db.query(
        "SELECT status, revision FROM callmate.calls WHERE call_id = %s", (target.id,)
    )
    assert row == ("discarded", target.revision)
    code, out, _err = alice.run("team", "stats", "--json")
    assert code == 0
    assert json.loads(out)["team"]["calls"] == len(team_ids(records)) - 1

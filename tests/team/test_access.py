"""Row-level security: a rep reads and writes only their own calls; a manager reads the team's."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.team.records import calls, team_ids


@pytest.fixture
def two_reps_pushed(team_db, make_rep):
    mine, theirs = calls(10, seed=1), calls(10, seed=2)
    alice, bob = make_rep("alice"), make_rep("bob")
    alice.save(mine)
    bob.save(theirs)
    for rep in (alice, bob):
        rep.connect(team_db)
        assert rep.run("team", "push")[0] == 0
    return alice, bob, team_ids(mine), team_ids(theirs)


def test_a_rep_reads_only_their_own_calls(team_db, two_reps_pushed):
    _alice, _bob, mine, theirs = two_reps_pushed
    rows = team_db.query("SELECT rep::text, call_id FROM callmate.calls", user="alice")
    assert {call_id for _rep, call_id in rows} == mine
    assert {rep for rep, _call_id in rows} == {"alice"}
    assert not mine & theirs


def test_a_rep_cannot_change_or_plant_another_reps_calls(team_db, two_reps_pushed):
    _alice, _bob, _mine, theirs = two_reps_pushed
    target = sorted(theirs)[0]
    changed = team_db.query(
        "UPDATE callmate.calls SET status = 'discarded' WHERE call_id = %s RETURNING call_id",
        (target,),
        user="alice",
    )
    assert changed == []
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team_db.query(
            "INSERT INTO callmate.calls (rep, call_id, revision, mode, status, started, "
            "started_day, agenda_set, commitment_asked, decision_maker_known, pain_agreed, "
            "record) VALUES ('bob', 'planted', 1, 'live', 'completed', now(), current_date, "
            "true, true, true, true, '{}') RETURNING 1",
            user="alice",
        )
    (status,) = team_db.query("SELECT status FROM callmate.calls WHERE call_id = %s", (target,))
    assert status == ("completed",)


def test_a_manager_reads_every_reps_calls_but_cannot_write_them(team_db, two_reps_pushed):
    _alice, _bob, mine, theirs = two_reps_pushed
    rows = team_db.query("SELECT rep::text, call_id FROM callmate.calls", user="mia")
    assert {call_id for rep, call_id in rows if rep == "alice"} == mine
    assert {call_id for rep, call_id in rows if rep == "bob"} == theirs
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        team_db.query("DELETE FROM callmate.calls RETURNING 1", user="mia")


def test_team_stats_show_a_rep_their_own_calls_and_a_manager_both_reps(
    team_db, two_reps_pushed, make_rep
):
    alice, _bob, mine, theirs = two_reps_pushed
    code, out, err = alice.run("team", "stats", "--json")
    assert code == 0, err
    own = json.loads(out)
    assert own["sees"] == "own calls"
    assert [r["rep"] for r in own["reps"]] == ["alice"]
    assert own["team"]["calls"] == len(mine)

    mia = make_rep("mia")
    mia.connect(team_db)
    code, out, err = mia.run("team", "stats", "--json")
    assert code == 0, err
    team = json.loads(out)
    assert team["sees"] == "team"
    assert {r["name"]: r["calls"] for r in team["reps"]} == {
        "Alice": len(mine),
        "Bob": len(theirs),
    }
    assert team["team"]["calls"] == len(mine) + len(theirs)
    code, out, _err = mia.run("team", "stats")
    assert "Alice" in out and "Bob" in out and "TEAM" in out

"""Team stats computed in SQL agree with the rep's own `callmate stats` on the same calls."""

from __future__ import annotations

import json

from callmate.export.stats import call_stats
from callmate.usecases.playbooks import PlaybookCache
from tests.team.records import calls, team_ids


def test_team_stats_match_the_local_stats_of_the_same_calls(team_db, make_rep):
    records = calls(80, seed=11)
    finished = sorted(team_ids(records))
    by_id = {r.id: r for r in records}
    for call_id in finished[:6]:  # calls that did not connect: a retry, no conversation
        record = by_id[call_id]
        record.outcome = "voicemail"
        if record.next_step is not None:
            record.next_step.kind = "retry"
    for call_id in finished[6:12]:  # steps moved: still open, neither kept nor missed
        step = by_id[call_id].next_step
        if step is not None:
            step.outcome = "rescheduled"
    alice = make_rep("alice")
    alice.save(records)
    alice.connect(team_db)
    assert alice.run("team", "push")[0] == 0
    code, out, err = alice.run("team", "stats", "--json")
    assert code == 0, err
    team = json.loads(out)["team"]
    local = call_stats(records, PlaybookCache())

    assert team["calls"] == len(team_ids(records))
    assert team["connected"] == local["conversations"] == len(team_ids(records)) - 6
    assert team["advance"] == local["advance"]
    assert team["not_connected"] == local["not_connected"]  # counted apart, the same way
    for habit in ("agenda_set", "commitment_asked", "decision_maker_known"):
        assert team["habits"][habit]["count"] == local["habits"][habit]["count"]
        assert team["habits"][habit]["of"] == local["habits"][habit]["of"]
    assert team["median_days_to_next_step"] == local["median_days_to_next_step"]
    for key in ("marked", "kept", "missed", "rescheduled", "kept_share"):
        assert team["next_steps"][key] == local["next_steps"][key]
    weeks = json.loads(out)["weeks"]
    assert sum(w["calls"] for w in weeks) == team["calls"]


def test_advances_outcomes_and_filters(team_db, make_rep):
    mine, theirs = calls(20, seed=1), calls(20, seed=2)
    live = sorted(team_ids(mine))
    by_id = {r.id: r for r in mine}
    for number, call_id in enumerate(live):
        step = by_id[call_id].next_step
        assert step is not None
        step.kind = "advance" if number % 4 else "continuation"
    by_id[live[0]].outcome = "voicemail"
    for record in theirs:  # Bob's calls are older, from before the gate recorded a step's kind
        if record.next_step is not None:
            record.next_step.kind = None
    alice, bob, mia = make_rep("alice"), make_rep("bob"), make_rep("mia")
    alice.save(mine)
    bob.save(theirs)
    for rep in (alice, bob, mia):
        rep.connect(team_db)
    for rep in (alice, bob):
        assert rep.run("team", "push")[0] == 0

    code, out, err = mia.run("team", "stats", "--rep", "Alice", "--json")
    assert code == 0, err
    stats = json.loads(out)
    assert [r["rep"] for r in stats["reps"]] == ["alice"]
    advance = stats["team"]["advance"]
    assert advance["of"] == len(live) - 1  # the voicemail had no conversation to advance
    assert advance["count"] == sum(1 for n in range(len(live)) if n % 4)
    assert stats["team"]["connected"] == len(live) - 1
    assert stats["team"]["habits"]["agenda_set"]["of"] == len(live) - 1

    code, out, _err = mia.run("team", "stats", "--rep", "bob", "--json")
    assert [r["name"] for r in json.loads(out)["reps"]] == ["Bob"]
    # No kind recorded on his calls: they are judged from their words, as `callmate stats` does.
    local = call_stats(theirs, PlaybookCache())["advance"]
    assert json.loads(out)["team"]["advance"] == local and local["share"] is not None

    last_day = max(r.started[:10] for r in mine + theirs)
    code, out, _err = mia.run("team", "stats", "--since", last_day, "--json")
    recent = json.loads(out)
    expected = sum(
        1 for r in mine + theirs if r.id in team_ids(mine + theirs) and r.started[:10] >= last_day
    )
    assert (recent["team"] or {"calls": 0})["calls"] == expected
    assert recent["since"] == last_day


def test_bad_since_and_an_empty_team_read_plainly(team_db, make_rep):
    alice = make_rep("alice")
    alice.connect(team_db)
    code, _out, err = alice.run("team", "stats", "--since", "last tuesday")
    assert code == 1 and "--since needs a date" in err
    code, out, _err = alice.run("team", "stats")
    assert code == 0 and "no completed live calls" in out


def test_team_commands_before_connect_say_how_to_connect(make_rep):
    alice = make_rep("alice")
    for action in ("status", "push", "stats", "pull"):
        code, _out, err = alice.run("team", action)
        assert code == 1
        assert "callmate team connect" in err


def test_calls_that_did_not_connect_are_shown_apart_in_text_and_json(team_db, make_rep):
    """Alice's calls beside rates of her connected calls alone: the text and the JSON say how
    many did not connect, and how, as `callmate stats` says it."""
    records = calls(30, seed=5)
    finished = sorted(team_ids(records))[:4]
    by_id = {r.id: r for r in records}
    for call_id, outcome in zip(finished, ("voicemail", "voicemail", "no_answer"), strict=False):
        by_id[call_id].outcome = outcome
        if by_id[call_id].next_step is not None:
            by_id[call_id].next_step.kind = "retry"
    mine = [by_id[i] for i in finished]
    alice = make_rep("alice")
    alice.save(mine)
    alice.connect(team_db)
    code, out, err = alice.run("team", "push")
    assert code == 0, err
    assert out.strip() == "pushed 4 calls"

    code, out, err = alice.run("team", "stats", "--json")
    assert code == 0, err
    row = json.loads(out)["reps"][0]
    assert (row["calls"], row["connected"]) == (4, 1)
    assert row["not_connected"] == call_stats(mine, PlaybookCache())["not_connected"]
    assert row["not_connected"] == {
        "voicemail": 2, "no_answer": 1, "wrong_contact": 0, "rescheduled": 0,
    }  # fmt: skip

    code, out, err = alice.run("team", "stats")
    assert code == 0, err
    lines = out.splitlines()
    start = lines.index("Did not connect (calls, but left out of the rates)")
    assert lines[start + 1].split() == ["Alice", "3", "(2", "voicemail,", "1", "no", "answer)"]
    assert lines[start + 2].split()[:2] == ["TEAM", "3"]


def test_one_call_pushed_is_said_in_the_singular(team_db, make_rep):
    record = next(r for r in calls(10, seed=3) if r.id in team_ids([r]))
    alice = make_rep("alice")
    alice.save([record])
    alice.connect(team_db)
    code, out, err = alice.run("team", "push")
    assert code == 0, err
    assert out.strip() == "pushed 1 call"
    code, out, _err = alice.run("team", "status", "--json")
    assert json.loads(out)["last_push"]["message"] == "pushed 1 call"

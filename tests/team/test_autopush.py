"""Auto-push: the call's end never waits; offline, the call waits in the outbox for later."""

from __future__ import annotations

import subprocess
import sys

from callmate.team import autopush
from callmate.team.config import TeamConfig, load_config, save_config
from callmate.team.ledger import Ledger
from tests.team.records import calls, team_ids

DEAD = "postgresql://alice@127.0.0.1:1/nowhere?connect_timeout=2"


def one_call(rep, seed=0):
    records = calls(3, seed=seed)
    rep.save(records)
    return sorted(team_ids(records))[-1]


def test_schedule_does_nothing_when_not_connected(make_rep):
    alice = make_rep("alice")
    call_id = one_call(alice)
    assert autopush.schedule(alice.data, call_id) is None
    assert not (alice.data / "team").exists()


def test_schedule_pushes_the_call_in_a_background_process(team_db, make_rep):
    alice = make_rep("alice")
    call_id = one_call(alice)
    alice.connect(team_db)
    process = autopush.schedule(alice.data, call_id)
    assert process is not None
    assert process.wait(timeout=60) == 0
    ids = {c for (c,) in team_db.query("SELECT call_id FROM callmate.calls")}
    assert call_id in ids
    assert Ledger(alice.data).outbox() == []
    assert Ledger(alice.data).last_result()["ok"] is True


def test_offline_the_call_waits_in_the_outbox_and_goes_at_the_next_start(team_db, make_rep):
    alice = make_rep("alice")
    call_id = one_call(alice)
    alice.connect(team_db)
    good = load_config(alice.data)
    save_config(alice.data, TeamConfig(DEAD, good.name, good.email))

    process = autopush.schedule(alice.data, call_id)
    assert process is not None and process.wait(timeout=60) == 1
    assert Ledger(alice.data).outbox() == [call_id]
    assert Ledger(alice.data).last_result()["ok"] is False
    assert team_db.query("SELECT count(*) FROM callmate.calls") == [(0,)]

    save_config(alice.data, good)  # back online
    process = autopush.on_start(alice.data)
    assert process is not None and process.wait(timeout=60) == 0
    assert Ledger(alice.data).outbox() == []
    ids = {c for (c,) in team_db.query("SELECT call_id FROM callmate.calls")}
    assert call_id in ids
    assert autopush.on_start(alice.data) is None  # nothing waits: no process


def test_auto_push_off_only_queues_nothing(team_db, make_rep):
    alice = make_rep("alice")
    call_id = one_call(alice)
    alice.connect(team_db, "--no-auto-push")
    assert autopush.schedule(alice.data, call_id) is None
    code, out, _err = alice.run("team", "status")
    assert code == 0 and "auto-push:     off" in out


def test_schedule_never_raises_on_a_damaged_config(make_rep):
    alice = make_rep("alice")
    folder = alice.data / "team"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{not json")
    assert autopush.schedule(alice.data, "20261123-100000-abcdef") is None
    code, _out, err = alice.run("team", "status")
    assert code == 1 and "damaged" in err and "Traceback" not in err


def test_the_app_and_autopush_never_import_psycopg():
    code = (
        "import sys\n"
        "import callmate.cli, callmate.tui.app, callmate.team.autopush, callmate.commands.team\n"
        "from callmate.cli import build_parser\n"
        "build_parser()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'psycopg'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"

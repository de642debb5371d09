"""Published playbooks: validated first, pulled onto the search path, traced per call."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from benchmarks.history import play_call
from callmate.core.call_record import decode_record
from callmate.core.catalog import bundled_dir, resolve_playbook
from callmate.core.playbook_loader import load_playbook
from tests.team.records import NOW

INVALID = Path(__file__).parents[1] / "data" / "playbooks" / "invalid" / "duplicate_ids.yaml"


def version_2(tmp_path: Path) -> Path:
    text = (bundled_dir() / "first-discovery.yaml").read_text(encoding="utf-8")
    path = tmp_path / "first-discovery.yaml"
    path.write_text(text.replace('version: "1"', 'version: "2"', 1), encoding="utf-8")
    return path


def test_publish_validates_first_and_refuses_a_broken_playbook(team_db, make_rep):
    mia = make_rep("mia")
    mia.connect(team_db)
    code, out, err = mia.run("team", "publish", str(INVALID))
    assert code == 1
    assert "has errors" in err
    assert out.strip(), "the located problems are printed"
    assert team_db.query("SELECT count(*) FROM callmate.playbooks") == [(0,)]


def test_a_manager_publishes_once_and_a_rep_may_not_publish(team_db, make_rep, tmp_path):
    path = version_2(tmp_path)
    mia, alice = make_rep("mia"), make_rep("alice")
    mia.connect(team_db)
    alice.connect(team_db)
    code, out, err = mia.run("team", "publish", str(path))
    assert code == 0, err
    assert "published first-discovery version 2" in out
    code, out, _err = mia.run("team", "publish", str(path))
    assert code == 0 and "already published by mia" in out
    rows = team_db.query(
        "SELECT name, version, sha256, author::text, author_name FROM callmate.playbooks"
    )
    assert rows == [
        ("first-discovery", "2", hashlib.sha256(path.read_bytes()).hexdigest(), "mia", "Mia")
    ]
    code, _out, err = alice.run("team", "publish", str(path))
    assert code == 1
    assert "only a manager can publish playbooks, and Alice connects as a rep" in err
    assert "Traceback" not in err


def test_pull_writes_playbooks_on_the_search_path_and_calls_record_the_version(
    team_db, make_rep, tmp_path, monkeypatch
):
    path = version_2(tmp_path)
    mia, alice = make_rep("mia"), make_rep("alice")
    mia.connect(team_db)
    alice.connect(team_db)
    assert mia.run("team", "publish", str(path))[0] == 0

    code, out, err = alice.run("team", "pull")
    assert code == 0, err
    assert "first-discovery version 2: written" in out
    assert "not on the playbook search path" not in err
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(alice.data))
    found = resolve_playbook("first-discovery")
    assert found == alice.data / "playbooks" / "first-discovery.yaml"
    assert found.read_bytes() == path.read_bytes()
    code, out, _err = alice.run("team", "pull")
    assert "unchanged" in out

    record = play_call(
        load_playbook(found), random.Random(7), NOW, "Pat Quill", "Northgate", finish=True
    )
    alice.save([decode_record(record)])
    assert alice.run("team", "push")[0] == 0
    code, out, err = alice.run("team", "stats", "--json")
    assert code == 0, err
    assert json.loads(out)["playbooks"] == [
        {"name": "first-discovery", "published_version": "2", "calls": 1}
    ]


def test_pull_keeps_a_reps_own_file_of_the_same_name_unless_forced(team_db, make_rep, tmp_path):
    path = version_2(tmp_path)
    mia, alice = make_rep("mia"), make_rep("alice")
    mia.connect(team_db)
    alice.connect(team_db)
    assert mia.run("team", "publish", str(path))[0] == 0
    own = alice.data / "playbooks" / "first-discovery.yaml"
    own.parent.mkdir(parents=True)
    own.write_text("# my own tweaks\n", encoding="utf-8")

    code, _out, err = alice.run("team", "pull")
    assert code == 0
    assert "not a team playbook: kept it" in err
    assert own.read_text() == "# my own tweaks\n"
    code, out, _err = alice.run("team", "pull", "--force")
    assert code == 0 and "written" in out
    assert own.read_bytes() == path.read_bytes()


def test_pull_into_a_folder_off_the_search_path_says_how_to_use_it(team_db, make_rep, tmp_path):
    path = version_2(tmp_path)
    mia = make_rep("mia")
    mia.connect(team_db)
    assert mia.run("team", "publish", str(path))[0] == 0
    code, _out, err = mia.run("team", "pull", "--to", str(tmp_path / "elsewhere"))
    assert code == 0
    assert (tmp_path / "elsewhere" / "first-discovery.yaml").is_file()
    assert "CALLMATE_PLAYBOOKS" in err


def test_pull_says_when_a_file_earlier_on_the_search_path_hides_the_team_copy(
    team_db, make_rep, tmp_path, monkeypatch
):
    path = version_2(tmp_path)
    mia, alice = make_rep("mia"), make_rep("alice")
    mia.connect(team_db)
    alice.connect(team_db)
    assert mia.run("team", "publish", str(path))[0] == 0
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "first-discovery.yaml").write_text("# an older copy\n", encoding="utf-8")
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(shelf))
    code, out, err = alice.run("team", "pull")
    assert code == 0 and "first-discovery version 2: written" in out
    assert f"{shelf / 'first-discovery.yaml'} comes first on the playbook search path" in err
    monkeypatch.delenv("CALLMATE_PLAYBOOKS")
    code, _out, err = alice.run("team", "pull")
    assert code == 0 and "hides" not in err

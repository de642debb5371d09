"""Versioned migrations: applied once, in order, and never against a newer schema."""

from __future__ import annotations

from callmate.team.migrations import LATEST
from tests.team.records import calls


def test_migrate_sets_up_an_empty_database_once(empty_db, make_rep):
    owner = make_rep("owner")
    code, out, err = owner.run("team", "migrate", "--url", empty_db.url())
    assert code == 0, err
    assert f"from schema 0 to {LATEST}" in out
    assert empty_db.query("SELECT max(version) FROM callmate.schema_version") == [(LATEST,)]
    code, out, _err = owner.run("team", "migrate", "--url", empty_db.url())
    assert code == 0 and f"already at schema {LATEST}" in out
    assert empty_db.query("SELECT count(*) FROM callmate.schema_version") == [(LATEST,)]


def test_migrate_and_push_refuse_a_newer_schema(team_db, make_rep):
    alice = make_rep("alice")
    alice.save(calls(5))
    alice.connect(team_db)
    team_db.query(
        "INSERT INTO callmate.schema_version (version) VALUES (%s) RETURNING 1", (LATEST + 1,)
    )
    owner = make_rep("owner")
    code, _out, err = owner.run("team", "migrate", "--url", team_db.url())
    assert code == 1
    assert f"schema version {LATEST + 1}, newer than this callmate knows" in err
    assert team_db.query("SELECT max(version) FROM callmate.schema_version") == [(LATEST + 1,)]
    code, _out, err = alice.run("team", "push")
    assert code == 1 and "newer than this callmate knows" in err
    assert team_db.query("SELECT count(*) FROM callmate.calls") == [(0,)]


def test_connecting_to_a_database_never_set_up_says_what_to_do(empty_db, make_rep):
    alice = make_rep("alice")
    code, _out, err = alice.run(
        "team", "connect", empty_db.url("alice"), "--name", "Alice", "--email", "a@example.com"
    )
    assert code == 1
    assert "callmate team migrate" in err
    assert not (alice.data / "team" / "config.json").exists()


def test_connect_refuses_a_url_with_a_password_and_writes_none(team_db, make_rep):
    alice = make_rep("alice")
    url = team_db.url("alice").replace("alice@", "alice:s3cret@")
    code, _out, err = alice.run("team", "connect", url, "--name", "Alice", "--email", "a@x.org")
    assert code == 1
    assert "does not store passwords" in err and "pgpass" in err
    assert not (alice.data / "team").exists()

    alice.connect(team_db)
    saved = (alice.data / "team" / "config.json").read_text()
    assert "s3cret" not in saved and "password" not in saved


def test_connect_keeps_tls_settings_in_the_url(team_db, make_rep):
    alice = make_rep("alice")
    # The test server has no TLS: libpq itself refuses sslmode=require, proving it was passed on.
    url = team_db.url("alice") + "?sslmode=require"
    code, _out, err = alice.run("team", "connect", url, "--name", "Alice", "--email", "a@x.org")
    assert code == 1
    assert "SSL" in err
    url = team_db.url("alice") + "?sslmode=disable"
    code, out, err = alice.run("team", "connect", url, "--name", "Alice", "--email", "a@x.org")
    assert code == 0, err
    assert "sslmode=disable" in out

"""A real PostgreSQL server for the team tests, and reps with their own data folders.

One server per test session (initdb + pg_ctl in a temp folder, see benchmarks/pgserver.py, which
the benchmark shares); one migrated template database, copied per test so every test starts from
an empty team. Roles: alice and bob are reps, mia is a manager, owner is the superuser that owns
the schema.

In CI (CI set) a server that cannot start fails every test here; locally, without the server
binaries at all, they are skipped with the reason.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from benchmarks.pgserver import PgServer, ServerUnavailable, find_bin_dir, started_server
from callmate.cli import main
from callmate.core.call_record import CallRecord
from callmate.store import Store
from callmate.team.migrations import migrate

TEMPLATE = "callmate_template"
REPS = ("alice", "bob")
MANAGER = "mia"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg() -> Iterator[PgServer]:
    if find_bin_dir() is None and not os.environ.get("CI"):
        pytest.skip("no PostgreSQL server binaries here (CI installs them and runs these tests)")
    try:
        server = started_server()
    except ServerUnavailable as exc:
        pytest.fail(f"could not start the test PostgreSQL server: {exc}")
    try:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        with psycopg.connect(server.url(dbname=TEMPLATE)) as conn:
            migrate(conn)
            for rep in REPS:
                conn.execute(f"CREATE ROLE {rep} LOGIN IN ROLE callmate_rep")
            conn.execute(f"CREATE ROLE {MANAGER} LOGIN IN ROLE callmate_manager")
        yield server
    finally:
        server.cleanup()


@dataclass
class TeamDb:
    server: PgServer
    name: str

    def url(self, user: str = "owner") -> str:
        return self.server.url(user, self.name)

    def query(self, sql: str, params: Any = None, user: str = "owner") -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url(user), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()


def _create(pg: PgServer, template: str) -> TeamDb:
    name = f"team_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return TeamDb(pg, name)


@pytest.fixture
def team_db(pg: PgServer) -> TeamDb:
    """A migrated, empty team database."""
    return _create(pg, TEMPLATE)


@pytest.fixture
def empty_db(pg: PgServer) -> TeamDb:
    """A database callmate was never set up in."""
    return _create(pg, "template0")


@dataclass
class Rep:
    """One rep's laptop: a data folder, and the callmate command line run against it."""

    role: str
    data: Path
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def run(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        with self.monkeypatch.context() as env:
            env.setenv("CALLMATE_DATA_DIR", str(self.data))
            code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def store(self) -> Store:
        return Store(self.data)

    def save(self, records: list[CallRecord]) -> None:
        failed = self.store().save_many(records)
        assert not failed

    def connect(self, db: TeamDb, *extra: str) -> None:
        code, _out, err = self.run(
            "team",
            "connect",
            db.url(self.role),
            "--name",
            self.role.title(),
            "--email",
            f"{self.role}@example.com",
            *extra,
        )
        assert code == 0, err


@pytest.fixture
def make_rep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Any:
    monkeypatch.delenv("CALLMATE_PLAYBOOKS", raising=False)
    for name in ("PGPASSWORD", "PGSERVICE", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
        monkeypatch.delenv(name, raising=False)

    def make(role: str) -> Rep:
        return Rep(role, tmp_path / f"{role}-data", monkeypatch, capsys)

    return make

"""The team database's schema, as numbered migrations applied in order by `callmate team migrate`.

Every migration runs in one transaction with its version row, under an advisory lock, so two
admins migrating at once or a cut connection leave the schema at a whole version. A database at
a version newer than LATEST was set up by a newer callmate: this one refuses to touch it rather
than write rows the newer schema does not expect.

Roles (cluster-wide, created once if missing; see README "Team on PostgreSQL"):
    callmate_rep      pushes and reads only its own calls (row-level security on rep)
    callmate_manager  reads every rep's calls and publishes playbooks
Each person logs in as their own role, a member of one or both.
"""

from __future__ import annotations

from typing import Any

from callmate.team.db import TeamError, scalar

LOCK_KEY = 7_263_511  # pg_advisory_xact_lock key: one migrate at a time

V1 = """
CREATE SCHEMA IF NOT EXISTS callmate;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'callmate_rep') THEN
    CREATE ROLE callmate_rep NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'callmate_manager') THEN
    CREATE ROLE callmate_manager NOLOGIN;
  END IF;
END
$$;

CREATE TABLE callmate.reps (
  role name PRIMARY KEY DEFAULT current_user,
  name text NOT NULL,
  email text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE callmate.calls (
  rep name NOT NULL DEFAULT current_user,
  call_id text NOT NULL,
  revision integer NOT NULL,
  mode text NOT NULL,
  status text NOT NULL,
  outcome text NOT NULL DEFAULT 'connected',
  prospect text,
  company text,
  started timestamptz NOT NULL,
  started_day date NOT NULL,
  ended timestamptz,
  playbook_name text,
  playbook_version text,
  playbook_sha256 text,
  next_step_kind text,
  next_step_due timestamptz,
  days_to_next_step double precision,
  next_step_outcome text,
  agenda_set boolean NOT NULL,
  commitment_asked boolean NOT NULL,
  decision_maker_known boolean NOT NULL,
  pain_agreed boolean NOT NULL,
  record jsonb NOT NULL,
  pushed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rep, call_id)
);
-- Team stats read only these two covering indexes (index-only scans, no heap, no jsonb):
-- by rep then day for a rep's own view and the per-rep groups, by day for --since and weeks.
CREATE INDEX calls_rep_day ON callmate.calls (rep, started_day)
  INCLUDE (mode, outcome, next_step_kind, agenda_set, commitment_asked, decision_maker_known,
           days_to_next_step, next_step_outcome, playbook_sha256, playbook_name)
  WHERE status = 'completed';
CREATE INDEX calls_day ON callmate.calls (started_day, rep)
  INCLUDE (mode, outcome, next_step_kind, agenda_set, commitment_asked, decision_maker_known,
           days_to_next_step, next_step_outcome, playbook_sha256, playbook_name)
  WHERE status = 'completed';

CREATE TABLE callmate.playbooks (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  version text NOT NULL,
  sha256 text NOT NULL UNIQUE,
  content text NOT NULL,
  author name NOT NULL DEFAULT current_user,
  author_name text,
  published_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX playbooks_name ON callmate.playbooks (name, published_at DESC, id DESC);
CREATE VIEW callmate.current_playbooks AS
  SELECT DISTINCT ON (name) id, name, version, sha256, content, author, author_name, published_at
  FROM callmate.playbooks ORDER BY name, published_at DESC, id DESC;

ALTER TABLE callmate.calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY calls_own ON callmate.calls FOR ALL TO callmate_rep
  USING (rep = current_user) WITH CHECK (rep = current_user);
CREATE POLICY calls_team ON callmate.calls FOR SELECT TO callmate_manager USING (true);

ALTER TABLE callmate.reps ENABLE ROW LEVEL SECURITY;
CREATE POLICY reps_read ON callmate.reps FOR SELECT TO callmate_rep, callmate_manager
  USING (true);
CREATE POLICY reps_add ON callmate.reps FOR INSERT TO callmate_rep, callmate_manager
  WITH CHECK (role = current_user);
CREATE POLICY reps_edit ON callmate.reps FOR UPDATE TO callmate_rep, callmate_manager
  USING (role = current_user) WITH CHECK (role = current_user);

GRANT USAGE ON SCHEMA callmate TO callmate_rep, callmate_manager;
GRANT SELECT ON callmate.schema_version, callmate.playbooks, callmate.current_playbooks
  TO callmate_rep, callmate_manager;
GRANT SELECT, INSERT, UPDATE ON callmate.calls TO callmate_rep;
GRANT SELECT ON callmate.calls TO callmate_manager;
GRANT SELECT, INSERT, UPDATE ON callmate.reps TO callmate_rep, callmate_manager;
GRANT INSERT ON callmate.playbooks TO callmate_manager;
GRANT USAGE ON SEQUENCE callmate.playbooks_id_seq TO callmate_manager;
"""

#: version -> SQL; append new versions, never edit a released one.
MIGRATIONS: dict[int, str] = {1: V1}
LATEST = max(MIGRATIONS)


def schema_version(conn: Any) -> int:
    """The version the database is at (0: callmate was never set up there)."""
    if not scalar(conn, "SELECT to_regclass('callmate.schema_version') IS NOT NULL"):
        return 0
    return int(scalar(conn, "SELECT coalesce(max(version), 0) FROM callmate.schema_version"))


def newer_message(found: int) -> str:
    return (
        f"the team database is at schema version {found}, newer than this callmate knows "
        f"({LATEST}); upgrade callmate (pip install -U 'callmate[team]')"
    )


def require_current(conn: Any) -> None:
    """TeamError unless the database is at exactly the schema this callmate writes."""
    found = schema_version(conn)
    if found > LATEST:
        raise TeamError(newer_message(found))
    if found == 0:
        raise TeamError(
            "the team database is not set up for callmate yet: the database owner runs "
            "`callmate team migrate --url URL` once (see README, Team on PostgreSQL)"
        )
    if found < LATEST:
        raise TeamError(
            f"the team database is at schema version {found}, older than this callmate "
            f"({LATEST}): the database owner runs `callmate team migrate`"
        )


def migrate(conn: Any) -> tuple[int, list[int]]:
    """Apply the missing migrations; (version before, versions applied). Refuses a newer one."""
    conn.autocommit = True  # each migration below is its own explicit transaction
    conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
    try:
        before = schema_version(conn)
        if before > LATEST:
            raise TeamError(newer_message(before))
        applied: list[int] = []
        for version in sorted(v for v in MIGRATIONS if v > before):
            with conn.transaction():
                if version == 1:
                    conn.execute("CREATE SCHEMA IF NOT EXISTS callmate")
                    conn.execute(
                        "CREATE TABLE IF NOT EXISTS callmate.schema_version ("
                        " version integer PRIMARY KEY,"
                        " applied_at timestamptz NOT NULL DEFAULT now(),"
                        " applied_by name NOT NULL DEFAULT current_user)"
                    )
                conn.execute(MIGRATIONS[version])
                conn.execute(
                    "INSERT INTO callmate.schema_version (version) VALUES (%s)", (version,)
                )
            applied.append(version)
        return before, applied
    finally:
        if not conn.closed:
            conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))

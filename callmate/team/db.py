"""Connecting to the team database: the only module that imports psycopg (and only when called).

The URL or service name goes to libpq untouched, so its TLS settings (sslmode, sslrootcert...)
and password sources (~/.pgpass, PGPASSWORD, a service file) apply as libpq documents them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 10
INSTALL_HINT = "team commands need the team extra: pip install 'callmate[team]'"


class TeamError(Exception):
    """Anything a team command reports as one plain line (no traceback)."""


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise TeamError(INSTALL_HINT) from exc
    return psycopg


def conninfo_of(target: str) -> str:
    """A libpq URL or key=value string as given; a bare word is a service name (pg_service.conf)."""
    target = target.strip()
    if "://" in target or "=" in target:
        return target
    return f"service={target}"


def parse_conninfo(target: str) -> dict[str, str]:
    """The conninfo's parts; TeamError when libpq cannot read it."""
    pg = _psycopg()
    try:
        parts: dict[str, str] = pg.conninfo.conninfo_to_dict(conninfo_of(target))
    except pg.ProgrammingError as exc:
        raise TeamError(f"cannot read the connection string: {first_line(exc)}") from exc
    return parts


def check_no_password(target: str) -> None:
    """callmate never writes a password: a URL carrying one is refused before it is saved."""
    if "password" in parse_conninfo(target):
        raise TeamError(
            "the URL contains a password, and callmate does not store passwords: remove it and "
            "put it in ~/.pgpass (or PGPASSWORD, or a pg_service.conf entry) instead"
        )


def safe_target(target: str) -> str:
    """The target for display, with any password masked (it should have none anyway)."""
    try:
        parts = parse_conninfo(target)
    except TeamError:
        return "(unreadable connection string)"
    shown = []
    for key in ("service", "host", "port", "dbname", "user", "sslmode"):
        if key in parts:
            shown.append(f"{key}={parts[key]}")
    return " ".join(shown) or target


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def connect(target: str, timeout_s: int = CONNECT_TIMEOUT_S) -> psycopg.Connection[Any]:
    """An open connection, or TeamError saying why not (server down, refused, bad URL...)."""
    pg = _psycopg()
    try:
        conn: psycopg.Connection[Any] = pg.connect(
            conninfo_of(target),
            connect_timeout=timeout_s,
            application_name="callmate",
            autocommit=True,  # every write says where its transaction starts and ends
        )
    except pg.Error as exc:
        raise TeamError(f"could not connect to the team database: {first_line(exc)}") from exc
    return conn


def db_errors() -> tuple[type[BaseException], ...]:
    """The exception classes a team command turns into a plain message."""
    return (_psycopg().Error,)


def scalar(conn: Any, sql: str, params: Any = None) -> Any:
    """The first column of the first row of a query that always returns one."""
    row = conn.execute(sql, params).fetchone()
    if row is None:
        raise TeamError(f"the team database returned no row for: {sql}")
    return row[0]

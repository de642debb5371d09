"""Published playbooks: `team publish FILE` and `team pull`.

Publishing stores the file's exact bytes, so the file a rep pulls hashes to the published
sha256, and every call run from it records that hash: the server maps a call to the published
version it ran with a join, nothing more.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from callmate.core.catalog import search_dirs
from callmate.core.immutable import immutable
from callmate.core.playbook import Playbook
from callmate.store.atomic import atomic_write_bytes
from callmate.store.paths import ensure_private_dir
from callmate.team.config import team_dir
from callmate.team.db import TeamError

PULLED_FILE = "pulled.json"  # name -> sha256 of the file team pull last wrote
NAME_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


@immutable
class Published:
    """A playbook put in the team store, with its content hash."""

    name: str
    version: str
    sha256: str
    author: str
    published_at: str
    new: bool


def publish(conn: Any, playbook: Playbook, path: Path, author_name: str) -> Published:
    """Store a validated playbook file; publishing the same bytes twice keeps the first entry."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TeamError(f"{path} is not UTF-8 text") from exc
    with conn.transaction():
        row = conn.execute(
            "INSERT INTO callmate.playbooks (name, version, sha256, content, author_name) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING "
            "RETURNING name, version, sha256, author::text, published_at::text",
            (playbook.name, playbook.version, digest, content, author_name),
        ).fetchone()
        new = row is not None
        if row is None:
            row = conn.execute(
                "SELECT name, version, sha256, author::text, published_at::text "
                "FROM callmate.playbooks WHERE sha256 = %s",
                (digest,),
            ).fetchone()
    name, version, sha256, author, published_at = row
    return Published(name, version, sha256, author, published_at, new)


def default_pull_dir() -> Path:
    """The user's playbook folder: always on the search path (see core.catalog)."""
    return next(folder for origin, folder in search_dirs() if origin == "user")


def on_search_path(folder: Path) -> bool:
    wanted = folder.expanduser().resolve()
    return any(f.expanduser().resolve() == wanted for _o, f in search_dirs())


@immutable
class Pulled:
    """A team playbook brought to this machine, and what happened to the local file."""

    name: str
    version: str
    path: Path
    status: str  # "written", "unchanged", "kept" (a local file of that name, not from the team)


def _pulled(data_dir: Path) -> dict[str, str]:
    try:
        doc = json.loads((team_dir(data_dir) / PULLED_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in doc.items()} if isinstance(doc, dict) else {}


def pull(conn: Any, data_dir: Path, folder: Path, force: bool = False) -> list[Pulled]:
    """Write each current team playbook as <name>.yaml into ``folder``.

    A file there that the team did not write (the rep's own playbook of that name) is kept unless
    ``force``; one written by an earlier pull is replaced by the current version.
    """
    rows = conn.execute(
        "SELECT name, version, sha256, content FROM callmate.current_playbooks ORDER BY name"
    ).fetchall()
    ensure_private_dir(folder)
    known = _pulled(data_dir)
    results: list[Pulled] = []
    for name, version, digest, content in rows:
        if not name or not set(name) <= NAME_OK or name.startswith("."):
            raise TeamError(f"the team playbook name {name!r} cannot be a file name")
        target = folder / f"{name}.yaml"
        data = content.encode("utf-8")
        status = "written"
        if target.exists():
            current = hashlib.sha256(target.read_bytes()).hexdigest()
            if current == digest:
                status = "unchanged"
            elif current != known.get(name) and not force:
                status = "kept"
        if status == "written":
            atomic_write_bytes(target, data)
        if status != "kept":
            known[name] = digest
        results.append(Pulled(name, version, target, status))
    ensure_private_dir(team_dir(data_dir))
    atomic_write_bytes(team_dir(data_dir) / PULLED_FILE, json.dumps(known, sort_keys=True).encode())
    return results

"""Where this rep's team database is and who the rep is: one small JSON file, never a password.

The password stays with libpq (~/.pgpass, PGPASSWORD, a service file); the URL saved here is
refused when it carries one. Nothing here imports psycopg.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from callmate.core.immutable import immutable
from callmate.store.paths import ensure_private_dir
from callmate.store.sidefile import (
    TEAM_CONFIG_FILE,
    TEAM_DIR,
    SideFileProblem,
    load_side_json,
    write_side_bytes,
)

CONFIG_FILE = TEAM_CONFIG_FILE


class TeamConfigError(ValueError):
    """The saved team settings cannot be read; the message says which file and why."""


def team_dir(data_dir: Path) -> Path:
    """The team's folder inside the data folder: settings, push ledger, outbox, last result."""
    return data_dir / TEAM_DIR


@immutable
class TeamConfig:
    """How this rep reaches the team store, and what they share (no password kept)."""

    url: str  # a libpq URL or "key=value" conninfo, without a password
    name: str
    email: str
    auto_push: bool = True
    practice: bool = False  # push practice calls too

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def config_path(data_dir: Path) -> Path:
    return team_dir(data_dir) / CONFIG_FILE


def is_connected(data_dir: Path) -> bool:
    """One stat: cheap enough for the end of every call. A link or a FIFO under the name is
    something there (load_config then says what), never followed to see what it leads to."""
    return os.path.lexists(config_path(data_dir))


def load_config(data_dir: Path) -> TeamConfig | None:
    """The saved settings; None when `team connect` never ran; TeamConfigError when damaged."""
    path = config_path(data_dir)
    try:
        # Never through a link, never waiting on a FIFO; nesting too deep to decode is damage.
        loaded = load_side_json(path)
    except SideFileProblem as exc:
        fix = "; run `callmate team connect` again" if exc.damaged else ""
        raise TeamConfigError(f"the team settings cannot be used: {exc}{fix}") from exc
    if loaded is None:
        return None
    doc, _raw = loaded
    try:
        return config_of(doc)
    except (ValueError, TypeError, KeyError) as exc:
        raise TeamConfigError(
            f"{path} is damaged ({exc}); run `callmate team connect` again"
        ) from exc


def config_of(doc: Any) -> TeamConfig:
    """The settings a decoded config.json holds; TypeError or KeyError saying what is wrong."""
    if not isinstance(doc, dict):
        raise TypeError("not an object")
    return TeamConfig(
        url=_text(doc, "url"),
        name=_text(doc, "name"),
        email=_text(doc, "email"),
        auto_push=bool(doc.get("auto_push", True)),
        practice=bool(doc.get("practice", False)),
    )


def _text(doc: dict[str, Any], key: str) -> str:
    value = doc[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return value


def save_config(data_dir: Path, config: TeamConfig) -> Path:
    folder = team_dir(data_dir)
    ensure_private_dir(folder)
    path = config_path(data_dir)
    data = json.dumps(config.to_json(), indent=2, ensure_ascii=False).encode() + b"\n"
    write_side_bytes(path, data)  # never through (or over) a link at the name
    return path

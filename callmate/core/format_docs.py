"""The files generated from the format's one declaration: the guide's key tables and the schemas.

`python -m callmate.core.format_docs` rewrites them; `--check` only says whether they are
current (a test runs the same check). The guide keeps its prose; each key table sits between a
`<!-- keys: NAME ... -->` line and `<!-- end keys -->`, and only that part is rewritten.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

from callmate.core import format as fmt
from callmate.core import persona_format as pf
from callmate.core.persona_schema import persona_schema
from callmate.core.playbook import SIGNAL_CAPTURES, Signal
from callmate.core.record_docs import record_schema, record_table
from callmate.core.schema import playbook_schema

GUIDE = Path("docs") / "playbook-format.md"
PERSONAS_GUIDE = Path("docs") / "personas.md"
PLAYBOOK_SCHEMA = Path("docs") / "playbook.schema.json"
PERSONA_SCHEMA = Path("docs") / "persona.schema.json"
JSON_GUIDE = Path("docs") / "json-format.md"
RECORD_SCHEMA_FILE = Path("docs") / "call-record.schema.json"

#: The blocks with a key table in the guide (the `when` mapping forms have their own table).
TABLES = {b.name: b for b in fmt.BLOCKS if b is not fmt.CONDITION_BLOCK}
#: The same for the personas guide (`replies` takes any question id, so it is described in words).
PERSONA_TABLES = {b.name: b for b in pf.PERSONA_BLOCKS}

_REGION = re.compile(
    r"(?P<open><!-- keys: (?P<name>[a-z_]+) [^\n]*-->\n)(?P<body>.*?)(?P<close><!-- end keys -->)",
    re.DOTALL,
)
MARKER = (
    "<!-- keys: {name} (generated from {source} by "
    "`python -m callmate.core.format_docs`; edit it there) -->\n"
)


def json_text(schema: dict[str, Any]) -> str:
    """A schema as the files and `callmate schema` hold it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _default(key: fmt.Key) -> str:
    if key.default_docs:
        return key.default_docs
    value = key.default
    if value is fmt.NO_DEFAULT:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, StrEnum):
        return f"`{value.value}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value}`"


def _required(key: fmt.Key) -> str:
    if key.required:
        return "yes"
    return key.required_docs or "no"


def key_table(block: fmt.Block) -> str:
    """The guide's table of a block's keys, one row per key in the declared order."""
    rows = [
        "| Key | Required | Type | Default | Meaning |",
        "|---|---|---|---|---|",
    ]
    for key in block.keys:
        cells = [f"`{key.name}`", _required(key), key.type.docs, _default(key), key.doc]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


def _either(values: list[str]) -> str:
    quoted = [f"`{v}`" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def signal_table() -> str:
    """The guide's table of signals: every `Signal`, the captures it needs, what it does."""
    missing = [s.value for s in Signal if s not in fmt.SIGNAL_DOCS]
    if missing:
        raise ValueError(f"format.SIGNAL_DOCS has no row for signal {', '.join(missing)}")
    rows = [
        "| `signal` | Put it on | `capture` | What callmate does with it |",
        "|---|---|---|---|",
    ]
    for signal in Signal:
        put_on, effect = fmt.SIGNAL_DOCS[signal]
        captures = _either([c.value for c in SIGNAL_CAPTURES[signal]])
        cells = [f"`{signal.value}`", put_on, captures, effect]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


#: Tables of the guide generated from a declaration other than a block's keys.
OTHER_TABLES = {"signals": signal_table}


def render_guide(
    text: str, tables: dict[str, fmt.Block] = TABLES, source: str = "callmate/core/format.py"
) -> str:
    """The guide with every key table regenerated; everything else is kept as written."""

    def table(match: re.Match[str]) -> str:
        name = match.group("name")
        opening = MARKER.format(name=name, source=source)
        if tables is TABLES and name in OTHER_TABLES:
            return opening + OTHER_TABLES[name]() + match.group("close")
        if name not in tables:
            raise ValueError(f"the guide has a key table for unknown block '{name}'")
        return opening + key_table(tables[name]) + match.group("close")

    return _REGION.sub(table, text)


def render_record_table(text: str) -> str:
    """The JSON guide with the call record's fields table regenerated."""

    def table(match: re.Match[str]) -> str:
        if match.group("name") != "call_record":
            raise ValueError(f"the JSON guide has a table for unknown '{match.group('name')}'")
        opening = MARKER.format(name="call_record", source="callmate/core/call_record.py")
        return opening + record_table() + match.group("close")

    return _REGION.sub(table, text)


def tables_in(text: str) -> list[str]:
    return [m.group("name") for m in _REGION.finditer(text)]


def generated(root: Path) -> dict[Path, str]:
    """Every generated file under `root` (the source tree) and what it must hold."""
    guide = (root / GUIDE).read_text(encoding="utf-8")
    personas = (root / PERSONAS_GUIDE).read_text(encoding="utf-8")
    json_guide = (root / JSON_GUIDE).read_text(encoding="utf-8")
    return {
        root / JSON_GUIDE: render_record_table(json_guide),
        root / RECORD_SCHEMA_FILE: json_text(record_schema()),
        root / GUIDE: render_guide(guide),
        root / PERSONAS_GUIDE: render_guide(
            personas, PERSONA_TABLES, "callmate/core/persona_format.py"
        ),
        root / PLAYBOOK_SCHEMA: json_text(playbook_schema()),
        root / PERSONA_SCHEMA: json_text(persona_schema()),
    }


def stale(root: Path) -> list[Path]:
    """The generated files that differ from what the declaration gives."""
    return [
        path
        for path, text in generated(root).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m callmate.core.format_docs",
        description="regenerate the guide's key tables and the JSON Schemas from the format",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the source tree")
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    if args.check:
        old = stale(args.root)
        for path in old:
            print(f"{path} is out of date: run python -m callmate.core.format_docs")
        return 1 if old else 0
    for path, text in generated(args.root).items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`callmate schema` and `callmate new`: help trainers write playbooks that load the first time.

`new` writes into the user's playbook folder and, next to the playbook, the schema the installed
callmate implements (`playbook.schema.json`). The starter's first line points at that file by a
relative path: editors resolve it from the playbook's own folder, it works offline, and it always
matches the installed version. The schema's `$id` is an identifier, not a hosted file, so pointing
editors at it would only give them a download error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from callmate.commands.output import OK, fail, printable, warn
from callmate.core.catalog import (
    SUFFIXES,
    PlaybookNotFound,
    bundled_dir,
    list_playbooks,
    resolve_playbook,
    user_dir,
)
from callmate.core.persona_schema import persona_schema
from callmate.core.playbook_loader import PLAYBOOK_NAME, check_playbook
from callmate.core.schema import playbook_schema
from callmate.core.yaml_source import SourceError, load_yaml_text
from callmate.export.files import OutputExists, write_private
from callmate.store.atomic import atomic_write_bytes
from callmate.store.paths import ensure_private_dir

SCHEMA_FILE = "playbook.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
_MODELINE_RE = re.compile(r"#\s*yaml-language-server\s*:\s*\$schema=\S*")
# A name as the loader reads it back: quoted or plain, on the line where its value starts.
_NAME_TOKEN = re.compile(r""""[^"\n]*"|'[^'\n]*'|[^\s,#\]}]+""")

STARTER = """\
__MODELINE__
#
# __HEADING__: a starter playbook made by `callmate new`. Change the words to sound like your
# reps; keep the shape. Lines starting with # are notes for trainers: callmate ignores them.
# After each edit, this command points at any mistake by line and column:
#   callmate validate __FILE__
# `callmate docs` shows the whole format reference. Sharing this file through a team folder?
# Run `callmate schema --write FOLDER` once, so the first line works for colleagues there too.

format: 1                      # the format version: always 1
name: __NAME__
title: __TITLE__
version: "1"                   # your edition of this playbook; keep the quotes
description: >-
  When to use this playbook, in a sentence or two, for the reps choosing it.
objective: >-
  Learn what the prospect wants to fix and why now, hear them say it is worth fixing, find
  out who decides, and agree a dated next step with a part for them.
minutes: 30                    # the call's time box

sections:
  # 1. Agree how the time is used, and get permission to ask questions.
  - id: agenda
    title: Agree the agenda
    kind: agenda
    minutes: 3
    intro: "Thanks for making the time, {prospect}."   # {prospect} is filled in
    questions:
      - id: time_check
        prompt: We planned thirty minutes. Does that still work for you?
        capture: yes_no
        branch:
          - when: "no"                 # quote yes and no
            show: [time_left]          # ask the hidden question below
            say: Keep it short, but still agree a next step.
      - id: time_left
        prompt: How long do we have?
        hidden: true                   # asked only when a rule shows it
      - id: their_goal
        prompt: What would make this call worth your time?

  # 2. Discovery: their problems, opportunities, wants and needs, in their own words.
  - id: discovery
    title: What's going on
    kind: powns
    minutes: 12
    questions:
      - id: problems
        prompt: What made you want to talk about this now?
        capture: powns                 # one item per Enter; p: o: w: n: set the tag
        required: true
        hints:
          - Ask "what else?" until they run out.
          - Star the one that matters most to them.
      - id: cost
        prompt: If {problems} stays as it is, what does that cost you?
      - id: worth_fixing
        prompt: Is that big enough that you want to do something about it?
        capture: yes_no
        signal: pain_agreed            # tells the live cues the pain is agreed
        required: true
        branch:
          - when: "no"
            goto: discovery            # back to the start of this section
            say: Not big enough for them yet. Explore the impact before moving on.

  # 3. Commitment: how soon, tied to their own problem.
  - id: commitment
    title: How soon
    kind: commitment
    minutes: 3
    questions:
      - id: start_when
        prompt: "If we could take care of {problems}, how soon would you want to start?"
        capture: choice
        choices: [this month, this quarter, later, no timeline]
        signal: commitment
        weak: [later, no timeline]     # answers that show interest, not intent
        branch:
          - when: no timeline
            goto: discovery
            say: No timeline yet. Go back to what it costs them.

  # 4. Who decides, and how they buy.
  - id: decision
    title: Who decides
    kind: decision_maker
    minutes: 5
    questions:
      - id: final_say
        prompt: When it comes to the final yes, is that your call?
        capture: yes_no
        signal: decision_maker
      - id: deciders
        prompt: Who else would be involved in a decision like this?
        capture: list                  # one name per Enter; an empty Enter moves on
      - id: buying_steps
        prompt: What are the steps on your side to go ahead, and how long do they take?

  # 5. Concerns, asked for openly.
  - id: objections
    title: Concerns
    kind: objections
    minutes: 4
    questions:
      - id: concerns
        prompt: What concerns do you have so far?
        capture: list

  # 6. Close on a dated next step they take part in.
  - id: closing
    title: Next step
    minutes: 3
    questions:
      - id: their_part
        prompt: Before we speak again, what will you do on your side?
        signal: their_part             # practice checks their part of the step against it
        required: true

next_step:
  require_prospect_commitment: true
  max_days: 14
  suggestions:
    - 20-minute call to go through a proposal together
    - Call with the decision maker, with our contact joining

# What the call must find out; the screen shows which are still empty.
qualification:
  - id: pain
    label: Pain agreed
    questions: [worth_fixing]
  - id: timeline
    label: Timeline
    questions: [start_when]
  - id: decision_maker
    label: Decision maker
    questions: [final_say, deciders]

# Objection cards the rep can open during the call.
cards:
  - id: send_info
    title: Just send me some information
    says: [send me some info, email me something]
    response: >-
      Happy to. Which part of {problems} should it answer, and when shall we go
      through it together?
"""


class AuthoringError(Exception):
    """A playbook could not be written; the message is for the trainer."""


def schema_text() -> str:
    """Exactly what `callmate schema` prints, and what docs/playbook.schema.json holds."""
    return json.dumps(playbook_schema(), indent=2, ensure_ascii=False) + "\n"


def persona_schema_text() -> str:
    """Exactly what `callmate schema --persona` prints, and what docs/persona.schema.json holds."""
    return json.dumps(persona_schema(), indent=2, ensure_ascii=False) + "\n"


def yaml_text(text: str) -> str:
    """Plain YAML text (letters, digits, spaces, dashes) that reads back as itself.

    `yes`, `null` or `0x1f` would read as something else, so those get quotes.
    """
    return text if yaml.safe_load(f"key: {text}") == {"key": text} else f'"{text}"'


def starter_text(name: str, path: Path) -> str:
    """The commented starter playbook for `name`, to be written at `path`."""
    title = name.replace("-", " ").capitalize()
    shown = str(path)
    if not shown.isprintable():
        shown = path.name  # the comment must stay one clean line of the YAML file
    return (
        STARTER.replace("__MODELINE__", MODELINE)
        .replace("__FILE__", shown)
        .replace("__HEADING__", title)
        .replace("__TITLE__", yaml_text(title))
        .replace("__NAME__", yaml_text(name))
    )


def copied_text(source: Path, name: str) -> str:
    """The source playbook's text with `name:` set to `name` and the modeline pointed here.

    Only two spans change, so the trainer's comments and layout survive; the result is read
    back and must hold the same data apart from the name.
    """
    playbook, problems = check_playbook(source)
    errors = [p for p in problems if p.severity == "error"]
    if playbook is None:
        shown = "\n".join(str(p) for p in errors)
        raise AuthoringError(f"{source} has errors, so it was not copied:\n{shown}")
    text = source.read_bytes().decode("utf-8").removeprefix("\ufeff")
    doc = load_yaml_text(text)
    lines = text.splitlines(keepends=True)
    where = doc.value_location(("name",))
    line = lines[where.line - 1]
    token = _NAME_TOKEN.match(line, where.col - 1)
    if token is None:
        raise AuthoringError(f"could not find the name in {source}; copy it by hand")
    lines[where.line - 1] = line[: token.start()] + yaml_text(name) + line[token.end() :]
    _set_modeline(lines)
    result = "".join(lines)
    _check_same_data(doc.data, result, name, source)
    return result


def _set_modeline(lines: list[str]) -> None:
    """Point an existing schema modeline at the schema file beside the copy, or add one."""
    for i, line in enumerate(lines):
        match = _MODELINE_RE.search(line)
        if match is not None and line.lstrip().startswith("#"):
            lines[i] = line[: match.start()] + MODELINE + line[match.end() :]
            return
    lines.insert(0, MODELINE + "\n")


def _check_same_data(before: dict, text: str, name: str, source: Path) -> None:
    try:
        after = load_yaml_text(text).data
    except SourceError:
        after = None
    if after != {**before, "name": name}:
        raise AuthoringError(f"could not change the name in {source} safely; copy it by hand")


def target_path(folder: Path, name: str) -> Path:
    """The file for `name` in `folder`: an existing .yaml or .yml one, else NAME.yaml."""
    for suffix in SUFFIXES:
        candidate = folder / f"{name}{suffix}"
        if candidate.exists():
            return candidate
    return folder / f"{name}{SUFFIXES[0]}"


def cmd_schema(args: argparse.Namespace) -> int:
    text = persona_schema_text() if args.persona else schema_text()
    if args.write is None:
        sys.stdout.write(text)
        return OK
    folder: Path = args.write
    target = folder / ("persona.schema.json" if args.persona else SCHEMA_FILE)
    if not folder.is_dir():
        return fail(f"{folder} is not a folder")
    try:
        atomic_write_bytes(target, text.encode("utf-8"))
    except OSError as exc:
        return fail(f"could not write {target}: {exc.strerror or exc}")
    print(printable(target))
    return OK


#: `callmate docs TOPIC` -> the guide shipped in the `callmate.guides` package.
GUIDES = {
    "playbooks": "playbook-format.md",
    "personas": "personas.md",
    "scoring": "scoring.md",
    "json": "json-format.md",
    "schema": SCHEMA_FILE,
}


def guide_path(topic: str) -> Path:
    """Where the installed guide for `topic` is: it ships inside the package."""
    from importlib import resources

    return Path(str(resources.files("callmate.guides") / GUIDES[topic]))


def cmd_docs(args: argparse.Namespace) -> int:
    path = guide_path(args.topic)
    if args.path:
        print(printable(path))
        return OK
    try:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return fail(f"could not read the {args.topic} guide at {path}: {exc.strerror or exc}")
    return OK


def cmd_new(args: argparse.Namespace) -> int:
    name: str = args.name
    if not PLAYBOOK_NAME.match(name):
        return fail(
            f"'{name}' is not a playbook name: use lowercase letters, digits and dashes, "
            "starting with a letter or digit (like 'first-discovery')"
        )
    folder = user_dir()
    path = target_path(folder, name)
    try:
        if args.source is not None:
            text = copied_text(resolve_playbook(args.source), name)
        else:
            text = starter_text(name, path)
    except (PlaybookNotFound, AuthoringError) as exc:
        return fail(str(exc))
    except SourceError as exc:  # the file changed while it was being copied
        return fail(f"{args.source}:{exc.line}:{exc.col}: {exc.message}")
    except OSError as exc:
        return fail(f"could not read {args.source}: {exc.strerror or exc}")
    if path.exists() and not args.force:
        return fail(f"{path} already exists; use --force to replace it")
    try:
        ensure_private_dir(folder)
        atomic_write_bytes(folder / SCHEMA_FILE, schema_text().encode("utf-8"))
        write_private(path, text.encode("utf-8"), force=args.force, allowed=folder)
    except OutputExists as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"could not write {exc.filename or path}: {exc.strerror or exc}")
    _warn_if_shadowed(name, path)
    print(printable(path))
    return OK


def _warn_if_shadowed(name: str, path: Path) -> None:
    """A file another folder overrides would look like edits that never take effect; a file
    that overrides a bundled playbook changes what every `callmate call` without --playbook,
    and every colleague's habit of that name, now opens."""
    for entry in list_playbooks():
        if entry.name != name:
            continue
        if entry.path != path:
            warn(f"'{name}' from {entry.path} ({entry.origin}) is used instead of this file")
            continue
        bundled = [p for p in entry.shadows if p.parent == bundled_dir()]
        if bundled:
            warn(
                f"'{name}' is also the name of a bundled playbook: this file is used instead of "
                f"it from now on; choose another name to keep both (the bundled one stays at "
                f"{bundled[0]})"
            )


def register(sub: argparse._SubParsersAction) -> None:
    schema = sub.add_parser(
        "schema", help="print the playbook JSON Schema (for editors' completion and checks)"
    )
    schema.add_argument(
        "--persona", action="store_true", help="print the practice persona schema instead"
    )
    schema.add_argument(
        "--write",
        type=Path,
        metavar="FOLDER",
        help="write the schema file into FOLDER (a team folder), where playbooks point at it",
    )
    schema.set_defaults(func=cmd_schema)
    docs = sub.add_parser(
        "docs",
        help="show the playbook format reference (or another guide) that ships with callmate",
    )
    docs.add_argument(
        "topic", nargs="?", default="playbooks", choices=sorted(GUIDES), help="which guide"
    )
    docs.add_argument("--path", action="store_true", help="print where the guide is instead")
    docs.set_defaults(func=cmd_docs)
    new = sub.add_parser(
        "new", help="write a starter playbook (or a copy of one) into your playbook folder"
    )
    new.add_argument("name", metavar="NAME", help="the new playbook's name, like 'referral-intro'")
    new.add_argument(
        "--from",
        dest="source",
        metavar="PLAYBOOK",
        help="copy this playbook (a name or a file path) instead of the starter",
    )
    new.add_argument("--force", action="store_true", help="replace an existing file of that name")
    new.set_defaults(func=cmd_new)

"""The JSON Schema (what an editor underlines) and `callmate validate` agree on single values.

Both come from the one declaration in `format.py`; where they disagreed a trainer saw a file
underlined that validate passed, or the reverse. Each case changes one value of a valid
playbook and asks both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from callmate.core import format as fmt
from callmate.core.playbook_loader import check_playbook
from callmate.core.schema import playbook_schema
from tests.unit.schema_support import Path_, load, mutate

REPO = Path(__file__).resolve().parents[2]
BASE = load(REPO / "tests" / "data" / "playbooks" / "valid" / "everything.yaml")
VALIDATOR = Draft202012Validator(playbook_schema())

_Q = ("sections", 0, "questions", 0)
_SCALE = ("sections", 1, "questions", 3)

CASES: list[tuple[str, Path_, Any, bool]] = [
    # (what, where, value, whether both accept it)
    ("label as a number", (*_Q, "label"), 5, True),
    ("label left empty", (*_Q, "label"), None, True),
    ("label with a template", (*_Q, "label"), "Time for {prospect}", False),
    ("when as an empty list", (*_Q, "branch", 0, "when"), [], False),
    ("when left empty", (*_Q, "branch", 0, "when"), None, False),
    ("max_days 7.0", ("next_step", "max_days"), 7.0, True),
    ("max_days 7.5", ("next_step", "max_days"), 7.5, False),
    ("max_days 366", ("next_step", "max_days"), 366, False),
    ("minutes 30.0", ("minutes",), 30.0, True),
    ("section minutes 5.0", ("sections", 0, "minutes"), 5.0, True),
    ("at_most 3.0", (*_SCALE, "branch", 0, "when"), {"at_most": 3.0}, True),
    ("at_most 3.5", (*_SCALE, "branch", 0, "when"), {"at_most": 3.5}, False),
    ("scale value 8.0", (*_SCALE, "branch", 3, "when"), 8.0, True),
    ("hints as one line", (*_Q, "hints"), "Listen first.", True),
    ("hints as one number", (*_Q, "hints"), 5, True),
    ("says as one line", ("cards", 0, "says"), "Too pricey", True),
    ("suggestion as one number", ("next_step", "suggestions"), 42, True),
    ("section title with a template", ("sections", 0, "title"), "Agenda {company}", False),
    ("playbook title with a template", ("title",), "Call {prospect}", False),
    ("slot label with a template", ("qualification", 0, "label"), "Pain {company}", False),
    ("check tip with a template", ("scoring", "extra", 0, "tip"), "Ask {prospect}", False),
    ("description with a template", ("description",), "For {company}", False),
    ("description as a number", ("description",), 2026, True),
]


@pytest.mark.parametrize(("what", "site", "value", "accepted"), CASES, ids=[c[0] for c in CASES])
def test_the_schema_and_the_loader_give_the_same_answer(
    tmp_path: Path, what: str, site: Path_, value: Any, accepted: bool
) -> None:
    data = mutate(site, value, BASE)
    path = tmp_path / "everything.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    playbook, problems = check_playbook(path)
    assert (playbook is not None) is accepted, [str(p) for p in problems]
    assert VALIDATOR.is_valid(data) is accepted


def test_whole_numbers_read_as_json_schema_reads_them() -> None:
    assert [fmt.whole_number(v) for v in (7, 7.0, -2.0, 7.5, True, "7", None)] == [
        7,
        7,
        -2,
        None,
        None,
        None,
        None,
    ]


def test_ranges_of_whole_number_keys_come_from_the_declaration() -> None:
    assert fmt.bounds(fmt.NEXT_STEP.key("max_days")) == (1, 365)
    assert fmt.bounds(fmt.PLAYBOOK.key("minutes")) == (1, 480)
    schema = playbook_schema()
    max_days = schema["$defs"]["next_step"]["properties"]["max_days"]
    assert (max_days["minimum"], max_days["maximum"]) == fmt.bounds(fmt.NEXT_STEP.key("max_days"))


def test_a_one_line_list_reads_as_that_line(tmp_path: Path) -> None:
    data = mutate((*_Q, "hints"), "Listen first.", BASE)
    path = tmp_path / "everything.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    playbook, _ = check_playbook(path)
    assert playbook is not None
    assert playbook.questions[0].hints == ("Listen first.",)


def test_the_guide_says_a_list_of_text_may_be_one_line() -> None:
    guide = (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    assert "| `hints` | no | list of text (or one line) |" in guide
    assert "one item can be written alone" in guide


def test_the_guide_says_anchors_and_merge_keys_are_refused() -> None:
    guide = (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    assert "Anchors and aliases (`&name`, `*name`), merge keys (`<<:`)" in guide

"""The persona JSON Schema agrees with the persona loader, and its docs copy is current."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from callmate.cli import main
from callmate.commands.authoring import persona_schema_text
from callmate.core import persona_loader
from callmate.core.persona import DEFAULT_REPLY_KEY, SECTION_KINDS, CommitmentModel
from callmate.core.persona_loader import check_persona
from callmate.core.persona_schema import LINE_PATTERN, PERSONA_SCHEMA_ID, persona_schema
from callmate.core.playbook import PownTag, SectionKind
from callmate.core.schema import ID_PATTERN, SCHEMA_ID, playbook_schema
from tests.unit.schema_support import (
    DELETE,
    REPO,
    Path_,
    declared_objects,
    load,
    mutate,
    open_objects,
    property_names,
    undescribed_properties,
    yaml_blocks,
)

# == personas =====================================================================================

PERSONA_SCHEMA = persona_schema()
PERSONA_VALIDATOR = Draft202012Validator(PERSONA_SCHEMA)
PERSONA_MODELINE = "# yaml-language-server: $schema=../../docs/persona.schema.json"
BUNDLED_PERSONAS = sorted((REPO / "playbooks" / "personas").glob("*.yaml"))
#: The one persona map whose keys are not fixed: replies are keyed by question ids too.
PERSONA_OPEN_MAPS = {("$defs", "replies")}


def persona_error_paths(data: Any) -> list[Path_]:
    return [tuple(error.absolute_path) for error in PERSONA_VALIDATOR.iter_errors(data)]


def test_persona_schema_is_a_valid_draft_2020_12_schema_with_its_own_id() -> None:
    Draft202012Validator.check_schema(PERSONA_SCHEMA)
    assert PERSONA_SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert PERSONA_SCHEMA["$id"] == PERSONA_SCHEMA_ID != SCHEMA_ID
    assert PERSONA_SCHEMA_ID == "urn:callmate:schema:persona:1"


def test_every_persona_object_refuses_unknown_keys_but_replies_take_ids() -> None:
    objects = declared_objects(PERSONA_SCHEMA)
    names = {node.get("title") for _, node in objects}
    assert {"callmate practice persona", "POWN item", "Replies", "Objection"} <= names
    assert {"Objection trigger", "Commitment model"} <= names
    open_maps = open_objects(PERSONA_SCHEMA)
    assert set(open_maps) == PERSONA_OPEN_MAPS
    for node in open_maps.values():
        assert node["additionalProperties"] == {"$ref": "#/$defs/lines"}
        assert node["propertyNames"] == {"pattern": ID_PATTERN}


def test_every_persona_property_has_a_title_and_a_description() -> None:
    missing, count = undescribed_properties(PERSONA_SCHEMA)
    assert missing == []
    assert count > 25


def test_persona_objects_have_exactly_the_loaders_keys() -> None:
    defs = PERSONA_SCHEMA["$defs"]
    declared = {
        "top": PERSONA_SCHEMA["properties"],
        "pown": defs["pown"]["properties"],
        "objection": defs["objection"]["properties"],
        "trigger": defs["trigger"]["properties"],
        "commitment": defs["commitment"]["properties"],
    }
    loader = {
        "top": persona_loader.TOP_KEYS,
        "pown": persona_loader.POWN_KEYS,
        "objection": persona_loader.OBJECTION_KEYS,
        "trigger": persona_loader.TRIGGER_KEYS,
        "commitment": persona_loader.COMMITMENT_KEYS,
    }
    assert {name: set(props) for name, props in declared.items()} == {
        name: set(keys) for name, keys in loader.items()
    }
    assert set(PERSONA_SCHEMA["required"]) == {"format", "kind", "name", "display_name", "replies"}


def test_persona_enums_reply_keys_and_defaults_are_the_models() -> None:
    defs = PERSONA_SCHEMA["$defs"]
    assert defs["pown"]["properties"]["tag"]["enum"] == [t.value for t in PownTag] + [None]
    assert defs["trigger"]["properties"]["section"]["enum"] == [k.value for k in SectionKind]
    assert set(defs["replies"]["properties"]) == {DEFAULT_REPLY_KEY, *SECTION_KINDS}
    assert defs["replies"]["required"] == [DEFAULT_REPLY_KEY]
    model = CommitmentModel()
    levels = defs["commitment"]["properties"]
    for key in ("start", "rises_when_pain_agreed", "drops_when_pitch_before_discovery"):
        assert levels[key]["default"] == getattr(model, key)
    assert levels["weak_below"]["default"] == model.weak_below


@given(st.text(alphabet="ab1 \t\n\u2003\u00a0", max_size=6))
def test_line_pattern_accepts_exactly_the_lines_the_loader_keeps(text: str) -> None:
    assert (re.search(LINE_PATTERN, text) is not None) == bool(text.strip())


def test_docs_persona_schema_file_is_the_schema_command_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "--persona"]) == 0
    printed = capsys.readouterr().out
    assert printed == persona_schema_text()
    on_disk = (REPO / "docs" / "persona.schema.json").read_text(encoding="utf-8")
    assert on_disk == printed, (
        "docs/persona.schema.json is out of date: run `callmate schema --persona > "
        "docs/persona.schema.json`"
    )
    assert json.loads(on_disk) == PERSONA_SCHEMA


def test_plain_schema_command_still_prints_the_playbook_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == playbook_schema()


def test_personas_guide_names_every_persona_schema_property_in_backticks() -> None:
    guide = (REPO / "docs" / "personas.md").read_text(encoding="utf-8")
    names = property_names(PERSONA_SCHEMA)
    assert {"display_name", "after_question", "weak_below", DEFAULT_REPLY_KEY} <= names
    missing = sorted(name for name in names if f"`{name}`" not in guide)
    assert missing == [], f"docs/personas.md does not describe: {', '.join(missing)}"


def test_bundled_personas_are_found() -> None:
    assert {p.stem for p in BUNDLED_PERSONAS} >= {
        "busy-sceptic",
        "eager-champion",
        "not-yet-convinced",
    }


@pytest.mark.parametrize("path", BUNDLED_PERSONAS, ids=lambda p: p.name)
def test_bundled_personas_pass_the_schema_and_the_loader(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == PERSONA_MODELINE
    assert persona_error_paths(load(path)) == []
    persona, problems = check_persona(path)
    assert persona is not None
    assert problems == []


def test_the_personas_guide_example_passes_the_schema_and_the_loader(tmp_path: Path) -> None:
    [example] = yaml_blocks("personas.md")
    path = tmp_path / "busy-sceptic.yaml"
    path.write_text(example, encoding="utf-8")
    persona, problems = check_persona(path)
    assert persona is not None
    assert [p for p in problems if p.severity == "error"] == []
    assert persona_error_paths(load(path)) == []


PERSONA_HEAD = """\
format: 1
kind: persona
name: broken
display_name: Bea Broken
"""
GOOD_REPLIES = "replies:\n  default: Hm.\n"

#: Invalid personas, and where (a path into the data) the schema must complain.
BAD_PERSONAS: dict[str, tuple[str, Path_]] = {
    "no_default_reply": (PERSONA_HEAD + "replies:\n  agenda: Fine.\n", ("replies",)),
    "no_replies": (PERSONA_HEAD, ()),
    "unknown_top_key": (PERSONA_HEAD + GOOD_REPLIES + "mood: grumpy\n", ()),
    "playbook_kind": (PERSONA_HEAD.replace("persona\n", "playbook\n") + GOOD_REPLIES, ("kind",)),
    "format_2": (PERSONA_HEAD.replace("format: 1", "format: 2") + GOOD_REPLIES, ("format",)),
    "bad_name": (
        PERSONA_HEAD.replace("name: broken", "name: Broken_One") + GOOD_REPLIES,
        ("name",),
    ),
    "blank_display_name": (
        PERSONA_HEAD.replace("Bea Broken", '"  "') + GOOD_REPLIES,
        ("display_name",),
    ),
    "decides_as_text": (PERSONA_HEAD + GOOD_REPLIES + 'decides: "yes"\n', ("decides",)),
    "empty_reply_list": (PERSONA_HEAD + "replies:\n  default: []\n", ("replies", "default")),
    "blank_reply_line": (
        PERSONA_HEAD + "replies:\n  default: [Hm., '  ']\n",
        ("replies", "default"),
    ),
    "bad_reply_key": (PERSONA_HEAD + GOOD_REPLIES + "  Worth-Fixing: Yes.\n", ("replies",)),
    "unknown_tag": (
        PERSONA_HEAD + GOOD_REPLIES + "powns:\n  - {tag: pain, text: slow invoices}\n",
        ("powns", 0, "tag"),
    ),
    "pown_without_text": (
        PERSONA_HEAD + GOOD_REPLIES + "powns:\n  - {tag: need}\n",
        ("powns", 0),
    ),
    "two_triggers": (
        PERSONA_HEAD
        + GOOD_REPLIES
        + "objections:\n  - text: No.\n    when: {section: agenda, after_question: x}\n",
        ("objections", 0, "when"),
    ),
    "unknown_section_kind": (
        PERSONA_HEAD + GOOD_REPLIES + "objections:\n  - text: No.\n    when: {section: close}\n",
        ("objections", 0, "when", "section"),
    ),
    "objection_without_when": (
        PERSONA_HEAD + GOOD_REPLIES + "objections:\n  - text: No.\n",
        ("objections", 0),
    ),
    "level_above_10": (
        PERSONA_HEAD + GOOD_REPLIES + "commitment:\n  start: 11\n",
        ("commitment", "start"),
    ),
    "unknown_commitment_key": (
        PERSONA_HEAD + GOOD_REPLIES + "commitment:\n  strat: 4\n",
        ("commitment",),
    ),
    "null_strong_lines": (
        PERSONA_HEAD + GOOD_REPLIES + "commitment:\n  strong:\n",
        ("commitment", "strong"),
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PERSONAS))
def test_invalid_personas_fail_the_schema_and_the_loader(name: str, tmp_path: Path) -> None:
    text, where = BAD_PERSONAS[name]
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    persona, problems = check_persona(path)
    assert persona is None
    assert any(p.severity == "error" for p in problems)
    assert where in persona_error_paths(load(path))


PERSONA_MUTANT: dict[str, Any] = {
    "format": 1,
    "kind": "persona",
    "name": "mutant",
    "display_name": "Max Mutant",
    "role": "Buyer",
    "company": "Mutant Ltd",
    "decides": True,
    "buying_process": "Two quotes, then I sign.",
    "hot_button": "slow invoices",
    "powns": [{"tag": "problem", "text": "slow invoices"}, {"tag": "need", "text": "{a} b"}],
    "replies": {"default": ["Hm.", "Well."], "agenda": "Fine.", "worth_fixing": "Yes."},
    "objections": [
        {"text": "Send a brochure.", "when": {"section": "agenda"}},
        {"text": "Too dear.", "when": {"after_question": "concerns"}},
    ],
    "commitment": {
        "start": 4,
        "rises_when_pain_agreed": 3,
        "drops_when_pitch_before_discovery": 2,
        "weak_below": 5,
        "strong": "This month.",
        "weak": ["No timeline."],
    },
}

PERSONA_POOLS: dict[str, list[Any]] = {
    "format": [DELETE, None, 1, 2, 1.0, True, "1"],
    "kind": [DELETE, None, "persona", "playbook", 1, ["persona"]],
    "name": [DELETE, None, "mutant", "Bad", "x y", " mutant", 3, ""],
    "text": [DELETE, None, "", "  ", "{x.y}", 3, 2.5, True, [], {}],
    "lines": [DELETE, None, "", "x", 3, True, [], [""], ["a", "b"], [True], [None], {}],
    "id": [DELETE, None, "Bad", "later", "x1", 3, ["x"]],
    "flag": [DELETE, None, "no", 0, True, False],
    "level": [DELETE, None, 0, 10, 11, -1, 2.5, True, "3"],
    "enum": [DELETE, None, "problem", "need", "agenda", "other", "x", 3],
    "container": [DELETE, None, "", 0, False, [], {}, ["x"], [{}]],
    "trigger": [
        DELETE,
        None,
        {},
        "agenda",
        {"section": "powns"},
        {"section": None},
        {"after_question": "x"},
        {"section": "agenda", "after_question": "x"},
        {"when": "agenda"},
    ],
}
PERSONA_SITES: list[tuple[Path_, str]] = [
    (("format",), "format"),
    (("kind",), "kind"),
    (("name",), "name"),
    *[((key,), "text") for key in ("display_name", "role", "company", "buying_process")],
    (("hot_button",), "text"),
    (("decides",), "flag"),
    *[((key,), "container") for key in ("powns", "replies", "objections", "commitment")],
    (("powns", 0), "container"),
    (("powns", 0, "tag"), "enum"),
    (("powns", 1, "text"), "text"),
    *[(("replies", key), "lines") for key in ("default", "agenda", "worth_fixing", "Bad", "x")],
    (("objections", 0, "text"), "text"),
    (("objections", 0, "when"), "trigger"),
    (("objections", 0, "when", "section"), "enum"),
    (("objections", 1, "when", "after_question"), "id"),
    *[(("commitment", key), "level") for key in persona_loader.COMMITMENT_KEYS[:4]],
    (("commitment", "strong"), "lines"),
    (("commitment", "weak"), "lines"),
]


def test_persona_schema_accepts_every_single_change_the_loader_accepts(tmp_path: Path) -> None:
    path = tmp_path / "mutant.yaml"
    path.write_text(yaml.dump(PERSONA_MUTANT, Dumper=yaml.CSafeDumper), encoding="utf-8")
    assert check_persona(path)[0] is not None
    assert PERSONA_VALIDATOR.is_valid(PERSONA_MUTANT)
    wrongly_refused: list[str] = []
    refused = 0
    for site, pool in PERSONA_SITES:
        for value in PERSONA_POOLS[pool]:
            data = mutate(site, value, PERSONA_MUTANT)
            if PERSONA_VALIDATOR.is_valid(data):
                continue
            refused += 1
            path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper), encoding="utf-8")
            # On purpose: a name given as a number loads, but the schema wants text.
            on_purpose = site == ("name",) and isinstance(value, int | float)
            if check_persona(path)[0] is not None and not on_purpose:
                wrongly_refused.append(f"{'/'.join(map(str, site))} = {value!r}")
    assert wrongly_refused == []
    assert refused > 120  # the changes really do reach the schema's checks

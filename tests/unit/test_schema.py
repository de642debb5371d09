"""The JSON Schema agrees with the loader, stays in sync with its docs copy, and is documented.

The loader is the authority. The schema must accept everything the loader accepts (or an editor
would underline a file callmate reads fine) and refuse every mistake that JSON Schema can see.
"""

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

from callmate.commands.authoring import schema_text
from callmate.core import format as fmt
from callmate.core import format_docs, loader_guidance, playbook_loader
from callmate.core.cues import BUILTIN_CUES
from callmate.core.playbook import Capture, PownTag, SectionKind, Signal
from callmate.core.playbook_loader import check_playbook
from callmate.core.schema import (
    ID_PATTERN,
    NAME_PATTERN,
    SCHEMA_ID,
    TEMPLATE_PATTERN,
    TEXT_PATTERN,
    YES_NO_PATTERN,
    playbook_schema,
)
from callmate.core.templates import template_names
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

FIXTURES = REPO / "tests" / "data" / "playbooks"
SCHEMA = playbook_schema()
VALIDATOR = Draft202012Validator(SCHEMA)

#: Invalid fixtures the schema must refuse, and where (a path into the data) it complains.
SCHEMA_ERRORS: dict[str, Path_] = {
    "at_most_on_yes_no.yaml": ("sections", 0, "questions", 0, "branch", 0, "when"),
    "bad_id.yaml": ("sections", 0, "questions", 0, "id"),
    "bad_name.yaml": ("name",),
    "blank_title.yaml": ("title",),
    "choice_without_choices.yaml": ("sections", 0, "questions", 0),
    "choices_on_text.yaml": ("sections", 0, "questions", 0),
    "empty_questions.yaml": ("sections", 0, "questions"),
    "empty_sections.yaml": ("sections",),
    "format_2.yaml": ("format",),
    "max_days_zero.yaml": ("next_step", "max_days"),
    "minutes_float.yaml": ("minutes",),
    "negative_weight.yaml": ("scoring", "weights", "agenda"),
    "extra_check_without_points.yaml": ("scoring", "extra", 0),
    "missing_prompt.yaml": ("sections", 0, "questions", 0),
    "missing_when.yaml": ("sections", 0, "questions", 0, "branch", 0),
    "required_wrong_type.yaml": ("sections", 0, "questions", 0, "required"),
    "reserved_id.yaml": ("sections", 0, "questions", 0, "id"),
    "rule_without_action.yaml": ("sections", 0, "questions", 0, "branch", 0),
    "signal_wrong_capture.yaml": ("sections", 0, "questions", 0, "capture"),
    "scale_at_most_11.yaml": ("sections", 0, "questions", 0, "branch", 0, "when"),
    "section_not_mapping.yaml": ("sections", 0),
    "several_mistakes.yaml": ("next_step",),
    "slot_without_questions.yaml": ("qualification", 0, "questions"),
    "template_attribute.yaml": ("sections", 0, "questions", 1, "prompt"),
    "template_format_spec.yaml": ("sections", 0, "questions", 0, "hints"),
    "unknown_builtin_cue.yaml": ("cues", "mute"),
    "unknown_key.yaml": ("sections", 0),
    "unmatched_brace.yaml": ("sections", 0, "intro"),
    "weak_on_scale.yaml": ("sections", 0, "questions", 0, "weak"),
    "wrong_capture.yaml": ("sections", 0, "questions", 0, "capture"),
    "wrong_kind.yaml": ("sections", 0, "kind"),
    "yes_no_maybe.yaml": ("sections", 0, "questions", 0, "branch", 0, "when"),
}

_ACROSS = "JSON Schema cannot compare values held in different list items"
_ORDER = "the rule depends on the order of sections or questions, which a schema cannot see"
_OTHER_FIELD = "the allowed values come from another field of the file"

#: Invalid fixtures only the loader can catch, and why the schema cannot.
LOADER_ONLY: dict[str, str] = {
    "branch_unknown_id.yaml": "a show target must be the id of some question: " + _ACROSS,
    "choices_case_duplicates.yaml": "uniqueItems compares exactly; the loader ignores case",
    "cue_unknown_question.yaml": "a cue must watch an existing question: " + _ACROSS,
    "duplicate_ids.yaml": "ids must be unique across sections: " + _ACROSS,
    "duplicate_section_ids.yaml": "section ids must be unique: " + _ACROSS,
    "goto_later_section.yaml": _ORDER,
    "goto_loop.yaml": "whether a rule matches every answer needs the capture, required and "
    "the when values together",
    "goto_unknown_section.yaml": "a goto target must be the id of some section: " + _ACROSS,
    "hidden_unreachable.yaml": "whether any rule shows a question: " + _ACROSS,
    "show_earlier.yaml": _ORDER,
    "template_later.yaml": _ORDER,
    "template_unknown_name.yaml": "a template name must be the id of some question: " + _ACROSS,
    "unknown_criterion.yaml": "weights also take the ids of the playbook's own extra checks: "
    + _ACROSS,
    "weak_not_in_choices.yaml": _OTHER_FIELD,
    "when_not_in_choices.yaml": _OTHER_FIELD,
}


def schema_error_paths(data: Any) -> list[Path_]:
    return [tuple(error.absolute_path) for error in VALIDATOR.iter_errors(data)]


# -- the schema itself ---------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema_with_an_id() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == SCHEMA_ID
    # An identifier, not a made-up web address that editors would try (and fail) to fetch.
    assert SCHEMA_ID == "urn:callmate:schema:playbook:1"
    assert ".example" not in json.dumps(SCHEMA)


#: Keywords of draft 2020-12 the validator has no entry for: annotations, and `if`'s branches.
ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "default", "then", "else"}


def _keywords(node: Any, found: set[str]) -> set[str]:
    """Every keyword used in a schema, skipping the names under `properties` and `$defs`."""
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    _keywords(sub, found)
            else:
                _keywords(value, found)
    elif isinstance(node, list):
        for item in node:
            _keywords(item, found)
    return found


def test_every_keyword_belongs_to_the_declared_dialect() -> None:
    used = _keywords(SCHEMA, set())
    known = set(Draft202012Validator.VALIDATORS) | ANNOTATIONS
    assert used - known == set()
    assert "$defs" in used  # a 2019-09+ keyword: the dialect must be one that has it


#: The one map whose keys are not fixed: weights are keyed by criterion ids, and a playbook's own
#: extra checks add ids of their own.
OPEN_MAPS = {("$defs", "scoring", "properties", "weights")}


def test_every_declared_object_refuses_unknown_keys() -> None:
    objects = declared_objects(SCHEMA)
    names = {node.get("title") for _, node in objects}
    assert {"callmate playbook", "Section", "Question", "Branch rule", "Next-step policy"} <= names
    assert {"Objection card", "Cue rule", "Qualification slot", "Extra check"} <= names
    open_maps = open_objects(SCHEMA)
    assert set(open_maps) == OPEN_MAPS
    for node in open_maps.values():
        assert node["additionalProperties"] == {"type": "number", "minimum": 0}


def test_every_declared_property_has_a_title_and_a_description() -> None:
    missing, count = undescribed_properties(SCHEMA)
    assert missing == []
    assert count > 40


def test_enums_are_the_models_values() -> None:
    defs = SCHEMA["$defs"]
    section, question = defs["section"]["properties"], defs["question"]["properties"]
    assert section["kind"]["enum"] == [k.value for k in SectionKind] + [None]
    assert question["capture"]["enum"] == [c.value for c in Capture] + [None]
    assert question["tag"]["enum"] == [t.value for t in PownTag] + [None]
    assert question["signal"]["enum"] == [s.value for s in Signal] + [None]
    mute = defs["cues"]["properties"]["mute"]["anyOf"]
    assert mute[1]["enum"] == list(BUILTIN_CUES)


def test_objects_have_exactly_the_loaders_keys() -> None:
    defs = SCHEMA["$defs"]
    declared = {
        "top": SCHEMA["properties"],
        "next_step": defs["next_step"]["properties"],
        "section": defs["section"]["properties"],
        "question": defs["question"]["properties"],
        "rule": defs["rule"]["properties"],
        "card": defs["card"]["properties"],
        "cues": defs["cues"]["properties"],
        "cue_rule": defs["cue_rule"]["properties"],
        "slot": defs["slot"]["properties"],
        "condition": defs["when"]["anyOf"][2]["properties"],
        "scoring": defs["scoring"]["properties"],
        "extra_check": defs["extra_check"]["properties"],
    }
    loader = {
        "top": playbook_loader.TOP_KEYS,
        "next_step": playbook_loader.POLICY_KEYS,
        "section": playbook_loader.SECTION_KEYS,
        "question": playbook_loader.QUESTION_KEYS,
        "rule": playbook_loader.RULE_KEYS,
        "card": loader_guidance.CARD_KEYS,
        "cues": loader_guidance.CUES_KEYS,
        "cue_rule": loader_guidance.CUE_RULE_KEYS,
        "slot": loader_guidance.SLOT_KEYS,
        "condition": playbook_loader.CONDITION_KEYS,
        "scoring": loader_guidance.SCORING_KEYS,
        "extra_check": loader_guidance.EXTRA_KEYS,
    }
    assert {name: set(props) for name, props in declared.items()} == {
        name: set(keys) for name, keys in loader.items()
    }


def test_question_ids_refuse_the_reserved_template_names() -> None:
    reserved = SCHEMA["$defs"]["question"]["properties"]["id"]["allOf"][1]["not"]["enum"]
    assert set(reserved) == playbook_loader.RESERVED_NAMES


# -- patterns agree with the loader's own checks --------------------------------------------------
# Python's `$` also matches before one final newline; ids and names cannot hold a newline in a
# file the schema is meant for, so newlines stay out of these alphabets.


@given(st.text(alphabet="aZz09_- .", max_size=8))
def test_id_pattern_matches_exactly_the_ids_the_loader_accepts(text: str) -> None:
    assert (re.search(ID_PATTERN, text) is not None) == (playbook_loader.ID.match(text) is not None)


@given(st.text(alphabet="aZz09_- .", max_size=8))
def test_name_pattern_matches_exactly_the_names_the_loader_accepts(text: str) -> None:
    assert (re.search(NAME_PATTERN, text) is not None) == (
        playbook_loader.PLAYBOOK_NAME.match(text) is not None
    )


@given(st.text(alphabet="{}ab_0.:>![] \t\n\u2003", max_size=12))
def test_template_patterns_accept_exactly_the_text_the_loader_accepts(text: str) -> None:
    syntax_ok = not template_names(text)[1]
    assert (re.search(TEMPLATE_PATTERN, text) is not None) == syntax_ok
    assert (re.search(TEXT_PATTERN, text) is not None) == (syntax_ok and bool(text.strip()))


@given(st.text(alphabet="yesnoYESNO \t", max_size=6))
def test_yes_no_pattern_matches_what_the_loader_reads_as_yes_or_no(text: str) -> None:
    assert (re.search(YES_NO_PATTERN, text) is not None) == (text.strip().lower() in ("yes", "no"))


# -- the copy in docs/ and the format guide -------------------------------------------------------


def test_generated_guide_tables_and_schemas_are_current() -> None:
    stale = format_docs.stale(REPO)
    assert stale == [], (
        f"{', '.join(str(p) for p in stale)} out of date: run python -m callmate.core.format_docs"
    )


def test_the_guides_have_one_generated_table_per_block() -> None:
    guide = (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    assert sorted(format_docs.tables_in(guide)) == sorted(
        [*format_docs.TABLES, *format_docs.OTHER_TABLES]
    )
    personas = (REPO / "docs" / "personas.md").read_text(encoding="utf-8")
    assert sorted(format_docs.tables_in(personas)) == sorted(format_docs.PERSONA_TABLES)


def test_a_key_declared_once_reaches_the_loader_the_schema_and_the_guide() -> None:
    key = fmt.NEXT_STEP.key("nudge_days")
    assert "nudge_days" in playbook_loader.POLICY_KEYS
    prop = SCHEMA["$defs"]["next_step"]["properties"]["nudge_days"]
    assert (prop["title"], prop["default"]) == (key.title, key.default)
    table = format_docs.key_table(fmt.NEXT_STEP)
    assert f"| `nudge_days` | no | whole number, 0 to 365 | `2` | {key.doc} |" in table


def test_every_signal_has_its_row_in_the_guides_signal_table() -> None:
    """The signals table comes from the declaration, as the key table and the schema do: a
    signal in one of them is in all three."""
    from callmate.core.playbook import SIGNAL_CAPTURES

    guide = (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    table = guide.split("<!-- keys: signals ")[1].split("<!-- end keys -->")[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")][1:]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [
        f"`{s.value}`" for s in Signal
    ]
    schema_signals = SCHEMA["$defs"]["question"]["properties"]["signal"]
    assert all(s.value in json.dumps(schema_signals) for s in Signal)
    their = next(row for row in rows if row.startswith("| `their_part` |"))
    assert " | `text` | " in their
    assert all(c.value in their for c in SIGNAL_CAPTURES[Signal.THEIR_PART])


def test_the_regenerate_command_rewrites_a_stale_guide(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    guide = (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    stale_guide = guide.replace("| `max_days` |", "| `max_dayz` |").replace(
        "| `their_part` |", "| `their_prat` |"
    )
    (docs / "playbook-format.md").write_text(stale_guide, encoding="utf-8")
    personas = (REPO / "docs" / "personas.md").read_text(encoding="utf-8")
    (docs / "personas.md").write_text(personas.replace("| `decides` |", "| `decide` |"))
    json_guide = (REPO / "docs" / "json-format.md").read_text(encoding="utf-8")
    (docs / "json-format.md").write_text(json_guide.replace("| `pauses` |", "| `pause` |"))
    assert format_docs.main(["--root", str(tmp_path), "--check"]) == 1
    assert format_docs.main(["--root", str(tmp_path)]) == 0
    assert (docs / "playbook-format.md").read_text(encoding="utf-8") == guide
    assert (docs / "personas.md").read_text(encoding="utf-8") == personas
    assert (docs / "json-format.md").read_text(encoding="utf-8") == json_guide
    assert format_docs.main(["--root", str(tmp_path), "--check"]) == 0


def test_docs_schema_file_is_the_schema_command_output() -> None:
    on_disk = (REPO / "docs" / "playbook.schema.json").read_text(encoding="utf-8")
    assert on_disk == schema_text(), (
        "docs/playbook.schema.json is out of date: run `callmate schema > "
        "docs/playbook.schema.json`"
    )
    assert json.loads(on_disk) == SCHEMA


def test_format_guide_names_every_schema_property_in_backticks() -> None:
    guide = (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    missing = sorted(name for name in property_names(SCHEMA) if f"`{name}`" not in guide)
    assert missing == [], f"docs/playbook-format.md does not describe: {', '.join(missing)}"


def test_format_guide_names_every_kind_capture_and_tag() -> None:
    guide = (REPO / "docs" / "playbook-format.md").read_text(encoding="utf-8")
    values = [*SectionKind, *Capture, *PownTag]
    assert [v.value for v in values if f"`{v.value}`" not in guide] == []


# -- fixtures: both checkers agree ----------------------------------------------------------------

GOOD_FILES = sorted(
    [*(REPO / "playbooks").glob("*.yaml"), *(FIXTURES / "valid").glob("*.yaml")]
) + sorted((FIXTURES / "warnings").glob("*.yaml"))


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_good_files_pass_the_schema_and_the_loader(path: Path) -> None:
    assert schema_error_paths(load(path)) == []
    playbook, problems = check_playbook(path)
    assert playbook is not None
    assert [p for p in problems if p.severity == "error"] == []
    if path.parent.name == "valid":
        assert problems == []


def test_good_files_include_the_bundled_playbooks() -> None:
    assert {p.name for p in GOOD_FILES} >= {
        "first-discovery.yaml",
        "follow-up.yaml",
        "re-engage.yaml",
        "everything.yaml",
    }


def test_every_invalid_fixture_is_classified_once() -> None:
    files = {p.name for p in (FIXTURES / "invalid").glob("*.yaml")}
    assert set(SCHEMA_ERRORS).isdisjoint(LOADER_ONLY)
    assert set(SCHEMA_ERRORS) | set(LOADER_ONLY) == files


@pytest.mark.parametrize("name", sorted(SCHEMA_ERRORS))
def test_schema_refuses_structural_mistakes_where_they_are(name: str) -> None:
    path = FIXTURES / "invalid" / name
    assert check_playbook(path)[0] is None
    assert SCHEMA_ERRORS[name] in schema_error_paths(load(path))


@pytest.mark.parametrize("name", sorted(LOADER_ONLY))
def test_loader_only_mistakes_pass_the_schema_and_fail_the_loader(name: str) -> None:
    path = FIXTURES / "invalid" / name
    assert check_playbook(path)[0] is None
    assert schema_error_paths(load(path)) == [], f"now schema-detectable: move {name}"


# -- the schema never refuses what the loader accepts ----------------------------------------------

MUTANT: dict[str, Any] = {
    "format": 1,
    "name": "mutant",
    "title": "Mutant",
    "version": "1",
    "description": "Each test changes one value.",
    "objective": "Agree a next step",
    "minutes": 30,
    "sections": [
        {
            "id": "agenda",
            "title": "Agenda",
            "kind": "agenda",
            "minutes": 5,
            "intro": "Hi {prospect}",
            "questions": [
                {
                    "id": "ok",
                    "prompt": "Still fine?",
                    "capture": "yes_no",
                    "hints": ["Listen."],
                    "required": False,
                    "hidden": False,
                    "signal": "pain_agreed",
                    "branch": [{"when": "no", "show": ["later"], "say": "Shorten it."}],
                },
                {"id": "later", "prompt": "How long?", "hidden": True, "weak": ["soon"]},
            ],
        },
        {
            "id": "discovery",
            "title": "Discovery",
            "kind": "powns",
            "questions": [
                {
                    "id": "problems",
                    "prompt": "What is wrong?",
                    "capture": "powns",
                    "tag": "problem",
                    "branch": [{"when": {"answered": False}, "goto": "discovery"}],
                },
                {
                    "id": "urgency",
                    "prompt": "How pressing, 1 to 10?",
                    "capture": "scale",
                    "branch": [{"when": {"at_most": 3}, "skip": ["start"]}],
                },
                {
                    "id": "start",
                    "prompt": "If we fixed {problems}, how soon?",
                    "capture": "choice",
                    "choices": ["now", "later"],
                    "weak": ["later"],
                    "branch": [{"when": "now", "goto": "agenda"}],
                },
            ],
        },
    ],
    "next_step": {"require_prospect_commitment": True, "max_days": 14, "suggestions": ["Call"]},
    "cards": [{"id": "price", "title": "Too dear", "says": ["Too much"], "response": "Ask why."}],
    "cues": {
        "defaults": True,
        "mute": ["time_nearly_up"],
        "rules": [{"id": "low", "question": "urgency", "when": {"at_most": 4}, "say": "Dig."}],
    },
    "qualification": [{"id": "pain", "label": "Pain", "questions": ["problems"]}],
    "scoring": {
        "weights": {"agenda": 5, "own": 2},
        "pain_questions": ["ok"],
        "extra": [{"id": "own", "label": "Own", "question": "ok", "expect": "yes", "points": 3}],
    },
}

#: Values worth trying, by what a key holds; each replaces the base value, one at a time.
POOLS: dict[str, list[Any]] = {
    "text": [DELETE, None, "  ", "{x.y}", 3, True, []],
    "lines": [DELETE, None, "", "later", [""], ["x", "x"], [True, 5], {}, 5],
    "id": [DELETE, None, "Bad", "prospect", "later", 3, ["x"]],
    "flag": [DELETE, None, "no", 0],
    "number": [DELETE, None, 0, 11, 481, 2.5, True, "3", 7.0],
    "enum": [DELETE, None, "text", "choice", "scale", "yes_no", "commitment", "x"],
    "when": [DELETE, None, "no", "later", 3, 11, True, [True, 5], {}, {"at_most": 3}, [], 3.0],
    "container": [DELETE, None, "", 0, [], {}, ["x"]],
}
_Q0 = ("sections", 0, "questions", 0)
_RULE = (*_Q0, "branch", 0)
_S1 = ("sections", 1, "questions")
SITES: list[tuple[Path_, str]] = [
    (("format",), "number"),
    (("name",), "id"),
    *[((key,), "text") for key in ("title", "version", "description", "objective")],
    (("minutes",), "number"),
    *[((key,), "container") for key in ("sections", "next_step", "cards", "cues")],
    (("qualification",), "container"),
    (("extra",), "text"),
    (("next_step", "require_prospect_commitment"), "flag"),
    (("next_step", "max_days"), "number"),
    (("next_step", "suggestions"), "lines"),
    (("sections", 0, "id"), "id"),
    (("sections", 0, "title"), "text"),
    (("sections", 0, "kind"), "enum"),
    (("sections", 0, "minutes"), "number"),
    (("sections", 0, "intro"), "text"),
    (("sections", 0, "questions"), "container"),
    ((*_Q0, "id"), "id"),
    ((*_Q0, "label"), "text"),
    ((*_Q0, "prompt"), "text"),
    ((*_Q0, "hints"), "lines"),
    ((*_Q0, "required"), "flag"),
    ((*_Q0, "hidden"), "flag"),
    ((*_Q0, "capture"), "enum"),
    ((*_Q0, "choices"), "lines"),
    ((*_Q0, "signal"), "enum"),
    ((*_Q0, "weak"), "lines"),
    ((*_Q0, "branch"), "container"),
    ((*_RULE, "when"), "when"),
    ((*_RULE, "show"), "id"),
    ((*_RULE, "skip"), "id"),
    ((*_RULE, "goto"), "id"),
    ((*_RULE, "say"), "text"),
    (("sections", 0, "questions", 1, "weak"), "lines"),
    ((*_S1, 0, "branch", 0, "when"), "when"),
    ((*_S1, 0, "tag"), "enum"),
    ((*_S1, 1, "capture"), "enum"),
    ((*_S1, 1, "branch", 0, "when"), "when"),
    ((*_S1, 2, "capture"), "enum"),
    ((*_S1, 2, "choices"), "lines"),
    ((*_S1, 2, "weak"), "lines"),
    ((*_S1, 2, "branch", 0, "when"), "when"),
    (("cards", 0, "id"), "id"),
    (("cards", 0, "says"), "lines"),
    (("cards", 0, "response"), "text"),
    (("cues", "defaults"), "flag"),
    (("cues", "mute"), "lines"),
    (("cues", "rules"), "container"),
    (("cues", "rules", 0, "question"), "id"),
    (("cues", "rules", 0, "when"), "when"),
    (("qualification", 0, "questions"), "id"),
    (("qualification", 0, "label"), "text"),
    (("scoring",), "container"),
    (("scoring", "weights"), "container"),
    (("scoring", "weights", "agenda"), "number"),
    (("scoring", "weights", "own"), "number"),
    (("scoring", "pain_questions"), "id"),
    (("scoring", "extra"), "container"),
    (("scoring", "extra", 0, "id"), "id"),
    (("scoring", "extra", 0, "expect"), "when"),
    (("scoring", "extra", 0, "points"), "number"),
    (("scoring", "extra", 0, "tip"), "text"),
]


def documented_difference(site: Path_, value: Any) -> bool:
    """Files the loader reads and the schema refuses on purpose (see callmate.core.schema)."""
    return site == ("name",) and (
        isinstance(value, int | float) or (isinstance(value, str) and value != value.strip())
    )


def test_schema_accepts_every_single_change_the_loader_accepts(tmp_path: Path) -> None:
    path = tmp_path / "mutant.yaml"
    path.write_text(yaml.dump(MUTANT, Dumper=yaml.CSafeDumper), encoding="utf-8")
    assert check_playbook(path)[0] is not None
    assert VALIDATOR.is_valid(MUTANT)
    wrongly_refused: list[str] = []
    refused = 0
    for site, pool in SITES:
        for value in POOLS[pool]:
            data = mutate(site, value, MUTANT)
            if VALIDATOR.is_valid(data):
                continue
            refused += 1
            path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper), encoding="utf-8")
            if check_playbook(path)[0] is not None and not documented_difference(site, value):
                wrongly_refused.append(f"{'/'.join(map(str, site))} = {value!r}")
    assert wrongly_refused == []
    assert refused > 150  # the changes really do reach the schema's checks


# -- the guide's own examples ---------------------------------------------------------------------


def test_the_format_guides_complete_example_loads_without_a_problem(tmp_path: Path) -> None:
    example = yaml_blocks("playbook-format.md")[0]
    path = tmp_path / "referral-intro.yaml"
    path.write_text(example, encoding="utf-8")
    playbook, problems = check_playbook(path)
    assert problems == []
    assert playbook is not None
    assert playbook.cards and playbook.cues.rules and playbook.qualification
    assert dict(playbook.scoring.weights) == {"commitment": 20.0, "time": 0.0}
    assert schema_error_paths(load(path)) == []


@pytest.mark.parametrize(
    ("site", "value"),
    [
        (("next_step", "nudge_days"), -1),
        (("next_step", "continuations"), [""]),
        (("qualification", 2, "meets"), {"at_least": 11}),
        (("qualification", 2, "meets"), {"at_most": 3, "at_least": 7}),
    ],
    ids=["nudge-below-0", "blank-phrase", "meets-off-scale", "meets-two-forms"],
)
def test_new_keys_are_refused_by_both_when_wrong(tmp_path: Path, site: Path_, value: Any) -> None:
    base = load(FIXTURES / "valid" / "everything.yaml")
    data = mutate(site, value, base)
    assert schema_error_paths(data), "the schema accepted it"
    path = tmp_path / "everything.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert check_playbook(path)[0] is None, "the loader accepted it"

"""Tests for the hardened, location-keeping YAML reader behind playbook validation."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callmate.core.yaml_source import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    LocatedDocument,
    Location,
    SourceError,
    load_yaml_bytes,
    load_yaml_file,
    load_yaml_text,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "yaml"


def error_of(source: str | bytes | Path) -> SourceError:
    """Load ``source`` and return the SourceError it must raise."""
    with pytest.raises(SourceError) as caught:
        if isinstance(source, Path):
            load_yaml_file(source)
        elif isinstance(source, bytes):
            load_yaml_bytes(source)
        else:
            load_yaml_text(source)
    return caught.value


# (fixture, line, col, words the message must contain)
FIXTURE_CASES = [
    ("tabs.yaml", 3, 1, ["tab character", "YAML indents with spaces"]),
    ("duplicate_key.yaml", 4, 1, ["`name`", "twice", "first on line 1"]),
    ("alias_bomb.yaml", 1, 7, ["`&lol0`", "not supported", "repeat the text"]),
    ("anchor.yaml", 2, 8, ["`&pitch`", "not supported", "repeat the text"]),
    ("unknown_alias.yaml", 2, 8, ["`*the_title`", "not supported", "repeat the text"]),
    ("merge_key.yaml", 3, 3, ["merge keys (`<<`)", "not supported", "write the keys out"]),
    ("python_tag.yaml", 2, 8, ["`!!python/object/apply:os.system`", "not allowed"]),
    ("custom_tag.yaml", 2, 8, ["`!custom`", "not allowed"]),
    ("deep_nesting.yaml", 42, 81, ["nested too deeply", f"more than {MAX_DEPTH} levels"]),
    ("not_utf8.yaml", 2, 11, ["not valid UTF-8", "0xe9", "save the file with UTF-8"]),
    ("binary.yaml", 3, 1, ["this looks like a binary file, not YAML", "0x00"]),
    ("empty.yaml", 1, 1, ["the file is empty"]),
    ("only_comments.yaml", 1, 1, ["the file is empty"]),
    (
        "top_list.yaml",
        1,
        1,
        ["the file must be a mapping of keys like `name:`", "at the top, found a list"],
    ),
    (
        "top_scalar.yaml",
        1,
        1,
        ["the file must be a mapping of keys like `name:`", "found a single value"],
    ),
    ("two_documents.yaml", 3, 1, ["a second YAML document starts here", "exactly one"]),
    ("bad_indent.yaml", 5, 4, ["not lined up", "same number of spaces"]),
    ("colon_in_value.yaml", 2, 17, ["`:` is not allowed here", "indented", "in quotes"]),
    ("unclosed_quote.yaml", 2, 8, ["this quote is never closed", "add the closing quote"]),
    ("non_string_key.yaml", 3, 3, ["key `10` is read as a number", "keys must be text"]),
    ("list_key.yaml", 2, 1, ["a list cannot be used as a key"]),
    ("null_key.yaml", 2, 1, ["key `null` is read as an empty value", "keys must be text"]),
]


@pytest.mark.parametrize(("name", "line", "col", "words"), FIXTURE_CASES, ids=lambda v: str(v))
def test_hostile_fixture_is_refused_with_a_located_plain_message(
    name: str, line: int, col: int, words: list[str]
) -> None:
    err = error_of(DATA / name)
    assert (err.line, err.col) == (line, col), str(err)
    for word in words:
        assert word in err.message
    assert str(err) == f"{line}:{col}: {err.message}"
    assert err.location == Location(line, col)


def test_every_fixture_file_is_covered() -> None:
    covered = {case[0] for case in FIXTURE_CASES} | {"nested.yaml"}
    assert {p.name for p in DATA.glob("*.yaml")} == covered


# ---------------------------------------------------------------- a real document


@pytest.fixture
def nested() -> LocatedDocument:
    return load_yaml_file(DATA / "nested.yaml")


def test_nested_document_data_is_plain(nested: LocatedDocument) -> None:
    assert nested.data["format"] == 1
    assert nested.data["title"] == "First discovery call"
    questions = nested.data["sections"][0]["questions"]
    assert questions[0] == {
        "id": "purpose",
        "prompt": "What made you take this call?",
        "required": True,
    }
    assert questions[1]["hints"] == ["ask about deadlines", "who else cares?"]
    assert nested.data["sections"][1]["questions"][0]["capture"] == "text"
    assert nested.data["next_step"] == {
        "max_days": 14,
        "suggestions": ["15-minute call to go through the proposal together"],
    }


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        ((), (2, 1), (2, 1)),
        (("format",), (2, 9), (2, 1)),
        (("title",), (4, 8), (4, 1)),
        (("sections",), (7, 3), (6, 1)),
        (("sections", 0), (7, 5), (7, 5)),
        (("sections", 0, "questions", 0, "id"), (10, 13), (10, 9)),
        (("sections", 0, "questions", 0, "required"), (12, 19), (12, 9)),
        (("sections", 0, "questions", 1, "hints"), (15, 16), (15, 9)),
        (("sections", 0, "questions", 1, "hints", 1), (15, 38), (15, 38)),
        (("sections", 1, "questions", 0), (19, 9), (19, 9)),
        (("sections", 1, "questions", 0, "prompt"), (19, 28), (19, 20)),
        (("next_step", "suggestions", 0), (23, 7), (23, 7)),
    ],
)
def test_locations_of_existing_paths(
    nested: LocatedDocument,
    path: tuple[str | int, ...],
    value: tuple[int, int],
    key: tuple[int, int],
) -> None:
    assert nested.value_location(path) == Location(*value)
    assert nested.key_location(path) == Location(*key)


@pytest.mark.parametrize(
    ("path", "ancestor"),
    [
        (("sections", 0, "missing"), ("sections", 0)),
        (("sections", 9, "title"), ("sections",)),
        (("sections", -1), ("sections",)),
        (("sections", "0"), ("sections",)),
        (("sections", True), ("sections",)),
        (("format", "x"), ("format",)),
        (("nope", 3), ()),
    ],
)
def test_missing_paths_fall_back_to_nearest_existing_ancestor(
    nested: LocatedDocument, path: tuple[str | int, ...], ancestor: tuple[str | int, ...]
) -> None:
    assert nested.value_location(path) == nested.value_location(ancestor)
    assert nested.key_location(path) == nested.key_location(ancestor)


def test_document_built_by_hand_answers_1_1() -> None:
    doc = LocatedDocument({"a": 1})
    assert doc.value_location(("a",)) == Location(1, 1)
    assert doc.key_location(("a",)) == Location(1, 1)


def test_empty_value_is_located_right_after_its_colon() -> None:
    doc = load_yaml_text("title:\nname: x\n")
    assert doc.data == {"title": None, "name": "x"}
    assert doc.value_location(("title",)) == Location(1, 7)


# ---------------------------------------------------------------- scalars


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: no", False),
        ("v: Yes", True),
        ("v: on", True),
        ("v: 3", 3),
        ("v: 0x1F", 31),
        ("v: 1_000", 1000),
        ("v: ~", None),
        ("v: null", None),
        ("v:", None),
        ('v: "3"', "3"),
        ("v: 'no'", "no"),
        ("v: 2.5", 2.5),
        ("v: 2026.11", 2026.11),
        ("v: -.inf", -math.inf),
        ("v: !!str 3", "3"),
        ("v: !!int '7'", 7),
        ("v: !!float 3", 3.0),
        ("v: !!bool 'yes'", True),
        ("v: !!null ''", None),
        ("v: 2026-11-05", "2026-11-05"),
        ("v: =", "="),
        ("v: <<", "<<"),
        ("v: |\n  line one\n  line two\n", "line one\nline two\n"),
        ("v: !!seq [1]", [1]),
        ("v: !!map {a: 1}", {"a": 1}),
        ('"1": quoted keys are text', "quoted keys are text"),
    ],
)
def test_scalars_resolve_like_yaml_1_1_safe_loader(text: str, expected: Any) -> None:
    data = load_yaml_text(text).data
    assert list(data.values()) == [expected]
    assert type(next(iter(data.values()))) is type(expected)


def test_nan_is_accepted_as_data() -> None:
    assert math.isnan(load_yaml_text("v: .NaN\n").data["v"])


@pytest.mark.parametrize(
    ("text", "col", "words"),
    [
        ("v: !!int abc", 4, ["`abc` is tagged `!!int`", "not that kind of value"]),
        ("v: !!bool maybe", 4, ["`maybe` is tagged `!!bool`"]),
        ("v: !!float 0x1F", 4, ["`0x1F` cannot be read as a `!!float` value"]),
        ("v: !!str [a]", 4, ["this is a list, but it is tagged `!!str`"]),
        ("v: !!seq {a: 1}", 4, ["this is a mapping, but it is tagged `!!seq`"]),
        ("v: !!binary aGk=", 4, ["the tag `!!binary` is not allowed"]),
        ("v: !!timestamp 2026-11-05", 4, ["the tag `!!timestamp` is not allowed"]),
        ("v: !!seq x", 4, ["this is a single value, but it is tagged `!!seq`"]),
        ("v: !!set {a}", 4, ["the tag `!!set` is not allowed"]),
        ("v: !custom [a]", 4, ["the tag `!custom` is not allowed"]),
        ("v: 0b_", 4, ["`0b_` cannot be read as a `!!int` value"]),
        ("v: " + "9" * 5000, 4, ["this number is too long (5,000 characters)", "quotes"]),
        ("v: " + "1:" * 600 + "1", 4, ["this number is too long"]),
    ],
)
def test_bad_tagged_or_unreadable_scalars(text: str, col: int, words: list[str]) -> None:
    err = error_of(text)
    assert (err.line, err.col) == (1, col)
    for word in words:
        assert word in err.message


def test_long_user_text_is_shortened_in_messages() -> None:
    key = "k" * 1000  # PyYAML allows simple keys up to 1024 characters
    err = error_of(f"{key}: 1\n{key}: 2\n")
    assert (err.line, err.col) == (2, 1)
    assert f"the key `{'k' * 39}…` appears twice" in err.message
    assert len(err.message) < 200
    err = error_of('v: !!int "a\n\nb"\n')
    assert err.message.startswith("`a b` is tagged `!!int`")


def test_python_tag_is_never_constructed(tmp_path: Path) -> None:
    target = tmp_path / "made_by_yaml"
    err = error_of(f"v: !!python/object/apply:os.mkdir [{str(target)!r}]\n")
    assert "`!!python/object/apply:os.mkdir` is not allowed" in err.message
    assert not target.exists()


# ---------------------------------------------------------------- structure rules


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("a: 1\nb:\n  c: 1\n  c: 2\n", 4, 3, ["key `c` appears twice", "first on line 3"]),
        ("a: {x: 1, x: 2}\n", 1, 11, ["key `x` appears twice", "first on line 1"]),
        ("1: x\n", 1, 1, ["key `1` is read as a number"]),
        ("2.5: x\n", 1, 1, ["key `2.5` is read as a number"]),
        ("yes: x\n", 1, 1, ["key `yes` is read as a yes/no value"]),
        ("~: x\n", 1, 1, ["key `~` is read as an empty value"]),
        ("? \n: x\n", 1, 2, ["this key is empty"]),
        ("!!int 1: x\n", 1, 1, ["key `1` is read as a number"]),
        ("{a: 1}: x\n", 1, 1, ["a mapping cannot be used as a key"]),
        ("a:\n  <<: *base\n", 2, 3, ["merge keys (`<<`)"]),
        ("a: [1, *x]\n", 1, 8, ["aliases like `*x` are not supported"]),
        ("&root a: 1\n", 1, 1, ["anchors like `&root` are not supported"]),
        ("a: 1\n...\n---\nb: 2\n", 3, 1, ["a second YAML document starts here"]),
        ("a: 1\n--- \n", 2, 1, ["a second YAML document starts here"]),
        ("---\n---\na: 1\n", 2, 1, ["a second YAML document starts here"]),
        ("--- \n", 1, 1, ["the file is empty"]),
        ("--- ''\n", 1, 5, ["found a single value"]),
        ("[a, b]\n", 1, 1, ["at the top, found a list"]),
        ("*x\n", 1, 1, ["aliases like `*x` are not supported"]),
    ],
)
def test_structure_rules(text: str, line: int, col: int, words: list[str]) -> None:
    err = error_of(text)
    assert (err.line, err.col) == (line, col), str(err)
    for word in words:
        assert word in err.message


def test_alias_bomb_is_refused_at_its_first_anchor() -> None:
    text = (DATA / "alias_bomb.yaml").read_text()
    err = error_of(text)
    first_anchor = next(i for i, row in enumerate(text.splitlines(), 1) if "&lol0" in row)
    assert err.line == first_anchor  # refused on sight: nothing after it was read or expanded
    assert "`&lol0`" in err.message


def test_nesting_up_to_the_limit_is_fine_and_one_more_is_refused() -> None:
    inner = MAX_DEPTH - 1  # the top-level mapping is the first level
    ok = load_yaml_text("a: " + "[" * inner + "]" * inner)
    value: Any = ok.data["a"]
    for _ in range(inner - 1):
        value = value[0]
    assert value == []
    err = error_of("a: " + "[" * (inner + 1) + "]" * (inner + 1))
    assert (err.line, err.col) == (1, 4 + inner)
    assert f"nested too deeply here (more than {MAX_DEPTH} levels)" in err.message


@pytest.mark.parametrize("prefix", ["", "a: ", "a:\n  - "])
def test_a_hundred_thousand_brackets_give_a_located_error(prefix: str) -> None:
    err = error_of(prefix + "[" * 100_000)  # no RecursionError: depth is counted, not recursed
    assert err.line >= 1 and err.col >= 1
    assert "found a list" in err.message or "nested too deeply" in err.message


def test_too_many_nodes() -> None:
    # each line is a key and a value: two nodes, plus the top-level mapping
    lines = MAX_NODES // 2 + 1
    err = error_of("".join(f"k{i}: 1\n" for i in range(lines)))
    last_key = f"k{MAX_NODES // 2 - 1}: "
    assert (err.line, err.col) == (MAX_NODES // 2, len(last_key) + 1)  # the value that overflowed
    assert f"too many values (more than {MAX_NODES:,})" in err.message


# ---------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("a:\tb\n", 1, 3, ["tab character", "YAML indents with spaces"]),
        ("a:\n  b: 1\n  \tc: 2\n", 3, 3, ["tab character"]),
        ("a: 'open\nb: 1\n", 1, 4, ["this quote is never closed", "add the closing quote"]),
        ("a: b: c\n", 1, 5, ["`:` is not allowed here"]),
        ("a: 1\nb\nc: 2\n", 3, 1, ["key that starts at line 2, column 1 has no `:`"]),
        ("a: 1\nb: x\nc\n", 4, 1, ["key that starts at line 3, column 1 has no `:`"]),
        (": x\n", 1, 1, ["this `:` has no key before it"]),
        ("a: [1, 2]]\n", 1, 10, ["closing bracket has no matching opening bracket"]),
        ("a: [1, 2\n", 2, 1, ["brackets opened at line 1, column 4 are not closed"]),
        ('a: "x\\q"\n', 1, 7, ["unknown backslash escape"]),
        ("a:\n  - x\n  b: 1\n", 3, 3, ["needs `- ` in front", "write `- b: 1`"]),
        ("a:\n  b:\n   c: 1\n  d: 2\n e: 3\n", 5, 2, ["not lined up"]),
        ("a: *\n", 1, 4, ["aliases (`*`) are not supported"]),
        ("a: `x`\n", 1, 4, ["cannot start a value with '`'", "double quotes"]),
        ("a: @me\n", 1, 4, ["cannot start a value with '@'", "double quotes"]),
        ("a: !!str !!str x\n", 1, 10, ["expected <block end>, but found '<tag>'"]),
        ("a: 1\n%YAML 1.1\n", 3, 1, ["expected '<document start>'"]),
    ],
)
def test_syntax_errors_are_located_and_reworded(
    text: str, line: int, col: int, words: list[str]
) -> None:
    err = error_of(text)
    assert (err.line, err.col) == (line, col), str(err)
    for word in words:
        assert word in err.message


# ---------------------------------------------------------------- characters and bytes


def test_utf8_bom_is_accepted_and_columns_ignore_it() -> None:
    doc = load_yaml_bytes(b"\xef\xbb\xbfname: x\n")
    assert doc.data == {"name": "x"}
    assert doc.value_location(("name",)) == Location(1, 7)
    assert load_yaml_text("\ufeffname: x\n").value_location(("name",)) == Location(1, 7)


def test_non_ascii_text_is_fine_and_counted_in_characters() -> None:
    doc = load_yaml_bytes("titre: Café\nvoilà: 1\n".encode())
    assert doc.data == {"titre": "Café", "voilà": 1}
    err = error_of("é: [1, 2]]\n".encode())
    assert (err.line, err.col) == (1, 10)


def test_bad_utf8_after_multibyte_characters_names_the_character_column() -> None:
    err = error_of("a: ééé\nb: éé".encode() + b"\xff\n")
    assert (err.line, err.col) == (2, 6)
    assert "byte 0xff" in err.message


def test_utf16_file_is_explained() -> None:
    err = error_of("name: x\n".encode("utf-16"))
    assert (err.line, err.col) == (1, 1)
    assert "UTF-16" in err.message


@pytest.mark.parametrize(
    ("source", "line", "col"),
    [
        (b"a: 1\nb: x\x00y\n", 2, 5),
        (b"\x00\x00\x00", 1, 1),
        ("a: 1\nb: x\x00y\n", 2, 5),
        (b"a: \x1b\x07\x1b\x07", 1, 4),
        ("\x1b\x1b\x1b\x1b", 1, 1),
    ],
)
def test_nul_or_mostly_control_characters_mean_binary(
    source: str | bytes, line: int, col: int
) -> None:
    err = error_of(source)
    assert (err.line, err.col) == (line, col)
    assert err.message.startswith("this looks like a binary file, not YAML")


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("a: 1\r\nb: \x07 ring\n", "\x07 ring"),
        ("a: 1\nb: x\x9by\n", "x\x9by"),
        ("a: 1\nb: \x1b[31mred\x1b[0m text\n", "\x1b[31mred\x1b[0m text"),
        ('a: 1\nb: "say \x1b]0;t\x07 it"\n', "say \x1b]0;t\x07 it"),
        ("a: 1\nb: \U000f001b and \x7f\n", "\U000f001b and \x7f"),
    ],
)
def test_pasted_control_characters_stay_in_their_value(source: str, value: str) -> None:
    """A control character pasted into a text is kept where it is, for the loaders to name at
    its place, so the rest of the file is still read (not refused as binary)."""
    doc = load_yaml_text(source)
    assert doc.data == {"a": 1, "b": value}
    assert doc.char_location(("b",), value[-1]).line == 2
    assert doc.stray_controls == ()
    assert load_yaml_bytes(source.encode()).data == doc.data


def test_control_characters_outside_values_are_located() -> None:
    doc = load_yaml_text("a: 1  # note \x1b[0m\nb: x\n")
    assert doc.data == {"a": 1, "b": "x"}
    [stray] = doc.stray_controls
    assert (stray.line, stray.col) == (1, 14)
    assert stray.message.startswith("this line holds ESC (the start of a terminal escape")


def test_a_message_quoting_text_shows_its_control_characters() -> None:
    err = error_of("a: [x\x1b: y, z]\n")
    assert "x<U+001B>: y" in err.message
    assert "\x1b" not in err.message


def test_line_counting_matches_pyyaml_for_old_mac_line_breaks() -> None:
    doc = load_yaml_text("a: 1\rb: 2\r")
    assert doc.value_location(("b",)) == Location(2, 4)
    err = error_of("a: 1\rb: \x00")
    assert (err.line, err.col) == (2, 4)


# ---------------------------------------------------------------- size and files


def test_text_and_bytes_over_the_cap_name_size_and_limit() -> None:
    big = "#" * (MAX_BYTES + 1)
    for err in (error_of(big), error_of(big.encode())):
        assert (err.line, err.col) == (1, 1)
        assert f"{MAX_BYTES + 1:,} bytes" in err.message
        assert f"limit of {MAX_BYTES:,} bytes" in err.message
    multibyte = "#" + "é" * (MAX_BYTES // 2)  # fewer characters than bytes
    assert f"{MAX_BYTES + 1:,} bytes" in error_of(multibyte).message


def test_file_at_the_cap_loads_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    at_cap = tmp_path / "at_cap.yaml"
    at_cap.write_bytes(b"a: 1\n#" + b"x" * (MAX_BYTES - 6))
    assert at_cap.stat().st_size == MAX_BYTES
    assert load_yaml_file(at_cap).data == {"a": 1}
    over = tmp_path / "over.yaml"
    over.write_bytes(b"a: 1\n#" + b"x" * (MAX_BYTES - 5))
    err = error_of(over)
    assert (err.line, err.col) == (1, 1)
    assert f"the file is {MAX_BYTES + 1:,} bytes, over the limit" in err.message


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    size = 2 * 1024**3
    with huge.open("wb") as handle:
        handle.truncate(size)  # sparse: costs no disk, but reading it all would be slow
    err = error_of(huge)
    assert f"the file is {size:,} bytes" in err.message


def test_missing_file_and_folder_and_fifo(tmp_path: Path) -> None:
    err = error_of(tmp_path / "absent.yaml")
    assert (err.line, err.col) == (1, 1)
    assert err.message.startswith("could not read the file:")
    assert "No such file" in err.message
    assert "is a folder" in error_of(tmp_path).message
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert "is a special file" in error_of(fifo).message  # and did not block on open


def test_unreadable_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.yaml"
    locked.write_text("a: 1\n")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # running as root: permissions do not apply
            assert load_yaml_file(locked).data == {"a": 1}
        else:
            assert "could not read the file" in error_of(locked).message
    finally:
        locked.chmod(0o600)


# ---------------------------------------------------------------- properties

PLAIN_SCALARS = (str, int, float, bool, type(None))
YAML_ALPHABET = " \t\n\r:-?[]{},&*!|>'\"%@`#~.0123456789abcxyz<=\\\ufeff\x85é"
FAST = settings(
    max_examples=300,
    deadline=500,
    suppress_health_check=[HealthCheck.too_slow],
)


def assert_plain(data: object) -> None:
    """Walk without recursion: every value must be plain Python data."""
    assert type(data) is dict
    todo = [data]
    while todo:
        item = todo.pop()
        if type(item) is dict:
            assert all(type(key) is str for key in item)
            todo.extend(item.values())
        elif type(item) is list:
            todo.extend(item)
        else:
            assert type(item) in PLAIN_SCALARS


def assert_loads_or_refuses(load: Any, source: str | bytes) -> None:
    try:
        doc = load(source)
    except SourceError as err:
        assert err.line >= 1 and err.col >= 1
        assert err.message
    else:
        assert isinstance(doc, LocatedDocument)
        assert_plain(doc.data)


@FAST
@given(st.text(max_size=400))
def test_any_text_loads_or_gives_a_located_error(text: str) -> None:
    assert_loads_or_refuses(load_yaml_text, text)


@FAST
@given(st.text(alphabet=YAML_ALPHABET, max_size=400))
def test_yaml_looking_text_loads_or_gives_a_located_error(text: str) -> None:
    assert_loads_or_refuses(load_yaml_text, text)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_load_or_give_a_located_error(raw: bytes) -> None:
    assert_loads_or_refuses(load_yaml_bytes, raw)


# ------------------------------------------- mistakes found by a trainer, where they really are

QUOTE_RUNS_ON = """\
name: renewal
title: "Renewal call
objective: Agree the renewal
sections:
  - id: agenda
    title: "Agenda"
    questions:
      - id: time_ok
        prompt: Still a good time?
"""

APOSTROPHE = """\
name: renewal
sections:
  - id: agenda
    questions:
      - id: time_ok
        prompt: 'It's worth a minute, is it?'
        capture: yes_no
"""

QUESTIONS_AS_MAPPING = """\
sections:
  - id: agenda
    title: Agenda
    questions:
      id: time_ok
      prompt: Still a good time?
      capture: yes_no
      - id: their_goal
        prompt: What would make this useful?
"""

ITEM_WITHOUT_DASH = """\
sections:
  - id: agenda
    questions:
      - id: time_ok
        prompt: Still a good time?
      id: their_goal
      prompt: What would make this useful?
"""

NO_SPACE = """\
sections:
  - id: agenda
    questions:
      - id: time_ok
        prompt: Still a good time?
        capture:yes_no
        required: true
"""

SECOND_ID = """\
questions:
  id: time_ok
  prompt: Still a good time?
  id: their_goal
"""


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        (
            QUOTE_RUNS_ON,
            2,
            8,
            "this double quote is not closed on its line, so everything down to the next "
            "double quote (line 6) was read as one text; add the closing quote at the end of "
            "this text",
        ),
        (
            APOSTROPHE,
            6,
            20,
            "the apostrophe in `It's` ends the single-quoted text early; inside single quotes "
            "write it twice (`It''s`), or put the whole text in double quotes instead",
        ),
        (
            QUESTIONS_AS_MAPPING,
            5,
            7,
            "this line needs `- ` in front: the list items below it (from line 8) start with "
            "`- `, so this one does too; write `- id: time_ok`",
        ),
        (
            ITEM_WITHOUT_DASH,
            6,
            7,
            "this line needs `- ` in front if it starts a new item of the list that begins on "
            "line 4: write `- id: their_goal`; otherwise indent it like the keys it belongs with",
        ),
        (
            NO_SPACE,
            6,
            16,
            "`capture:yes_no` needs a space after the colon: write `capture: yes_no`; without "
            "it YAML reads the whole line as one word",
        ),
        (
            SECOND_ID,
            4,
            3,
            "the key `id` appears twice in this mapping (first on line 2); keep only one of "
            "them, or, if this starts a new item of a list, put `- ` in front of it",
        ),
        (
            APOSTROPHE.replace("'It's worth a minute, is it?'", "{company} is worth a minute?"),
            6,
            17,
            "text that starts with `{` is read as a YAML mapping, so the words after the closing "
            'bracket cannot be read; put the whole text in double quotes: "{company} is worth a '
            'minute?"',
        ),
        (
            APOSTROPHE.replace("'It's worth a minute, is it?'", "[draft] worth a minute?"),
            6,
            17,
            "text that starts with `[` is read as a YAML list, so the words after the closing "
            'bracket cannot be read; put the whole text in double quotes: "[draft] worth a '
            'minute?"',
        ),
    ],
    ids=[
        "quote-runs-on",
        "apostrophe",
        "questions-as-mapping",
        "item-without-dash",
        "no-space-after-colon",
        "second-id",
        "template-first",
        "brackets-first",
    ],
)
def test_trainer_mistakes_are_reported_where_they_are(text, line, col, message):
    err = error_of(text)
    assert (err.line, err.col, err.message) == (line, col, message)


def test_plain_values_read_as_something_else_keep_their_spelling():
    doc = load_yaml_text("title: off\nprompt: Yes\nn: 2026.10\nt: text\nq: 'no'\n")
    assert doc.spelled(("title",)) == "off"
    assert doc.spelled(("prompt",)) == "Yes"
    assert doc.spelled(("n",)) == "2026.10"
    assert doc.spelled(("t",)) is None
    assert doc.spelled(("q",)) is None  # quoted: read as the text it shows


def test_a_comment_after_plain_text_is_kept_for_the_checks():
    doc = load_yaml_text('prompt: What is your #1 priority?\nsay: "Quoted #1"\nx: 1  # note\n')
    assert doc.comment_after(("prompt",)) == " #1 priority?"
    assert doc.comment_after(("say",)) is None
    assert doc.comment_after(("missing",)) is None

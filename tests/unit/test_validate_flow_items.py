"""Inside `[...]` YAML gives `?`, `: `, `#`, `{`, `[` and `}` a meaning of their own: an unquoted
item holding one breaks the list, and the message must point at that character, name that item
and say to quote it (never blame the brackets or an item that is already quoted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callmate.cli import main
from callmate.core.yaml_source import SourceError, load_yaml_text

DOCS = Path(__file__).resolve().parents[2] / "docs" / "playbook-format.md"


def error_of(text: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_yaml_text(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        (
            "probes: [Welches Budget ist vorgesehen?]\n",
            1,
            39,
            "inside `[...]` a `?` ends an unquoted item, so `Welches Budget ist vorgesehen?` "
            'breaks the list; put that item in double quotes: "Welches Budget ist vorgesehen?"',
        ),
        (
            'probes: ["What does {problems} cost?", Compared with what?]\n',
            1,
            58,
            "inside `[...]` a `?` ends an unquoted item, so `Compared with what?` breaks the "
            'list; put that item in double quotes: "Compared with what?"',
        ),
        (
            "probes:\n  [\n    first,  # a comment that is fine\n    ¿Y luego?\n  ]\n",
            4,
            13,
            "inside `[...]` a `?` ends an unquoted item, so `¿Y luego?` breaks the list; put "
            'that item in double quotes: "¿Y luego?"',
        ),
        (
            'says: [Er sagte "nein"?]\n',
            1,
            23,
            'inside `[...]` a `?` ends an unquoted item, so `Er sagte "nein"?` breaks the list; '
            "put that item in single quotes: 'Er sagte \"nein\"?'",
        ),
        (
            "hints: [Agenda: 3 Punkte: Zeit, Ziel]\n",
            1,
            15,
            "inside `[...]` a `:` followed by a space splits an unquoted item into a key and a "
            "value, so `Agenda: 3 Punkte: Zeit` is not read as text; put that item in double "
            'quotes: "Agenda: 3 Punkte: Zeit"',
        ),
        (
            "hints: [Our #1 priority, Listen first]\nnext: 1\n",
            1,
            13,
            "inside `[...]` a `#` after a space starts a comment, so the rest of the line, "
            "closing bracket included, is cut off; put that item in double quotes: "
            '"Our #1 priority"',
        ),
        (
            'hints: ["{x} first", Then {problems} cost?]\n',
            1,
            27,
            "inside `[...]` a `{` starts a YAML mapping, so the template in "
            "`Then {problems} cost?` breaks the list; put that item in double quotes: "
            '"Then {problems} cost?"',
        ),
        (
            "hints: [Step [1] first, b]\n",
            1,
            14,
            "inside `[...]` a `[` starts a list of its own, so `Step [1] first` breaks the "
            'list; put that item in double quotes: "Step [1] first"',
        ),
        (
            "weights: {agenda: Wie viel?}\n",
            1,
            27,
            "inside `{...}` a `?` ends an unquoted item, so `Wie viel?` breaks the mapping; put "
            'that item in double quotes: "Wie viel?"',
        ),
    ],
    ids=[
        "question-mark",
        "question-mark-after-quoted-template",
        "question-mark-multi-line",
        "question-mark-with-double-quotes-inside",
        "second-colon",
        "comment",
        "template-after-quoted-template",
        "bracket",
        "question-mark-in-mapping",
    ],
)
def test_a_slip_inside_brackets_points_at_it_and_says_to_quote_that_item(
    text: str, line: int, col: int, message: str
) -> None:
    err = error_of(text)
    assert (err.line, err.col, err.message) == (line, col, message)


def test_a_colon_item_yaml_reads_as_a_mapping_is_refused_where_the_colon_is() -> None:
    # YAML itself accepts this as a one-key mapping inside the list: the item never reads as text.
    err = error_of("hints: [Zeit: 30 Minuten, Listen first]\n")
    assert (err.line, err.col) == (1, 13)
    assert err.message == (
        "inside `[...]` a `:` followed by a space splits an unquoted item into a key and a value, "
        'so `Zeit: 30 Minuten` is not read as text; put that item in double quotes: "Zeit: 30 '
        'Minuten"'
    )


@pytest.mark.parametrize(
    "text",
    [
        'probes: ["What does {problems} cost?", "Compared with what?"]\n',
        "hints: [Zeit:30, 'Welches Budget?', \"Zeit: 30 Minuten\"]\n",
        "choices: [\n  this month,  # soonest\n  later,\n]\n",
        "branch: [{when: 'no', show: [x]}]\n",
        "weights: {agenda: 2}\n",
    ],
)
def test_well_formed_brackets_still_load(text: str) -> None:
    load_yaml_text(text)


def test_the_guides_own_bracket_examples_load() -> None:
    """Every `key: [...]` example in the format guide's text is valid YAML as written."""
    examples = re.findall(r"`([a-z_]+: \[[^`\n]*\])`", DOCS.read_text(encoding="utf-8"))
    assert any(e.startswith("probes:") for e in examples)
    # The slips table shows a mistake on purpose; the guide's own advice must load.
    advice = [e for e in examples if e != "probes: [What does {problems} cost?]"]
    for example in advice:
        load_yaml_text(example + "\n")


def test_validate_names_the_file_line_and_column_of_the_question_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "doc-probes.yaml"
    path.write_text(
        "format: 1\nname: doc-probes\ntitle: Probes\nobjective: Agree a next step.\nsections:\n"
        "  - id: talk\n    title: Talk\n    questions:\n      - id: problems\n"
        "        prompt: What is going on?\n        capture: powns\n"
        '        hints: ["What does {problems} cost?", Compared with what?]\n',
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{path}:12:65: error: inside `[...]` a `?` ends an unquoted item, so "
        '`Compared with what?` breaks the list; put that item in double quotes: "Compared with '
        'what?"'
    )


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        (
            "hints: [*Wichtig* zuhören, b]\n",
            1,
            9,
            "anchors (`&`) and aliases (`*`) are not supported, and a value that starts with "
            "`*` is read as one; if `*Wichtig* zuhören` is text, put it in double quotes: "
            '"*Wichtig* zuhören"',
        ),
        (
            "prompt: *Wichtig*: erst zuhören  # a note\n",
            1,
            9,
            "anchors (`&`) and aliases (`*`) are not supported, and a value that starts with "
            "`*` is read as one; if `*Wichtig*: erst zuhören` is text, put it in double quotes: "
            '"*Wichtig*: erst zuhören"',
        ),
        (
            "hints: [- erst zuhören, b]\n",
            1,
            9,
            "inside brackets an item cannot start with `-`, so `- erst zuhören` breaks the "
            'list; put that item in double quotes: "- erst zuhören"',
        ),
        (
            "prompt: !Wichtig zuhören\n",
            1,
            9,
            "the tag `!Wichtig` is not allowed; remove it, since a playbook holds only text, "
            "numbers, true/false, lists and mappings; if it is part of the text, put the whole "
            "text in double quotes",
        ),
    ],
    ids=["star-in-brackets", "star-in-a-value", "dash-in-brackets", "exclamation-mark"],
)
def test_text_starting_with_a_yaml_sign_is_told_to_be_quoted(
    text: str, line: int, col: int, message: str
) -> None:
    err = error_of(text)
    assert (err.line, err.col, err.message) == (line, col, message)

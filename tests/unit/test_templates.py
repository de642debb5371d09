"""Templates fill names only; anything that could reach attributes or allocate is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmate.core.templates import placeholder, render, template_names


def test_names_are_found_in_order():
    assert template_names("If we solve {problems} for {company}")[0] == ["problems", "company"]


def test_literal_braces_are_escaped():
    assert template_names("use {{braces}}") == ([], [])
    assert render("use {{braces}} for {x}", {"x": "y"}) == "use {braces} for y"


@pytest.mark.parametrize(
    "template",
    [
        "{x.__class__}",
        "{0:>100000000}",
        "{x[0]}",
        "{0}",
        "{x!r}",
        "{X}",
        "{ x }",
        "{}",
        "a { b",
        "}",
    ],
)
def test_anything_but_a_plain_name_is_an_error(template):
    names, errors = template_names(template)
    assert errors, template
    assert names == []


def test_missing_value_shows_visible_placeholder():
    assert render("solve {problem}", {}) == f"solve {placeholder('problem')}"
    assert "not captured yet" in placeholder("problem")


def test_values_are_inserted_verbatim_never_reexpanded():
    values = {"a": "{b}", "b": "secret", "c": "[bold]x[/bold]"}
    assert render("{a} {c}", values) == "{b} [bold]x[/bold]"


@given(
    st.text(max_size=200),
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True), st.text(max_size=30), max_size=5
    ),
)
def test_render_never_fails_on_any_text(template, values):
    names, errors = template_names(template)
    out = render(template, values)
    assert isinstance(out, str)
    if not errors and not names:
        assert out == template.replace("{{", "{").replace("}}", "}")

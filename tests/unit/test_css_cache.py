"""The CSS cache gives exactly the rules a fresh parse gives, only for the same CSS and theme."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet, StylesheetParseError
from textual.widgets import Input

from callmate.tui import app as app_module
from callmate.tui.css_cache import CssCache, cache_file
from callmate.tui.screens import call as call_module

SHEETS = [
    Path(app_module.__file__).with_name("app.tcss"),
    Path(call_module.__file__).with_name("call.tcss"),
]
VARIABLES = App().get_css_variables()


def described(rule: RuleSet) -> tuple[object, ...]:
    """All a rule holds, comparable (RuleSet compares by identity)."""
    styles = sorted((name, repr(value)) for name, value in rule.styles.get_rules().items())
    return (
        repr(rule.selector_set),
        styles,
        rule.is_default_rules,
        rule.tie_breaker,
        sorted(rule.selector_names),
        sorted(rule.pseudo_classes),
    )


def parsed(
    data: Path | None, variables: dict[str, str] = VARIABLES
) -> tuple[list[tuple[object, ...]], int]:
    """The rules of our sheets and the Input's default CSS, and how many sources had to
    be parsed (with no cache: how many sources there are)."""
    sheet = Stylesheet(variables=variables)
    cache = CssCache(data) if data is not None else None
    if cache is not None:
        assert cache.install(sheet)
    for path in SHEETS:
        sheet.read(path)
    for read_from, css, tie_breaker, scope in Input._get_default_css(Input()):  # type: ignore[arg-type]
        sheet.add_source(
            css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
        )
    rules = [described(rule) for rule in sheet.rules]
    if cache is None:
        return rules, len(sheet.source)
    added = cache.added
    cache.save()
    return rules, added


def test_rules_from_the_cache_equal_a_fresh_parse(tmp_path: Path) -> None:
    fresh, sources = parsed(None)
    first, parsed_first = parsed(tmp_path)  # parses and keeps
    assert cache_file(tmp_path).is_file()
    second, parsed_second = parsed(tmp_path)  # read back
    assert first == fresh and second == fresh
    assert parsed_first == sources > len(SHEETS) and parsed_second == 0


def test_another_theme_is_parsed_afresh(tmp_path: Path) -> None:
    parsed(tmp_path)
    other = {**VARIABLES, "accent": "#ff00ff"}
    rules, parsed_again = parsed(tmp_path, other)
    assert parsed_again > 0
    assert rules == parsed(None, other)[0]
    assert rules != parsed(None)[0]  # the theme's colour really is in the rules


def test_changed_css_is_parsed_afresh(tmp_path: Path) -> None:
    sheet = Stylesheet(variables=VARIABLES)
    cache = CssCache(tmp_path)
    cache.install(sheet)
    sheet.add_source("Screen { background: red; }", read_from=("x.tcss", ""))
    assert "Color(255, 0, 0)" in repr(described(sheet.rules[0]))
    cache.save()
    again = Stylesheet(variables=VARIABLES)
    later = CssCache(tmp_path)
    later.install(again)
    again.add_source("Screen { background: blue; }", read_from=("x.tcss", ""))
    assert "Color(0, 0, 255)" in repr(described(again.rules[0])) and later.added == 1


def test_broken_css_is_never_kept_and_still_reported(tmp_path: Path) -> None:
    for _ in range(2):
        sheet = Stylesheet(variables=VARIABLES)
        cache = CssCache(tmp_path)
        cache.install(sheet)
        sheet.add_source("Screen { colour: red; }", read_from=("bad.tcss", ""))
        try:
            sheet.parse()
        except StylesheetParseError:
            pass
        else:
            raise AssertionError("the broken rule was not reported")
        assert cache.added == 0
        cache.save()
    assert not cache_file(tmp_path).exists()


def test_a_damaged_or_foreign_writable_cache_is_ignored(tmp_path: Path) -> None:
    fresh, sources = parsed(None)
    parsed(tmp_path)
    path = cache_file(tmp_path)
    path.chmod(0o666)  # anyone could have written it: not read
    rules, parsed_again = parsed(tmp_path)
    assert rules == fresh and parsed_again == sources
    path.chmod(0o600)
    path.write_bytes(b"not a pickle")
    rules, parsed_again = parsed(tmp_path)
    assert rules == fresh and parsed_again == sources

"""The README's key tables list every key the screens' footers offer: the call screen's (the
practice-only ones, F7, F8 and ctrl+r, included, and that ctrl+r asks first), the next-step
dialog's, home's and history's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding

from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.history import HistoryScreen
from callmate.tui.screens.home import HomeScreen
from callmate.tui.screens.next_step import NextStepScreen

README = Path(__file__).resolve().parents[2] / "README.md"


def key_rows(heading: str = "| Key | What it does |") -> dict[str, str]:
    """First cell -> second cell of every row of the README's key table with this heading."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index(heading) :].split("\n\n", 1)[0]
    rows = {}
    for row in table.splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        # "/" between keys means "or"; the `/` key itself is written in backticks.
        for key in re.split(r"\s*[/,]\s*", cells[0].replace("`/`", "slash")):
            rows[key.strip("` ").casefold()] = cells[1]
    return rows


@pytest.mark.parametrize(
    ("screen", "heading"),
    [
        (CallScreen, "| Key | What it does |"),
        (NextStepScreen, "| Key (next-step dialog) | What it does |"),
        (HomeScreen, "| Key (home) | What it does |"),
        (HistoryScreen, "| Key (history) | What it does |"),
    ],
    ids=lambda x: getattr(x, "__name__", "table"),
)
def test_every_footer_key_is_in_the_readme(screen: type, heading: str) -> None:
    rows = key_rows(heading)
    shown = [b for b in screen.BINDINGS if isinstance(b, Binding) and b.show]
    missing = [key for b in shown if (key := b.key.split(",")[0].casefold()) not in rows]
    assert not missing, f"keys on the {screen.__name__} footer but not in the README: {missing}"


def test_the_readme_says_restart_asks_first_and_abandon_needs_the_word() -> None:
    rows = key_rows()
    assert "confirm" in rows["ctrl+r"] and "escape" in rows["ctrl+r"].casefold()
    assert "abandon" in rows["f8"]

"""The README's call-screen key table lists every key the call screen's footer offers, the
practice-only ones (F7, F8, ctrl+r) included, and says that ctrl+r asks first."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from callmate.tui.screens.call import CallScreen

README = Path(__file__).resolve().parents[2] / "README.md"


def key_rows() -> dict[str, str]:
    """First cell -> second cell of every row of the README's call key table."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| Key | What it does |") :].split("\n\n", 1)[0]
    rows = {}
    for row in table.splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        for key in re.split(r"\s*[/,]\s*", cells[0]):
            rows[key.strip("` ").casefold()] = cells[1]
    return rows


def test_every_footer_key_of_the_call_screen_is_in_the_readme() -> None:
    rows = key_rows()
    shown = [b for b in CallScreen.BINDINGS if isinstance(b, Binding) and b.show]
    missing = [b.key for b in shown if b.key.split(",")[0].casefold() not in rows]
    assert not missing, f"keys on the call screen's footer but not in the README: {missing}"


def test_the_readme_says_restart_asks_first_and_abandon_needs_the_word() -> None:
    rows = key_rows()
    assert "confirm" in rows["ctrl+r"] and "escape" in rows["ctrl+r"].casefold()
    assert "abandon" in rows["f8"]

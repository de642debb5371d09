"""How to answer the current question, shown whole at any width.

The pieces (each choice, each POWN tag) go on one line when they fit, and one per line when they
do not, so no choice is ever cut off the end of a narrow column.
"""

from __future__ import annotations

from textual import events

from callmate.tui.text import Plain, line

SEPARATOR = "   "


class KeyLine(Plain):
    """A list of short pieces laid out to fit the widget's width, re-laid when it changes."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)
        self.pieces: tuple[str, ...] = ()

    def show(self, pieces: list[str] | tuple[str, ...]) -> None:
        self.pieces = tuple(pieces)
        self._lay_out()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.content_region.width or self.app.size.width
        one_line = SEPARATOR.join(self.pieces)
        text = one_line if len(one_line) <= width else "\n".join(self.pieces)
        self.update(line((text, "")))

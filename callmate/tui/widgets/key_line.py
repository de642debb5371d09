"""How to answer the current question, shown whole at any width.

The pieces (each choice, each POWN tag) flow onto as few lines as the width allows, and a piece
is never split between lines, so no choice is ever cut off the end of a narrow column.
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
        self._shown: str | None = None

    def show(self, pieces: list[str] | tuple[str, ...]) -> None:
        self.pieces = tuple(pieces)
        self._lay_out()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        """Flow the pieces at the width there is (the terminal's until the first layout). The
        text is only replaced when the lines change: the first layout usually leaves them as
        they were, and replacing them would lay the screen out and paint it again."""
        width = self.content_region.width or self.app.size.width
        text = flow(self.pieces, width)
        if text != self._shown:
            self._shown = text
            self.update(line((text, "")))


def flow(pieces: tuple[str, ...], width: int) -> str:
    """Pieces joined on a line while they fit, the next piece starting a new line when not."""
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + len(SEPARATOR) + len(piece) <= width:
            lines[-1] += SEPARATOR + piece
        else:
            lines.append(piece)
    return "\n".join(lines)

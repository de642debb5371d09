"""A heading of pieces that breaks between them, never leaving a separator at a line's end.

"Discovery: problems, opportunities, wants, needs  ·  question 5 of 22  ·  required" wrapped as
text at 80 columns left "·" dangling at the end of the first line and "required" alone below.
Laid out piece by piece, a piece that does not fit starts the next line, without its separator.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from callmate.tui.text import LaidOut

SEPARATOR = "  ·  "


class Flowed(LaidOut):
    """Styled pieces joined by a separator while they fit the width; a piece longer than a
    whole line (a long section title) wraps inside itself as any text does."""

    def __init__(self, pieces: Sequence[Content], separator: str = SEPARATOR) -> None:
        self.pieces = tuple(piece for piece in pieces if piece.plain)
        self.separator = separator

    def __str__(self) -> str:
        return self.separator.join(piece.plain for piece in self.pieces)

    def lay_out(self, width: int) -> Content:
        rows: list[Content] = []
        gap = len(self.separator)
        for piece in self.pieces:
            if rows and rows[-1].cell_length + gap + piece.cell_length <= width:
                rows[-1] = rows[-1] + self.separator + piece
            else:
                rows.append(piece)
        return Content("\n").join(rows)

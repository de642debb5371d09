"""A heading of pieces that breaks between them, never leaving a separator at a line's end.

"Discovery: problems, opportunities, wants, needs  ·  question 5 of 22  ·  required" wrapped as
text at 80 columns left "·" dangling at the end of the first line and "required" alone below.
Laid out piece by piece, a piece that does not fit starts the next line, without its separator.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual

SEPARATOR = "  ·  "


class Flowed(Visual):
    """Styled pieces joined by a separator while they fit the width; a piece longer than a
    whole line (a long section title) wraps inside itself as any text does."""

    def __init__(self, pieces: Sequence[Content], separator: str = SEPARATOR) -> None:
        self.pieces = tuple(piece for piece in pieces if piece.plain)
        self.separator = separator
        self._laid_out: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.separator.join(piece.plain for piece in self.pieces)

    def laid_out(self, width: int) -> Content:
        if self._laid_out is not None and self._laid_out[0] == width:
            return self._laid_out[1]
        rows: list[Content] = []
        gap = len(self.separator)
        for piece in self.pieces:
            if rows and rows[-1].cell_length + gap + piece.cell_length <= width:
                rows[-1] = rows[-1] + self.separator + piece
            else:
                rows.append(piece)
        result = Content("\n").join(rows)
        self._laid_out = (width, result)
        return result

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.laid_out(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return Content(str(self)).get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.laid_out(width).get_height(rules, width)

"""Safe text for widgets: what people wrote is shown literally, never read as markup.

Every piece of user or trainer text on screen goes through here: markup is never parsed and
terminal control characters are dropped, so a note can neither run an action nor move the cursor.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual
from textual.widgets import Static

from callmate.core.clean import clean


class Plain(Static):
    """A Static that never parses markup, for anything containing user or trainer text."""

    def __init__(self, content: str | Content | Visual = "", **kwargs: object) -> None:
        super().__init__(_safe(content), markup=False, **kwargs)  # type: ignore[arg-type]

    def update(self, content: str | Content | Visual = "", *, layout: bool = True) -> None:  # type: ignore[override]
        super().update(_safe(content), layout=layout)


def _safe(content: str | Content | Visual) -> str | Content | Visual:
    return clean(content) if isinstance(content, str) else content


def shorten(text: str, width: int = 72) -> str:
    """At most `width` characters: a longer text ends in "…", so it is seen to go on."""
    return text if len(text) <= width else text[: width - 1] + "…"


def text(value: str) -> Content:
    """One piece of literal text, e.g. for an option in a list."""
    return Content(clean(value))


def line(*parts: str | tuple[str, str]) -> Content:
    """Styled pieces joined into one line; str parts are literal text."""
    return Content.assemble(
        *(clean(p) if isinstance(p, str) else (clean(p[0]), p[1]) for p in parts)
    )


class LaidOut(Visual):
    """A visual drawn from Content laid out for a width (and kept for that width): subclasses
    say how in `lay_out`; drawing, height and width come from it."""

    _laid_out: tuple[int, Content] | None = None

    def lay_out(self, width: int) -> Content:
        raise NotImplementedError

    def laid_out(self, width: int) -> Content:
        if self._laid_out is not None and self._laid_out[0] == width:
            return self._laid_out[1]
        result = self.lay_out(width)
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


class Hanging(LaidOut):
    """Text whose wrapped rows start under the text of their line, not at the margin.

    A line that starts with spaces (an answer under its label, an item, a note's second line)
    keeps that indent on every row it wraps onto, so in the captured pane nothing wrapped or
    continued reads as the label of the next answer."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def __str__(self) -> str:
        return str(self.content)

    def lay_out(self, width: int) -> Content:
        """The text wrapped at `width`, each row of an indented line indented alike."""
        rows: list[Content] = []
        for logical in self.content.split("\n", allow_blank=True):
            plain = logical.plain
            indent = len(plain) - len(plain.lstrip(" "))
            if not indent or indent > width // 2 or logical.cell_length <= width:
                rows.append(logical)
                continue
            rows.extend(
                Content(" " * indent) + row for row in logical[indent:].wrap(width - indent)
            )
        return Content("\n").join(rows)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)


class Clamped(LaidOut):
    """Text in at most `rows` rows at any width: a longer one is cut at a word's end on its last
    row and ends in "…", so it is seen to go on (a box's max-height cut the playbook objective
    mid-sentence at 90 to 119 columns, with nothing to say it went on)."""

    def __init__(self, content: Content, rows: int) -> None:
        self.content = content
        self.rows = rows

    def __str__(self) -> str:
        return str(self.content)

    def lay_out(self, width: int) -> Content:
        wrapped = self.content.wrap(width)
        if len(wrapped) <= self.rows:
            return Content("\n").join(wrapped)
        *kept, last = wrapped[: self.rows]
        return Content("\n").join([*kept, ending_in_ellipsis(last, width)])

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)


def ending_in_ellipsis(row: Content, width: int) -> Content:
    """One row cut to leave room for a "…" after it, back to a word's end where there is one."""
    plain = row.plain.rstrip()
    end = len(plain)
    while end and cell_len(plain[:end]) > width - 1:
        end -= 1
    if end < len(plain) and " " in plain[:end]:
        end = plain.rindex(" ", 0, end)
    kept = row[:end].rstrip(" ,;:")
    return kept + Content("…")

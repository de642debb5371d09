"""Safe text for widgets: what people wrote is shown literally, never read as markup.

Every piece of user or trainer text on screen goes through here: markup is never parsed and
terminal control characters are dropped, so a note can neither run an action nor move the cursor.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from callmate.core.clean import clean


class Plain(Static):
    """A Static that never parses markup, for anything containing user or trainer text."""

    def __init__(self, content: str | Content = "", **kwargs: object) -> None:
        super().__init__(_safe(content), markup=False, **kwargs)  # type: ignore[arg-type]

    def update(self, content: str | Content = "", *, layout: bool = True) -> None:  # type: ignore[override]
        super().update(_safe(content), layout=layout)


def _safe(content: str | Content) -> str | Content:
    return clean(content) if isinstance(content, str) else content


def text(value: str) -> Content:
    """One piece of literal text, e.g. for an option in a list."""
    return Content(clean(value))


def line(*parts: str | tuple[str, str]) -> Content:
    """Styled pieces joined into one line; str parts are literal text."""
    return Content.assemble(
        *(clean(p) if isinstance(p, str) else (clean(p[0]), p[1]) for p in parts)
    )

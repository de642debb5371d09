"""Safe text for widgets: what people wrote is shown literally, never read as markup."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class Plain(Static):
    """A Static that never parses markup, for anything containing user or trainer text."""

    def __init__(self, content: str | Content = "", **kwargs: object) -> None:
        super().__init__(content, markup=False, **kwargs)  # type: ignore[arg-type]


def line(*parts: str | tuple[str, str]) -> Content:
    """Styled pieces joined into one line; str parts are literal text."""
    return Content.assemble(*parts)

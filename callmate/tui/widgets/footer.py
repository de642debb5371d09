"""A footer that wraps its keys onto more rows on a narrow screen instead of cutting them.

Textual's Footer lays its keys out in one row (and, in grid layout, sets one column per key in
an inline style), so on 80 columns the descriptions vanish. When a screen's CSS gives this footer
`layout: grid`, it sets as many columns as fit the width, re-fitted on every resize.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

#: Width of one key cell ("^t Objection" in compact style, plus a gap); 12 more for ^p palette.
CELL = 13


class WrappingFooter(Footer):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(compact=True, **kwargs)  # type: ignore[arg-type]

    def compose(self) -> ComposeResult:
        yield from super().compose()
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width or self.app.size.width
        self.styles.grid_size_columns = max(1, (width - 12) // CELL)

"""A footer that wraps its keys onto more rows on a narrow screen instead of cutting them.

Textual's Footer lays its keys out in one row (and, in grid layout, sets one column per key in
an inline style), so on 80 columns the descriptions vanish. When a screen's CSS gives this footer
`layout: grid`, it sets as many columns as fit the width, re-fitted on every resize.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Room kept on the right for the docked "^p palette" key.
PALETTE = 12


class WrappingFooter(Footer):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(compact=True, **kwargs)  # type: ignore[arg-type]
        self.cell = 14

    def compose(self) -> ComposeResult:
        widest = 0
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widest = max(widest, len(widget.key_display) + len(widget.description) + 2)
            yield widget
        self.cell = max(widest, 8)
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width or self.app.size.width
        self.styles.grid_size_columns = max(1, (width - PALETTE) // self.cell)

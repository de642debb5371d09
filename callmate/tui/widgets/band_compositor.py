"""A compositor that repaints only the lines that changed, so a key costs one field's lines.

Why: to paint a partial update (a key echoed in the answer field), Textual 8's compositor asks
every widget whose *clip* meets the changed area for all of its lines, then keeps the few lines
that changed. A widget's clip is its container's visible area, so on the call screen that is
every widget, each whole (about 230 lines for a 3-line field at 120x40): most of a keystroke's
time, and more the more panes are showing. Here only the widgets painted where the change is are
asked, and only for the changed rows. Rows are cut, never columns (a line's pieces keep the widths
the compositor split it into; rows are painted independently), and what lies beside the change
was never sent anyway: the terminal receives exactly the same text.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class BandCompositor(Compositor):
    """Renders a partial update from the band of rows it covers, not from whole widgets."""

    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            yield from super()._get_renders(crop)
            return
        band = Region(0, crop.y, self.size.width, crop.height)
        overlaps = crop.overlaps
        for widget, (region, clip) in self.visible_widgets.items():
            if not overlaps(region.intersection(clip)):
                continue  # paints only beside the change: nothing of it would be sent
            clip = clip.intersection(band)
            x, y, width, height = region.intersection(clip)
            if width and height:
                lines = widget.render_lines(Region(x - region.x, y - region.y, width, height))
                yield region, clip, lines

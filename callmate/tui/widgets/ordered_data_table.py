"""A table of rows whose keys take effect in the order typed, like OrderedOptionList's list.

A rep who knows the history types through it without looking (F2, Down, Enter): the cursor
moves run inline, in order; Enter's choice opens the call before the keys after it are handed
on, so they reach the opened call, not a list that is going away. Textual issue #6605.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.binding import Binding
from textual.widgets import DataTable

from callmate.tui.widgets.ordered_keys import OrderedKeys

CellType = TypeVar("CellType")


class OrderedDataTable(DataTable[CellType], OrderedKeys):
    """A DataTable whose moves run in key order, and whose choice makes later keys wait."""

    LOCAL_ACTIONS = frozenset(
        {
            "cursor_up",
            "cursor_down",
            "cursor_left",
            "cursor_right",
            "page_up",
            "page_down",
            "scroll_top",
            "scroll_bottom",
            "scroll_home",
            "scroll_end",
        }
    )
    BINDINGS = [Binding("ctrl+j", "select_cursor", "Select", show=False)]  # Enter as a line feed

    async def _on_key(self, event: events.Key) -> None:
        await self._keys_in_order(event)

"""A list of choices whose keys take effect in the order typed, like OrderedInput's field.

A rep who knows a picker types through it without looking (ctrl+g, two downs, Enter, then the
answer): the moves run inline, in order; Enter's choice closes the picker before the keys after
it are handed on, so they reach the call's answer field, not a closing list that ignores them.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import OptionList

from callmate.tui.widgets.ordered_keys import OrderedKeys


class OrderedOptionList(OptionList, OrderedKeys):
    """An OptionList whose moves run in key order, and whose choice makes later keys wait."""

    LOCAL_ACTIONS = frozenset({"cursor_down", "cursor_up", "first", "last", "page_down", "page_up"})
    BINDINGS = [Binding("ctrl+j", "select", "Select", show=False)]  # Enter as a line feed

    async def _on_key(self, event: events.Key) -> None:
        await self._keys_in_order(event)

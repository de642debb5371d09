"""Keys take effect in the order they were typed, even when they arrive faster than they act.

Why: in Textual 8 the App hands each key to the focused widget's own queue as it reads it, but a
key whose effect happens elsewhere (Enter's Submitted message, Tab, a screen's key) is acted on
later, in other queues. Keys typed after it used to reach the field first: `a Enter b Enter`
submitted "ab" twice (https://github.com/Textualize/textual/issues/6605, fix proposed in
https://github.com/Textualize/textual/pull/6631). Holding them back inside the field is not
enough either: the App keeps handing on newer keys while the field waits, and those overtook the
held ones when they were handed back (a burst `n⏎ten minutes⏎p: slow…` once recorded
"sten minutes").

So the order is kept where the App hands keys on, in the App's own turn: `KeyOrder` (one per
app). While a key's effect is under way, every later key, and any priority action that must
come after it, is held; when the effect has been handled all the way up to the App, the held
keys are handed, in order, to whatever has the focus by then. If the effect never reports back
(its widget or screen went away without saying so), they are handed on anyway after
`FALLBACK_SECONDS`: a key may wait, never vanish.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.timer import Timer

#: How long held keys wait for an effect that never reports back before they are handed on: a
#: last resort (a field or dialog that goes away reports on unmount). Long, because a slow
#: machine can take seconds to open a dialog, and keys released before it would be misplaced.
FALLBACK_SECONDS = 10.0

Typed = events.Key | events.Paste
Held = Typed | Callable[[], object]


class KeyOrder:
    """The order keys were typed in, kept in the App's turn, where the App hands them on."""

    def __init__(self, app: App[object]) -> None:
        self.app = app
        #: The key (or other token) whose effect later keys are waiting for; None: nothing.
        self.awaited: object | None = None
        self.held: list[Held] = []
        self._fallback: Timer | None = None

    @property
    def busy(self) -> bool:
        return self.awaited is not None

    def hold(self, item: Held) -> bool:
        """Keep `item` for later when an earlier key is still under way; False: go ahead."""
        if self.awaited is None:
            return False
        self.held.append(item)
        return True

    def defer(self, action: Callable[[], object]) -> bool:
        """For a priority key's action (run by the App before any focused widget sees the key):
        True when it was queued behind the keys typed before it, so the caller stops there."""
        return self.hold(action)

    def wait_for(self, token: object) -> None:
        """Later keys wait until `settled(token)` (in the App's turn, as a key is handed on)."""
        self.awaited = token
        self._fallback = self.app.set_timer(FALLBACK_SECONDS, partial(self.settled, token))

    def settled(self, token: object) -> None:
        """The awaited effect is done (App's turn): hand the held keys on, in order, until one
        of them has to be waited for in turn."""
        if token is not self.awaited:
            return
        self.awaited = None
        if self._fallback is not None:
            self._fallback.stop()
            self._fallback = None
        held, self.held = self.held, []
        for index, item in enumerate(held):
            if self.awaited is not None:
                self.held.extend(held[index:])
                return
            if isinstance(item, (events.Key, events.Paste)):
                (self.app.focused or self.app.screen)._forward_event(item)
            else:
                item()


_ORDERS: weakref.WeakKeyDictionary[object, KeyOrder] = weakref.WeakKeyDictionary()


def key_order(app: App[object]) -> KeyOrder:
    """The app's one KeyOrder."""
    order = _ORDERS.get(app)
    if order is None:
        order = _ORDERS[app] = KeyOrder(app)
    return order


class Settled(Message, bubble=True):
    """Follows a key's effect up the DOM; on reaching the App, the effect is done."""

    def __init__(self, order: KeyOrder, token: object) -> None:
        super().__init__()
        self.order = order
        self.token = token

    def _bubble_to(self, widget: MessagePump) -> None:
        # The App has no handler for this message, so on the last hop it becomes a callback the
        # App runs in its turn: after the bubbled key or Submitted message ahead of it.
        if widget is self.order.app:
            widget.post_message(events.Callback(callback=partial(self.order.settled, self.token)))
        else:
            super()._bubble_to(widget)


class HoldsKeysUntilReady:
    """For a screen pushed by a key: keys typed right after that key, before the screen has
    put the focus in its field, wait for it instead of reaching a screen with no field.
    On a screen with nothing focused (an overlay to read, a y/n question), a key the screen
    acts on (Escape, y) makes the keys after it wait until it has been acted on: they go back
    to the call's answer field, not to the closing screen.

    The screen calls `keys_ready()` once its focus is set (end of on_mount)."""

    _keys_ready = False
    _keys_waited = False

    def _forward_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            order = key_order(self.app)  # type: ignore[attr-defined]
            if order.hold(event):
                return
            if not (self._keys_ready or self._keys_waited):
                self._keys_waited = True  # once: a screen that never gets ready is not waited on
                order.wait_for(self)
                order.hold(event)
                return
            if isinstance(event, events.Key) and (
                not event.is_printable or event.key in self._bindings.key_to_bindings  # type: ignore[attr-defined]
            ):
                # Handed to the screen itself: no field has the focus. The key's binding (Escape,
                # a dialog's y or n) runs when it has bubbled up to the App; the report follows.
                order.wait_for(event)
                super()._forward_event(event)  # type: ignore[misc]
                self.post_message(Settled(order, event))  # type: ignore[attr-defined]
                return
        super()._forward_event(event)  # type: ignore[misc]

    def keys_ready(self) -> None:
        """Call after asking for the focus: the held keys follow once it has been set (the
        focus is set in the App's turn, ahead of this)."""

        def ready() -> None:
            self._keys_ready = True
            key_order(self.app).settled(self)  # type: ignore[attr-defined]

        self.app.call_later(ready)  # type: ignore[attr-defined]

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
from typing import TYPE_CHECKING, Any

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


#: What keys wait for between a key that opens a screen through the App and that screen.
NEXT_SCREEN = object()


class KeyOrder:
    """The order keys were typed in, kept in the App's turn, where the App hands them on."""

    def __init__(self, app: App[object]) -> None:
        self.app = app
        #: The key (or other token) whose effect later keys are waiting for; None: nothing.
        self.awaited: object | None = None
        self.held: list[Held] = []
        self._fallback: Timer | None = None
        #: True while a deferred priority action runs, in the turn it waited for.
        self._running_deferred = False
        #: True while a held key's priority binding runs (it goes first, not behind the rest).
        self._replaying = False

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
        """For a priority key's action (ctrl+e, the gate's ctrl+s), which the App runs as it
        reads the key, before the focused field has taken the keys typed ahead of it: True when
        the action was queued behind them, so the caller stops there and is called again.

        Behind a key still under way, it is held like a key. Otherwise it runs in the focused
        widget's own turn, after every key already handed to it, and the keys typed after it
        wait until it has run (a dialog it closes takes none of them)."""
        if self._running_deferred:
            return False
        if not self._replaying and self.hold(action):
            return True
        target = self.app.focused
        if target is None:
            return False
        token = object()
        self.wait_for(token)

        def in_its_turn() -> None:
            self._running_deferred = True
            try:
                action()
            finally:
                self._running_deferred = False
                self.app.call_later(self.settled, token)

        target.call_later(in_its_turn)
        return True

    def wait_for(self, token: object) -> None:
        """Later keys wait until `settled(token)` (in the App's turn, as a key is handed on)."""
        if self._fallback is not None:
            self._fallback.stop()
        self.awaited = token
        self._fallback = self.app.set_timer(FALLBACK_SECONDS, partial(self.settled, token))

    def until_next_screen(self) -> None:
        """A key that opens a screen by way of the App (Enter on home starts or resumes a call):
        the keys typed after it wait for that screen's `next_screen_ready`, not for the key's
        own report, which reaches the App before the screen is up. If no screen comes (the
        playbook has errors), the App says so with `next_screen_ready` too."""
        self.wait_for(NEXT_SCREEN)

    def next_screen_ready(self) -> None:
        """The screen a key opened has its focus set: the keys typed after that key go to it."""
        self.settled(NEXT_SCREEN)

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
            if isinstance(item, events.Key) and (found := self._priority_binding(item.key)):
                # Held before the screen that gives it a priority binding was up (ctrl+s typed
                # after ctrl+e): run that binding, as the App would have, before the rest.
                self.held = held[index + 1 :]
                replay = object()
                self.wait_for(replay)
                self.app.call_later(self._run_binding, *found, replay)
                return
            if isinstance(item, (events.Key, events.Paste)):
                (self.app.focused or self.app.screen)._forward_event(item)
            else:
                item()

    def _priority_binding(self, key: str) -> tuple[str, object] | None:
        """The action the App would run for `key` before handing it to the focused widget."""
        # The App checks its screen's binding chain from the App down (textual/app.py
        # `_check_bindings(priority=True)`); a key handed on from here skips that check.
        for namespace, bindings in reversed(self.app.screen._binding_chain):
            for binding in bindings.key_to_bindings.get(key, ()):
                if binding.priority:
                    return binding.action, namespace
        return None

    async def _run_binding(self, action: str, namespace: object, replay: object) -> None:
        """In the App's turn: the replayed key's action; then the keys after it go on, unless
        the action queued itself behind keys typed before it (defer), which hands them on."""
        self._replaying = True
        try:
            await self.app.run_action(action, namespace)  # type: ignore[arg-type]
        finally:
            self._replaying = False
            self.settled(replay)


_ORDERS: weakref.WeakKeyDictionary[object, KeyOrder] = weakref.WeakKeyDictionary()


def key_order(app: App[Any]) -> KeyOrder:
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

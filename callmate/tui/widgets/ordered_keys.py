"""What every widget that takes part in keeping typed order does (fields, lists of choices).

A key handed to such a widget waits behind any earlier key whose effect is still under way; a
key whose effect happens beyond the widget (Enter's Submitted or OptionSelected message, Tab, a
screen's key) makes every later key wait until that effect has been handled all the way up to
the App (key_order.py), and a key that reaches the widget after the focus moved on goes to the
focused widget instead. The widget's own bindings run inline, in key order, as Textual's fix for
https://github.com/Textualize/textual/issues/6605 proposes (PR #6631); without it they ran when
the key had bubbled up to the App, after later keys had already been taken.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget

from callmate.tui.widgets.key_order import Settled, key_order

Typed = events.Key | events.Paste


class OrderedKeys(Widget):
    """Mixed in after the Textual widget class, `class OrderedInput(Input, OrderedKeys)`: Textual
    takes a widget's CSS and component classes from its first base only."""

    #: Bound actions whose whole effect stays inside the widget: later keys need not wait.
    LOCAL_ACTIONS: frozenset[str] = frozenset()

    #: The key handed to this widget that later keys wait for, until it has been acted on.
    _awaited: Typed | None = None
    #: The last key handed to this widget that later keys waited for (reported or not).
    _handed: tuple[Typed, ...] = ()

    def _forward_event(self, event: events.Event) -> None:
        """The App hands a key on, in its turn and in typed order: hold it while an earlier
        key's effect is under way; a key that acts beyond this widget makes later ones wait."""
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            order = key_order(self.app)
            if order.hold(event):
                return
            if isinstance(event, events.Key) and self._escape_closes_here(event):
                # Escape, then the letter once Escape has been acted on (see after_escape).
                self._forward_event(events.Key("escape", "\x1b"))
                letter = after_escape(event)
                if not order.hold(letter):
                    (self.app.focused or self.app.screen)._forward_event(letter)
                return
            if self._acts_elsewhere(event):
                order.wait_for(event)
                self._awaited = event
                self._handed = (event,)
        super()._forward_event(event)

    def _escape_closes_here(self, event: events.Key) -> bool:
        """An ESC-prefixed letter (alt+p) reaching a field of a dialog that Escape closes, and
        that the field does not bind: the rep pressed Escape and typed on, quickly."""
        from textual.screen import ModalScreen

        screen = self.screen
        return (
            escape_then_letter(event)
            and self._own_action(event.key) is None
            and isinstance(screen, ModalScreen)
            and "escape" in screen._bindings.key_to_bindings
        )

    def _acts_elsewhere(self, event: Typed) -> bool:
        """Whether the key's effect happens outside this widget (so later keys must wait)."""
        if isinstance(event, events.Paste):
            return False
        if event.is_printable:
            return False
        return self._own_action(event.key) not in self.LOCAL_ACTIONS

    async def _keys_in_order(self, event: events.Key) -> None:
        """`_on_key` of a widget whose keys all act through its bindings (a list, a table, a
        scrolling view): the key's binding now, in key order. Enter's selection message, or a
        key that is not the widget's (Escape: the screen's), is on its way up: the report
        follows it and reaches the App once it has been handled."""
        if self._forward_if_moved(event):
            self._report_settled(event)
            return
        await self._run_own_binding(event)
        self._report_settled(event)

    async def _run_own_binding(self, event: events.Key) -> None:
        """The widget's own binding for the key, now (not after the key bubbled to the App).

        An action that declines (a field's scroll_down when there is nothing to scroll raises
        SkipAction) lets the key go on up, where the screen's binding for it runs, as the App
        would have done."""
        action = self._own_action(event.key)
        # The App's run_action says whether the action was taken (the widget's returns None).
        if action is not None and await self.app.run_action(action, self):
            event.stop()
            event.prevent_default()

    def _report_settled(self, event: Typed) -> None:
        """The awaited key's effect is on its way up: the report follows it to the App."""
        if event is self._awaited:
            self._awaited = None
            self.post_message(Settled(key_order(self.app), event))

    def _on_unmount(self) -> None:
        """Gone before the awaited key's report reached the App (the key closed this widget's
        dialog, and a report does not bubble out of a closing one): the keys after it go on now,
        in the App's turn, after the closing."""
        order = key_order(self.app)
        if isinstance(order.awaited, (events.Key, events.Paste)) and order.awaited in self._handed:
            self.app.call_later(order.settled, order.awaited)

    def _own_action(self, key: str) -> str | None:
        """The action this widget binds to `key`, the one the App would run for it."""
        # `_bindings` is the node's merged binding map, keymap included: the App reads the same.
        for binding in self._bindings.key_to_bindings.get(key, ()):
            if not binding.priority:
                return binding.action
        return None

    def _forward_if_moved(self, event: Typed) -> bool:
        """A key that arrives after the focus moved on belongs to the focused widget."""
        try:
            focused = self.app.focused
        except Exception:  # no active screen while the app shuts down
            return False
        if focused is None or focused is self:
            return False
        event.stop()
        event.prevent_default()
        focused._forward_event(fresh_copy(event))
        return True


def fresh_copy(event: Typed) -> Typed:
    """A fresh event to deliver again: the old one was stopped where it was held."""
    if isinstance(event, events.Key):
        return events.Key(event.key, event.character)
    return events.Paste(event.text)


def after_escape(event: Typed) -> Typed:
    """The key to hand on once an overlay that closes on Escape has closed: a fresh copy, and
    for an ESC-prefixed letter (alt+p) the letter itself. Escape and the next letter typed
    quickly reach the terminal as one sequence, which Textual reads as alt+letter: its Escape
    part is what closed the overlay, the letter is what the rep typed ("p: first pain" lost
    its p). Only here: in the answer field itself alt+u stays readline's, never typed."""
    if isinstance(event, events.Key) and escape_then_letter(event):
        return events.Key(event.character or "", event.character)
    return fresh_copy(event)


def escape_then_letter(event: events.Key) -> bool:
    """An ESC-prefixed key that carries one printable character (alt+p)."""
    character = event.character or ""
    return event.key.startswith("alt+") and len(character) == 1 and character.isprintable()

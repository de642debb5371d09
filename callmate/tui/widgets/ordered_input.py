"""An Input that applies every key in the order it was typed, and keeps every line of a paste.

Why: in Textual 8 a printable key is inserted by the Input itself, but a bound key (Enter,
Backspace, Tab, arrows) bubbles up to the App before its action runs. When keys arrive in one
burst (a fast typist on a busy machine, a text expander, a paste without bracketed-paste
markers), the characters typed after Enter are inserted before Enter is acted on, so
`a Enter b Enter` submits "ab" twice. Upstream: https://github.com/Textualize/textual/issues/6605
(fix proposed in https://github.com/Textualize/textual/pull/6631). Until that lands:

- the Input's own bindings (Backspace, arrows, Enter...) run inline, in key order, as the PR does;
- after a key whose effect is handled elsewhere (Enter's Submitted message, Tab, a screen's key),
  later keys are held back until that effect has been handled all the way up to the App, then
  replayed to whatever has the focus by then (the same field, or the next one after Tab);
- a key that reaches this field after the focus moved on goes to the focused widget instead.

Any screen can use it in place of `Input`: `Input.Submitted` handlers keep working unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

#: Bound keys whose whole effect happens inside the field, so nothing needs waiting for.
LOCAL_ACTIONS = frozenset(
    {
        "cursor_left",
        "cursor_right",
        "cursor_left_word",
        "cursor_right_word",
        "delete_left",
        "delete_right",
        "delete_left_word",
        "delete_right_word",
        "delete_left_all",
        "delete_right_all",
        "home",
        "end",
        "select_all",
    }
)

LinesHandler = Callable[[list[str]], None]


def pasted_lines(text: str) -> list[str]:
    """The non-blank lines of a paste, in order (blank lines carry nothing to record)."""
    return [line for line in text.splitlines() if line.strip()]


class _Settled(Message, bubble=True):
    """Follows a bound key up the DOM; when it reaches the App, the key's effect is done."""

    def __init__(self, release: Callable[[], None]) -> None:
        super().__init__()
        self.release = release

    def _bubble_to(self, widget: MessagePump) -> None:
        # The App has no handler for this message, so on the last hop it becomes a callback the
        # App runs in its turn: after the bubbled key or Submitted message ahead of it.
        if widget is self._app_of(widget):
            widget.post_message(events.Callback(callback=self.release))
        else:
            super()._bubble_to(widget)

    @staticmethod
    def _app_of(widget: MessagePump) -> MessagePump | None:
        try:
            return widget.app
        except Exception:  # a node being torn down has no app: just bubble
            return None


class OrderedInput(Input):
    """An Input whose keys take effect in the order typed, whatever the burst.

    `on_lines`, when given, receives a paste of more than one line (each non-blank line, in
    order) instead of the Input's default of keeping only the first line.
    `keep_tab` makes Tab stay in the field (nothing typed is lost to a focus change).
    """

    def __init__(
        self,
        *args: object,
        on_lines: LinesHandler | None = None,
        keep_tab: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.on_lines = on_lines
        self.keep_tab = keep_tab
        self._held: list[events.Key | events.Paste] = []
        self._waiting = False

    # -- value ------------------------------------------------------------------------------
    def _watch_value(self, value: str) -> None:
        """Every key changes the text's width, which Textual's Input stores as its virtual size,
        a layout reactive: the whole screen was laid out again on every key. A field whose box
        does not depend on its text only needs repainting; its scrolling reads the virtual size
        directly, so it is stored without the layout pass."""
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
            self.refresh()
        super()._watch_value(value)

    # -- keys -------------------------------------------------------------------------------
    async def _on_key(self, event: events.Key) -> None:
        if self._hold(event):
            return
        if self._forward_if_moved(event):
            return
        if event.is_printable:
            return  # Input._on_key, next in the MRO, inserts it now
        if self.keep_tab and event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            return
        action = self._own_action(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            if action not in LOCAL_ACTIONS:
                self._wait_for_effects()
            return
        # Not ours (Tab, a screen's key): it bubbles on; later keys wait until it was handled.
        self._wait_for_effects()

    def _own_action(self, key: str) -> str | None:
        """The action this field binds to `key`, the one the App would run for it."""
        # `_bindings` is the node's merged binding map, keymap included: the App reads the same.
        for binding in self._bindings.key_to_bindings.get(key, ()):
            if not binding.priority:
                return binding.action
        return None

    def _hold(self, event: events.Key | events.Paste) -> bool:
        if not self._waiting:
            return False
        event.stop()
        event.prevent_default()
        self._held.append(event)
        return True

    def _forward_if_moved(self, event: events.Key | events.Paste) -> bool:
        """A key that arrives after the focus moved on belongs to the focused widget."""
        try:
            focused = self.app.focused
        except Exception:  # no active screen while the app shuts down
            return False
        if focused is None or focused is self:
            return False
        event.stop()
        event.prevent_default()
        focused._forward_event(_copy(event))
        return True

    def _wait_for_effects(self) -> None:
        self._waiting = True
        self.post_message(_Settled(self._release))

    def _release(self) -> None:
        """The earlier key's effect is done: replay the held keys to whoever has the focus."""
        self._waiting = False
        held, self._held = self._held, []
        try:
            target = self.app.focused or self
        except Exception:  # the app is closing: nothing left to type into
            return
        for event in held:
            target._forward_event(_copy(event))

    # -- paste ------------------------------------------------------------------------------
    def _on_paste(self, event: events.Paste) -> None:
        if self._hold(event) or self._forward_if_moved(event):
            return
        lines = pasted_lines(event.text)
        if len(lines) > 1 and self.on_lines is not None:
            event.stop()
            event.prevent_default()
            before = self.value[: self.cursor_position]
            after = self.value[self.cursor_position :]
            lines[0] = before + lines[0]
            lines[-1] = lines[-1] + after
            self.value = ""
            self.on_lines(lines)
            return
        if len(lines) > 1:
            # No one takes the lines apart here: keep them all on the one line, never drop them.
            event.stop()
            event.prevent_default()
            joined = " ".join(line.strip() for line in lines)
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(joined)
            else:
                self.replace(joined, *selection)
            return
        # One line: Input._on_paste, next in the MRO, inserts it.


def _copy(event: events.Key | events.Paste) -> events.Key | events.Paste:
    """A fresh event to deliver again: the old one was stopped where it was held."""
    if isinstance(event, events.Key):
        return events.Key(event.key, event.character)
    return events.Paste(event.text)

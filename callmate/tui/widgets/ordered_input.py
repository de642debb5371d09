"""An Input that applies every key in the order it was typed, and keeps every line of a paste.

Why: in Textual 8 a printable key is inserted by the Input itself, but a bound key (Enter,
Backspace, Tab, arrows) bubbles up to the App before its action runs, so under a burst (a fast
typist on a busy machine, a text expander, a paste without bracketed-paste markers) the keys
after Enter were inserted before Enter was acted on: `a Enter b Enter` submitted "ab" twice.
Upstream: https://github.com/Textualize/textual/issues/6605 (fix proposed in
https://github.com/Textualize/textual/pull/6631). Until that lands:

- the Input's own bindings (Backspace, arrows, Enter...) run inline, in key order, as the PR does;
- a key whose effect is handled elsewhere (Enter's Submitted message, Tab, a screen's key) holds
  every later key back, where the App hands keys on (key_order.py), until that effect has been
  handled all the way up to the App; they then go to whatever has the focus by then (the same
  field, the next one after Tab, a dialog's field);
- a key that reaches this field after the focus moved on goes to the focused widget instead.

Any screen can use it in place of `Input`: `Input.Submitted` handlers keep working unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.input import Selection

from callmate.tui.widgets.ordered_keys import OrderedKeys

#: Zero-width non-joiner and joiner: typed like letters (see _on_key).
JOINERS = frozenset({"\u200c", "\u200d"})

#: Bound keys whose whole effect happens inside the field, so nothing needs waiting for.
_FIELD_ACTIONS = frozenset(
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


def blank_lines_between(text: str) -> int:
    """The blank lines between a paste's first and last line of text (a paragraph break): the
    ones the rep saw in what they copied, not a trailing newline."""
    rows = [bool(line.strip()) for line in text.splitlines()]
    if True not in rows:
        return 0
    first, last = rows.index(True), len(rows) - 1 - rows[::-1].index(True)
    return rows[first:last].count(False)


class OrderedInput(Input, OrderedKeys, inherit_bindings=False):
    """An Input whose keys take effect in the order typed, whatever the burst.

    `on_lines`, when given, receives a paste of more than one line (each non-blank line, in
    order) instead of the Input's default of keeping only the first line.
    `keep_tab` makes Tab stay in the field (nothing typed is lost to a focus change).
    """

    LOCAL_ACTIONS = _FIELD_ACTIONS
    #: Enter typed while callmate starts, before the terminal is in raw mode, arrives as a line
    #: feed (ctrl+j): it records the answer like Enter instead of being dropped.
    #: Readline's and xterm's alt keys, which Textual's Input leaves unbound: alt+Left/Right
    #: move by word (xterm sends them for the GNOME Terminal default), alt+d deletes the word
    #: after the cursor.
    #: Input's own keys, without the scrolling ones it inherits (PgUp, PgDn, arrows), which a
    #: one-line field never uses: they only passed the key on, and they hid the screen's PgUp
    #: (Back) from the footer, which shows one binding per key.
    BINDINGS = [
        *Input.BINDINGS,
        Binding("ctrl+j", "submit", "Submit", show=False),
        Binding("alt+left", "cursor_left_word", show=False),
        Binding("alt+right", "cursor_right_word", show=False),
        Binding("alt+d", "delete_right_word", show=False),
    ]

    def __init__(
        self,
        *args: object,
        on_lines: LinesHandler | None = None,
        keep_tab: bool = False,
        **kwargs: object,
    ) -> None:
        # A field given the focus again (a dialog reopened on its draft) keeps its text: with
        # Textual's default, the whole text was selected and the first key typed replaced it.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.on_lines = on_lines
        self.keep_tab = keep_tab
        #: Blank lines left out of the last paste given to `on_lines`, so it can say so.
        self.blank_lines_left_out = 0

    # -- value ------------------------------------------------------------------------------
    def fill(self, text: str, *, selected: bool = False) -> None:
        """Put text in the field from the code (an answer given back, a draft restored): the
        cursor goes to its end every time. Setting `value` alone kept the cursor where it was
        (the length of the text before), so a resumed draft was typed into the middle of.

        `selected`: the text is selected as a whole (an answer already recorded): a key typed
        replaces it, Enter keeps it, an arrow key, Home or End deselects it to edit."""
        self.value = text
        end = len(self.value)
        self.selection = Selection(0, end) if selected and end else Selection.cursor(end)

    def _watch_value(self, value: str) -> None:
        """Every key changes the text's width, which Textual's Input stores as its virtual size,
        a layout reactive: the whole screen was laid out again on every key. A field whose box
        does not depend on its text only needs repainting; its scrolling reads the virtual size
        directly, so it is stored without the layout pass."""
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
            self.refresh()
        super()._watch_value(value)

    def on_resize(self, event: events.Resize) -> None:
        """A field made narrower (or wider) keeps its cursor in view. Textual scrolls the text to
        the cursor only when the cursor moves: after 160 to 120 columns the field showed the
        middle of a long answer ('ke a long time... spe'), its end and the cursor out of view
        until the next key."""
        self.call_after_refresh(self._cursor_in_view)

    def _cursor_in_view(self) -> None:
        """From the text's start, then just far enough for the cursor: as much of the text
        as fits is shown (a wider field showed it from the middle still)."""
        self.scroll_to(x=0, animate=False, immediate=True)
        cursor = Region(self._cursor_offset, 0, width=1, height=1)
        self.scroll_to_region(cursor, force=True, animate=False, immediate=True)

    # -- keys ---------------------------------------------------------------------------
    def _acts_elsewhere(self, event: events.Key | events.Paste) -> bool:
        """Whether the key's effect happens outside this field (so later keys must wait): a
        paste of several lines goes to `on_lines` (which may record, or close a dialog)."""
        if isinstance(event, events.Paste):
            return self.on_lines is not None and len(pasted_lines(event.text)) > 1
        if self.keep_tab and event.key in ("tab", "shift+tab"):
            return False
        if event.character in JOINERS:
            return False
        return super()._acts_elsewhere(event)

    async def _on_key(self, event: events.Key) -> None:
        if self._forward_if_moved(event):
            self._report_settled(event)
            return
        if event.is_printable and not _meta_key(event):
            return  # Input._on_key, next in the MRO, inserts it now
        if event.character in JOINERS:
            # Not "printable" to Python, so Textual's Input drops it; Persian spelling and
            # emoji sequences (👨‍💻) need it. (A paste keeps it already.)
            event.stop()
            event.prevent_default()
            self.insert_text_at_cursor(event.character)
            return
        if self.keep_tab and event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            return
        await self._run_own_binding(event)
        if _meta_key(event):
            # An alt key with no action here (alt+u, alt+.): Textual's Input would type its
            # letter ("u" in the middle of an answer); it goes on up, untyped.
            event.prevent_default()
        # Enter's Submitted message, or the key itself (not ours: Tab, a screen's key), is on its
        # way up: the report follows it and reaches the App once it has been handled.
        self._report_settled(event)

    # -- paste ------------------------------------------------------------------------------
    def _on_paste(self, event: events.Paste) -> None:
        if self._forward_if_moved(event):
            self._report_settled(event)
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
            self.blank_lines_left_out = blank_lines_between(event.text)
            self.on_lines(lines)
            self._report_settled(event)
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
            self.app.notify(f"Pasted {len(lines)} lines as one line.", markup=False, timeout=4)
            return
        # One line: Input._on_paste, next in the MRO, inserts it.


def _meta_key(event: events.Key) -> bool:
    """An ESC-prefixed key (alt+u): Textual gives it the letter as its character. A character
    typed with AltGr or macOS's Option comes as the character itself, and is typed."""
    return event.key.startswith("alt+")

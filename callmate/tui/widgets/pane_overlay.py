"""One side pane opened over the call on a narrow terminal: read it, then Escape back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen

from callmate.tui.text import Plain
from callmate.tui.widgets.key_order import HoldsKeysUntilReady


class PaneOverlay(HoldsKeysUntilReady, ModalScreen[None]):
    """A scrolling copy of a pane; any of the pane keys or Escape closes it. Nothing in it takes
    the focus, so its keys are the screen's own, kept in typed order (HoldsKeysUntilReady)."""

    CSS_PATH = "pane_overlay.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape,f2,f3,f4,f5", "close", "Back to the call"),
        Binding("up", "scroll(-1)", show=False),
        Binding("down", "scroll(1)", show=False),
    ]

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overlay-box", can_focus=False):
            yield Plain(self.content, id="overlay-text")

    def on_mount(self) -> None:
        self.keys_ready()

    def action_scroll(self, step: int) -> None:
        self.query_one("#overlay-box", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

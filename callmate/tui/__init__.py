"""The Textual front end. Importing it first sets Textual's frame rate, which Textual reads once.

Textual paints a changed screen at most `TEXTUAL_FPS` times a second (60 unless set), on a fixed
grid of frame slots. A key typed just after another repaint (the call clock's, every second)
waited for the next slot: up to 17 ms more before the rep saw the letter, for about one key in
twenty. At 120 frames a second that wait is at most 8 ms; a frame of the call screen costs about
2 ms, so the extra frames are cheap. A `TEXTUAL_FPS` set by the user is left as it is, and the
variable is not left behind for programs callmate starts.
"""

from __future__ import annotations

import os

#: Frames a second when the user has not chosen (see the module's docstring).
FRAMES_PER_SECOND = "120"


def _set_frame_rate() -> None:
    if "TEXTUAL_FPS" in os.environ:
        return
    os.environ["TEXTUAL_FPS"] = FRAMES_PER_SECOND
    try:
        import textual.constants  # noqa: F401  (reads TEXTUAL_FPS now, once)
    finally:
        del os.environ["TEXTUAL_FPS"]


_set_frame_rate()

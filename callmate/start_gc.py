"""No garbage collection while a screen command starts; the objects of the start are kept out of
every later collection.

Why: a start imports Textual and callmate and builds the first screen, some two hundred thousand
objects that live as long as the process. Python's collector counts them as they are made and
walks them again and again (about 150 collections before the first question shows, one of them
over the whole heap, in the middle of drawing it): about a tenth of the start's own time, for
almost no garbage. So the collector is off from the command line's first step until the first
frame is on screen; then what exists is frozen (``gc.freeze``: never walked again, so a later
collection during a call is short too) and the collector is back on. A command that draws no
screen gets it back as soon as it is known.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Off until ``resume``; only if nothing else turned it off."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what the start made and turn the collector back on (once; a no-op otherwise)."""
    global _paused
    if not _paused:
        return
    _paused = False
    gc.freeze()
    gc.enable()

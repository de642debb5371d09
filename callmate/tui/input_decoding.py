"""Terminal input that is not UTF-8 becomes replacement characters instead of killing the app.

Textual's Linux driver decodes stdin in its input thread with a strict UTF-8 decoder, so one
undecodable byte (a Latin-1 terminal, a paste from a legacy tool, a stray byte over ssh) raises
UnicodeDecodeError there: the thread dies, a traceback covers the call screen and every key is
dead, losing the half-typed answer. Upstream: https://github.com/Textualize/textual/issues/6456
Until that is fixed, the driver module's decoder factory is replaced by one that decodes with
``errors="replace"`` (U+FFFD for each bad byte); valid input decodes exactly as before.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import Any

_INSTALLED = "_callmate_tolerant_decoder"


def tolerant_decoder_factory(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """Like codecs.getincrementaldecoder, but the decoders it makes never raise on bad bytes."""
    decoder_class = codecs.getincrementaldecoder(encoding)

    def make(errors: str = "strict", **kwargs: Any) -> codecs.IncrementalDecoder:
        return decoder_class(errors="replace", **kwargs)

    return make


def tolerate_undecodable_input() -> None:
    """Make the Linux driver's input thread survive non-UTF-8 bytes (safe to call twice)."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not on this platform: nothing to work around
        return
    if getattr(linux_driver, _INSTALLED, False):
        return
    linux_driver.getincrementaldecoder = tolerant_decoder_factory  # type: ignore[assignment]
    setattr(linux_driver, _INSTALLED, True)

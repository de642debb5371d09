"""Terminal input is decoded so that neither bad bytes nor a pasted escape can break the app.

Textual's Linux driver decodes stdin in its input thread with a strict UTF-8 decoder, so one
undecodable byte (a Latin-1 terminal, a paste from a legacy tool, a stray byte over ssh) raises
UnicodeDecodeError there: the thread dies, a traceback covers the call screen and every key is
dead, losing the half-typed answer. Upstream: https://github.com/Textualize/textual/issues/6456
Until that is fixed, the driver module's decoder factory is replaced by one that decodes with
``errors="replace"`` (U+FFFD for each bad byte); valid input decodes exactly as before.

The same decoder keeps a bracketed paste whole. Textual's parser (XTermParser.parse in
textual/_xterm_parser.py, 8.2) reads an ESC inside a paste as the start of a key sequence and
reissues what follows as key presses: copied coloured terminal output, or an OSC 52 sequence in
the clipboard, split the paste, recorded part of it at once (its newline became Enter) and put
the rest into the next question. Inside a paste the decoder therefore removes escape sequences
(colours, cursor moves, OSC strings) before the parser sees them: the rep gets the visible text
as one paste, and no control sequence from a clipboard is kept.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Buffer

_INSTALLED = "_callmate_tolerant_decoder"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
#: A whole escape sequence: CSI (colours, cursor moves), an OSC string ended by BEL or ST, or a
#: two-character escape (not "[" or "]", which open the longer kinds).
_SEQUENCE = r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\^_])"
_WHOLE = re.compile(_SEQUENCE)
_ANY_ESCAPE = re.compile(f"{_SEQUENCE}|\x1b")
#: Held back at most this much while waiting for the end of an escape sequence inside a paste.
_MOST_HELD = 8192


def without_escapes(text: str) -> str:
    """The text of a paste with every escape sequence (and any stray ESC) taken out."""
    return _ANY_ESCAPE.sub("", text)


class PasteKeepingDecoder(codecs.IncrementalDecoder):
    """Decodes terminal input like ``inner``; inside a bracketed paste, escapes are removed.

    Reads arrive in chunks of any size, so a marker or an escape sequence may be split between
    two: outside a paste nothing is held back (a lone ESC is the Escape key and must reach the
    parser now), only remembered to find a start marker split in two; inside a paste an
    unfinished sequence waits for the next read.
    """

    def __init__(self, inner: codecs.IncrementalDecoder) -> None:
        super().__init__(inner.errors)
        self._inner = inner
        self._in_paste = False
        self._held = ""  # in a paste: an escape sequence or end marker not yet complete
        self._seen = ""  # outside: the last characters passed on (a start marker split in two)

    def decode(self, input: Buffer, final: bool = False) -> str:
        text = self._inner.decode(input, final)
        out: list[str] = []
        while text or (final and self._held):
            if self._in_paste:
                text, self._held = self._held + text, ""
                end = text.find(PASTE_END)
                if end == -1:
                    body, self._held = (text, "") if final else _unfinished_split(text)
                    out.append(without_escapes(body))
                    text = ""
                    continue
                out.append(without_escapes(text[:end]) + PASTE_END)
                self._in_paste = False
                text = text[end + len(PASTE_END) :]
                continue
            probe = self._seen + text
            start = probe.find(PASTE_START)
            if start == -1:
                out.append(text)
                self._seen = probe[-(len(PASTE_START) - 1) :]
                text = ""
                continue
            cut = start + len(PASTE_START) - len(self._seen)  # just after the marker, in text
            out.append(text[:cut])
            text = text[cut:]
            self._in_paste, self._seen = True, ""
        return "".join(out)

    def reset(self) -> None:
        self._inner.reset()
        self._in_paste, self._held, self._seen = False, "", ""


def _unfinished_split(text: str) -> tuple[str, str]:
    """(what can be cleaned now, the tail that may be an escape sequence not yet complete)."""
    last = text.rfind("\x1b")
    if last == -1:
        return text, ""
    tail = text[last:]
    if PASTE_END.startswith(tail) or (_WHOLE.match(tail) is None and len(tail) < _MOST_HELD):
        return text[:last], tail
    return text, ""


def tolerant_decoder_factory(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """Like codecs.getincrementaldecoder, but the decoders it makes never raise on bad bytes
    and keep a bracketed paste free of escape sequences."""
    decoder_class = codecs.getincrementaldecoder(encoding)

    def make(errors: str = "strict", **kwargs: Any) -> codecs.IncrementalDecoder:
        return PasteKeepingDecoder(decoder_class(errors="replace", **kwargs))

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

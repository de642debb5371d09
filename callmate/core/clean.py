"""Text from people, made safe to keep and to show: no terminal control characters.

An escape sequence in a prospect's name or an imported record could retitle the rep's terminal,
clear the screen or write to the clipboard (OSC 52); tabs and newlines are kept, every other
C0/C1 control character (ESC, BEL, the one-byte CSI 0x9b...) is dropped. A lone surrogate (an
undecodable byte from a terminal or a hand-edited file) cannot be printed or written as UTF-8,
so it becomes U+FFFD. Names and companies are one line with single spaces: a newline in a
name would make a fake row in every list, and a bidirectional override or isolate (U+202A-U+202E,
U+2066-U+2069) would reverse the rest of its row, so one-line text drops them (right-to-left
names need none), with the invisible characters that make "Pat\u200bQuill" look like "PatQuill"
while matching nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
#: Direction overrides and isolates, and the invisible characters that make two names that look
#: the same differ (zero-width space, direction marks, word joiner, BOM, soft hyphen). The
#: zero-width (non-)joiners stay: Persian, Indic scripts and emoji need them.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u2060\ufeff\u00ad]")


def clean(text: str) -> str:
    """``text`` without control characters (tab and newline kept), surrogates as U+FFFD."""
    if not _UNSAFE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def one_line(text: str) -> str:
    """``text`` cleaned and on one line: every run of white space (line breaks and tabs
    included) becomes one space, as `prospect_key` reads a name, so "pat  quill" is stored as
    it is matched; and no direction override can reach the rest of a row."""
    return _SPACES.sub(" ", _BIDI_CONTROLS.sub("", clean(text))).strip()


def clean_value(
    value: Any, single_line: bool = False, one_line_keys: frozenset[str] = frozenset()
) -> Any:
    """A JSON value with every string (keys included) cleaned; shared parts are copied.

    Strings under a key in ``one_line_keys`` are also made one line (the record's one-line
    fields, `call_record.ONE_LINE_KEYS`, when the value is a record's projection).
    """
    if isinstance(value, str):
        return one_line(value) if single_line else clean(value)
    if isinstance(value, Mapping):
        return {
            clean(str(key)): clean_value(item, str(key) in one_line_keys, one_line_keys)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [clean_value(item, single_line, one_line_keys) for item in value]
    return value


def has_surrogates(value: Any) -> bool:
    """True if any string in a JSON value holds a lone surrogate (cannot be UTF-8)."""
    if isinstance(value, str):
        return bool(_SURROGATE.search(value))
    if isinstance(value, Mapping):
        return any(has_surrogates(k) or has_surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_surrogates(item) for item in value)
    return False

"""Text from people, made safe to keep and to show: no terminal control characters.

An escape sequence in a prospect's name or an imported record could retitle the rep's terminal,
clear the screen or write to the clipboard (OSC 52); tabs and newlines are kept, every other
C0/C1 control character (ESC, BEL, the one-byte CSI 0x9b...) is dropped. A lone surrogate (an
undecodable byte from a terminal or a hand-edited file) cannot be printed or written as UTF-8,
so it becomes U+FFFD. Invisible format characters that make text show other than it reads are
dropped from all text, notes as much as names (`INVISIBLE`): a bidirectional override,
embedding or isolate (U+202A-U+202E, U+2066-U+2069) reverses the rest of its line, so a note
"...all clear\u202eRTL" showed other words in `show` than it held; and the zero-width and
direction marks make "Pat\u200bQuill" look like "PatQuill" while matching nothing. The
zero-width joiner and non-joiner (U+200C, U+200D) stay: Persian and Indic spelling and emoji
sequences need them. Names and companies are also one line with single spaces: a newline in a
name would make a fake row in every list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: Invisible format characters dropped from every text: direction overrides, embeddings and
#: isolates (U+202A-U+202E, U+2066-U+2069), direction marks (LRM, RLM, the Arabic letter mark),
#: zero-width space, word joiner and invisible operators (U+2060-U+2064), the deprecated format
#: controls (U+206A-U+206F), BOM, soft hyphen and interlinear annotation marks (U+FFF9-U+FFFB).
#: Not the zero-width (non-)joiners: Persian, Indic scripts and emoji need them. The store's
#: byte-level check of index files (store/tables.maybe_unsafe) is built from this same string.
INVISIBLE = (
    "\u00ad\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\ufff9\ufffa\ufffb"
)
_DROPPED = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Line breaks other than \n (CR, CR LF, VT, FF, the file/group/record separators, NEL, the
#: Unicode line and paragraph separators): a break, not nothing ("Line\x85Two" was glued into
#: "LineTwo"; in a one-line field it becomes a space, as \n does).
_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\u2028\\u2029{INVISIBLE}]")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """``text`` without control characters (tab and newline kept, other line breaks made
    newlines) or invisible format characters (`INVISIBLE`), surrogates as U+FFFD: the one rule
    for typed and outside text."""
    if not _UNSAFE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", _DROPPED.sub("", _BREAKS.sub("\n", text)))


def one_line(text: str) -> str:
    """``text`` cleaned and on one line: every run of white space (line breaks and tabs
    included) becomes one space, as `prospect_key` reads a name, so "pat  quill" is stored as
    it is matched."""
    return _SPACES.sub(" ", clean(text)).strip()


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

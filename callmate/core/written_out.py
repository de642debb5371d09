"""Text shown with every character a terminal would act on or hide written out, once for all.

Messages that quote a trainer's file (validate), and lines that print a file name (doctor,
`callmate playbooks`), must show the text as it is: a U+202E would turn the rest of the line
around, an ESC would send the terminal a command, a newline would make a fake line of its own.
Written out (`<U+202E>`, `\\n`, `\\x9f` for a byte that is not UTF-8), the reader sees where
the character is. Stored text is not written out but cleaned (clean.py): this is for quoting.
"""

from __future__ import annotations

import re

#: What a terminal acts on or hides rather than shows: C0 and C1 controls, direction marks,
#: overrides and isolates, invisible separators and joiners that are not part of any script
#: (the zero-width (non-)joiners are: Persian, emoji), and lone surrogates (undecodable bytes).
_UNSHOWN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2060\u2066-\u2069\ufeff\ud800-\udfff]"
)


def written_out(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with each such character written out; ``keep_lines`` leaves newlines and tabs
    as they are (a message of several lines), else they are written ``\\n`` and ``\\t``."""

    def one(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        if char in "\n\t":
            return char if keep_lines else ("\\n" if char == "\n" else "\\t")
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
            return f"\\x{code - 0xDC00:02x}"
        return f"<U+{code:04X}>"

    return _UNSHOWN.sub(one, text)

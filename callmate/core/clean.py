"""Text from people, made safe to keep and to show: no terminal control characters.

An escape sequence in a prospect's name or an imported record could retitle the rep's terminal or
clear the screen; tabs and newlines are kept, every other control character is dropped.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    return _CONTROL.sub("", text)

"""A bracketed paste holding escape sequences arrives whole, as one paste of its visible text.

Textual's parser reissues what follows an ESC inside a paste as key presses, so a copied
coloured line split the paste and its newline became Enter (see input_decoding.py). These tests
run the real decoder the driver is given and Textual's real parser, with the input cut into reads
at every place a terminal could cut it.
"""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from callmate.tui.input_decoding import tolerant_decoder_factory

COLOURED_PASTE = (
    b"ab\x1b[200~evil \x1b[2J clear\nsecond \x1b[31mred\x1b[0m \x1b]52;c;aGVsbG8=\x07 end\x1b[201~z"
)


def parse(reads: list[bytes]) -> list[tuple[str, str]]:
    """What the app receives for these reads: (event kind, key or pasted text)."""
    decode = tolerant_decoder_factory("utf-8")().decode
    parser = XTermParser(False)
    found: list[events.Event] = []
    for index, data in enumerate([*reads, b""]):
        text = decode(data, final=index == len(reads))
        if text:  # the driver skips an empty decode, as it does for half a UTF-8 character
            found += [e for e in parser.feed(text) if isinstance(e, events.Event)]
    found += [e for e in parser.feed("") if isinstance(e, events.Event)]
    return [
        ("paste", e.text) if isinstance(e, events.Paste) else ("key", getattr(e, "key", ""))
        for e in found
    ]


def test_a_coloured_paste_is_one_paste_of_its_visible_text() -> None:
    assert parse([COLOURED_PASTE]) == [
        ("key", "a"),
        ("key", "b"),
        ("paste", "evil  clear\nsecond red  end"),
        ("key", "z"),
    ]


def test_the_same_whatever_the_reads_are_cut() -> None:
    whole = parse([COLOURED_PASTE])
    data = COLOURED_PASTE
    for first in range(1, len(data)):
        for second in range(first + 1, len(data), 3):
            assert parse([data[:first], data[first:second], data[second:]]) == whole, (
                first,
                second,
            )


def test_a_stray_escape_in_a_paste_is_dropped_and_the_paste_still_ends() -> None:
    assert parse([b"\x1b[200~x\x1b", b"\x1b[201~y"]) == [("paste", "x"), ("key", "y")]


def test_keys_outside_a_paste_are_untouched() -> None:
    # A lone ESC is the Escape key: it reaches the parser at once, nothing is held back.
    decode = tolerant_decoder_factory("utf-8")().decode
    assert decode(b"\x1b") == "\x1b"
    assert parse([b"\x1b[A", b"q"]) == [("key", "up"), ("key", "q")]


def test_bad_bytes_in_a_paste_are_replacement_characters() -> None:
    assert parse([b"\x1b[200~caf\xe9\x1b[201~"]) == [("paste", "caf\ufffd")]

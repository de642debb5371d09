"""A hardened YAML reader that keeps the line and column of every value.

Playbooks are written by hand, so every problem must come back as a located, plain-words
``SourceError`` instead of a traceback. The reader works on PyYAML's event stream (SafeLoader's
scanner, parser and resolver) rather than on composed nodes, so it can refuse anchors, aliases,
unknown tags, deep nesting and oversized documents the moment they appear, before anything is
built or expanded. Only the standard scalar constructors are ever called.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from callmate.core.immutable import immutable
from callmate.core.problems import visible

MAX_BYTES = 512 * 1024
MAX_DEPTH = 40
MAX_NODES = 50_000
# Longer numbers are refused: Python caps int() at 4300 digits and sexagesimal values
# ("1:2:3:...") cost quadratic time to build.
_MAX_NUMBER_CHARS = 1000

_TAG_PREFIX = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT = _TAG_PREFIX + "str", _TAG_PREFIX + "int", _TAG_PREFIX + "float"
_BOOL, _NULL = _TAG_PREFIX + "bool", _TAG_PREFIX + "null"
_SEQ, _MAP = _TAG_PREFIX + "seq", _TAG_PREFIX + "map"
_MERGE = _TAG_PREFIX + "merge"
_STANDARD = {_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP}
# Implicitly resolved tags that stay plain text: dates would not be plain data, and `=` has
# no constructor at all in SafeLoader.
_KEPT_AS_TEXT = {_TAG_PREFIX + "timestamp", _TAG_PREFIX + "value", _MERGE}

# What PyYAML's reader accepts; anything else is refused before the scanner sees it.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Control characters a trainer can paste into a text from a terminal (ESC, BEL, a one-byte CSI,
#: DEL...): PyYAML refuses them, so the reader stands each in for a private-use character while
#: PyYAML reads, and puts it back in the values, where the loaders name it as an error at its
#: place and go on checking the file. NUL never comes from pasting: it means binary.
_CONTROL_CHARS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: A file whose bytes are more than this share control characters is binary, not text.
_BINARY_SHARE = 3
#: Names for the control and direction characters messages mention most.
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL (the bell)",
    "\x08": "a backspace",
    "\x0d": "a carriage return",
    "\x1b": "ESC (the start of a terminal escape sequence)",
    "\x7f": "DEL",
    "\x9b": "CSI (a one-byte terminal escape)",
    "\x9d": "OSC (a one-byte terminal command)",
    "\u202e": "U+202E (right-to-left override)",
    "\u202d": "U+202D (left-to-right override)",
}
# The same line breaks PyYAML counts, so our own locations agree with its marks.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

# A comment after a value on the same line: ` #` and what follows it up to the line's end.
_TRAILING_COMMENT = re.compile(r"[ \t]+#[^\r\n\x85\u2028\u2029]*")
# `key:value` typed without the space YAML needs after the colon.
_NO_SPACE_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*):(?=[^\s:/])")
# A line that reads as `key: value` or `key:` (what a list item's first line looks like).
_KEY_LINE = re.compile(r"[ \t]*[A-Za-z_\"'][^:#\r\n]*:(?:[ \t]|$)")

_TOP_LEVEL_HINT = "the file must be a mapping of keys like `name:` and `title:` at the top"


@immutable
class Location:
    """A 1-based line and column, as editors show them."""

    line: int
    col: int


class SourceError(Exception):
    """A located problem in a YAML source, worded for the trainer who wrote it.

    ``line`` and ``col`` are 1-based; 1,1 when no better place exists.
    """

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        message = visible(message)
        super().__init__(message, line, col)
        self.message = message
        self.line = max(1, line)
        self.col = max(1, col)

    @property
    def location(self) -> Location:
        return Location(self.line, self.col)

    def __str__(self) -> str:
        return f"{self.line}:{self.col}: {self.message}"


Path_ = tuple[str | int, ...]


@dataclass(slots=True)
class _LocNode:
    """Where one value (and the key naming it) sits; mirrors the shape of the data."""

    value: Location
    key: Location
    children: dict[str, _LocNode] | list[_LocNode] | None = None
    #: How an unquoted value read as yes/no, a number or nothing was spelled (`off`, `Yes`, `~`).
    spelled: str | None = None
    #: A comment on the same line right after an unquoted text value (what ` #` cut off).
    comment: str | None = None


@dataclass
class LocatedDocument:
    """Plain data (dict/list/str/int/float/bool/None) plus where each value came from."""

    data: dict[str, Any]
    _root: _LocNode | None = field(default=None, repr=False, compare=False)
    #: The source lines, to find a character inside a value that spans them.
    lines: tuple[str, ...] = field(default=(), repr=False, compare=False)
    #: Control characters written outside every value (in a comment, between keys): no check
    #: of a value names them, so the loaders report these as they are.
    stray_controls: tuple[SourceError, ...] = field(default=(), repr=False, compare=False)

    def value_location(self, path: Path_) -> Location:
        """Where the value at ``path`` starts, or its nearest existing ancestor."""
        return self._walk(path).value

    def char_location(self, path: Path_, char: str) -> Location:
        """Where `char` is first written in the value at ``path`` (searched from where the
        value starts); the value's start when it is not written as itself (a quoted escape
        such as `\\e` makes a character the source does not hold)."""
        start = self.value_location(path)
        indent = self.key_location(path).col - 1
        for i, line in enumerate(self.lines[start.line - 1 :]):
            if i and line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
                break  # the next key: the value ended
            col = line.find(char, start.col - 1 if i == 0 else 0)
            if col >= 0:
                return Location(start.line + i, col + 1)
        return start

    def key_location(self, path: Path_) -> Location:
        """Where the key naming ``path``'s last element is (list items: the item itself)."""
        return self._walk(path).key

    def spelled(self, path: Path_) -> str | None:
        """The source text of an unquoted value YAML read as yes/no, a number or nothing."""
        node = self._exact(path)
        return None if node is None else node.spelled

    def comment_after(self, path: Path_) -> str | None:
        """The comment that follows an unquoted text value on its line, if any."""
        node = self._exact(path)
        return None if node is None else node.comment

    def _exact(self, path: Path_) -> _LocNode | None:
        node = self._root
        for step in path:
            if node is None:
                return None
            node = _child(node, step)
        return node

    def _walk(self, path: Path_) -> _LocNode:
        if self._root is None:
            return _LocNode(Location(1, 1), Location(1, 1))
        node = self._root
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return node


def _child(node: _LocNode, step: str | int) -> _LocNode | None:
    children = node.children
    if isinstance(children, dict) and isinstance(step, str):
        return children.get(step)
    if isinstance(children, list) and isinstance(step, int) and not isinstance(step, bool):
        return children[step] if 0 <= step < len(children) else None
    return None


def load_yaml_file(path: Path) -> LocatedDocument:
    """Read a playbook file; the size is checked before its content is read."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "a special file"
            raise SourceError(f"this is {what}, not a YAML file")
        if info.st_size > MAX_BYTES:
            raise SourceError(_too_big_message(info.st_size))
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SourceError(f"could not read the file: {reason}") from None
    return load_yaml_bytes(raw)


def load_yaml_bytes(raw: bytes) -> LocatedDocument:
    """Decode UTF-8 (a leading BOM is fine) and load; every problem is a SourceError."""
    if len(raw) > MAX_BYTES:
        raise SourceError(_too_big_message(len(raw)))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("the file is saved as UTF-16; save it as UTF-8 instead")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    binary = _binary_at(raw)
    if binary is not None:
        line, col = _byte_location(raw, binary)
        raise SourceError(_binary_message(raw[binary]), line, col)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_location(raw, exc.start)
        raise SourceError(
            f"the file is not valid UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be read here; "
            "save the file with UTF-8 encoding",
            line,
            col,
        ) from None
    return load_yaml_text(text)


def load_yaml_text(text: str) -> LocatedDocument:
    """Load one YAML mapping from text; every problem is a SourceError."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise SourceError(_too_big_message(size))
    text = text.removeprefix("\ufeff")
    _check_characters(text)
    stand_in = _StandIns(text)
    read = stand_in.hide(text)
    loader = yaml.SafeLoader(read)
    try:
        return _Builder(loader, read, stand_in).build()
    except yaml.MarkedYAMLError as exc:
        error = _from_marked_error(exc, read)
        raise SourceError(stand_in.restore(error.message), error.line, error.col) from None
    except SourceError as exc:  # a message quoting the text names its control characters
        raise SourceError(stand_in.restore(exc.message), exc.line, exc.col) from None
    except yaml.YAMLError as exc:  # not expected after the checks above; keep it located
        raise SourceError(f"the YAML could not be read: {exc}") from None
    finally:
        loader.dispose()


def _too_big_message(size: int) -> str:
    return (
        f"the file is {size:,} bytes, over the limit of {MAX_BYTES:,} bytes "
        f"({MAX_BYTES // 1024} KiB) for a playbook; split it into smaller playbooks"
    )


def _binary_message(code: int) -> str:
    return (
        f"this looks like a binary file, not YAML: it contains the control character 0x{code:02x}; "
        "a playbook must be plain text"
    )


def char_name(char: str) -> str:
    """How a message names a control or direction character: `ESC (...)`, `U+202E (...)`."""
    name = _CONTROL_NAMES.get(char)
    return name or f"U+{ord(char):04X}"


def _binary_at(raw: bytes) -> int | None:
    """Where a file shows it is binary: its first NUL byte, or its first control byte when
    over a third of its bytes are control bytes; None for text (a pasted ESC is text)."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        return nul
    controls = _CONTROL_BYTES.findall(raw)
    if controls and len(controls) * _BINARY_SHARE > len(raw):
        found = _CONTROL_BYTES.search(raw)
        assert found is not None
        return found.start()
    return None


class _StandIns:
    """Each control character of a text stood in for by a private-use character PyYAML reads as
    text, one to one, so every line and column stays where it was; `restore` puts them back.

    The stand-ins come from a block of plane 15 the text does not use (there are several to
    pick from, so a file that uses one still reads)."""

    def __init__(self, text: str) -> None:
        self.base = 0
        if not _CONTROL_CHARS.search(text):
            return
        for base in (0xF0000, 0xF1000, 0xF2000, 0x100000, 0x101000):
            if not any(base <= ord(ch) < base + 0xA0 for ch in text if ord(ch) >= 0xF0000):
                self.base = base
                return
        raise SourceError(  # a text using every candidate block: not seen in real files
            "the file holds control characters and private-use characters together; delete "
            "the control characters"
        )

    def hide(self, text: str) -> str:
        if not self.base:
            return text
        return _CONTROL_CHARS.sub(lambda m: chr(self.base + ord(m.group())), text)

    def restore(self, text: str) -> str:
        if not self.base:
            return text
        return "".join(
            chr(ord(ch) - self.base) if self.base <= ord(ch) < self.base + 0xA0 else ch
            for ch in text
        )

    def held(self, text: str) -> list[int]:
        """Where the stand-ins are in the text PyYAML read."""
        if not self.base:
            return []
        return [i for i, ch in enumerate(text) if self.base <= ord(ch) < self.base + 0xA0]


def _text_location(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting breaks the way PyYAML does."""
    line, line_start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line += 1
        line_start = match.end()
    return line, index - line_start + 1


def _byte_location(raw: bytes, offset: int) -> tuple[int, int]:
    prefix = raw[:offset].decode("utf-8", "replace")
    return _text_location(prefix, len(prefix))


def _check_characters(text: str) -> None:
    """NUL, or a text mostly of control characters, is binary; another character YAML cannot
    hold is named. Control characters in a text file are left for the values to name."""
    nul = text.find("\x00")
    controls = _CONTROL_CHARS.findall(text)
    if nul < 0 and controls and len(controls) * _BINARY_SHARE > len(text):
        found = _CONTROL_CHARS.search(text)
        assert found is not None
        nul = found.start()
    if nul >= 0:
        line, col = _text_location(text, nul)
        raise SourceError(_binary_message(ord(text[nul])), line, col)
    bad = next(
        (m for m in _NOT_PRINTABLE.finditer(text) if not _CONTROL_CHARS.fullmatch(m.group())),
        None,
    )
    if bad is None:
        return
    line, col = _text_location(text, bad.start())
    code = ord(bad.group())
    raise SourceError(
        f"the character U+{code:04X} is not allowed in YAML; delete it or retype this text",
        line,
        col,
    )


class _Mark(Protocol):
    """Where PyYAML read something. Its stubs type an event's marks as optional and as two
    classes (the pure-Python and the libyaml one); both carry these, and every event parsed from
    text has them."""

    line: int
    column: int
    index: int


def _req(mark: _Mark | None) -> _Mark:
    if mark is None:  # only events built by hand lack marks; we parse text
        raise ValueError("a YAML event without a position")
    return mark


def _at(mark: _Mark | None, message: str) -> SourceError:
    found = _req(mark)
    return SourceError(message, found.line + 1, found.column + 1)


def _loc(mark: _Mark | None) -> Location:
    found = _req(mark)
    return Location(found.line + 1, found.column + 1)


def _show_tag(tag: str) -> str:
    return _brief("!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag)


def _brief(text: str, limit: int = 40) -> str:
    """Quote user text in a message on one short line, however long the original is."""
    flat = text.replace("\r", " ").replace("\n", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(slots=True)
class _Frame:
    """An open mapping or list while events stream in."""

    data: dict[str, Any] | list[Any]
    loc: _LocNode
    pending_key: str | None = None
    pending_key_loc: Location | None = None


class _Builder:
    """Turns SafeLoader events into plain data and a location tree, refusing hostile input early."""

    def __init__(
        self, loader: yaml.SafeLoader, text: str = "", stand_in: _StandIns | None = None
    ) -> None:
        self.loader = loader
        self.text = text
        self.stand_in = stand_in or _StandIns("")
        #: Where each scalar PyYAML read starts and ends, for control characters outside them.
        self.spans: list[tuple[int, int]] = []
        self.stack: list[_Frame] = []
        self.nodes = 0

    def build(self) -> LocatedDocument:
        loader = self.loader
        loader.get_event()  # StreamStartEvent
        if loader.check_event(StreamEndEvent):
            raise SourceError("the file is empty; a playbook starts with keys like `name:`")
        loader.get_event()  # DocumentStartEvent
        root = self._root()
        loader.get_event()  # DocumentEndEvent
        if loader.check_event(DocumentStartEvent):
            raise _at(
                loader.peek_event().start_mark,
                "a second YAML document starts here; a playbook file holds exactly one, "
                "so remove the `---` or `...` line or move the rest into its own file",
            )
        if root is None:
            raise SourceError("the file is empty; a playbook starts with keys like `name:`")
        data, loc = root
        original = self.stand_in.restore(self.text)
        return LocatedDocument(data, loc, tuple(original.splitlines()), self._strays(original))

    def _strays(self, original: str) -> tuple[SourceError, ...]:
        """A located error for each control character that is in no value (a comment, the
        space between keys): the loaders name those in values, with the value's own words."""
        held = self.stand_in.held(self.text)
        if not held:
            return ()
        starts = sorted(self.spans)
        strays = []
        for index in held:
            if any(start <= index < end for start, end in starts):
                continue
            line, col = _text_location(original, index)
            strays.append(
                SourceError(
                    f"this line holds {char_name(original[index])}, an invisible control "
                    "character outside any text (in a comment or between keys); delete it",
                    line,
                    col,
                )
            )
        return tuple(strays)

    def _root(self) -> tuple[dict[str, Any], _LocNode] | None:
        event = self.loader.get_event()
        self._refuse_anchors(event)
        if isinstance(event, ScalarEvent):
            if event.value == "" and event.implicit[0] and event.tag is None:
                return None
            raise _at(event.start_mark, f"{_TOP_LEVEL_HINT}, found a single value")
        if isinstance(event, MappingStartEvent):
            self._check_collection_tag(event, _MAP)
            start = _loc(event.start_mark)
            data: dict[str, Any] = {}
            loc = _LocNode(start, start, {})
            self.nodes = 1
            self.stack.append(_Frame(data, loc))
            self._fill()
            return data, loc
        raise _at(event.start_mark, f"{_TOP_LEVEL_HINT}, found a list")

    def _fill(self) -> None:
        """Consume events until the root mapping closes, with no recursion."""
        loader = self.loader
        while self.stack:
            event = loader.get_event()
            if isinstance(event, MappingEndEvent | SequenceEndEvent):
                self.stack.pop()
                continue
            self._refuse_anchors(event)
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _at(
                    event.start_mark,
                    f"the file holds too many values (more than {MAX_NODES:,}); "
                    "split it into smaller playbooks",
                )
            frame = self.stack[-1]
            if isinstance(frame.data, dict) and frame.pending_key is None:
                self._take_key(frame, event)
            elif isinstance(event, ScalarEvent):
                value = self._scalar(event, as_key=False)
                loc = _LocNode(_loc(event.start_mark), Location(1, 1))
                if event.style is None:
                    self._note_plain(event, value, loc)
                self._attach(frame, value, loc)
            else:
                self._open(frame, event)

    def _note_plain(self, event: ScalarEvent, value: Any, loc: _LocNode) -> None:
        """Keep what the trainer typed where YAML read something else than the text they saw."""
        if not isinstance(value, str):
            loc.spelled = event.value
            return
        start, end = _req(event.start_mark), _req(event.end_mark)
        comment = _TRAILING_COMMENT.match(self.text, end.index)
        if comment is not None and start.line == end.line:
            loc.comment = comment.group(0)

    def _attach(self, frame: _Frame, value: Any, loc: _LocNode) -> None:
        if isinstance(frame.data, dict):
            key, key_loc = frame.pending_key, frame.pending_key_loc
            assert key is not None and key_loc is not None  # set by _take_key
            loc.key = key_loc
            frame.data[key] = value
            assert isinstance(frame.loc.children, dict)
            frame.loc.children[key] = loc
            frame.pending_key = frame.pending_key_loc = None
        else:
            loc.key = loc.value
            frame.data.append(value)
            assert isinstance(frame.loc.children, list)
            frame.loc.children.append(loc)

    def _open(self, frame: _Frame, event: Event) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _at(
                event.start_mark,
                f"the data is nested too deeply here (more than {MAX_DEPTH} levels); "
                "flatten this part of the playbook",
            )
        start = _loc(event.start_mark)
        container: dict[str, Any] | list[Any]
        if isinstance(event, MappingStartEvent):
            self._check_collection_tag(event, _MAP)
            self._refuse_pair_in_brackets(event)
            container, loc = {}, _LocNode(start, start, {})
        else:
            assert isinstance(event, CollectionStartEvent)
            self._check_collection_tag(event, _SEQ)
            container, loc = [], _LocNode(start, start, [])
        self._attach(frame, container, loc)
        self.stack.append(_Frame(container, loc))

    def _refuse_pair_in_brackets(self, event: MappingStartEvent) -> None:
        """`[Zeit: 30 Minuten, b]`: inside brackets `: ` turns an item into a one-key mapping with
        no `{` of its own. YAML accepts it, but a trainer never means it, and the list checks
        would then only say the item is not text."""
        begin = _req(event.start_mark).index
        text = self.text
        if not event.flow_style or event.tag is not None or text[begin : begin + 1] in ("{", ""):
            return  # a tagged mapping's mark is at its tag: `!!map {a: 1}`
        end = _item_end(text, begin)
        colon = text.find(": ", begin, end)
        if text[begin] == "?" or colon < 0:
            at, meaning = begin, "a `?` followed by a space marks a key"
        else:
            at, meaning = (
                colon,
                "a `:` followed by a space splits an unquoted item into a key and a value",
            )
        line, col = _text_location(text, at)
        item = _item_text(text, begin, end)
        raise SourceError(
            f"inside `[...]` {meaning}, so `{item}` is not read as text; put that item in "
            f"{_in_quotes(item)}",
            line,
            col,
        )

    def _take_key(self, frame: _Frame, event: Event) -> None:
        if not isinstance(event, ScalarEvent):
            kind = "a mapping" if isinstance(event, MappingStartEvent) else "a list"
            raise _at(
                event.start_mark,
                f"{kind} cannot be used as a key; keys must be plain text like `name:`",
            )
        key = self._scalar(event, as_key=True)
        assert isinstance(key, str)  # _scalar refuses other key types
        assert isinstance(frame.loc.children, dict)
        first = frame.loc.children.get(key)
        if first is not None:
            raise _at(
                event.start_mark,
                f"the key `{_brief(key)}` appears twice in this mapping "
                f"(first on line {first.key.line}); keep only one of them"
                + (
                    ", or, if this starts a new item of a list, put `- ` in front of it"
                    if key == "id"
                    else ""
                ),
            )
        frame.pending_key, frame.pending_key_loc = key, _loc(event.start_mark)

    def _refuse_anchors(self, event: Event) -> None:
        if isinstance(event, AliasEvent):
            raise _at(
                event.start_mark,
                f"aliases like `*{_brief(event.anchor or '')}` are not supported; "
                "repeat the text itself here instead of referring to an anchor, or if "
                "it is part of the text, put the whole text in double quotes",
            )
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise _at(
                event.start_mark,
                f"anchors like `&{_brief(event.anchor)}` are not supported; remove it and "
                "repeat the text wherever you need it, or if it is part of the text, put the "
                "whole text in double quotes",
            )

    def _check_collection_tag(self, event: CollectionStartEvent, expected: str) -> None:
        tag = event.tag
        if tag is None or tag in ("!", expected):
            return
        if tag in _STANDARD:
            kind = "a list" if expected == _SEQ else "a mapping"
            raise _at(event.start_mark, f"this is {kind}, but it is tagged `{_show_tag(tag)}`")
        raise _tag_error(event.start_mark, tag)

    def _scalar(self, event: ScalarEvent, *, as_key: bool) -> Any:
        value = self.stand_in.restore(event.value)
        self.spans.append((_req(event.start_mark).index, _req(event.end_mark).index))
        explicit = event.tag not in (None, "!")
        tag = event.tag if explicit else self.loader.resolve(ScalarNode, value, event.implicit)
        assert tag is not None
        if as_key:
            _check_key(event, tag)
        if tag in _KEPT_AS_TEXT and not explicit:
            return value
        if tag == _STR:
            return value
        if tag in (_SEQ, _MAP):
            raise _at(
                event.start_mark, f"this is a single value, but it is tagged `{_show_tag(tag)}`"
            )
        if tag not in (_INT, _FLOAT, _BOOL, _NULL):
            raise _tag_error(event.start_mark, tag)
        if explicit:
            _check_explicit(event, tag, self.loader.resolve(ScalarNode, value, (True, False)))
        if tag in (_INT, _FLOAT) and len(value) > _MAX_NUMBER_CHARS:
            raise _at(
                event.start_mark,
                f"this number is too long ({len(value):,} characters); "
                "put it in quotes if it is meant as text",
            )
        node = ScalarNode(
            tag, value, cast(yaml.Mark, event.start_mark), cast(yaml.Mark, event.end_mark)
        )
        constructor = self.loader.yaml_constructors[tag]
        try:
            return constructor(self.loader, node)
        except (ValueError, KeyError, IndexError):
            raise _at(
                event.start_mark, f"`{_brief(value)}` cannot be read as a `{_show_tag(tag)}` value"
            ) from None


_KEY_KINDS = {
    _INT: "a number",
    _FLOAT: "a number",
    _BOOL: "a yes/no value",
    _NULL: "an empty value",
}


def _check_key(event: ScalarEvent, tag: str) -> None:
    if tag == _MERGE and event.tag is None:
        raise _at(
            event.start_mark,
            "merge keys (`<<`) are not supported; write the keys out in full instead",
        )
    kind = _KEY_KINDS.get(tag)
    if kind is None:
        return
    if not event.value:
        raise _at(event.start_mark, "this key is empty; every key must be text like `name:`")
    raise _at(
        event.start_mark,
        f"the key `{_brief(event.value)}` is read as {kind}, but keys must be text; "
        f'quote it, like "{_brief(event.value)}":',
    )


def _check_explicit(event: ScalarEvent, tag: str, plain_tag: str) -> None:
    """An explicit standard tag must fit its value (`!!int abc` is refused, `!!float 3` is not)."""
    fits = plain_tag == tag or (tag == _FLOAT and plain_tag == _INT)
    if not fits:
        raise _at(
            event.start_mark,
            f"`{_brief(event.value)}` is tagged `{_show_tag(tag)}` but is not that kind of "
            "value; remove the tag or fix the value",
        )


def _tag_error(mark: _Mark | None, tag: str) -> SourceError:
    # `!Wichtig zuhören`: a word after `!` is read as a tag; it may well be meant as text.
    as_text = tag.startswith("!") and not tag.startswith("!!")
    return _at(
        mark,
        f"the tag `{_show_tag(tag)}` is not allowed; remove it, since a playbook holds only "
        "text, numbers, true/false, lists and mappings"
        + ("; if it is part of the text, put the whole text in double quotes" if as_text else ""),
    )


def _from_marked_error(exc: yaml.MarkedYAMLError, text: str) -> SourceError:
    """Reword PyYAML's most common complaints for someone who does not know YAML's grammar.

    The place PyYAML stops is often lines below the real mistake (a quote never closed, a list
    item without its dash), so those are looked for first and reported where they are.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return SourceError(f"the YAML could not be read: {exc.problem or exc.context}")
    problem = exc.problem or ""
    context = exc.context or ""
    if 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return _at(
            mark,
            "a tab character is used here; YAML indents with spaces, so replace the tab "
            "with spaces",
        )
    found = (
        _unclosed_quote(context, problem, exc.context_mark)
        or _runaway_quote(text, mark)
        or _apostrophe(text, mark)
        or _no_space_after_colon(text, context, problem, exc.context_mark, mark)
        or _missing_dash(text, context, problem, exc.context_mark, mark)
        or _flow_slip(text, context, exc.context_mark, mark)
        or _indicator_first(text, context, problem, exc.context_mark, mark)
        or _text_after_brackets(text, problem, mark)
    )
    if found is not None:
        return found
    line_start = _line_start(text, mark.index)
    starts_line = not text[line_start : mark.index].strip(" -")
    return _at(mark, _reword(context, problem, exc.context_mark, starts_line))


def _line_start(text: str, index: int) -> int:
    return max(text.rfind(c, 0, index) for c in "\r\n\x85\u2028\u2029") + 1


def _line_at(text: str, index: int) -> str:
    start = _line_start(text, index)
    end = _LINE_BREAK.search(text, start)
    return text[start : end.start() if end else len(text)]


def _unclosed_quote(context: str, problem: str, opened: yaml.Mark | None) -> SourceError | None:
    """A quote still open at the end of the file: point at the quote, not the file's end."""
    if opened is None or "quoted scalar" not in context:
        return None
    if "end of stream" not in problem and "separator" not in problem:
        return None
    return _at(
        opened,
        "this quote is never closed, so the rest of the file was read as part of one text; "
        "add the closing quote at the end of the text",
    )


def _runaway_quote(text: str, mark: yaml.Mark) -> SourceError | None:
    """A quote closed lines later by the next quote in the file, swallowing the keys between.

    The parser only notices lines further down, where the leftover text breaks the layout; the
    quoted text that runs over lines holding `key: value` is the mistake.
    """
    loader = yaml.SafeLoader(text)
    runaway: yaml.ScalarToken | None = None
    try:
        while True:
            token = loader.get_token()
            if token is None or token.start_mark.index >= mark.index:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line != token.end_mark.line
                and any(
                    _KEY_LINE.match(line)
                    for line in _LINE_BREAK.split(
                        text[token.start_mark.index : token.end_mark.index]
                    )[1:]
                )
            ):
                runaway = token
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    if runaway is None:
        return None
    quote = "double" if runaway.style == '"' else "single"
    return _at(
        runaway.start_mark,
        f"this {quote} quote is not closed on its line, so everything down to the next "
        f"{quote} quote (line {runaway.end_mark.line + 1}) was read as one text; add the "
        "closing quote at the end of this text",
    )


def _apostrophe(text: str, mark: yaml.Mark) -> SourceError | None:
    """`'It's here'`: the apostrophe closes the single-quoted text after `It`."""
    i = mark.index
    if not (2 <= i < len(text) and text[i - 1] == "'" and text[i].isalpha()):
        return None
    if not text[i - 2].isalnum():
        return None
    opened = text.rfind("'", _line_start(text, i), i - 1)
    if opened < 0:
        return None
    word_start = i - 2
    while word_start > opened + 1 and text[word_start - 1].isalnum():
        word_start -= 1
    word_end = i
    while word_end < len(text) and text[word_end].isalnum():
        word_end += 1
    word = text[word_start:word_end]
    line, col = _text_location(text, i - 1)
    doubled = word.replace("'", "''")
    return SourceError(
        f"the apostrophe in `{_brief(word)}` ends the single-quoted text early; inside single "
        f"quotes write it twice (`{_brief(doubled)}`), or put the whole "
        "text in double quotes instead",
        line,
        col,
    )


def _no_space_after_colon(
    text: str, context: str, problem: str, key_mark: yaml.Mark | None, mark: yaml.Mark
) -> SourceError | None:
    """`capture:yes_no`: without a space YAML reads the line as one word, not a key.

    The parser notices on that line (a key without `:`) or on the next (the word runs on into
    the next line's key, where a `:` is then not allowed).
    """
    if key_mark is not None and "simple key" in context:
        index = key_mark.index
    elif "mapping values are not allowed" in problem:
        index = _line_start(text, mark.index) - 1
        if index < 0:
            return None
        index = _line_start(text, index)
    else:
        return None
    line = _line_at(text, index)
    found = _NO_SPACE_KEY.match(line)
    if found is None:
        return None
    key = found.group(1)
    value = line[found.end() :].split("#")[0].strip()
    line_no, _ = _text_location(text, index)
    return SourceError(
        f"`{_brief(key)}:{_brief(value)}` needs a space after the colon: write "
        f"`{_brief(key)}: {_brief(value)}`; without it YAML reads the whole line as one word",
        line_no,
        found.end(),
    )


#: `key: {…}` or `key: […]` at the start of a value: YAML reads a mapping or a list there.
_BRACKETED_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)?[^:#\s][^:#]*:[ \t]+([{\[])")


def _text_after_brackets(text: str, problem: str, mark: yaml.Mark) -> SourceError | None:
    """`prompt: {company} and you`: a value that starts with `{` or `[` is read as a YAML
    mapping or list, and the words after its closing bracket break the file."""
    if "<scalar>" not in problem:  # words after it, not a stray bracket (`[1, 2]]`)
        return None
    start = _line_start(text, mark.index)
    found = _BRACKETED_VALUE.match(text, start)
    if found is None or found.start(1) >= mark.index:
        return None
    bracket = found.group(1)
    value = _brief(_line_at(text, mark.index)[found.start(1) - start :].strip())
    return SourceError(
        f"text that starts with `{bracket}` is read as a YAML "
        f"{'mapping' if bracket == '{' else 'list'}, so the words after the closing bracket "
        f'cannot be read; put the whole text in double quotes: "{value}"',
        mark.line + 1,
        found.start(1) - start + 1,
    )


def _flow_slip(
    text: str, context: str, opened: yaml.Mark | None, mark: yaml.Mark
) -> SourceError | None:
    """A character that ends an unquoted item early inside `[...]` (or `{...}`).

    Inside brackets YAML gives `?`, `{`, `[`, `]`, `}`, `#` and `: ` a meaning of their own, so an
    item such as `Compared with what?` breaks the list where PyYAML stops, and its own message
    blames the brackets. The item is found with quotes taken into account, so a quoted item
    before it is never the one named.
    """
    if opened is None or ("flow sequence" not in context and "flow mapping" not in context):
        return None
    scan = _FlowScan(text, opened.index, mark.index)
    close = "]" if text[opened.index] == "[" else "}"
    brackets, what = ("`[...]`", "list") if close == "]" else ("`{...}`", "mapping")
    if scan.comment is not None and close in _line_at(text, scan.comment)[1:]:
        item = _item_text(text, scan.comment_item, _item_end(text, scan.comment))
        line, col = _text_location(text, scan.comment)
        return SourceError(
            f"inside {brackets} a `#` after a space starts a comment, so the rest of the line, "
            f"closing bracket included, is cut off; put that item in {_in_quotes(item)}",
            line,
            col,
        )
    at = mark.index
    if at >= len(text):
        return None
    item = _item_text(text, scan.item_start, _item_end(text, at))
    brace = text.find("{", scan.item_start, at + 1)
    if brace >= 0:
        line, col = _text_location(text, brace)
        return SourceError(
            f"inside {brackets} a `{{` starts a YAML mapping, so the template in `{item}` breaks "
            f"the {what}; put that item in {_in_quotes(item)}",
            line,
            col,
        )
    slip = text[at]
    if slip not in "?:[]}" or not item:
        return None
    meaning = {
        "?": "a `?` ends an unquoted item",
        ":": "a `:` followed by a space splits an unquoted item into a key and a value",
        "[": "a `[` starts a list of its own",
    }.get(slip, f"a `{slip}` is read as a closing bracket")
    return _at(
        mark,
        f"inside {brackets} {meaning}, so `{item}` breaks the {what}; put that item in "
        f"{_in_quotes(item)}",
    )


def _indicator_first(
    text: str, context: str, problem: str, opened: yaml.Mark | None, mark: yaml.Mark
) -> SourceError | None:
    """Text that starts with `*` or `&` (`*wichtig* zuhören`) is read as an alias or anchor,
    and an item inside brackets cannot start with `- `: both are meant as text, so say to
    quote it."""
    if opened is not None and ("scanning an alias" in context or "scanning an anchor" in context):
        start = opened.index
        value = _value_text(text, start)
        return _at(
            opened,
            "anchors (`&`) and aliases (`*`) are not supported, and a value that starts with "
            f"`{text[start]}` is read as one; if `{value}` is text, put it in "
            f"{_in_quotes(value)}",
        )
    if "flow node" in context and "found '-'" in problem and mark.index < len(text):
        value = _value_text(text, mark.index)
        return _at(
            mark,
            f"inside brackets an item cannot start with `-`, so `{value}` breaks the list; put "
            f"that item in {_in_quotes(value)}",
        )
    return None


def _value_text(text: str, start: int) -> str:
    """The unquoted value that starts at ``start``: up to the end of its item inside brackets,
    else up to a comment or the line's end."""
    line_start = _line_start(text, start)
    if any(bracket in text[line_start:start] for bracket in "[{"):
        return _item_text(text, start, _item_end(text, start))
    end = _line_end(text, start)
    comment = _TRAILING_COMMENT.search(text, start, end)
    return _item_text(text, start, comment.start() if comment else end)


class _FlowScan:
    """Walks text inside brackets the way YAML's scanner splits it, quotes and comments included,
    to find where the item holding a given place starts and whether a comment came first."""

    def __init__(self, text: str, opened: int, stop: int) -> None:
        self.comment: int | None = None
        #: Where the item holding the comment starts (only set with `comment`).
        self.comment_item = opened + 1
        #: Where the item running at ``stop`` starts: its first character, comments skipped.
        self.item_start = opened + 1
        in_mapping = text[opened] == "{"
        depth, fresh, waiting, i = 0, True, True, opened
        stop = min(stop, len(text))
        while i < stop:
            ch = text[i]
            if waiting and ch not in " \t\r\n#,":
                self.item_start, waiting = i, False
            if fresh and ch in "\"'":
                i = _quote_end(text, i)
                fresh = False
                continue
            if ch == "#" and (fresh or text[i - 1] in " \t"):
                if self.comment is None:
                    self.comment, self.comment_item = i, self.item_start
                i = _line_end(text, i)
                continue
            if ch in "[{":
                depth += 1
                fresh = True
                waiting = waiting or depth == 1
            elif ch in "]}":
                depth -= 1
                fresh = False
            elif ch == "," and depth == 1:
                fresh = waiting = True
            elif ch == ":" and text[i + 1 : i + 2] in ("", " ", "\t", "\n", "\r"):
                fresh = True
                waiting = waiting or (in_mapping and depth == 1)
            elif ch not in " \t\r\n":
                fresh = False
            i += 1
        if waiting:
            self.item_start = stop


def _quote_end(text: str, start: int) -> int:
    """The index just after the quoted text that opens at ``start`` (the text's end if open)."""
    quote, i = text[start], start + 1
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return len(text)


def _line_end(text: str, index: int) -> int:
    found = _LINE_BREAK.search(text, index)
    return found.start() if found else len(text)


def _item_end(text: str, index: int) -> int:
    """Where an unquoted item that runs through ``index`` ends: at a `,` or a closing bracket
    that is not its own (`{problems}` stays whole), or at the line's end."""
    end = _line_end(text, index)
    depth = 0
    for i in range(index + 1 if text[index] in "]}" else index, end):
        ch = text[i]
        if ch in "[{":
            depth += 1
        elif ch in "]}" and depth:
            depth -= 1
        elif ch in ",]}":
            return i
    return end


def _item_text(text: str, start: int, end: int) -> str:
    """An item as a message shows it: on one line, cut short when long."""
    return _brief(" ".join(text[start:end].split()), 60)


def _in_quotes(item: str) -> str:
    """How to quote an item, and the item quoted: double quotes, unless it holds one or a
    backslash (then single quotes, with an apostrophe written twice)."""
    if '"' not in item and "\\" not in item:
        return f'double quotes: "{item}"'
    doubled = item.replace("'", "''")
    return f"single quotes: '{doubled}'"


def _missing_dash(
    text: str, context: str, problem: str, opened: yaml.Mark | None, mark: yaml.Mark
) -> SourceError | None:
    """A list item written without its `- `, found by where the parser gave up."""
    if opened is None or mark.column != opened.column:
        return None
    if "block collection" in context and "but found '?'" in problem:
        return _at(
            mark,
            f"this line needs `- ` in front if it starts a new item of the list that begins "
            f"on line {opened.line + 1}: write `- {_brief(_line_at(text, mark.index).strip())}`"
            "; otherwise indent it like the keys it belongs with",
        )
    if "block mapping" in context and "but found '-'" in problem:
        return _at(
            opened,
            f"this line needs `- ` in front: the list items below it (from line "
            f"{mark.line + 1}) start with `- `, so this one does too; write "
            f"`- {_brief(_line_at(text, opened.index).strip())}`",
        )
    return None


def _reword(context: str, problem: str, context_mark: yaml.Mark | None, starts_line: bool) -> str:
    opened = (
        f"line {context_mark.line + 1}, column {context_mark.column + 1}"
        if context_mark is not None
        else "earlier"
    )
    if "mapping values are not allowed" in problem:
        return (
            "a `:` is not allowed here: check that this line is indented like the keys above "
            "it, and put text that contains `: ` in quotes"
        )
    if "could not find expected ':'" in problem:
        return (
            f"the key that starts at {opened} has no `:` after it; add the colon, or check "
            "the indentation of these lines"
        )
    if "but found ':'" in problem:
        return "this `:` has no key before it; write the key's name in front of the colon"
    if "but found ']'" in problem or "but found '}'" in problem:
        return "this closing bracket has no matching opening bracket before it; remove it"
    if problem.startswith("expected ',' or"):
        return (
            f"the brackets opened at {opened} are not closed properly; separate the items "
            "with commas and close the brackets"
        )
    misaligned = ("expected <block end>", "did not find expected key", "expected '-' indicator")
    if starts_line and any(words in problem for words in misaligned):
        return (
            "this line is not lined up with the lines above it; indent it with the same "
            "number of spaces as the keys or list items it belongs with"
        )
    reserved = re.match(r"found character '(.)' that cannot start any token", problem)
    if reserved is not None:
        return (
            f"YAML cannot start a value with '{reserved.group(1)}'; put the whole text in "
            "double quotes"
        )
    if "unknown escape character" in problem:
        return (
            "the double-quoted text has an unknown backslash escape; use single quotes, "
            "or write `\\\\` for a backslash"
        )
    if "an anchor" in context or "an alias" in context:
        return "anchors (`&`) and aliases (`*`) are not supported; repeat the text itself instead"
    return f"{context}: {problem}" if context else problem

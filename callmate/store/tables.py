"""One TinyDB index file, read without a lock or changed inside a locked transaction.

A summary file holds one table of documents keyed by their "id"; prospects.json holds a single
document, the map itself. A transaction opens a fresh TinyDB instance on each file it touches,
because a TinyDB Table caches its next document id and would hand out an id another process
already used.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from callmate.core.call_record import ONE_LINE_KEYS
from callmate.core.clean import INVISIBLE, clean_value
from callmate.store.atomic import AtomicJSONStorage, BufferedStorage, DamagedData, fsync_dir

Doc = dict[str, Any]

# JSON escapes (\n, \u001b, \ud800...), DEL, a NUL byte (UTF-16 or UTF-32, which loads() also
# reads) or a raw C1 control (UTF-8 \xc2\x80-\x9f): only then is a summary cleaned. A raw
# control byte needs no look of its own: the JSON readers refuse one inside a string, and
# outside strings only whitespace may stand. Each check is a one-byte search (memchr speed):
# scanning every byte against a table took 15 ms of `followups` at 100,000 calls.
_ESCAPE_DEL_NUL = (b"\\", b"\x7f", b"\x00")
_C1 = re.compile(rb"\xc2[\x80-\x9f]")


def _invisible_by_lead() -> tuple[tuple[bytes, re.Pattern[bytes]], ...]:
    """The invisible characters every text drops (core/clean.INVISIBLE) in UTF-8, one pattern
    per first byte, so a file holding one is cleaned too and each pattern runs only where its
    first byte is. Each is the first byte (the search skips to it at memchr speed), then the
    rest as byte classes (``\xe2(?:\x80[\x8b\x8e...]|\x81[...])``): as fast as the pattern
    written by hand, where an alternation of whole characters was five times slower."""
    tails: dict[bytes, dict[bytes, set[int]]] = {}
    for char in INVISIBLE:
        raw = char.encode("utf-8")
        tails.setdefault(raw[:1], {}).setdefault(raw[1:-1], set()).add(raw[-1])

    def byte_class(last: set[int]) -> bytes:
        return b"[" + b"".join(re.escape(bytes([b])) for b in sorted(last)) + b"]"

    return tuple(
        (
            lead,
            re.compile(
                re.escape(lead)
                + b"(?:"
                + b"|".join(re.escape(mid) + byte_class(last) for mid, last in by_mid.items())
                + b")"
            ),
        )
        for lead, by_mid in tails.items()
    )


_INVISIBLE = _invisible_by_lead()


def maybe_unsafe(raw: bytes) -> bool:
    """True if the file may hold text that must be cleaned before anyone shows it."""
    if any(byte in raw for byte in _ESCAPE_DEL_NUL):
        return True
    # Each pattern only where its first byte is (a one-byte scan is ten times faster than a
    # pattern or a longer needle over a 100,000-call index file).
    if b"\xc2" in raw and _C1.search(raw) is not None:
        return True
    return any(lead in raw and pattern.search(raw) is not None for lead, pattern in _INVISIBLE)


def read_table(path: Path, table: str, key: str) -> dict[str, Doc] | None:
    """Documents by key, straight from the parsed file (so the caller owns them).

    None if the file does not exist; DamagedData if it cannot be trusted. Needs no lock: index
    files are only ever replaced whole. The first document wins if a key appears twice.
    """
    storage = AtomicJSONStorage(path)
    data = storage.read()
    if data is None:
        return None
    if table not in data:
        # callmate always writes the table, even empty: "{}" is damage that still parses,
        # and trusting it would hide every call the file should list.
        raise DamagedData(f'it has no "{table}" table', storage.last_raw)
    suspicious = maybe_unsafe(storage.last_raw)
    docs: dict[str, Doc] = {}
    for doc in data[table].values():
        value = doc.get(key)
        if isinstance(value, str):
            docs.setdefault(value, clean_value(doc, False, ONE_LINE_KEYS) if suspicious else doc)
    return docs


def _replace(doc: MutableMapping[str, Any], new: Mapping[str, Any]) -> None:
    doc.clear()
    doc.update(new)


def read_single(path: Path, table: str) -> Doc | None:
    """The one document of a single-document file (None if missing, {} if empty).

    Raises DamagedData if the table holds more than one document.
    """
    storage = AtomicJSONStorage(path)
    data = storage.read()
    if data is None:
        return None
    if table not in data:
        raise DamagedData(f'it has no "{table}" table', storage.last_raw)
    docs = list(data[table].values())
    if len(docs) > 1:
        raise DamagedData("it holds more than one document", storage.last_raw)
    return docs[0] if docs else {}


class SingleDocFile:
    """A single-document file inside a transaction; ``doc`` is edited in place, then written."""

    def __init__(self, path: Path, table: str) -> None:
        self.path = path
        self.existed = False
        self.dirty = False
        self.doc: Doc = {}
        self._buffer = BufferedStorage(AtomicJSONStorage(path))
        self._table = TinyDB(storage=lambda: self._buffer).table(table)
        self._table_name = table

    def load(self) -> None:
        """Read the file as it is now. Raises DamagedData or OSError."""
        data = self._buffer.read()
        self.existed = not self._buffer.inner.missing
        if data is not None and self._table_name not in data:
            raise DamagedData(f'it has no "{self._table_name}" table', self.raw)
        docs = list(((data or {}).get(self._table_name) or {}).values())
        if len(docs) > 1:
            raise DamagedData("it holds more than one document", self._buffer.inner.last_raw)
        self.doc = docs[0] if docs else {}

    @property
    def raw(self) -> bytes:
        """The bytes last read, to keep in quarantine if the content is judged damaged."""
        return self._buffer.inner.last_raw

    def start_empty(self) -> None:
        self._buffer.start_empty()
        self.existed = False
        self.doc = {}

    def write(self, force: bool = False) -> bool:
        """Replace the file with ``doc`` if it changed (or ``force``). True if it wrote."""
        if not (self.dirty or force):
            return False
        self._table.truncate()
        self._table.insert(Document(self.doc, doc_id=1))
        self._buffer.commit()
        self.dirty = False
        self.existed = True
        return True


class TableFile:
    """An index file inside a transaction: read once, changes staged, written at most once."""

    def __init__(self, path: Path, table: str, key: str) -> None:
        self.path = path
        self.key = key
        self.table_name = table
        self.existed = False
        self.docs: dict[str, Doc] = {}
        self._buffer = BufferedStorage(AtomicJSONStorage(path))
        self._table = TinyDB(storage=lambda: self._buffer).table(table)
        self._doc_ids: dict[str, int] = {}
        self._strays: list[int] = []  # documents without a usable key, or repeated ones
        self._changed: set[str] = set()

    def load(self) -> None:
        """Read the file as it is now. Raises DamagedData or OSError.

        ``docs`` holds the parsed documents themselves (no copies: index files can be large);
        a changed document is replaced by a new object, never edited in place.
        """
        data = self._buffer.read()
        self.existed = not self._buffer.inner.missing
        if data is not None and self.table_name not in data:
            raise DamagedData(f'it has no "{self.table_name}" table', self._buffer.inner.last_raw)
        for doc_id, doc in ((data or {}).get(self.table_name) or {}).items():
            value = doc.get(self.key)
            if isinstance(value, str) and value not in self._doc_ids:
                self._doc_ids[value] = int(doc_id)
                self.docs[value] = doc
            else:
                self._strays.append(int(doc_id))

    @property
    def raw(self) -> bytes:
        """The bytes last read, to keep in quarantine if the content is judged damaged."""
        return self._buffer.inner.last_raw

    def start_empty(self) -> None:
        """Carry on as if the file did not exist (its damaged bytes were moved aside)."""
        self._buffer.start_empty()
        self.existed = False

    @property
    def dirty(self) -> bool:
        return bool(self._changed or self._strays)

    def put(self, value: str, doc: Doc) -> None:
        if self.docs.get(value) != doc:
            self.docs[value] = doc
            self._changed.add(value)

    def drop(self, value: str) -> None:
        if value in self.docs:
            del self.docs[value]
            self._changed.add(value)

    def replace_all(self, docs: Mapping[str, Doc]) -> None:
        """Make the file hold exactly ``docs``, staging only the differences."""
        for value in [v for v in self.docs if v not in docs]:
            self.drop(value)
        for value, doc in docs.items():
            self.put(value, doc)

    def write(self, force: bool = False) -> bool:
        """Apply the staged changes in at most three table operations, then replace the file.

        ``force`` writes even an unchanged file (to create it). Returns True if it wrote.
        """
        if not (self.dirty or force):
            return False
        changed = self._changed
        removed = [self._doc_ids[v] for v in changed if v not in self.docs and v in self._doc_ids]
        removed += self._strays
        updated = {v: self.docs[v] for v in changed if v in self.docs and v in self._doc_ids}
        added = [self.docs[v] for v in sorted(changed) if v in self.docs and v not in self._doc_ids]
        if removed:
            self._table.remove(doc_ids=removed)
        if updated:
            ids = [self._doc_ids[v] for v in updated]
            self._table.update(lambda doc: _replace(doc, updated[doc[self.key]]), doc_ids=ids)
        if added:
            self._table.insert_multiple(added)
        if not (removed or updated or added):
            self._buffer.write(self._buffer.read() or {self.table_name: {}})
        self._buffer.commit()
        self._changed = set()
        self._strays = []
        self.existed = True
        return True

    def remove_file(self) -> None:
        """Delete the file (a shard left without summaries)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
            fsync_dir(self.path.parent)
        self._changed = set()
        self._strays = []
        self.existed = False

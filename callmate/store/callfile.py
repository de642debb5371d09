"""One call session per TinyDB file: calls/<id>.json holds a single document, the record."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from callmate.store.atomic import AtomicJSONStorage, BufferedStorage, DamagedData, TinyData

CALL_TABLE = "call"
DOC_ID = 1


def _check(data: TinyData, session_id: str, raw: bytes) -> None:
    table = data.get(CALL_TABLE)
    if not table or set(table) != {str(DOC_ID)}:
        raise DamagedData("it does not hold exactly one call", raw)
    if table[str(DOC_ID)].get("id") != session_id:
        raise DamagedData("the call inside has a different id than its file name", raw)


def _open(path: Path) -> tuple[TinyDB, BufferedStorage]:
    buffer = BufferedStorage(AtomicJSONStorage(path, indent=1))
    return TinyDB(storage=lambda: buffer), buffer


def read_call(path: Path, session_id: str) -> dict[str, Any] | None:
    """The record stored in ``path``, None if there is no such file; DamagedData if unreadable."""
    db, buffer = _open(path)
    data = buffer.read()
    if buffer.inner.missing or data is None:
        return None
    _check(data, session_id, buffer.inner.last_raw)
    doc = db.table(CALL_TABLE).get(doc_id=DOC_ID)
    if not isinstance(doc, Document):
        raise DamagedData("the call document is missing", buffer.inner.last_raw)
    return dict(doc)


def write_call(
    path: Path, record: Mapping[str, Any], on_damaged: Callable[[DamagedData], None]
) -> None:
    """Atomically store ``record`` as the file's only document.

    The current file is read first: if it is damaged, ``on_damaged`` must move it aside (or
    raise) before it is replaced, so unreadable bytes are never silently overwritten.
    """
    session_id = record["id"]
    db, buffer = _open(path)
    try:
        data = buffer.read()
        if data is not None:
            _check(data, session_id, buffer.inner.last_raw)
    except DamagedData as exc:
        on_damaged(exc)
        buffer.start_empty()

    def replace(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(record)

    table = db.table(CALL_TABLE)
    if not table.update(replace, doc_ids=[DOC_ID]):
        table.insert(Document(dict(record), doc_id=DOC_ID))
    buffer.commit()

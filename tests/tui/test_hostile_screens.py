"""The real app in a pseudo-terminal, showing a hostile record: what reaches the terminal.

A name holding an OSC 52 clipboard write, a clear-screen, a bell, a one-byte CSI (0x9b), a lone
surrogate, a right-to-left override (U+202E: the rest of the line shown reversed) and a newline
must be shown as harmless text on the history screen and in the
read-only view of the call; the bytes the app writes are checked, not the widgets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from callmate.core.call_record import encode_record
from callmate.store import Store
from tests.conftest import START
from tests.pty_app import PtyApp, wait_for
from tests.unit.export_support import discovery_playbook, finished_call

EVIL = "Eve\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m\ud800\u202eRTL\nFAKE"
#: What the data would put on the wire if it got through, as UTF-8.
FROM_DATA = (b"\x1b]52;", b"\x07", b"\xc2\x9b", b"\x1b[2J\xc2\x9b", b"Eve\x1b", b"\xed\xa0\x80",
             b"\xe2\x80\xae")  # fmt: skip


def hostile_folder(data: Path) -> str:
    store = Store(data)
    record = finished_call(discovery_playbook(), START, prospect="Pat Quill")
    store.save(record)
    evil = {**encode_record(record), "prospect": EVIL, "company": EVIL}
    evil["notes"] = [{"text": EVIL, "at": record.started, "question": None}]
    raw = json.dumps({"call": {"1": evil}}, ensure_ascii=True)
    store.call_path(record.id).write_text(raw)  # a hand edit, as a text editor would
    for index_file in (data / "index").rglob("*.json"):
        index_file.write_text(index_file.read_text().replace("Pat Quill", json.dumps(EVIL)[1:-1]))
    return record.id


def test_history_and_read_only_view_send_no_control_sequence_from_the_data(tmp_path):
    data = tmp_path / "data"
    hostile_folder(data)
    app = PtyApp([], env={"CALLMATE_DATA_DIR": str(data)}, size=(120, 40))
    try:
        assert wait_for(lambda: "History" in app.text())
        app.write(b"\x0c")  # ctrl+l: the history screen
        assert wait_for(lambda: "FAKE" in app.text() and "52;c;aGVsbG8=" in app.text())
        shown = app.output_size()
        app.write(b"\r")  # open the highlighted call read-only
        assert wait_for(lambda: app.text().count("FAKE") >= 3 and app.output_size() > shown)
        assert app.proc.poll() is None
    finally:
        app.close()
    with app.lock:
        wire = bytes(app.output)
    # Textual's own pointer-shape sequence ends with BEL: take it out, every other BEL is data.
    wire = re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", wire)
    for sequence in FROM_DATA:
        assert sequence not in wire, sequence
    assert b"Traceback" not in wire

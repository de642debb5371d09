"""Invisible format characters that make text show other than it reads (a right-to-left
override, isolates, zero-width space...) are dropped from all text by the one rule in
core/clean.py, notes as much as names, typed or from outside; the zero-width joiner and
non-joiner stay (Persian spelling, emoji sequences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callmate.core.call_record import encode_record
from callmate.core.clean import INVISIBLE, clean, one_line
from callmate.core.session import CallSession
from callmate.export.bundle import import_sessions
from callmate.store import Store
from callmate.store.tables import maybe_unsafe
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call
from tests.unit.test_hostile_data import callmate, hand_edit

DIRECTION = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want": needs its ZWNJ
CODER = "\U0001f469\u200d\U0001f4bb"  # one emoji, joined by a ZWJ


def test_a_right_to_left_override_in_an_imported_note_never_reaches_the_output(tmp_path: Path):
    data = tmp_path / "data"
    record = finished_call(discovery_playbook(), START)
    raw = encode_record(record)
    raw["notes"] = [
        {"text": "all clear\u202eRTL \u2066x\u2069", "at": record.started, "question": None},
        {"text": f"{PERSIAN} {CODER}", "at": record.started, "question": None},
    ]
    raw["next_step"] = {**raw["next_step"], "channel": "Zoom\u2067"}
    report = import_sessions(Store(data), [raw])
    assert report.added == [record.id], report.rejected
    stored = Store(data).call_path(record.id).read_text(encoding="utf-8")
    assert not any(ch in stored for ch in DIRECTION)
    for args in (("show", record.id), ("history", "--json"), ("export", record.id, "--email")):
        done = callmate(data, *args)
        assert done.returncode == 0, (args, done.stderr.decode())
        out = done.stdout.decode()
        assert not any(ch in out for ch in DIRECTION), (args, out)
        if args[0] == "show":
            assert "all clearRTL x" in out and PERSIAN in out and CODER in out, out


def test_a_hand_edited_note_is_cleaned_where_it_is_read(tmp_path: Path):
    data = tmp_path / "data"
    store = Store(data)
    record = finished_call(discovery_playbook(), START)
    store.save(record)
    raw = encode_record(record)
    raw["notes"] = [{"text": "fine\u202e\u200bdone", "at": record.started, "question": None}]
    hand_edit(store, raw)
    assert store.load(record.id).notes[0].text == "finedone"
    done = callmate(data, "show", record.id)
    assert "finedone" in done.stdout.decode() and "\u202e" not in done.stdout.decode()


def test_typed_text_drops_them_too_and_keeps_the_joiners():
    session = CallSession.start(discovery_playbook(), "Pat Quill", "", START)
    session.add_note(f"clear\u202eRTL\u2061 {PERSIAN} {CODER}", START)
    assert session.record.notes[-1].text == f"clearRTL {PERSIAN} {CODER}"


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_every_invisible_character_is_dropped_in_every_text(char: str):
    assert clean(f"a{char}b\nc") == "ab\nc"
    assert one_line(f"a{char}b") == "ab"
    # an index file holding one is cleaned as it is read (the store's byte-level check)
    assert maybe_unsafe(json.dumps({"x": f"a{char}b"}, ensure_ascii=False).encode())


def test_the_joiners_and_ordinary_text_are_kept():
    for text in (PERSIAN, CODER, "naïve — ✓ 😀 \u05e9\u05dc\u05d5\u05dd"):
        assert clean(text) == text
        assert not maybe_unsafe(json.dumps({"x": text}, ensure_ascii=False).encode())
    assert clean("tab\tand\nline") == "tab\tand\nline"


@pytest.mark.parametrize("line_break", ["\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x1e"])
def test_every_line_break_is_a_break_never_glue(line_break: str) -> None:
    """NEL, VT, FF and a lone CR were dropped, gluing 'nel' and 'vt' into 'nelvt'."""
    assert one_line(f"Line{line_break}Two") == "Line Two"
    assert clean(f"one{line_break}two") == "one\ntwo"
    assert clean("one\r\ntwo") == "one\ntwo"

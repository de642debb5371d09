"""What `callmate import` will read: regular files of a bounded size, records of bounded lists.

`callmate import /dev/zero` ran the machine out of memory, and a 55 MB file of 200,000 notes
was imported only to make `show` take 13 s. Limits are tried small, through their parameters,
never by writing huge files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from callmate.core.call_record import MAX_ITEMS, RecordDecodeError, decode_record
from callmate.export.bundle import BadExportFile, read_import_file
from callmate.store import Store
from tests.conftest import Run
from tests.records import AT, answers, record_json


def export_file(path: Path, *sessions: dict[str, Any]) -> Path:
    document = {"format": "callmate-export", "version": 1, "sessions": list(sessions)}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_fifo_or_a_folder_is_refused_without_waiting(run: Run, tmp_path: Path, data_dir: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # opening it to read would wait for a writer, forever
    for target in (fifo, tmp_path):
        result = run("import", str(target))
        assert result.code == 1
        assert result.err == (
            f"callmate: error: cannot import {target}: it is not a regular file (a device, a "
            "FIFO or a folder)\n"
        )
    link = tmp_path / "link"
    link.symlink_to(fifo)
    assert "it is not a regular file" in run("import", str(link)).err


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path):
    path = tmp_path / "calls.json"
    path.write_bytes(b"x" * 1000)
    assert read_import_file(path, max_bytes=1000) == b"x" * 1000
    with pytest.raises(BadExportFile, match="it is larger than 999 bytes, the most callmate"):
        read_import_file(path, max_bytes=999)


def test_the_size_limit_is_512_mb_and_said_in_megabytes(tmp_path: Path):
    path = tmp_path / "calls.json"
    with path.open("wb") as file:
        file.truncate(512 * 1024 * 1024 + 1)  # sparse: no disk used
    with pytest.raises(BadExportFile, match="larger than 512 MB"):
        read_import_file(path)


def test_every_list_and_object_of_a_record_has_a_limit_named_where():
    record = record_json(
        "call-1",
        notes=[{"text": "n", "at": AT}] * 4,
        events=[{"type": "answer", "at": AT}] * 4,
        visits=[{"section": "s", "at": AT}] * 4,
        pauses=[{"from": AT, "to": AT}] * 4,
        skipped=["a", "b", "c", "d"],
        answers={**answers(one="x", two="y", three="z"), "four": {"value": "w", "at": AT}},
        own_tool=[1, 2, 3, 4],
    )
    with pytest.raises(RecordDecodeError) as caught:
        decode_record(record, max_items=3)
    said = set(caught.value.problems)
    for where in ("notes", "events", "visits", "pauses", "skipped", "answers", "own_tool"):
        assert f"{where}: 4 items, more than the 3 a call record may hold" in said
    listed = record_json("call-1", answers=answers(q=["a", "b", "c", "d"]))
    with pytest.raises(RecordDecodeError, match=r"answers\.q\.value: 4 items, more than the 3"):
        decode_record(listed, max_items=3)
    assert decode_record(record, max_items=4).notes[3].text == "n"


def test_unknown_keys_count_too():
    record = record_json("call-1", **{f"tool_{i}": i for i in range(4)})
    with pytest.raises(RecordDecodeError, match="record: 4 keys callmate does not know, more"):
        decode_record(record, max_items=3)


def test_a_record_with_more_notes_than_a_call_holds_is_rejected_by_name(
    run: Run, tmp_path: Path, data_dir: Path
):
    flood = record_json("flood", notes=[{"text": "n", "at": AT}] * (MAX_ITEMS + 1))
    path = export_file(tmp_path / "calls.json", flood, record_json("good"))
    result = run("import", str(path))
    assert result.code == 1
    assert result.out == "added 1, skipped 0 (already present), rejected 1\n"
    assert (
        f"callmate: rejected sessions[0].notes: {MAX_ITEMS + 1} items, more than the "
        f"{MAX_ITEMS} a call record may hold (call flood)"
    ) in result.err
    assert [s["id"] for s in Store(data_dir).summaries()] == ["good"]


def test_a_huge_number_rejects_its_record_in_plain_words(run: Run, tmp_path: Path):
    good = json.dumps(record_json("good"))
    bad = json.dumps(record_json("bad", revision=0)).replace(
        '"revision": 0', '"revision": ' + "7" * 5000
    )
    extra = json.dumps(record_json("extra", own=0)).replace('"own": 0', '"own": -' + "9" * 5000)
    path = tmp_path / "calls.json"
    path.write_text(
        f'{{"format": "callmate-export", "version": 1, "sessions": [{bad}, {good}, {extra}]}}'
    )
    result = run("import", str(path))
    assert result.out == "added 1, skipped 0 (already present), rejected 2\n"
    assert (
        "rejected sessions[0].revision: expected a whole number of 0 or more, not a number of "
        "5000 digits (call bad)"
    ) in result.err
    assert "rejected sessions[2].own: a whole number too large to keep exactly (call extra)" in (
        result.err
    )
    assert "sys." not in result.err and "set_int_max_str_digits" not in result.err


def test_nesting_or_a_latin_1_file_is_said_in_plain_words(run: Run, tmp_path: Path):
    deep = tmp_path / "deep.json"
    nested = "[" * 3000 + "]" * 3000
    deep.write_text(f'{{"format": "callmate-export", "version": 1, "sessions": [{nested}]}}')
    result = run("import", str(deep))
    assert result.code == 1
    assert "it nests lists or objects about a thousand levels deep" in result.err
    latin = tmp_path / "latin.json"
    document = {"format": "callmate-export", "version": 1, "sessions": [record_json("jose")]}
    latin.write_bytes(
        json.dumps(document, ensure_ascii=False).replace("Pat", "José").encode("latin-1")
    )
    result = run("import", str(latin))
    assert result.code == 1
    assert "it is not UTF-8 text (byte 0xe9 at position" in result.err
    assert "was it saved in another encoding, such as Latin-1?" in result.err


def test_an_id_that_reads_as_an_option_is_refused_for_a_new_import(
    run: Run, tmp_path: Path, data_dir: Path
):
    path = export_file(tmp_path / "calls.json", record_json("-rf"), record_json("fine"))
    result = run("import", str(path))
    assert result.code == 1
    assert (
        "callmate: rejected sessions[0].id: '-rf' starts with '-', which the command line "
        "would take for an option"
    ) in result.err
    assert [s["id"] for s in Store(data_dir).summaries()] == ["fine"]

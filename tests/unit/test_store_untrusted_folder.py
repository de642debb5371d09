"""A data folder changed behind callmate's back, through the real commands and real files.

A FIFO or a folder under a call's name, a calls/ folder replaced by a link, a call file that
parses but cannot be used, an index file edited in place, a stray Latin-1 byte, a conflicting
file imported twice: each is said plainly, never blocks, never writes outside the folder.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from callmate.core.call_record import CallRecord, encode_record
from callmate.export.bundle import export_bytes
from callmate.store import Store
from tests.conftest import START
from tests.pty_app import run_callmate
from tests.unit.export_support import discovery_playbook, finished_call

REPO = Path(__file__).resolve().parents[2]
#: Well beyond callmate's start-up even on a loaded machine; a blocked open never returns.
HANG = 45
ODD = "is not a regular file"
LONG_AGO = 1_600_000_000  # a calls/ time old enough for the manifest to record it


def callmate(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `callmate` in its own process, so a command that blocks is caught by timeout."""
    return run_callmate(data, *args, timeout=HANG)


def saved_calls(data: Path, count: int = 2) -> list[CallRecord]:
    """``count`` finished calls, each with an open next step."""
    store = Store(data)
    playbook = discovery_playbook()
    made = []
    for n in range(count):
        record = finished_call(playbook, START.replace(minute=10 * n), prospect=f"Pat Quill {n}")
        store.save(record)
        made.append(record)
    return made


def settle(data: Path) -> None:
    """Date calls/ back, so the next full check records it and later starts take the quick
    path (a folder changed within the same clock tick is never trusted)."""
    os.utime(data / "calls", (LONG_AGO, LONG_AGO))


def replace_file(path: Path, data: bytes) -> None:
    """Write as most editors save: a new file renamed over the old one."""
    temp = path.with_name(path.name + ".edit")
    temp.write_bytes(data)
    os.replace(temp, path)


def call_json(data: Path, session_id: str) -> dict[str, Any]:
    stored: dict[str, Any] = json.loads((data / "calls" / f"{session_id}.json").read_bytes())
    return stored


def export_of(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "callmate-export", "version": 1, "sessions": sessions}


# ------------------------------------------------------------------------ not a regular file


def test_a_fifo_under_a_calls_name_is_refused_by_every_command_without_blocking(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    fifo_call, other = saved_calls(data)
    path = data / "calls" / f"{fifo_call.id}.json"
    path.unlink()
    os.mkfifo(path)
    for args in (
        ("show", fifo_call.id),
        ("score", fifo_call.id),
        ("export", "--email", fifo_call.id),
        ("followups", "mark", fifo_call.id, "kept"),
    ):
        done = callmate(data, *args)
        assert done.returncode == 1, (args, done.stderr)
        assert f"{path} {ODD}" in done.stderr and "skips it" in done.stderr, args
        assert "Traceback" not in done.stderr

    export = tmp_path / "calls-export.json"
    export.write_bytes(export_bytes([fifo_call, other]))
    done = callmate(data, "import", str(export))
    assert done.returncode == 1
    assert f"{path} {ODD}" in done.stderr
    assert "added 0, skipped 1 (already present), rejected 1" in done.stdout
    assert not (data / "conflicts").exists()  # refused, not taken for a conflict
    assert path.is_fifo()  # left for the person to move out


def test_a_call_name_that_is_a_folder_is_said_by_show_not_called_missing(
    data_dir: Path, run
) -> None:
    (record,) = saved_calls(data_dir, 1)
    path = data_dir / "calls" / f"{record.id}.json"
    path.unlink()
    path.mkdir()
    done = run("show", record.id)
    assert done.code == 1
    assert f"{path} {ODD}" in done.err
    assert "No saved call" not in done.err


# ------------------------------------------------------------------------ a linked calls/


def test_import_refuses_a_calls_folder_that_is_a_link_and_history_lists_nothing_through_it(
    data_dir: Path, tmp_path: Path, run
) -> None:
    made = saved_calls(data_dir)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    calls = data_dir / "calls"
    for item in calls.iterdir():
        item.rename(elsewhere / item.name)
    calls.rmdir()
    calls.symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())

    export = tmp_path / "calls-export.json"
    playbook = discovery_playbook()
    new = finished_call(playbook, START.replace(hour=15), prospect="Ann Lee")
    export.write_bytes(export_bytes([*made, new]))
    done = run("import", str(export))
    assert done.code == 1
    assert "symbolic link, which callmate never follows" in done.err
    assert "nothing was imported" in done.err
    assert "added" not in done.out
    assert sorted(p.name for p in elsewhere.iterdir()) == before  # nothing written there

    for args in (("history", "--json"), ("followups", "--json"), ("history",)):
        listed = run(*args)
        assert listed.code == 0, args
        assert listed.err.count(f"{calls} is a symbolic link") == 1, args
    # Listed as the list of calls last saw them (kept inside the data folder): nothing is
    # read through the link (--json, which reads each call, lists none), and nothing is
    # dropped from the list because of it.
    assert all(record.id in listed.out for record in made)
    assert run("show", made[0].id).code == 1
    assert sorted(p.name for p in elsewhere.iterdir()) == before


# ------------------------------------------------------------------------ said every time


def test_an_unusable_call_and_an_odd_name_are_said_by_every_later_command(
    data_dir: Path, run
) -> None:
    broken, kept = saved_calls(data_dir)
    stored = call_json(data_dir, broken.id)
    stored["call"]["1"]["playbook"] = 3
    replace_file(data_dir / "calls" / f"{broken.id}.json", json.dumps(stored).encode())
    folder = data_dir / "calls" / "20261123-090000-abcdef.json"
    folder.mkdir()
    settle(data_dir)
    first = run("history")
    assert "cannot be used" in first.err and ODD in first.err
    manifest = json.loads((data_dir / "index" / "manifest.json").read_text())
    assert manifest["calls_dir"] is not None  # later starts take the quick path
    for args in (
        ("history",),
        ("history", "--json"),
        ("followups",),
        ("followups", "--json"),
        ("history",),
    ):
        done = run(*args)
        assert done.code == 0, args
        assert f"{data_dir / 'calls' / broken.id}.json cannot be used" in done.err, args
        assert f"{folder} {ODD}" in done.err, args
        assert kept.id in done.out and broken.id not in done.out, args

    # Fixed in place (same folder, same name): the next command lists it again.
    stored["call"]["1"]["playbook"] = call_json(data_dir, kept.id)["call"]["1"]["playbook"]
    with open(data_dir / "calls" / f"{broken.id}.json", "r+b") as file:
        file.truncate(0)
        file.write(json.dumps(stored).encode())
    folder.rmdir()
    settle(data_dir)
    done = run("history")
    assert broken.id in done.out and "cannot be used" not in done.err
    assert "cannot be used" not in run("followups").err


# ------------------------------------------------------------------------ doctor reads all


def test_doctor_finds_open_json_edited_in_place_with_its_size_and_time_kept(
    data_dir: Path, run
) -> None:
    record, _ = saved_calls(data_dir)
    assert run("history").code == 0
    open_json = data_dir / "index" / "open.json"
    info = open_json.stat()
    due = record.next_step.due
    assert due is not None
    raw = open_json.read_bytes()
    stamp = due[:16].encode()
    edited = raw.replace(stamp, stamp[:-1] + (b"1" if stamp[-1:] != b"1" else b"2"), 1)
    assert edited != raw and len(edited) == len(raw)
    with open(open_json, "r+b") as file:
        file.write(edited)
    os.utime(open_json, ns=(info.st_atime_ns, info.st_mtime_ns))

    found = run("doctor")
    assert found.code == 1
    assert "open.json" in found.out and record.id in found.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert open_json.read_bytes() == raw
    assert run("doctor").code == 0


def test_doctor_is_quiet_on_a_healthy_folder_with_several_prospects(data_dir: Path, run) -> None:
    saved_calls(data_dir, 3)
    run("history")
    done = run("doctor")
    assert done.code == 0, done.out
    assert "no problems found" in done.out


# ------------------------------------------------------------------------ encodings


def test_a_non_utf8_byte_in_a_call_file_becomes_a_replacement_character(
    data_dir: Path, run
) -> None:
    record, other = saved_calls(data_dir)
    path = data_dir / "calls" / f"{record.id}.json"
    replace_file(path, path.read_bytes().replace(b"Pat Quill 0", b"Pat Qu\xe9ll 0"))
    done = run("show", record.id)
    assert done.code == 0, done.err
    assert "Pat Qu\ufffdll 0" in done.out
    assert record.id in run("history").out
    assert not list((data_dir / "quarantine").iterdir())

    # Files saved in other encodings are still read as they always were.
    text = path.read_bytes().decode("utf-8", errors="replace")
    other_path = data_dir / "calls" / f"{other.id}.json"
    for encoded in (
        b"\xef\xbb\xbf" + other_path.read_bytes(),
        other_path.read_text(encoding="utf-8").encode("utf-16"),
    ):
        replace_file(other_path, encoded)
        assert Store(data_dir).load(other.id).prospect == "Pat Quill 1"
    assert "\ufffd" in text


# ------------------------------------------------------------------------ said once, kept once


def test_reimporting_a_conflicting_file_keeps_one_copy_of_each_version(
    data_dir: Path, tmp_path: Path, run
) -> None:
    (record,) = saved_calls(data_dir, 1)
    incoming = encode_record(record)
    incoming["company"] = "Somewhere Else"
    export = tmp_path / "conflict.json"
    export.write_text(
        json.dumps({"format": "callmate-export", "version": 1, "sessions": [incoming]})
    )
    for _ in range(3):
        done = run("import", str(export))
        assert "conflicts 1" in done.out
    kept = list((data_dir / "conflicts").iterdir())
    assert len(kept) == 1
    assert str(kept[0]) in done.out

    incoming["company"] = "Third Place"
    export.write_text(
        json.dumps({"format": "callmate-export", "version": 1, "sessions": [incoming]})
    )
    run("import", str(export))
    assert len(list((data_dir / "conflicts").iterdir())) == 2


def test_export_all_says_a_call_found_unusable_on_the_way_once(
    data_dir: Path, tmp_path: Path, run
) -> None:
    broken, _ = saved_calls(data_dir)
    settle(data_dir)
    run("history")  # the full check records calls/; the next start takes the quick path
    stored = call_json(data_dir, broken.id)
    stored["call"]["1"]["playbook"] = 3
    with open(data_dir / "calls" / f"{broken.id}.json", "r+b") as file:  # in place
        file.truncate(0)
        file.write(json.dumps(stored).encode())
    done = run("export", "--all", "--json", str(tmp_path / "all.json"))
    assert done.code == 1  # the backup is incomplete, and says which call it lacks
    assert done.err.count("cannot be used") == 1, done.err
    assert f"is not in it: {broken.id}" in done.err
    assert "exported 1 call " in done.out


def test_a_call_found_unusable_after_start_up_is_said_by_every_later_command(
    data_dir: Path, run
) -> None:
    broken, kept = saved_calls(data_dir)
    settle(data_dir)
    run("history")
    stored = call_json(data_dir, broken.id)
    stored["call"]["1"]["playbook"] = 3
    with open(data_dir / "calls" / f"{broken.id}.json", "r+b") as file:  # in place
        file.truncate(0)
        file.write(json.dumps(stored).encode())
    assert run("show", broken.id).code == 1  # the read that finds it
    for args in (("history",), ("followups", "--json"), ("history",)):
        done = run(*args)
        assert done.code == 0, args
        assert f"{broken.id}.json cannot be used" in done.err, args
        assert broken.id not in done.out and kept.id in done.out, args


def test_a_fifo_as_a_lock_file_is_refused_without_blocking(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = saved_calls(data)
    for lock in ("index.lock", "import.lock"):
        path = data / lock
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    listed = callmate(data, "history")
    assert listed.returncode == 0
    assert all(record.id in listed.stdout for record in made)
    assert f"{data / 'index.lock'} is not a regular file" in listed.stderr
    export = tmp_path / "calls-export.json"
    export.write_bytes(export_bytes(made))
    done = callmate(data, "import", str(export))
    assert done.returncode == 1
    assert "nothing was imported" in done.stderr

"""Data that arrives from outside (hand edits, imports, damaged files) through the real commands.

Every test here writes real files in a private data folder and runs the real `callmate` (in a
subprocess when the bytes on stdout matter: a UnicodeEncodeError only happens on a real stream).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from callmate.core.call_record import ONE_LINE_KEYS, decode_record, encode_record
from callmate.core.clean import clean, clean_value, one_line
from callmate.export.bundle import import_sessions
from callmate.store import Store, StoreError
from callmate.store.manifest import record_written
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call

REPO = Path(__file__).resolve().parents[2]
EVIL = "Eve\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m\ud800\nFAKE 20991231-000000-ffffff"
#: Anything a terminal would act on: C0 (but \t \n \r), DEL, C1 (as characters or UTF-8).
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def callmate(data: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CALLMATE_DATA_DIR": str(data), "PYTHONPATH": str(REPO)}
    env["PYTHONIOENCODING"] = "utf-8"  # strict: a surrogate would raise UnicodeEncodeError
    return subprocess.run(
        [sys.executable, "-m", "callmate", *args], env=env, capture_output=True, timeout=60
    )


def hand_edit(store: Store, record: dict[str, Any]) -> None:
    """Write a call file as a text editor would (bypassing every check of the app)."""
    raw = json.dumps({"call": {"1": record}}, ensure_ascii=True)
    store.call_path(record["id"]).write_text(raw)


@pytest.fixture
def calls(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """Two saved calls, and each as its file holds it (JSON, for hand edits and imports)."""
    data = tmp_path / "data"
    store = Store(data)
    playbook = discovery_playbook()
    made = []
    for minutes, who in ((0, "Pat Quill"), (30, "Ann Lee")):
        record = finished_call(playbook, START.replace(minute=minutes), prospect=who)
        store.save(record)
        made.append(encode_record(record))
    return data, made


# ------------------------------------------------------------------------------- cleaning


def test_clean_drops_every_control_and_replaces_lone_surrogates() -> None:
    assert clean(EVIL) == "Eve]52;c;aGVsbG8=[2J31m\ufffd\nFAKE 20991231-000000-ffffff"
    assert one_line("Ann\n\tLee\r\n") == "Ann Lee"
    assert clean_value(
        {"prospect": "a\nb", "notes": [{"text": "x\ny\x9b"}]}, False, ONE_LINE_KEYS
    ) == {
        "prospect": "a b",
        "notes": [{"text": "x\ny"}],
    }


def test_a_hostile_hand_edited_name_never_reaches_the_terminal(calls) -> None:
    data, made = calls
    store = Store(data)
    evil = {**made[0], "prospect": EVIL, "company": EVIL}
    evil["notes"] = [{"text": EVIL, "at": evil["started"], "question": None}]
    evil["next_step"] = {**evil["next_step"], "what": EVIL, "their_commitment": EVIL}
    hand_edit(store, evil)
    shutil.rmtree(data / "index")  # rebuilt from the call files by the next start
    session_id = evil["id"]
    assert callmate(data, "history").returncode == 0
    # The index files are hand-edited too: lists read only them.
    for shard in (data / "index" / "months").glob("*.json"):
        shard.write_text(shard.read_text().replace("Ann Lee", json.dumps(EVIL)[1:-1]))
    index = data / "index"
    for path in (index / "open.json", index / "quiet.json", *index.glob("prospects/*.json")):
        path.write_text(path.read_text().replace("Ann Lee", json.dumps(EVIL)[1:-1]))
    # Recorded as callmate's own writes: else the start-up check rebuilds them from the calls.
    record_written(data / "index", {})
    for args in (
        ("history",),
        ("history", "--json"),
        ("followups",),
        ("followups", "--json"),
        ("show", session_id),
        ("score", session_id),
        ("export", session_id, "--email"),
        ("export", "--all", "--json", str(data.parent / "all.json")),
    ):
        done = callmate(data, *args)
        assert b"Traceback" not in done.stderr, (args, done.stderr.decode())
        assert b"UnicodeEncodeError" not in done.stderr
        assert not CONTROL_BYTES.search(done.stdout), (args, done.stdout[:400])
        assert not CONTROL_BYTES.search(done.stderr), (args, done.stderr[:400])
    for args in (("history",), ("followups",)):
        lines = callmate(data, *args).stdout.decode().splitlines()
        assert not [line for line in lines if line.startswith("FAKE")], (args, lines)
    rows = callmate(data, "history").stdout.decode().splitlines()
    assert len(rows) == 2  # newlines in the names made no fake row
    assert "FAKE" in next(row for row in rows if row.startswith(session_id))
    assert "FAKE" in next(row for row in rows if row.startswith(made[1]["id"]))


def test_damage_that_parses_is_skipped_and_said_not_a_crash(calls) -> None:
    data, made = calls
    store = Store(data)
    hand_edit(store, {**made[0], "playbook": 3})
    (data / "calls" / "20991231-000000-aaaaaa.json").mkdir()
    everything = str(data.parent / "all.json")
    for args in (("history", "--json"), ("stats",), ("export", "--all", "--json", everything)):
        done = callmate(data, *args)
        err = done.stderr.decode()
        # A list goes on without the call; the backup says it is incomplete, and exits 1.
        backup = args[0] == "export"
        assert done.returncode == (1 if backup else 0), (args, err)
        assert ("the backup is incomplete: 2 calls" in err) == backup, (args, err)
        assert "Traceback" not in err
        assert "playbook: expected an object" in err, (args, err)
        assert "20991231-000000-aaaaaa.json is not a regular file" in err, (args, err)
    listed = json.loads(callmate(data, "history", "--json").stdout)
    assert [r["id"] for r in listed] == [made[1]["id"]]
    # Nothing was moved: the file can still be fixed by hand.
    assert store.call_path(made[0]["id"]).exists()


def test_show_of_a_quarantined_call_says_where_it_went(calls) -> None:
    data, made = calls
    store = Store(data)
    session_id = made[0]["id"]
    store.call_path(session_id).write_text('{"call": {"1": {"id": "trunc')
    first = callmate(data, "history", "--json")
    assert "damaged" in first.stderr.decode()
    shown = callmate(data, "show", session_id)
    err = shown.stderr.decode()
    assert shown.returncode == 1
    assert "moved to quarantine" in err and str(data / "quarantine") in err, err


@pytest.mark.parametrize("emptied", ["open.json", "months"])
def test_an_index_file_of_braces_is_rebuilt_and_hides_nothing(calls, emptied) -> None:
    data, made = calls
    Store(data)  # index written
    index = data / "index"
    targets = [index / "open.json"] if emptied == "open.json" else list(index.glob("months/*"))
    assert targets
    for path in targets:
        path.write_text("{}")
    store = Store(data)
    ids = {made[0]["id"], made[1]["id"]}
    assert {s["id"] for s in store.summaries()} == ids
    assert {s["id"] for s in store.open_summaries()} == ids  # both have a next step to do
    said = [p for p in store.problems if "rebuilt" in p]
    assert len(said) == 1, store.problems


# ------------------------------------------------------------------------------- import


def test_import_rejects_what_fits_no_reader_and_keeps_the_good_ones(calls, tmp_path) -> None:
    _data, made = calls
    target = Store(tmp_path / "other")
    bad_pauses = {**made[0], "pauses": 3}
    bad_visits = {**made[1], "visits": {"a": 1}, "id": "20261123-110000-bbbbbb"}
    surrogate = {**made[1], "company": "caf\udce9", "id": "20261123-120000-cccccc"}
    evil = {
        **made[1],
        "prospect": clean(EVIL).replace("\ufffd", ""),
        "id": "20261123-130000-dddddd",
    }
    report = import_sessions(target, [made[1], bad_pauses, bad_visits, surrogate, evil])
    # A lone surrogate is normalised the way typing is (U+FFFD), not a reason to lose the call.
    assert report.added == [made[1]["id"], surrogate["id"], evil["id"]]
    assert len(report.rejected) == 2
    assert "sessions[1].pauses: expected a list, not a number" in report.rejected[0]
    assert "sessions[2].visits: expected a list, not an object" in report.rejected[1]
    assert target.load(surrogate["id"]).company == "caf\ufffd"
    stored = target.load(evil["id"])
    assert stored.prospect == one_line(evil["prospect"]) and "\n" not in stored.prospect
    assert not CONTROL_BYTES.search(target.call_path(evil["id"]).read_bytes().replace(b"\n", b""))


def test_same_id_with_other_content_is_a_conflict_kept_aside(calls) -> None:
    data, made = calls
    store = Store(data)
    changed = {**made[0], "company": "Someone Else Ltd"}
    report = import_sessions(store, [changed, made[1]])
    assert report.added == [] and report.skipped == [made[1]["id"]]
    [(session_id, kept)] = report.conflicts
    assert session_id == made[0]["id"]
    assert store.load(session_id).company == made[0]["company"]  # never replaced
    assert json.loads(kept.read_text())["sessions"][0]["company"] == "Someone Else Ltd"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "conflicts 1" in report.line() and str(kept) in report.line()


def test_two_imports_at_once_add_each_call_once(calls, tmp_path) -> None:
    _data, made = calls
    folder = tmp_path / "shared"
    Store(folder)
    versions = [made, [{**r, "company": "Other"} for r in made]]
    reports: list[Any] = []

    def run(records: list[dict[str, Any]]) -> None:
        reports.append(import_sessions(Store(folder), records))

    threads = [threading.Thread(target=run, args=(v,)) for v in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    added = [sid for report in reports for sid in report.added]
    conflicts = [sid for report in reports for sid, _kept in report.conflicts]
    assert sorted(added) == sorted(r["id"] for r in made)
    assert sorted(conflicts) == sorted(added)


# ------------------------------------------------------------------------------- links


def test_links_inside_the_data_folder_are_never_followed(calls, tmp_path) -> None:
    data, made = calls
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o755)
    os.chmod(outside, 0o755)
    victim = outside / "victim.txt"
    victim.write_text("precious")
    os.chmod(victim, 0o644)
    session_id = made[0]["id"]
    lock = data / "calls" / f"{session_id}.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(victim)
    with pytest.raises(StoreError, match=r"symbolic link.*doctor --repair"):
        Store(data).claim(session_id)
    (data / "index.lock").unlink(missing_ok=True)
    (data / "index.lock").symlink_to(victim)
    for _ in range(2):
        store = Store(data)
        store.save(decode_record({**made[0], "company": "changed"}))  # the call file is saved
        said = [p for p in store.problems if "cannot be updated" in p]
        assert len(said) == 1 and f"{data / 'index.lock'} is a symbolic link" in said[0]
    assert victim.read_text() == "precious"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    (data / "index.lock").unlink()
    quarantine = data / "quarantine"
    quarantine.rmdir()
    quarantine.symlink_to(outside)
    store = Store(data)
    assert any("symbolic link" in p for p in store.problems), store.problems
    # Calls are still saved: never the "goes on in memory" warning a rep read over a saved call.
    assert not any("in memory" in p for p in store.problems), store.problems
    assert any("calls are still saved" in p for p in store.problems), store.problems
    assert store.unwritable is None
    assert stat.S_IMODE(outside.stat().st_mode) == 0o755
    assert sorted(p.name for p in outside.iterdir()) == ["victim.txt"]


def test_a_damaged_call_that_cannot_be_moved_aside_is_named_by_every_command(
    calls, tmp_path
) -> None:
    data, made = calls
    quarantine = data / "quarantine"
    quarantine.rmdir()
    quarantine.symlink_to(tmp_path)  # quarantine/ is a link: nothing can be moved aside
    damaged = data / "calls" / f"{made[0]['id']}.json"
    damaged.write_text('{"broken', encoding="utf-8")
    for _ in range(2):  # the second start, too, says what the first said
        listed = callmate(data, "history")
        warnings = listed.stderr.decode()
        assert f"{quarantine} is a symbolic link" in warnings  # the link, not the data folder
        assert f"The call file {damaged} is damaged" in warnings
        assert "changed outside callmate" not in warnings
        assert made[1]["id"] in listed.stdout.decode()
    assert damaged.read_text(encoding="utf-8") == '{"broken'  # left where it is


def test_an_import_lock_that_is_a_link_is_named_with_the_way_out(calls, tmp_path) -> None:
    data, _ = calls
    exported = tmp_path / "calls.json"
    assert callmate(data, "export", "--all", "--json", str(exported)).returncode == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (data / "import.lock").symlink_to(victim)
    imported = callmate(data, "import", str(exported))
    assert imported.returncode != 0
    said = imported.stderr.decode()
    assert f"{data / 'import.lock'} is a symbolic link" in said and "doctor --repair" in said
    assert victim.read_text() == "precious"


def test_show_of_an_unusable_call_says_why_once(tmp_path) -> None:
    from tests.unit.export_support import discovery_playbook, finished_call

    data = tmp_path / "data"
    store = Store(data)
    record = finished_call(discovery_playbook(), START)
    store.save(record)
    hand_edit(store, {**encode_record(record), "pauses": 3})
    shown = callmate(data, "show", record.id)
    assert shown.returncode == 1
    lines = [line for line in shown.stderr.decode().splitlines() if line.strip()]
    assert len(lines) == 1 and "pauses: expected a list, not a number" in lines[0], lines


def test_a_direction_override_in_a_name_cannot_reverse_its_row(calls) -> None:
    # U+202E in a hand-edited name (and in the index rows the lists read) would print the rest
    # of the row backwards; one-line text drops every bidirectional override and isolate.
    data, made = calls
    store = Store(data)
    odd = "Ann\u202eeeL\u2066 x\u2069"
    hand_edit(store, {**made[0], "prospect": odd, "company": "\u202dCo"})
    shutil.rmtree(data / "index")
    assert callmate(data, "history").returncode == 0
    index = data / "index"
    for path in [*index.glob("months/*.json"), index / "open.json", *index.glob("prospects/*")]:
        path.write_bytes(path.read_bytes().replace(b"Ann Lee", odd.encode()))
    record_written(index, {})
    for args in (("history",), ("followups",), ("prospects",), ("show", made[0]["id"])):
        done = callmate(data, *args)
        assert done.returncode == 0, (args, done.stderr.decode())
        out = done.stdout.decode()
        assert not any(ch in out for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        assert "AnneeL x" in out or "Ann Lee" in out, (args, out)


def test_invisible_characters_in_a_name_are_dropped_where_it_is_read(calls) -> None:
    # "Ann\u200bLee" looks like "AnnLee" but matches no filter or prospect; the joiners stay,
    # since Persian, Indic scripts and emoji sequences need them.
    data, made = calls
    store = Store(data)
    hand_edit(store, {**made[0], "prospect": "Ann\u200b Lee\u00ad\ufeff", "company": "Co\u200e"})
    assert store.load(made[0]["id"]).prospect == "Ann Lee"
    index = data / "index"
    for path in [*index.glob("months/*.json"), index / "open.json"]:
        path.write_bytes(path.read_bytes().replace(b"Ann Lee", "Ann\u200b Lee".encode()))
    record_written(index, {})
    for args in (("history",), ("followups",)):
        done = callmate(data, *args)
        assert done.returncode == 0, (args, done.stderr.decode())
        assert "\u200b" not in done.stdout.decode() and "Ann Lee" in done.stdout.decode()
    assert one_line("\u0645\u200c\u0627 \U0001f469\u200d\U0001f4bb") == (
        "\u0645\u200c\u0627 \U0001f469\u200d\U0001f4bb"
    )


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("Ann\u202eeeL", "utf-16"), ("Ann\x7fLee", "utf-8"), ("Ann\u202eeeL", "utf-32")],
)
def test_index_text_in_utf16_or_with_del_is_cleaned_as_well(calls, name, encoding) -> None:
    # The index scan looks for escapes, DEL and NUL bytes only (a raw control byte cannot
    # parse); a file in UTF-16 or UTF-32 is all NULs and a bidi override in it has no UTF-8
    # bytes to find, so the NUL is what gets it cleaned.
    data, _made = calls
    assert callmate(data, "history").returncode == 0
    index = data / "index"
    for path in [*index.glob("months/*.json"), index / "open.json"]:
        text = path.read_bytes().decode().replace("Ann Lee", name)
        path.write_bytes(text.encode(encoding))
    record_written(index, {})
    for args in (("history",), ("followups",)):
        done = callmate(data, *args)
        assert done.returncode == 0, (args, done.stderr.decode())
        out = done.stdout.decode()
        assert "\u202e" not in out and "\x7f" not in out, (args, out)
        assert "AnneeL" in out or "AnnLee" in out, (args, out)


def test_import_refuses_a_stored_preview_and_a_call_keeping_itself(calls, tmp_path) -> None:
    """A preview is never stored (it showed on home as an unfinished call); a step kept by
    its own call counted as kept in stats."""
    _data, made = calls
    target = Store(tmp_path / "other")
    preview = {**made[0], "mode": "preview", "id": "20261123-140000-eeeeee"}
    itself = {**made[1], "id": "20261123-150000-ffffff"}
    itself["next_step"] = {**made[1]["next_step"], "kept_by": itself["id"]}
    report = import_sessions(target, [preview, itself, made[0]])
    assert report.added == [made[0]["id"]]
    assert "mode: a preview is a trainer's try-out" in report.rejected[0]
    assert "next_step.kept_by: a call cannot keep its own next step" in report.rejected[1]


def test_an_imported_calls_prospect_key_is_its_own_names(calls, tmp_path) -> None:
    """A key of another prospect's listed an imported call in that prospect's history."""
    _data, made = calls
    target = Store(tmp_path / "other")
    borrowed = {**made[1], "prospect_key": made[0]["prospect_key"]}
    assert import_sessions(target, [borrowed]).added == [made[1]["id"]]
    assert target.load(made[1]["id"]).prospect_key == made[1]["prospect_key"]

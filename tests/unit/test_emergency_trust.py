"""Emergency copies are merged back only when nobody else can have written them.

An attacker's repro: an admin left the emergency folder 777; another user wrote
emergency-<ID>-<stamp>.json naming a completed call, with "prospect": "REPLACED BY ATTACKER"
and revision 999. The next `callmate history` merged it over the completed call, said it
"could not be saved when callmate was last stopped", and doctor found no problem. Now a copy
is trusted only as a regular file of this user, in a folder of this user that no one else can
write to; and a copy never replaces a call already ended (it is kept in conflicts/ instead).
Another owner is played by chown to uid 65534 (nobody): the tests run as root.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path

import pytest

from callmate.core.call_record import CallRecord, encode_record
from callmate.export.bundle import read_export
from callmate.store import Store
from callmate.store.emergency import (
    FORMAT,
    copies_for,
    distrusted,
    merge_back,
    write_emergency,
)
from tests.conftest import START, Run
from tests.unit.export_support import discovery_playbook, finished_call

NOBODY = 65534
STAMP = "20261130T120000Z"


@pytest.fixture
def fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The emergency folder, and no other: the user's cache and temp folders are elsewhere."""
    folder = tmp_path / "fallback"
    monkeypatch.setenv("CALLMATE_EMERGENCY_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    return folder


def completed(data: Path) -> CallRecord:
    record = finished_call(discovery_playbook(), START)
    Store(data).save(record)
    return record


def unfinished(data: Path) -> CallRecord:
    record = finished_call(discovery_playbook(), START, step=None)
    Store(data).save(record)
    return record


def planted(folder: Path, data: Path, record: CallRecord, owner: int = NOBODY) -> Path:
    """An emergency copy written by someone else (``owner``), as the attacker wrote it."""
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"emergency-{record.id}-{STAMP}.json"
    payload = {"format": FORMAT, "data_dir": str(data), "record": encode_record(record)}
    path.write_text(json.dumps(payload))
    os.chown(path, owner, owner)
    return path


def replaced(record: CallRecord) -> CallRecord:
    return dataclasses.replace(record, prospect="REPLACED BY ATTACKER", revision=999)


def test_the_attack_through_a_folder_anyone_can_write_leaves_the_call_as_it_was(
    run: Run, data_dir: Path, fallback: Path
) -> None:
    record = completed(data_dir)
    copy = planted(fallback, data_dir, replaced(record))
    os.chmod(fallback, 0o777)  # the careless admin
    result = run("history")
    assert result.code == 0
    assert "Pat Quill" in result.out and "REPLACED" not in result.out
    assert result.err == (
        f"callmate: warning: 1 emergency copy in {fallback} was not merged back: other users "
        "can write to that folder (mode 777), so a call there may not be yours. callmate takes "
        f"copies only from a folder of yours that no one else can write to (chmod 700 "
        f"{fallback}); until then they are left where they are.\n"
    )
    assert copy.exists() and Store(data_dir).load(record.id) == record
    assert distrusted(data_dir) == [result.err.removeprefix("callmate: warning: ").rstrip()]


def test_a_copy_of_another_user_in_a_private_folder_is_left_and_said(
    data_dir: Path, fallback: Path
) -> None:
    record = unfinished(data_dir)  # even a call still open is not theirs to replace
    copy = planted(fallback, data_dir, replaced(record))
    said = merge_back(Store(data_dir))
    assert (
        f"The emergency copy {copy} was not merged back: it belongs to another user (uid "
        f"{NOBODY}), not to you, so it may not be yours. It is left where it is; delete it if "
        "you did not put it there."
    ) in said
    assert copy.exists() and Store(data_dir).load(record.id) == record
    assert list(copies_for(data_dir)) == []


def test_a_folder_of_another_user_is_not_looked_into(data_dir: Path, fallback: Path) -> None:
    record = unfinished(data_dir)
    copy = planted(fallback, data_dir, replaced(record), owner=os.getuid())
    os.chown(fallback, NOBODY, NOBODY)
    [line] = distrusted(data_dir)
    assert line.startswith(f"1 emergency copy in {fallback} was not merged back: that folder ")
    assert f"belongs to another user (uid {NOBODY}), not to you" in line
    Store(data_dir)
    assert copy.exists() and Store(data_dir).load(record.id) == record


@pytest.mark.parametrize("how", ["writable by others", "a link"])
def test_a_copy_others_could_change_is_not_trusted(
    data_dir: Path, fallback: Path, tmp_path: Path, how: str
) -> None:
    record = unfinished(data_dir)
    copy = planted(fallback, data_dir, replaced(record), owner=os.getuid())
    if how == "writable by others":
        os.chmod(copy, 0o666)
        why = "other users can write to it (mode 666)"
    else:
        target = tmp_path / "elsewhere.json"
        copy.rename(target)
        copy.symlink_to(target)
        why = "it is a symbolic link"
    said = merge_back(Store(data_dir))
    assert any(
        line.startswith(f"The emergency copy {copy} was not merged back: {why}") for line in said
    )
    assert Store(data_dir).load(record.id) == record


def test_a_copy_of_ours_in_a_private_folder_is_merged_as_before(
    data_dir: Path, fallback: Path
) -> None:
    record = unfinished(data_dir)
    newer = dataclasses.replace(record, revision=record.revision + 1, draft="half typ")
    kept = write_emergency(data_dir, newer, "the disk is full")
    assert kept is not None
    store = Store(data_dir)
    assert store.problems == [
        f"Call {record.id} could not be saved when callmate was last stopped; its emergency "
        f"copy ({kept}) was merged back into your calls."
    ]
    assert store.load(record.id).draft == "half typ" and not kept.exists()


def test_a_copy_never_replaces_a_call_already_ended_it_is_kept_as_a_conflict(
    run: Run, data_dir: Path, fallback: Path
) -> None:
    record = completed(data_dir)
    newer = dataclasses.replace(replaced(record), revision=record.revision + 1)
    kept = write_emergency(data_dir, newer, "the disk is full")  # ours, in a private folder
    assert kept is not None
    result = run("history")
    assert "REPLACED" not in result.out and Store(data_dir).load(record.id) == record
    [conflict] = (data_dir / "conflicts").iterdir()
    assert result.err == (
        f"callmate: warning: Call {record.id} was already ended, so its emergency copy "
        f"({kept}), which differs from it, was not merged: the call is left as it is and the "
        f"copy was kept in {conflict}.\n"
    )
    assert not kept.exists()
    [aside] = read_export(conflict.read_bytes())  # an export file: importable by hand
    assert aside["prospect"] == "REPLACED BY ATTACKER"
    assert run("history").err == ""  # said once: the copy is no longer waiting


def test_a_copy_that_holds_the_ended_call_as_saved_is_only_removed(
    data_dir: Path, fallback: Path
) -> None:
    record = completed(data_dir)
    kept = write_emergency(data_dir, record, "the disk is full")
    assert kept is not None
    assert merge_back(Store(data_dir)) == []  # opening the store merged it already
    assert not kept.exists() and not (data_dir / "conflicts").exists()


def test_a_copy_larger_than_a_call_can_be_is_not_read_back(data_dir: Path, fallback: Path) -> None:
    record = unfinished(data_dir)
    notes = [{"text": "n" * 19_000, "at": "2026-11-23T10:00:00+01:00"}] * 60
    huge = {**encode_record(record), "revision": record.revision + 1, "notes": notes}
    copy = planted(fallback, data_dir, record, owner=os.getuid())
    copy.write_text(json.dumps({"format": FORMAT, "data_dir": str(data_dir), "record": huge}))
    [line] = Store(data_dir).problems
    assert line.startswith(f"The emergency copy {copy} cannot be merged back: ")
    assert "more than 1,000,000 characters of text" in line
    assert copy.exists() and Store(data_dir).load(record.id) == record


def test_doctor_names_a_copy_it_will_not_merge(run: Run, data_dir: Path, fallback: Path) -> None:
    # The attacker's copy stays where it is; doctor says so, and --repair does not merge it.
    record = completed(data_dir)
    planted(fallback, data_dir, replaced(record))
    os.chmod(fallback, 0o777)
    checked = run("doctor")
    assert "other users can write to that folder (mode 777)" in checked.out, checked.out
    assert "no problems found" not in checked.out
    run("doctor", "--repair")
    assert Store(data_dir).load(record.id) == record

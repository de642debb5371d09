"""`callmate doctor` on a real data folder with every kind of trouble it knows about."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from pathlib import Path

from callmate.core.call_record import encode_record
from callmate.store import Store
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call


def troubled_folder(data: Path, outside: Path) -> dict[str, str]:
    store = Store(data)
    playbook = discovery_playbook()
    ids = {}
    for minute, role in ((0, "linked"), (10, "loose"), (20, "damaged"), (30, "unusable")):
        record = finished_call(playbook, START.replace(minute=minute))
        store.save(record)
        ids[role] = record.id
    outside.write_text("precious")
    os.chmod(outside, 0o644)
    (data / "calls" / f"{ids['linked']}.lock").symlink_to(outside)
    os.chmod(store.call_path(ids["loose"]), 0o644)
    store.call_path(ids["damaged"]).write_text('{"call": {"1": {"id": "cut')
    stored = encode_record(store.load(ids["unusable"]))
    store.call_path(ids["unusable"]).write_text(
        json.dumps({"call": {"1": {**stored, "visits": 7}}})
    )
    # Valid JSON, wrong content: open.json says nothing is open (start-up cannot see this).
    (data / "index" / "open.json").write_text('{"sessions": {}}')
    return ids


def test_doctor_reports_then_repairs_what_is_safe(data_dir: Path, tmp_path: Path, run) -> None:
    outside = tmp_path / "outside.txt"
    ids = troubled_folder(data_dir, outside)
    checked = run("doctor")
    assert checked.code == 1
    lines = checked.out.splitlines()
    assert any("is a symbolic link" in line and ids["linked"] in line for line in lines)
    assert any("can be read by other users" in line and ids["loose"] in line for line in lines)
    assert any("is damaged" in line and ids["damaged"] in line for line in lines)
    assert any("visits: expected a list" in line for line in lines)
    assert any("open.json" in line and "out of step" in line for line in lines)
    # Checking changed nothing.
    assert (data_dir / "calls" / f"{ids['damaged']}.json").exists()
    assert (data_dir / "calls" / f"{ids['linked']}.lock").is_symlink()

    repaired = run("doctor", "--repair")
    assert repaired.code == 1  # the unusable record needs a person
    assert repaired.out.count("repaired:") == 4, repaired.out
    assert outside.read_text() == "precious" and stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert not (data_dir / "calls" / f"{ids['linked']}.lock").exists()
    loose = data_dir / "calls" / f"{ids['loose']}.json"
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600
    assert list((data_dir / "quarantine").glob(f"{ids['damaged']}.json.*.corrupt"))
    open_ids = {s["id"] for s in Store(data_dir).open_summaries()}
    assert open_ids == {ids["linked"], ids["loose"]}

    again = run("doctor")
    assert again.code == 1
    [problem] = [line for line in again.out.splitlines() if line.startswith("problem:")]
    assert ids["unusable"] in problem and "fix it by hand" in problem
    assert "damaged file is kept in" in again.out


def test_a_healthy_folder_is_said_healthy(data_dir: Path, run) -> None:
    Store(data_dir).save(finished_call(discovery_playbook(), START))
    done = run("doctor")
    assert done.code == 0 and "no problems found" in done.out


def test_doctor_finds_an_emergency_copy_and_repair_merges_it(
    data_dir: Path, tmp_path: Path, run, monkeypatch
) -> None:
    from callmate.store.emergency import write_emergency

    monkeypatch.setenv("CALLMATE_EMERGENCY_DIR", str(tmp_path / "fallback"))
    record = finished_call(discovery_playbook(), START, step=None)  # unfinished: it may be merged
    store = Store(data_dir)
    store.save(record)
    newer = dataclasses.replace(record, revision=record.revision + 1, draft="not saved in time")
    kept = write_emergency(data_dir, newer, "the disk is full")
    assert kept is not None and kept.parent == tmp_path / "fallback"
    checked = run("doctor")
    assert checked.code == 1 and "an emergency copy of call" in checked.out
    assert kept.exists()  # checking changed nothing
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert "merged back" in repaired.out
    assert not kept.exists()
    assert Store(data_dir).load(record.id).draft == "not saved in time"


def test_an_emergency_copy_that_does_not_decode_is_left_and_named(
    data_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    from callmate.store.emergency import merge_back, write_emergency

    monkeypatch.setenv("CALLMATE_EMERGENCY_DIR", str(tmp_path / "fallback"))
    record = finished_call(discovery_playbook(), START)
    store = Store(data_dir)
    store.save(record)
    # A copy whose pauses are no list (as a tampered file would read back).
    tampered = dataclasses.replace(record, revision=record.revision + 1, pauses="all of them")
    kept = write_emergency(data_dir, tampered, "the disk is full")
    assert kept is not None
    said = merge_back(store)
    assert said == [
        f"The emergency copy {kept} cannot be merged back: pauses: expected a list, not "
        "text. It is left where it is: look at it, and delete it once it is not needed."
    ]
    assert kept.exists() and store.load(record.id) == record


def test_pickles_an_earlier_callmate_kept_in_the_data_folder_are_named_and_removed(
    data_dir: Path, run
) -> None:
    Store(data_dir).save(finished_call(discovery_playbook(), START))
    css = data_dir / "cache" / "css-0123abcd.pickle"
    checked = data_dir / "cache" / "playbooks" / "5f3c.pickle"
    edition = data_dir / "cache" / "playbooks" / "editions" / "ab" / "first-discovery.yaml"
    for path in (css, checked, edition):
        for folder in reversed(path.relative_to(data_dir).parents[:-1]):
            (data_dir / folder).mkdir(exist_ok=True, mode=0o700)
        path.write_bytes(b"cos\nsystem\n(S'echo planted'\ntR.")
        path.chmod(0o600)
    css.chmod(0o644)  # said once, as the stray cache file it is, not also as loose
    found = run("doctor")
    assert found.code == 1
    assert found.out.count("an earlier callmate kept in the data folder") == 2, found.out
    assert "can be read by other users" not in found.out, found.out
    assert css.exists() and checked.exists()  # checking removes nothing
    repaired = run("doctor", "--repair")
    assert repaired.out.count("repaired:") == 2, repaired.out
    assert not css.exists() and not checked.exists()
    assert edition.exists()  # a kept playbook edition is plain YAML and stays
    assert run("doctor").code == 0


def test_the_rebuild_says_what_the_list_holds_not_zero_counts(
    data_dir: Path, tmp_path: Path, run
) -> None:
    """A call file replaced by a link: the repair named the call it dropped, then said
    '(0 added, 0 removed, 0 refreshed)', since opening the store had already dropped it."""
    store = Store(data_dir)
    kept = finished_call(discovery_playbook(), START)
    linked = finished_call(discovery_playbook(), START, prospect="Ann Lee")
    store.save(kept)
    store.save(linked)
    path = data_dir / "calls" / f"{linked.id}.json"
    outside = tmp_path / "outside.json"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    repaired = run("doctor", "--repair")
    assert "rebuilt the list of calls from the call files: it lists 1 call" in repaired.out
    assert "0 removed" not in repaired.out
    assert outside.exists()

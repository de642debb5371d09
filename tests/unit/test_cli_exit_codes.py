"""Exit codes and words of the commands that move calls in and out, and of `new --force`.

`import` exited 0 with records rejected or kept aside as conflicts; `export --all --json`, the
lossless backup, exited 0 without a call it could not read; `new NAME --force` over a link
said "give the path of the file itself, not a regular file". Real files in tmp folders,
through the real entry point.
"""

from __future__ import annotations

import json
from pathlib import Path

from callmate.core.call_record import CallRecord, encode_record
from callmate.core.clock import now as clock_now
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook, finished_call


def _saved(data_dir: Path, *names: str) -> list[CallRecord]:
    store = Store(data_dir)
    records = [finished_call(discovery_playbook(), clock_now(), prospect=n) for n in names]
    for record in records:
        store.save(record)
    return records


def _export_file(path: Path, sessions: list[object]) -> Path:
    path.write_text(json.dumps({"format": "callmate-export", "version": 1, "sessions": sessions}))
    return path


def test_import_with_a_conflict_exits_1_after_adding_the_good_ones(
    run: Run, data_dir: Path, tmp_path: Path
):
    (stored,) = _saved(data_dir, "Pat Quill")
    elsewhere = tmp_path / "elsewhere"
    (new,) = _saved(elsewhere, "Robin Harrow")
    changed = encode_record(stored)
    changed["company"] = "Somewhere Else"
    source = _export_file(tmp_path / "in.json", [changed, encode_record(new)])
    result = run("import", str(source))
    assert result.code == 1
    assert "added 1" in result.out and "conflicts 1" in result.out
    assert Store(data_dir).load(new.id).prospect == "Robin Harrow"  # the good one is in


def test_import_with_a_rejected_record_exits_1_after_adding_the_good_ones(
    run: Run, data_dir: Path, tmp_path: Path
):
    (new,) = _saved(tmp_path / "elsewhere", "Robin Harrow")
    source = _export_file(tmp_path / "in.json", [{"id": "bad-1", "pauses": 3}, encode_record(new)])
    result = run("import", str(source))
    assert result.code == 1
    assert "added 1" in result.out and "rejected 1" in result.out
    assert "callmate: rejected sessions[0]" in result.err


def test_a_clean_import_exits_0(run: Run, data_dir: Path, tmp_path: Path):
    (new,) = _saved(tmp_path / "elsewhere", "Robin Harrow")
    result = run("import", str(_export_file(tmp_path / "in.json", [encode_record(new)])))
    assert result.code == 0 and "added 1" in result.out


def test_a_backup_without_a_call_it_cannot_read_says_so_and_exits_1(
    run: Run, data_dir: Path, tmp_path: Path
):
    kept, damaged = _saved(data_dir, "Pat Quill", "Robin Harrow")
    (data_dir / "calls" / f"{damaged.id}.json").write_bytes(b'{"truncated": ')
    target = tmp_path / "backup.json"
    result = run("export", "--all", "--json", str(target))
    assert result.code == 1
    assert result.out == f"exported 1 call to {target}\n"
    assert (
        f"callmate: error: the backup is incomplete: 1 call could not be read and is not in "
        f"it: {damaged.id}"
    ) in result.err
    sessions = json.loads(target.read_bytes())["sessions"]
    assert [s["id"] for s in sessions] == [kept.id]


def test_a_later_backup_still_names_the_call_moved_to_quarantine(
    run: Run, data_dir: Path, tmp_path: Path
):
    """The damage was said once, by whatever ran first (a cron job's pipe); every backup after
    it exited 0 without the call."""
    _kept, damaged = _saved(data_dir, "Pat Quill", "Robin Harrow")
    (data_dir / "calls" / f"{damaged.id}.json").write_bytes(b'{"truncated": ')
    assert run("history").code == 0  # finds it damaged and moves it to quarantine
    for _ in range(2):
        result = run("export", "--all", "--json", str(tmp_path / "backup.json"), "--force")
        assert result.code == 1
        assert (
            f"the backup is incomplete: 1 call found damaged earlier is kept in "
            f"{data_dir / 'quarantine'} and not in it: {damaged.id}"
        ) in result.err
    for moved in (data_dir / "quarantine").iterdir():
        moved.unlink()  # deleted by the user: the backup is whole again
    assert run("export", "--all", "--json", str(tmp_path / "backup.json"), "--force").code == 0


def test_a_call_file_that_is_a_folder_makes_the_backup_incomplete(
    run: Run, data_dir: Path, tmp_path: Path
):
    (_, gone) = _saved(data_dir, "Pat Quill", "Robin Harrow")
    call_file = data_dir / "calls" / f"{gone.id}.json"
    call_file.unlink()
    call_file.mkdir()
    result = run("export", "--all", "--json", str(tmp_path / "backup.json"))
    assert result.code == 1 and f"not in it: {gone.id}" in result.err


def test_a_full_backup_exits_0(run: Run, data_dir: Path, tmp_path: Path):
    _saved(data_dir, "Pat Quill", "Robin Harrow")
    result = run("export", "--all", "--json", str(tmp_path / "backup.json"))
    assert result.code == 0, result.err
    assert result.err == ""


def test_new_force_over_a_link_says_so_in_one_sentence(run: Run, data_dir: Path, tmp_path: Path):
    assert run("new", "first").code == 0
    real = tmp_path / "real.yaml"
    real.write_text("keep me")
    link = data_dir / "playbooks" / "second.yaml"
    link.symlink_to(real)
    result = run("new", "second", "--force")
    assert result.code == 1
    assert result.err == (
        f"callmate: error: could not write {link}: it is a symbolic link (to {real}), not a "
        "regular file; callmate never writes through a link, even with --force: give the "
        "path of the file itself\n"
    )
    assert link.is_symlink() and real.read_text() == "keep me"

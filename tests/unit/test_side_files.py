"""The small files beside the calls (nurture.json, pacing.json, the team's config.json and
push ledger), planted or damaged as an attacker or a careless admin would: brackets nested a
thousand deep, a FIFO, a symbolic link, a folder. Each is one plain line, never a traceback,
never a hang, never read or written through a link; `callmate doctor` names it and `--repair`
moves it to quarantine/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from callmate.store import Store
from callmate.store.sidefile import SideFileProblem, load_side_json, write_side_bytes
from callmate.team import autopush
from callmate.team.ledger import Ledger
from tests.conftest import START, Run
from tests.pty_app import PtyApp, run_callmate, wait_for
from tests.unit.export_support import discovery_playbook, finished_call

#: What the reviewer planted: about a kilobyte (or a hundred) of opening brackets.
NESTED = {
    "nurture.json": ('{"format": 1, "nurture": ' + "[" * 1000).encode(),
    "pacing.json": ("[" * 100_000).encode(),
    "team/config.json": ('{"a": ' + "[" * 100_000).encode(),
}

OUTSIDE_LIST = {
    "format": 1,
    "nurture": [
        {
            "key": "mallory|evil corp",
            "prospect": "Mallory Outside",
            "company": "Evil Corp",
            "topic": "not ours",
            "every_days": 7,
            "added": "2026-11-01T09:00:00+00:00",
            "last_touch": None,
        }
    ],
    "attempts": [],
}


def one_call(data: Path) -> str:
    record = finished_call(discovery_playbook(), START, prospect="Pat Quill")
    Store(data).save(record)
    return record.id


def plant(data: Path, name: str, raw: bytes) -> Path:
    path = data / name
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(raw)
    path.chmod(0o600)
    return path


def no_traceback(*texts: str) -> bool:
    return not any("Traceback" in text or "RecursionError" in text for text in texts)


# ----------------------------------------------------------------- the reader itself


def test_the_reader_says_damage_links_fifos_and_size_in_plain_words(tmp_path: Path):
    nested = tmp_path / "nested.json"
    nested.write_bytes(NESTED["pacing.json"])
    with pytest.raises(SideFileProblem) as deep:
        load_side_json(nested)
    assert deep.value.damaged and deep.value.raw == NESTED["pacing.json"]
    assert str(deep.value) == f"{nested} is damaged (its brackets are nested too deeply to be read)"

    latin = tmp_path / "latin.json"
    latin.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SideFileProblem) as odd:
        load_side_json(latin)
    assert odd.value.damaged and "not valid JSON" in str(odd.value)

    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2048 + b"{}")
    with pytest.raises(SideFileProblem) as large:
        load_side_json(big, limit=1024)
    assert large.value.damaged and "more than" in str(large.value)

    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(outside)
    with pytest.raises(SideFileProblem) as linked:
        load_side_json(link)
    assert not linked.value.damaged and "symbolic link" in str(linked.value)

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo, 0o600)
    with pytest.raises(SideFileProblem) as piped:
        load_side_json(fifo)  # O_NONBLOCK: refused at once, never waits for a writer
    assert not piped.value.damaged and "not a regular file" in str(piped.value)

    assert load_side_json(tmp_path / "missing.json") is None


def test_a_write_never_replaces_a_link_or_a_fifo(tmp_path: Path):
    outside = tmp_path / "outside.json"
    outside.write_text("precious")
    link = tmp_path / "side.json"
    link.symlink_to(outside)
    with pytest.raises(OSError):
        write_side_bytes(link, b"{}")
    assert link.is_symlink() and outside.read_text() == "precious"
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo, 0o600)
    with pytest.raises(OSError):
        write_side_bytes(fifo, b"{}")
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    fine = tmp_path / "fine.json"
    write_side_bytes(fine, b"{}")
    assert fine.read_bytes() == b"{}" and oct(fine.stat().st_mode & 0o777) == "0o600"


# ----------------------------------------------------------------- 1. nested brackets


def test_a_nested_nurture_list_is_one_plain_line_and_doctor_moves_it_aside(
    run: Run, data_dir: Path
):
    one_call(data_dir)
    path = plant(data_dir, "nurture.json", NESTED["nurture.json"])
    listed = run("nurture", "list")
    assert listed.code == 1 and no_traceback(listed.out, listed.err)
    assert listed.err.count("\n") == 1 and "nested too deeply" in listed.err
    followups = run("followups")
    assert followups.code == 0 and no_traceback(followups.out, followups.err)
    assert "nurture.json is damaged (its brackets are nested too deeply" in followups.err

    found = run("doctor")
    assert found.code == 1 and no_traceback(found.out)
    assert f"the nurture list cannot be read: {path} is damaged (its brackets" in found.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0 and no_traceback(repaired.out), repaired.out
    (kept,) = (data_dir / "quarantine").iterdir()
    assert kept.read_bytes() == NESTED["nurture.json"] and not path.exists()
    assert run("nurture", "list").code == 0
    assert run("doctor").code == 0


def test_a_nested_pacing_file_gives_the_default_pacing_and_doctor_finds_it(
    run: Run, data_dir: Path
):
    call = one_call(data_dir)
    path = plant(data_dir, "pacing.json", NESTED["pacing.json"])
    shown = run("show", call)
    assert shown.code == 0 and no_traceback(shown.out, shown.err) and "Pat Quill" in shown.out
    result = run("followups")
    assert result.code == 0 and no_traceback(result.out, result.err)
    assert f"{path} is damaged (its brackets are nested too deeply" in result.err
    assert "using the default pacing" in result.err
    found = run("doctor")
    assert found.code == 1
    assert f"the pacing setting cannot be read: {path} is damaged" in found.out
    assert run("doctor", "--repair").code == 0
    (kept,) = (data_dir / "quarantine").iterdir()
    assert kept.name.startswith("pacing.json.") and kept.read_bytes() == NESTED["pacing.json"]
    assert run("followups").err == ""


def test_a_nested_team_config_never_fails_a_saved_mark_and_doctor_finds_it(
    run: Run, data_dir: Path
):
    call = one_call(data_dir)
    path = plant(data_dir, "team/config.json", NESTED["team/config.json"])
    marked = run("followups", "mark", call, "kept")
    assert marked.code == 0 and no_traceback(marked.out, marked.err), marked.err
    assert "marked kept" in marked.out
    assert autopush.schedule(data_dir, call) is None  # what ending a live call runs
    assert autopush.on_start(data_dir) is None
    found = run("doctor")
    assert found.code == 1 and "no problems found" not in found.out
    assert f"the team settings cannot be read: {path} is damaged" in found.out
    assert run("doctor", "--repair").code == 0
    (kept,) = (data_dir / "quarantine").iterdir()
    assert kept.read_bytes() == NESTED["team/config.json"] and not path.exists()
    assert run("doctor").code == 0


def test_a_nested_push_ledger_only_means_pushing_again(data_dir: Path):
    plant(data_dir, "team/pushed.json", NESTED["pacing.json"])
    plant(data_dir, "team/last_push.json", NESTED["pacing.json"])
    ledger = Ledger(data_dir)
    assert ledger.pushed() == {} and ledger.last_result() is None


# ----------------------------------------------------------------- 2. FIFOs


@pytest.mark.parametrize("name", ["nurture.json", "pacing.json"])
def test_a_fifo_side_file_never_hangs_and_repair_moves_it_aside(data_dir: Path, name: str):
    one_call(data_dir)
    fifo = data_dir / name
    os.mkfifo(fifo, 0o600)
    for argv in (("followups",), ("nurture", "list"), ("doctor",)):
        result = run_callmate(data_dir, *argv, timeout=30)  # a hang is a TimeoutExpired
        assert no_traceback(result.stdout, result.stderr), argv
    assert f"{fifo} is not a regular file" in run_callmate(data_dir, "followups").stderr
    found = run_callmate(data_dir, "doctor")
    assert found.returncode == 1 and f"{fifo} is a FIFO, not a file" in found.stdout
    assert "[--repair fixes this]" in found.stdout
    repaired = run_callmate(data_dir, "doctor", "--repair", timeout=30)
    assert repaired.returncode == 0, repaired.stdout
    assert not os.path.lexists(fifo)
    (kept,) = (data_dir / "quarantine").iterdir()
    assert kept.is_fifo() and kept.name.startswith(f"{name}.")
    assert run_callmate(data_dir, "doctor").returncode == 0  # what was moved aside is kept


def test_a_folder_under_a_side_files_name_is_moved_aside(run: Run, data_dir: Path):
    one_call(data_dir)
    folder = data_dir / "pacing.json"
    folder.mkdir(mode=0o700)
    assert "not a regular file" in run("followups").err
    found = run("doctor")
    assert found.code == 1 and f"{folder} is a folder, not the file of the pacing" in found.out
    assert run("doctor", "--repair").code == 0
    assert not folder.exists() and run("doctor").code == 0


# ----------------------------------------------------------------- 4. links


@pytest.mark.parametrize("name", ["nurture.json", "pacing.json"])
def test_a_linked_side_file_is_never_read_or_replaced_through(
    run: Run, data_dir: Path, tmp_path: Path, name: str
):
    one_call(data_dir)
    outside = tmp_path / "outside.json"
    body = json.dumps(OUTSIDE_LIST if name == "nurture.json" else {"max_attempts": 2})
    outside.write_text(body)
    link = data_dir / name
    link.symlink_to(outside)

    listed = run("nurture", "list")
    assert "Mallory" not in listed.out
    followups = run("followups")
    assert f"{link} is a symbolic link, which callmate never follows" in followups.err
    if name == "nurture.json":
        assert listed.code == 1 and "symbolic link" in listed.err
        touched = run("nurture", "touched", "Mallory Outside")
        assert touched.code == 1
    assert link.is_symlink() and outside.read_text() == body

    found = run("doctor")
    assert found.code == 1 and f"{link} is a symbolic link (to {outside})" in found.out
    repaired = run("doctor", "--repair")
    assert repaired.code == 0, repaired.out
    assert not os.path.lexists(link) and outside.read_text() == body
    (kept,) = (data_dir / "quarantine").iterdir()
    assert kept.is_symlink() and os.readlink(kept) == str(outside)  # moved aside, as it was
    assert run("doctor").code == 0


def test_a_linked_team_config_is_not_followed(run: Run, data_dir: Path, tmp_path: Path):
    call = one_call(data_dir)
    outside = tmp_path / "config.json"
    outside.write_text(json.dumps({"url": "postgresql://x@h/db", "name": "M", "email": "m@x"}))
    (data_dir / "team").mkdir(mode=0o700)
    (data_dir / "team" / "config.json").symlink_to(outside)
    assert autopush.schedule(data_dir, call) is None  # not connected through a link
    status = run("team", "status")
    assert status.code == 1 and "symbolic link" in status.err and no_traceback(status.err)


def test_the_home_screen_comes_up_with_fifos_and_nested_side_files(data_dir: Path):
    one_call(data_dir)
    os.mkfifo(data_dir / "nurture.json", 0o600)
    plant(data_dir, "pacing.json", NESTED["pacing.json"])
    plant(data_dir, "team/config.json", NESTED["team/config.json"])
    app = PtyApp([], env={"CALLMATE_DATA_DIR": str(data_dir)}, size=(160, 50))
    try:
        assert wait_for(lambda: "Pat Quill" in app.text(), timeout=60), app.text()[-2000:]
        app.write(b"\x11")  # ctrl+q
        assert wait_for(lambda: app.proc.poll() is not None, timeout=30)
        assert app.proc.returncode == 0
        assert no_traceback(app.text())
    finally:
        app.close()

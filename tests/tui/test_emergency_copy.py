"""SIGTERM or a closed terminal while the disk refuses every save: nothing typed is lost.

The real `callmate` runs in a pty on a data folder whose disk is full (tests/disk_trouble.py).
The stop must retry briefly, write an emergency copy to a private place outside the data folder,
say where and exit non-zero; the next start on the freed disk merges it back and says so.
"""

from __future__ import annotations

import json
import signal
import stat
from pathlib import Path

import pytest

from callmate.store import Store
from tests import disk_trouble
from tests.disk_trouble import TroubledDisk
from tests.pty_app import PtyApp, wait_for
from tests.tui.test_full_disk_start import run_command

troubled_disk = disk_trouble.troubled_disk


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_while_saves_fail_keeps_an_emergency_copy_merged_back_later(
    troubled_disk: TroubledDisk, small_playbook_path: Path, tmp_path: Path, sig: int
) -> None:
    disk = troubled_disk
    disk.data.mkdir(mode=0o700)
    disk.fill()
    fallback = tmp_path / "fall[bold]back"  # printed as it is, not read as markup
    env = {"CALLMATE_DATA_DIR": str(disk.data), "CALLMATE_EMERGENCY_DIR": str(fallback)}
    args = ["call", "--playbook", str(small_playbook_path), "--prospect", "Full Disk"]
    app = PtyApp(args, env=env)
    try:
        assert wait_for(lambda: "NOT SAVED" in app.text() and "twenty minutes" in app.text())
        app.write(b"y\r")
        assert wait_for(lambda: "getting in the way" in app.text()), app.text()[-3000:]
        app.write(b"slow invoices\r")
        assert wait_for(lambda: "slow invoices" in app.text()), app.text()[-3000:]
        app.write(b"half typ")
        assert wait_for(lambda: "half typ" in app.text()), app.text()[-3000:]
        app.proc.send_signal(sig)
        assert app.proc.wait(timeout=15) != 0
    finally:
        app.close()
    [copy] = fallback.glob("emergency-*.json")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(fallback.stat().st_mode) == 0o700
    said = app.text().replace("\r\n", "")
    assert "emergency copy is in" in said and f"fall[bold]back/{copy.name}" in said
    assert "still open in callmate" not in said  # it has stopped: no promise to save again
    kept = json.loads(copy.read_text())["record"]
    assert kept["answers"]["time_ok"]["value"] is True
    assert list(kept["drafts"].values()) == ["half typ"]  # held with its question

    disk.free()
    with pytest.MonkeyPatch.context() as patch:  # run_command passes os.environ on
        patch.setenv("CALLMATE_EMERGENCY_DIR", str(fallback))
        listed = run_command("history", "--json", data=disk.data)
    assert listed.returncode == 0, listed.stderr
    assert "merged back" in listed.stderr
    assert not copy.exists()
    [row] = json.loads(listed.stdout)
    stored = Store(disk.data).load(row["id"])
    assert [i.text for i in stored.answers["problems"].value] == ["slow invoices"]
    assert list(stored.drafts.values()) == ["half typ"]

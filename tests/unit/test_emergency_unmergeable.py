"""Emergency copies that can never be merged back are said, with why, and never "repaired".

The reviewer's repro: a private copy with `"id": "../../../tmp/x/pwn"`, or with `"pauses": 7`.
Every start said nothing of the first; doctor listed both with "[--repair fixes this]" and
--repair then failed with no reason ("callmate did not take it back") or with the reason said
twice over ("it is left where it is.. It is kept where it is").
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from callmate.core.call_record import encode_record
from callmate.store.emergency import FORMAT
from tests.conftest import Run
from tests.unit.test_emergency_trust import STAMP, completed, fallback

__all__ = ["fallback"]  # the fixture, used by name


def copy_of(folder: Path, data: Path, record: dict[str, object], name: str) -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"emergency-{name}-{STAMP}.json"
    path.write_text(json.dumps({"format": FORMAT, "data_dir": str(data), "record": record}))
    os.chmod(path, 0o600)
    return path


def test_a_copy_that_cannot_be_merged_is_said_with_why_and_never_promised_a_repair(
    run: Run, data_dir: Path, fallback: Path
) -> None:
    record = encode_record(completed(data_dir))
    escaping = copy_of(fallback, data_dir, {**record, "id": "../../../tmp/x/pwn"}, "aa")
    paused = copy_of(fallback, data_dir, {**record, "pauses": 7}, "bb")
    reasons = {
        escaping: "id: '../../../tmp/x/pwn' is not a call id callmate makes",
        paused: "pauses: expected a list, not a number",
    }
    for _ in range(2):  # every start says each once, in one line
        started = run("history")
        lines = started.err.splitlines()
        assert len(lines) == 2, started.err
        for copy, why in reasons.items():
            assert (
                f"callmate: warning: The emergency copy {copy} cannot be merged back: {why}. "
                "It is left where it is" in started.err
            )
    for argv in (("doctor",), ("doctor", "--repair")):
        result = run(*argv)
        assert result.code == 1
        problems = [line for line in result.out.splitlines() if line.startswith("problem:")]
        assert len(problems) == 2, result.out
        for copy, why in reasons.items():
            assert any(f"{copy} cannot be merged back: {why}." in p for p in problems)
        assert "[--repair fixes this]" not in result.out and "repair failed" not in result.out
        assert "where it is.." not in result.out
    assert escaping.exists() and paused.exists()
    assert not Path("/tmp/x/pwn.json").exists()


def test_an_emergency_folder_linked_elsewhere_is_said(
    run: Run, data_dir: Path, fallback: Path, tmp_path: Path
) -> None:
    record = encode_record(completed(data_dir))
    away = tmp_path / "away"
    copy_of(away, data_dir, {**record, "revision": record["revision"] + 1}, record["id"])
    os.symlink(away, fallback)
    said = run("history").err
    assert f"{fallback} is a symbolic link (to {away})" in said, said
    assert f"`rm {fallback} && mv {away} {fallback}`" in said
    assert "1 emergency copy there was not merged back" in said
    assert run("doctor").code == 1


def test_a_copy_that_cannot_be_decoded_is_said_and_every_command_goes_on(
    run: Run, data_dir: Path, fallback: Path
) -> None:
    """A copy of brackets 200,000 deep stopped every command, the home screen and doctor with
    a RecursionError traceback, in every data folder of the user."""
    completed(data_dir)
    fallback.mkdir(mode=0o700, exist_ok=True)
    deep = fallback / f"emergency-deep-{STAMP}.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    torn = fallback / f"emergency-torn-{STAMP}.json"
    torn.write_text('{"format": 1, "record": {"id": "2026')
    for path in (deep, torn):
        os.chmod(path, 0o600)
    listed = run("history")
    assert listed.code == 0, listed.err
    assert "Traceback" not in listed.err
    assert f"The emergency copy {deep} cannot be read (its brackets are nested too deeply" in (
        listed.err
    )
    assert f"The emergency copy {torn} cannot be read (it is not valid JSON)" in listed.err
    checked = run("doctor")
    assert "Traceback" not in checked.out + checked.err
    assert f"{deep} cannot be read" in checked.out
    assert deep.exists() and torn.exists()

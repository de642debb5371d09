"""File names printed by commands never carry a control sequence to the terminal.

A playbook file named `evil<OSC 52 clipboard write><clear screen>.yaml` reached the terminal
raw from `playbooks`, `validate` and `preview`; so did a path with a byte that is not UTF-8
(a crash in `validate`). Every path and name a command prints goes through printable().
Real files in a tmp folder, through the real entry point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.clock import now as clock_now
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook, finished_call

EVIL = "\x1b]52;c;SGk=\x07\x1b[2J\x9b"
SHOWN = "]52;c;SGk=[2J"  # what is left once the control characters are dropped


def _no_controls(*texts: str) -> None:
    for text in texts:
        assert not any(ch in text for ch in "\x1b\x07\x9b"), repr(text)


@pytest.fixture
def evil_playbook(run: Run, data_dir: Path) -> Path:
    assert run("new", "plain").code == 0
    plain = data_dir / "playbooks" / "plain.yaml"
    evil = data_dir / "playbooks" / f"evil{EVIL}.yaml"
    evil.write_bytes(plain.read_bytes())
    return evil


def test_playbooks_lists_the_name_cleaned(run: Run, evil_playbook: Path):
    result = run("playbooks")
    assert result.code == 0
    _no_controls(result.out, result.err)
    # The listing writes the characters out (one line per playbook, the name as it is).
    assert "evil<U+001B>]52;c;SGk=<U+0007><U+001B>[2J<U+009B>.yaml" in result.out


def test_validate_names_the_file_cleaned(run: Run, evil_playbook: Path):
    result = run("validate", str(evil_playbook))
    _no_controls(result.out, result.err)
    assert f"evil{SHOWN}.yaml" in result.out


def test_preview_of_a_missing_file_names_it_cleaned(run: Run, data_dir: Path):
    result = run("preview", EVIL)
    assert result.code == 1
    _no_controls(result.out, result.err)
    assert SHOWN in result.out


def test_a_file_name_that_is_not_utf8_is_said_not_crashed_on(run: Run, tmp_path: Path):
    odd = tmp_path / "caf\udce9.yaml"  # how Python names a file whose name is not UTF-8
    odd.write_bytes(b"name: [")
    result = run("validate", str(odd))
    assert result.code == 1
    assert "caf\ufffd.yaml" in result.out
    assert "could not read" not in result.out  # the file itself was read: its name kept


def test_new_prints_its_path_cleaned(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(tmp_path / f"data{EVIL}"))
    result = run("new", "fresh")
    assert result.code == 0, result.err
    _no_controls(result.out, result.err)
    assert f"data{SHOWN}" in result.out


def test_export_says_where_it_wrote_cleaned(run: Run, data_dir: Path, tmp_path: Path):
    record = finished_call(discovery_playbook(), clock_now(), prospect="Avery Ahead")
    Store(data_dir).save(record)
    email = tmp_path / f"draft{EVIL}.txt"
    backup = tmp_path / f"all{EVIL}.json"
    wrote = run("export", record.id, "--email", "--output", str(email))
    exported = run("export", "--all", "--json", str(backup))
    assert wrote.code == 0 and exported.code == 0
    _no_controls(wrote.out, wrote.err, exported.out, exported.err)
    assert email.exists() and backup.exists()  # the files keep their names as given
    assert f"draft{SHOWN}.txt" in wrote.out and f"all{SHOWN}.json" in exported.out
    imported = run("import", str(backup))
    _no_controls(imported.out, imported.err)

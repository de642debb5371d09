"""Export targets that are not regular files: --force replaces only a regular file.

A device, a FIFO, a socket or a folder under the target name is refused with a plain message
and exit 1 (renaming over it would put a plain file in its place: `/dev/full` became one); a
symbolic link is refused too, naming what it points to, and neither it nor that file changes.
Real files in a tmp folder, through the real command line.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from callmate.core.clock import now as clock_now
from callmate.export.files import OutputNotFile, write_private
from callmate.store import Store
from tests.conftest import Run
from tests.unit.export_support import discovery_playbook, finished_call


@pytest.fixture
def call_id(data_dir: Path) -> str:
    record = finished_call(discovery_playbook(), clock_now(), prospect="Avery Ahead")
    Store(data_dir).save(record)
    return record.id


#: Every command that writes a file the rep names, as (arguments before the file, after it).
WRITERS: dict[str, Callable[[str], tuple[str, ...]]] = {
    "export --all --json": lambda cid: ("export", "--all", "--json"),
    "export ID --json": lambda cid: ("export", cid, "--json"),
    "export ID --ics": lambda cid: ("export", cid, "--ics"),
    "export ID --email --output": lambda cid: ("export", cid, "--email", "--output"),
    "nurture export --csv": lambda cid: ("nurture", "export", "--csv"),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_force_never_replaces_a_fifo(run: Run, call_id: str, tmp_path: Path, writer: str):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run(*WRITERS[writer](call_id), str(fifo), "--force")
    assert result.code == 1
    assert f"could not write {fifo} (it is a FIFO (named pipe), not a regular file" in result.err
    assert "Traceback" not in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the FIFO, not a plain file


@pytest.mark.parametrize("writer", WRITERS)
def test_force_never_replaces_a_link_nor_writes_through_it(
    run: Run, call_id: str, tmp_path: Path, writer: str
):
    real = tmp_path / "real.txt"
    real.write_bytes(b"keep me")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    result = run(*WRITERS[writer](call_id), str(link), "--force")
    assert result.code == 1
    assert (
        f"it is a symbolic link (to {real}), not a regular file; callmate never writes "
        "through a link, even with --force: give the path of the file itself)\n"
    ) in result.err
    assert "itself, not a regular file" not in result.err  # the words once ran together
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"keep me"
    # The file itself, named as such, is replaced as --force says.
    assert run(*WRITERS[writer](call_id), str(real), "--force").code == 0
    assert real.read_bytes() != b"keep me"


def test_without_force_a_fifo_is_named_for_what_it_is(run: Run, call_id: str, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("export", "--all", "--json", str(fifo))
    assert result.code == 1 and "it is a FIFO (named pipe), not a regular file" in result.err


def test_a_folder_or_a_socket_is_refused(tmp_path: Path):
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(OutputNotFile, match="it is a folder, not a regular file"):
        write_private(folder, b"x", force=True)
    assert folder.is_dir()
    sock_path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(OutputNotFile, match="it is a socket, not a regular file"):
            write_private(sock_path, b"x", force=True)
    assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)


def test_a_write_that_fails_is_said_with_exit_1(run: Run, call_id: str, tmp_path: Path):
    target = tmp_path / "no-such-folder" / "calls.json"
    result = run("export", "--all", "--json", str(target), "--force")
    assert result.code == 1
    assert f"could not write {target} (No such file or directory)" in result.err

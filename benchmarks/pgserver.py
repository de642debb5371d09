"""A throwaway PostgreSQL server (initdb + pg_ctl in a temp folder) for team benchmark and tests.

Runs as an unprivileged user when started as root (PostgreSQL refuses root): the `postgres`
account the Debian package creates, else a system user made with useradd. Listens on loopback on
a free port with trust authentication, so any role can log in without a password (which is what
lets the tests connect as different reps). fsync is off (nothing here needs to survive a crash
of the machine) but synchronous_commit stays on: a commit must survive `pg_ctl stop -m immediate`,
which the interrupted-push test does.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVICE_USER = "postgres"
FALLBACK_USER = "callmate-pg"
SUPERUSER = "owner"


class ServerUnavailable(RuntimeError):
    """The server binaries are missing or the server would not start; the message says why."""


def find_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: on PATH, else the newest /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _service_user() -> str | None:
    """The unprivileged account to run the server as when we are root (None: not root)."""
    if os.geteuid() != 0:
        return None
    for name in (SERVICE_USER, FALLBACK_USER):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FALLBACK_USER],
        check=True,
        capture_output=True,
    )
    return FALLBACK_USER


class PgServer:
    def __init__(self, bin_dir: Path | None = None) -> None:
        found = bin_dir or find_bin_dir()
        if found is None:
            raise ServerUnavailable(
                "PostgreSQL server binaries (initdb, pg_ctl) not found; install the postgresql "
                "package (.ci/run does: apt-get install -y postgresql)"
            )
        self.bin_dir = found
        self.user = _service_user()
        self.root = Path(tempfile.mkdtemp(prefix="cmpg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        if self.user is not None:
            info = pwd.getpwnam(self.user)
            os.chown(self.root, info.pw_uid, info.pw_gid)
        os.chmod(self.root, 0o755)

    def _run(self, *cmd: str) -> subprocess.CompletedProcess[str]:
        argv = [str(self.bin_dir / cmd[0]), *cmd[1:]]
        if self.user is not None:
            argv = ["runuser", "-u", self.user, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=self.root, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ServerUnavailable(
                f"{cmd[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}\n{log}"
            )
        return done

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, user: str = SUPERUSER, dbname: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def cleanup(self) -> None:
        with contextlib.suppress(ServerUnavailable):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def started_server() -> PgServer:
    server = PgServer()
    try:
        server.init()
        server.start()
    except BaseException:
        shutil.rmtree(server.root, ignore_errors=True)
        raise
    return server

"""Helper process for the store tests: another callmate window, or one that gets killed.

Usage (run with the repo root on PYTHONPATH):
    store_worker.py batch ROOT PREFIX COUNT  wait for a line on stdin, then save COUNT new calls
    store_worker.py claim ROOT SESSION_ID    claim a call and hold it until stdin closes

Each mode prints "ready" once the store is open, so the parent can time its kills or start
both writers together.
"""

from __future__ import annotations

import sys
from pathlib import Path

from callmate.core.call_record import CallRecord
from callmate.store import Store
from tests.records import answers, call_record


def batch_record(prefix: str, number: int) -> CallRecord:
    return call_record(
        f"{prefix}{number}",
        status="completed",
        started=f"2026-03-02T10:{number // 60:02d}:{number % 60:02d}+00:00",
        company=f"{prefix} company {number}",
        answers=answers(pain=f"answer {number}"),
    )


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    mode, root = argv[0], Path(argv[1])
    store = Store(root)
    if mode == "batch":
        prefix, count = argv[2], int(argv[3])
        say("ready")
        sys.stdin.readline()
        for number in range(count):
            store.save(batch_record(prefix, number))
        say("done")
        return 0
    if mode == "claim":
        with store.claim(argv[2]):
            say("ready")
            sys.stdin.read()
        return 0
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`python benchmarks/run.py`: is callmate still fast, and still losing nothing, at 10,000 calls?

Prints a table of figures with their targets (or JSON with --json) and always exits 0: it is a
report, not a gate. Progress goes to stderr so --json output can be piped.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

QUICK = {"calls": 1000, "kills": 20, "keys": 60, "runs": 3, "saves": 50}
FULL = {"calls": 10_000, "kills": 200, "keys": 200, "runs": 9, "saves": 200}


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help=f"a smaller run: {QUICK}")
    parser.add_argument("--calls", type=int, help="stored calls (default 10000)")
    parser.add_argument("--kills", type=int, help="kill -9 trials (default 200)")
    parser.add_argument("--keys", type=int, help="timed keypresses (default 200)")
    parser.add_argument("--runs", type=int, help="measured starts per kind (default 9)")
    parser.add_argument("--saves", type=int, help="timed saves per store (default 200)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured starts per kind")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="where to make the temp data folders")
    parser.add_argument("--keep", action="store_true", help="keep the data folders afterwards")
    parser.add_argument("--team", action="store_true", help="only the team (PostgreSQL) figures")
    args = parser.parse_args(argv)
    profile = QUICK if args.quick else FULL
    for name, default in profile.items():
        if getattr(args, name) is None:
            setattr(args, name, default)
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.report import as_json, missed, table
    from benchmarks.suite import Config, Suite

    args = parse(argv)
    if args.team:
        from benchmarks.team import main as team_main

        return team_main(args)
    # A polite kill unwinds like ctrl+c, so every app started on a pty is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    config = Config(
        calls=args.calls,
        kills=args.kills,
        keys=args.keys,
        runs=args.runs,
        saves=args.saves,
        warmup=args.warmup,
        seed=args.seed,
        workdir=args.workdir,
        keep=args.keep,
    )
    suite = Suite(config)
    figures = suite.run()
    if args.json:
        print(as_json(figures, suite.meta))
        return 0
    print(table(figures))
    print()
    history = suite.meta.get("history", {})
    if history:
        print("history: " + ", ".join(f"{k} {v}" for k, v in history.items()))
    print("phases (s): " + ", ".join(f"{k} {v}" for k, v in suite.meta["phases_s"].items()))
    load = suite.meta["load_average"]
    print(f"elapsed: {suite.meta['elapsed_s']} s (load average {load['start']} -> {load['end']})")
    misses = missed(figures)
    if misses:
        print("MISSED: " + ", ".join(f.name for f in misses))
    else:
        print("every measured figure met its target")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())

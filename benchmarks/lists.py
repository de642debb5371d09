"""`python -m benchmarks.lists BIG EMPTY`: only the two list figures, on folders already built.

Building 100,000 calls takes minutes; tuning the home screen and `callmate followups --json`
needs their two figures many times. Keep the folders of one full run (`benchmarks/run.py
--calls 100000 --keep --workdir DIR`, then DIR/callmate-bench-*/history and .../empty) and time
just these, measured the same way as the full run (interleaved starts, medians, same baseline).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks import commands, startup
    from benchmarks.report import median

    parser = argparse.ArgumentParser(prog="python -m benchmarks.lists", description=__doc__)
    parser.add_argument("big", type=Path, help="the data folder holding the history")
    parser.add_argument("empty", type=Path, help="an empty data folder (the baseline)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args(argv)
    load = [round(os.getloadavg()[0], 2)]
    kinds = [startup.home_kind("home_empty", args.empty), startup.home_kind("home_big", args.big)]
    startup.run_interleaved(kinds, args.runs, args.warmup)
    home = {k.name: median(k.seconds()) * 1000 for k in kinds}
    listing = ["followups", "--json"]
    times = commands.time_command(listing, args.big, args.empty, args.runs, args.warmup)
    big_ms, empty_ms = median(times.big_s) * 1000, median(times.empty_s) * 1000
    load.append(round(os.getloadavg()[0], 2))
    print(
        f"home screen: +{home['home_big'] - home['home_empty']:.0f} ms "
        f"({home['home_big']:.0f} vs {home['home_empty']:.0f} ms empty)"
    )
    print(
        f"followups --json: +{big_ms - empty_ms:.0f} ms ({big_ms:.0f} vs {empty_ms:.0f} ms "
        f"empty, {times.output_bytes} bytes printed)"
    )
    print(f"load average {load[0]} -> {load[1]}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())

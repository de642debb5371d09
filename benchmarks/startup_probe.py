"""`python -m benchmarks.startup_probe`: only the start-up figures of benchmarks/run.py, repeated.

The same kinds, launches and medians as the suite's start-up phase (benchmarks/startup.py), with
no other phase: for working on start-up, where a full run takes too long to repeat. The history
is built once into ``--workdir`` and reused by later runs (``--reuse``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from benchmarks import startup
from benchmarks.history import build_history, load_playbook
from benchmarks.report import median
from callmate.store import Store


def based(kind: startup.Kind, checkout: Path) -> startup.Kind:
    """The same start, with callmate imported from ``checkout`` (the pty runs in this repo)."""
    script = kind.argv[1:]
    if script[0] == "-m":  # python -m callmate ...
        boot = "from callmate.cli import main; raise SystemExit(main())"
        args = script[2:]
    else:  # benchmarks/before_draw.py ...
        script_path = str(checkout / "benchmarks" / "before_draw.py")
        boot = f"import runpy; runpy.run_path({script_path!r}, run_name='__main__')"
        args = script[1:]
    code = f"import sys; sys.path.insert(0, {str(checkout)!r}); {boot}"
    kind.argv = [kind.argv[0], "-c", code, *args]
    return kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="the history is already there")
    parser.add_argument("--kinds", default="bare,call_empty,call_10k,before_draw_10k")
    parser.add_argument(
        "--base",
        type=Path,
        help="another checkout of callmate (e.g. `git archive` of main) whose call and "
        "before-draw starts run in the same rounds, as call_10k_base and before_draw_base",
    )
    args = parser.parse_args(argv)
    big, empty = args.workdir / "history", args.workdir / "empty"
    if not args.reuse:
        Store(empty)
        build_history(big, args.calls, 0, lambda m: print(m, file=sys.stderr))
    ready = startup.call_ready_text(load_playbook().questions[0].prompt)
    every = {
        "bare": startup.bare_kind(),
        "call_empty": startup.call_kind("call_empty", empty, ready),
        "call_10k": startup.call_kind("call_10k", big, ready),
        "before_draw_10k": startup.before_draw_kind("before_draw_10k", big),
    }
    names = args.kinds.split(",")
    if args.base:
        every["call_10k_base"] = based(startup.call_kind("call_10k_base", big, ready), args.base)
        before = startup.before_draw_kind("before_draw_base", big)
        every["before_draw_base"] = based(before, args.base)
        names += ["call_10k_base", "before_draw_base"]
    kinds = [every[name] for name in names]
    for kind in kinds:
        if kind.name in ("call_10k", "before_draw_10k"):
            kind.trace = args.workdir / f"trace-{kind.name}.txt"
    load = os.getloadavg()[0]
    startup.run_interleaved(kinds, args.runs, args.warmup)
    ms = {k.name: median(k.seconds()) * 1000 for k in kinds}
    for kind in kinds:
        samples = " ".join(f"{s * 1000:.0f}" for s in sorted(kind.seconds()))
        print(f"{kind.name:16} median {ms[kind.name]:6.0f} ms   [{samples}]")
    bare = ms.get("bare")
    if bare:
        for name in ("call_10k", "before_draw_10k", "call_empty"):
            if name in ms:
                print(f"{name} / bare = {ms[name] / bare:.2f}")
    for name in ("call_10k_base", "before_draw_base"):
        if name in ms and bare:
            print(f"{name} / bare = {ms[name] / bare:.2f}")
    if "call_10k" in ms and "call_empty" in ms:
        print(f"call_10k / call_empty = {ms['call_10k'] / ms['call_empty']:.2f}")
    for kind in kinds:
        marks = kind.marks()
        if not marks:
            continue
        print(f"where {kind.name}'s time went (median ms since the spawn, and since the last):")
        last = 0.0
        for name, times in sorted(marks.items(), key=lambda kv: median(kv[1])):
            at = median(times)
            print(f"  {at:6.0f}  +{at - last:4.0f}  {name}")
            last = at
    print(f"load average {load:.2f} -> {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

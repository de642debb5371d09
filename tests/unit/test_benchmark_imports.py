"""The benchmarks run from a plain install: they never import the tests (nor pytest)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import sys, pkgutil, importlib
sys.path.insert(0, sys.argv[1])
import benchmarks
for module in pkgutil.iter_modules(benchmarks.__path__):
    importlib.import_module(f"benchmarks.{module.name}")
print(sorted(name for name in sys.modules if name == "pytest" or name.split(".")[0] == "tests"))
"""


def test_no_benchmark_module_imports_tests_or_pytest():
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPO)], capture_output=True, text=True, cwd="/"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

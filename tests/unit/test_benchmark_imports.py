"""The benchmarks run from a plain install: they never import the tests (nor pytest)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Imports every benchmark module, and every module those import lazily inside functions, with
# pytest and the tests package made unimportable (as after the README's quick-start install).
PROBE = """
import ast, importlib, pkgutil, sys
from pathlib import Path

class Hidden:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pytest", "_pytest", "tests"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, Hidden())
sys.path.insert(0, sys.argv[1])
import benchmarks
lazy = set()
for module in pkgutil.iter_modules(benchmarks.__path__):
    importlib.import_module(f"benchmarks.{module.name}")
    source = Path(benchmarks.__path__[0], f"{module.name}.py").read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            lazy.add(node.module)
        elif isinstance(node, ast.Import):
            lazy.update(alias.name for alias in node.names)
for name in sorted(lazy):
    if name.split(".")[0] in ("benchmarks", "callmate"):
        importlib.import_module(name)
print(sorted(name for name in sys.modules if name.split(".")[0] in ("pytest", "tests")))
"""


def test_no_benchmark_module_imports_tests_or_pytest() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPO)],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_no_benchmark_source_names_the_tests_package() -> None:
    """Also the imports inside functions (the team benchmark's server used to live in tests/)."""
    offending = []
    for path in sorted((REPO / "benchmarks").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offending += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "tests"]
    assert offending == []

"""print_json's fast writer (orjson) prints exactly what json.dumps(indent=2) printed."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest

from callmate.commands.output import print_json
from callmate.gc_pause import collector_paused

#: Every character class json and orjson might escape differently: C0 and C1 controls, DEL,
#: quotes and backslashes, the line and paragraph separators, a BOM, non-BMP characters.
AWKWARD = "".join(chr(i) for i in range(0x00, 0x250)) + '\u2028\u2029\ufeff😀 ✓ / \\ "'

SHAPES: list[Any] = [
    [],
    {},
    [[]],
    [{}],
    [{"a": AWKWARD, "n": 0, "big": 2**63 - 1, "neg": -(2**63), "t": True, "f": False}],
    [{"nested": {"list": [1, [2, [3, {}]], None], "empty": [], "text": "x\ny\tz\x1b[2J"}}],
    {"ids": [str(i) for i in range(50)], "unicode key é": "ü", AWKWARD[:40]: AWKWARD[40:80]},
]


def printed(capsys: pytest.CaptureFixture[str], data: Any, no_floats: bool) -> str:
    print_json(data, no_floats=no_floats)
    return capsys.readouterr().out


@pytest.mark.parametrize("data", SHAPES)
def test_the_fast_writer_prints_the_same_bytes(
    capsys: pytest.CaptureFixture[str], data: Any
) -> None:
    fast = printed(capsys, data, no_floats=True)
    assert fast == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert fast == printed(capsys, data, no_floats=False)


@pytest.mark.parametrize("data", [{1: "a whole-number key"}, [2**70]], ids=["int-key", "huge-int"])
def test_what_orjson_refuses_is_written_the_json_way(
    capsys: pytest.CaptureFixture[str], data: Any
) -> None:
    assert printed(capsys, data, no_floats=True) == json.dumps(data, indent=2) + "\n"


@pytest.mark.parametrize("no_floats", [True, False])
def test_a_lone_surrogate_fails_the_same_way_with_either_writer(
    capsys: pytest.CaptureFixture[str], no_floats: bool
) -> None:
    with pytest.raises(UnicodeEncodeError):
        print_json([{"name": "lone \udc80 surrogate"}], no_floats=no_floats)


def test_the_collector_resumes_as_it_was_after_a_pause() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause does not end the outer one
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a failure inside")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # paused by someone else: left paused
    finally:
        gc.enable()

"""Whatever a trainer's file holds, the loader gives a playbook or located problems: no crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callmate.core.playbook import Playbook
from callmate.core.playbook_loader import check_playbook
from tests.conftest import SMALL_PLAYBOOK

KEYS = st.sampled_from(
    [
        "format",
        "name",
        "title",
        "objective",
        "sections",
        "id",
        "kind",
        "questions",
        "prompt",
        "capture",
        "choices",
        "branch",
        "when",
        "goto",
        "show",
        "skip",
        "say",
        "required",
        "hidden",
        "tag",
        "signal",
        "weak",
        "cards",
        "cues",
        "rules",
        "mute",
        "qualification",
        "scoring",
        "weights",
        "extra",
        "next_step",
        "max_days",
        "suggestions",
        "minutes",
        "hints",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 20),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "powns",
            "yes_no",
            "choice",
            "agenda",
            "commitment",
            "no",
            "{x}",
            "{a.b}",
            "first",
            "q1",
            "",
            "[bold]",
        ]
    ),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)
BASE = yaml.safe_load(SMALL_PLAYBOOK)


def mutated(base: dict, path: list, value):
    """The playbook with one place replaced; `path` steers through it whatever its steps are."""
    doc = yaml.safe_load(yaml.safe_dump(base))
    node = doc
    for step in path[:-1]:
        if isinstance(node, dict) and node:
            keys = sorted(node)
            node = node[step] if step in node else node[keys[sum(map(ord, str(step))) % len(keys)]]
        elif isinstance(node, list) and node:
            node = node[step % len(node)] if isinstance(step, int) else node[0]
        if not isinstance(node, dict | list) or not node:
            return doc
    last = path[-1]
    if isinstance(node, dict):
        node[last if isinstance(last, str) else "x"] = value
    elif node:
        node[last % len(node) if isinstance(last, int) else 0] = value
    return doc


def check(document) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        playbook, problems = check_playbook(path)
    if playbook is None:
        assert problems, "a refused playbook must say why"
        assert all(p.line >= 1 and p.col >= 1 and p.message for p in problems)
        assert any(p.severity == "error" for p in problems)
    else:
        assert isinstance(playbook, Playbook)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_random_documents_give_a_playbook_or_located_errors(document):
    check(document)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(KEYS, st.integers(0, 6)), min_size=1, max_size=5),
    VALUES,
)
def test_one_change_to_a_real_playbook_gives_a_playbook_or_located_errors(path, value):
    check(mutated(BASE, path, value))

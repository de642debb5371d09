"""Prospects across calls and merging two spellings: the pure plan and the CLI on real files."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest

from callmate.core.ended_call import renamed
from callmate.core.prospects import (
    UnknownProspect,
    list_prospects,
    merge_plan,
    normalize_key,
)
from callmate.store import Store
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call

PAT = "pat quill|hollow pines dental"
TYPO = "pat quil|hollow pines"


@pytest.fixture
def calls(data_dir: Path) -> dict[str, str]:
    """Pat under two spellings of one key, a typo'd Pat (twice), and Robin: ids by role."""
    playbook = discovery_playbook()
    records = {
        "pat_old": finished_call(
            playbook,
            START - timedelta(days=20),
            prospect="pat QUILL",
            company="Hollow pines dental",
        ),
        "pat_new": finished_call(playbook, START - timedelta(days=5)),
        "typo_1": finished_call(
            playbook, START - timedelta(days=9), prospect="Pat Quil", company="Hollow Pines"
        ),
        "typo_2": finished_call(
            playbook,
            START - timedelta(days=2),
            prospect="pat quil",
            company="hollow pines",
            step=None,
        ),
        "robin": finished_call(playbook, START, prospect="Robin Harrow", company=""),
    }
    store = Store(data_dir)
    for record in records.values():
        store.save(record)
    return {role: record.id for role, record in records.items()}


# ------------------------------------------------------------------------------- pure


def test_prospects_are_grouped_by_key_with_every_spelling(data_dir: Path, calls):
    found = {p.key: p for p in list_prospects(Store(data_dir).summaries())}
    assert list(found) == [PAT, TYPO, "robin harrow|"]  # sorted by key
    pat = found[PAT]
    assert pat.calls == 2
    assert pat.spellings == (
        ("Pat Quill", "Hollow Pines Dental"),
        ("pat QUILL", "Hollow pines dental"),
    )
    assert (pat.prospect, pat.company) == ("Pat Quill", "Hollow Pines Dental")  # the newest
    assert pat.last_started == (START - timedelta(days=5)).isoformat(timespec="seconds")
    assert found[TYPO].spellings == (("pat quil", "hollow pines"), ("Pat Quil", "Hollow Pines"))


def test_a_record_without_a_key_is_grouped_by_its_names():
    rows = [
        {"id": "a", "prospect": "Ann  Lee", "company": "X"},
        {"id": "b", "prospect": "ann lee", "company": "x", "prospect_key": "ann lee|x"},
    ]
    assert [(p.key, p.calls) for p in list_prospects(rows)] == [("ann lee|x", 2)]


def test_merge_plan_renames_every_call_of_from(data_dir: Path, calls):
    plan = merge_plan(Store(data_dir).summaries(), " Pat  Quil | HOLLOW pines", PAT)
    assert (plan.from_key, plan.into_key) == (TYPO, PAT)
    assert plan.into == ("Pat Quill", "Hollow Pines Dental")
    assert [(r.session_id, r.before) for r in plan.renames] == [
        (calls["typo_1"], ("Pat Quil", "Hollow Pines")),
        (calls["typo_2"], ("pat quil", "hollow pines")),
    ]


def test_merge_plan_refuses_unknown_or_identical_keys(data_dir: Path, calls):
    rows = Store(data_dir).summaries()
    with pytest.raises(UnknownProspect) as unknown:
        merge_plan(rows, "nobody|nowhere", PAT)
    assert unknown.value.key == "nobody|nowhere"
    with pytest.raises(UnknownProspect):
        merge_plan(rows, TYPO, "pat quill|")
    with pytest.raises(ValueError, match="the same prospect"):
        merge_plan(rows, PAT, "Pat Quill|Hollow Pines Dental")


def test_renamed_is_a_new_revision_and_leaves_the_original(data_dir: Path, calls):
    store = Store(data_dir)
    plan = merge_plan(store.summaries(), TYPO, PAT)
    before = store.load(calls["typo_1"])
    after = renamed(before, plan)
    assert (after.prospect, after.company, after.prospect_key) == (
        "Pat Quill", "Hollow Pines Dental", PAT,
    )  # fmt: skip
    assert after.revision == before.revision + 1
    assert before.prospect == "Pat Quil"
    unchanged = dataclasses.replace(
        after,
        prospect=before.prospect,
        company=before.company,
        prospect_key=before.prospect_key,
        revision=before.revision,
    )
    assert unchanged == before


def test_normalize_key():
    assert normalize_key("  Pat   Quill |Hollow Pines ") == "pat quill|hollow pines"
    assert normalize_key("Robin Harrow") == "robin harrow|"


# ------------------------------------------------------------------------------- CLI


def test_cli_lists_prospects(run, calls):
    result = run("prospects")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{PAT}   2 calls  last 2026-11-18  as Pat Quill (Hollow Pines")
    assert lines[0].endswith("; pat QUILL (Hollow pines dental)")
    assert lines[1].startswith(f"{TYPO}  ")
    assert lines[2].startswith("robin harrow|") and lines[2].endswith("as Robin Harrow")
    listed = json.loads(run("prospects", "--json").out)
    assert [p["key"] for p in listed] == [PAT, TYPO, "robin harrow|"]
    assert listed[0]["spellings"][1] == {"prospect": "pat QUILL", "company": "Hollow pines dental"}


def test_cli_lists_nothing_on_an_empty_store(run, data_dir: Path):
    said = "no prospects yet: every live call you start adds one (practice calls do not)\n"
    assert run("prospects").out == said


def test_cli_merge_rewrites_the_files(run, data_dir: Path, calls):
    result = run("prospects", "merge", "Pat Quil|Hollow Pines", PAT)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"{calls['typo_1']}  Pat Quil (Hollow Pines)  ->  Pat Quill (Hollow Pines Dental)",
        f"{calls['typo_2']}  pat quil (hollow pines)  ->  Pat Quill (Hollow Pines Dental)",
        f"merged 2 calls from '{TYPO}' into '{PAT}', spelled Pat Quill (Hollow Pines Dental)",
    ]
    store = Store(data_dir)
    for role in ("typo_1", "typo_2"):
        record = store.load(calls[role])
        assert (record.prospect, record.company, record.prospect_key) == (
            "Pat Quill", "Hollow Pines Dental", PAT,
        )  # fmt: skip
        assert record.revision > 0
    index = {row["id"]: row for row in store.summaries()}
    assert index[calls["typo_2"]]["prospect_key"] == PAT
    assert store.load(calls["pat_old"]).prospect == "pat QUILL"  # INTO's calls stay
    assert [p.calls for p in list_prospects(store.summaries())] == [4, 1]


def test_cli_merge_dry_run_changes_nothing(run, data_dir: Path, calls):
    before = sorted(p.read_bytes() for p in (data_dir / "calls").glob("*.json"))
    result = run("prospects", "merge", TYPO, PAT, "--dry-run")
    assert result.code == 0
    assert "would become  Pat Quill (Hollow Pines Dental)" in result.out
    assert result.out.splitlines()[-1].startswith("dry run: 2 calls would be merged")
    assert sorted(p.read_bytes() for p in (data_dir / "calls").glob("*.json")) == before


def test_cli_merge_unknown_key_lists_the_prospects(run, calls):
    result = run("prospects", "merge", "pat quil|hollow", PAT)
    assert result.code == 1
    assert result.out == ""
    err = result.err.splitlines()
    assert err[0] == "callmate: error: no calls with the prospect 'pat quil|hollow'"
    assert err[1] == "known prospects:"
    assert [line.split("  ")[0].strip() for line in err[2:]] == [PAT, TYPO, "robin harrow|"]


def test_cli_merge_same_key_is_refused(run, calls):
    result = run("prospects", "merge", PAT, "PAT QUILL|hollow pines dental")
    assert result.code == 1
    assert "are the same prospect already" in result.err


def test_cli_merge_leaves_a_call_open_elsewhere_and_can_be_run_again(run, data_dir, calls):
    with Store(data_dir).claim(calls["typo_2"]):
        result = run("prospects", "merge", TYPO, PAT)
    assert result.code == 1
    assert "already open in another callmate window" in result.err
    assert "1 call was not merged" in result.err
    assert f"merged 1 call from '{TYPO}'" in result.out
    store = Store(data_dir)
    assert store.load(calls["typo_1"]).prospect == "Pat Quill"
    assert store.load(calls["typo_2"]).prospect == "pat quil"
    again = run("prospects", "merge", TYPO, PAT)
    assert again.code == 0
    assert again.out.splitlines()[-1].startswith("merged 1 call")
    assert Store(data_dir).load(calls["typo_2"]).prospect_key == PAT


# ------------------------------------------------------------------------------- practice


def test_practice_calls_are_no_prospects(run, data_dir: Path, calls):
    """A persona (Robin Vale) or a partner's made-up prospect is nobody the rep called: out of
    the list and out of merges, as practice is out of stats and follow-ups."""
    playbook = discovery_playbook()
    store = Store(data_dir)
    store.save(
        finished_call(
            playbook, START, prospect="Robin Vale", company="Larkspur Family Dental",
            mode="practice",
        )
    )  # fmt: skip
    role_play = finished_call(
        playbook, START, prospect="Pat Quil", company="Hollow Pines", mode="practice"
    )
    store.save(role_play)
    keys = [p.key for p in list_prospects(store.summaries())]
    assert keys == [PAT, TYPO, "robin harrow|"]
    assert "Robin Vale" not in run("prospects").out
    assert [p["key"] for p in json.loads(run("prospects", "--json").out)] == keys
    with pytest.raises(UnknownProspect):
        merge_plan(store.summaries(), "robin vale|larkspur family dental", PAT)
    plan = merge_plan(store.summaries(), TYPO, PAT)
    assert [r.session_id for r in plan.renames] == [calls["typo_1"], calls["typo_2"]]
    typo_line = next(line for line in run("prospects").out.splitlines() if line.startswith(TYPO))
    assert "  2 calls  " in typo_line, typo_line  # the role-play with that name is not counted

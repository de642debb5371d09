"""The way out for silent prospects: the takeaway draft and the nurture list, on real files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from callmate.core.clock import now as clock_now
from callmate.store import Store
from tests.conftest import Run
from tests.records import set_step_outcome
from tests.unit.export_support import HOSTILE, discovery_playbook, finished_call
from tests.unit.silence_support import save_all, unanswered_call


def _silent(data_dir: Path, misses: int = 2, **who: str) -> dict[str, str]:
    playbook, now = discovery_playbook(), clock_now()
    talk = finished_call(playbook, now - timedelta(days=20), **who)
    set_step_outcome(talk, "missed")
    tries = [
        unanswered_call(playbook, now - timedelta(days=9 - 4 * i), **who) for i in range(misses)
    ]
    ids = save_all(data_dir, talk, *tries)
    return {"talk": ids[0], "last_try": ids[-1]}


def test_takeaway_waits_for_the_attempt_limit_and_counts_nothing_before(run: Run, data_dir: Path):
    ids = _silent(data_dir, misses=1)  # a missed step and a voicemail: 2 of 3 attempts
    refused = run("export", ids["last_try"], "--email", "--takeaway")
    assert refused.code == 1 and refused.out == ""
    assert "too early for a takeaway" in refused.err and "2 unanswered attempts" in refused.err
    after = json.loads(run("followups", "--json").out)[-1]
    assert after["attempts"] == 2 and after["stop_calling"] is False


def test_takeaway_uses_their_words_hands_control_back_and_counts_once(run: Run, data_dir: Path):
    ids = _silent(data_dir, misses=2)
    before = json.loads(run("followups", "--json").out)[-1]
    assert before["attempts"] == 3 and before["stop_calling"] is True
    result = run("export", ids["last_try"], "--email", "--takeaway")
    assert result.code == 0
    draft = result.out
    assert draft.startswith("Subject: Should I close your file?\n\nHi Pat,")
    # From the conversation, not the voicemail; and no count it cannot stand behind.
    assert 'since we last spoke about "phones ring off the hook at 8am"' in draft
    assert "a few times" not in draft and "I will not call again" in draft
    assert "counted as sent" in result.err and "nurture add" in result.err
    after = json.loads(run("followups", "--json").out)[-1]
    assert after["attempts"] == 4 and after["stop_calling"] is True
    assert after["attempt_list"][-1]["how"] == "takeaway"
    assert "already sent" in after["suggestion"]
    assert "export ID --email --takeaway" not in after["suggestion"]
    again = run("export", ids["last_try"], "--email", "--takeaway")
    assert again.code == 0 and again.out == draft and "not counted again" in again.err
    assert json.loads(run("followups", "--json").out)[-1]["attempts"] == 4


def test_takeaway_keeps_hostile_words_literal_and_never_overwrites(
    run: Run, data_dir: Path, tmp_path: Path
):
    playbook, now = discovery_playbook(), clock_now()
    odd = "{prospect.__class__} [bold]costs us {0}"
    talk = finished_call(playbook, now - timedelta(days=20), answers={"problems": [odd]})
    set_step_outcome(talk, "missed")
    tries = [unanswered_call(playbook, now - timedelta(days=9 - 4 * i)) for i in range(2)]
    ids = save_all(data_dir, talk, *tries)
    target = tmp_path / "takeaway.txt"
    target.write_text("mine")
    refused = run("export", ids[-1], "--email", "--takeaway", "--output", str(target))
    assert refused.code == 1 and "already exists" in refused.err
    assert target.read_text() == "mine"
    forced = ("--output", str(target), "--force")
    assert run("export", ids[-1], "--email", "--takeaway", *forced).code == 0
    assert f'"{odd}"' in target.read_text()
    assert run("export", ids[-1], "--takeaway").code == 2  # --takeaway needs --email


def test_no_takeaway_for_a_prospect_who_did_not_go_quiet(run: Run, data_dir: Path):
    (talk,) = save_all(data_dir, finished_call(discovery_playbook(), clock_now()))
    refused = run("export", talk, "--email", "--takeaway")
    assert refused.code == 1 and "has not gone quiet" in refused.err and refused.out == ""


def test_nurture_add_list_remove_with_their_hot_button(run: Run, data_dir: Path):
    ids = _silent(data_dir)
    added = run("nurture", "add", ids["last_try"], "--every", "21")
    assert added.code == 0 and "phones ring off the hook at 8am" in added.out
    (entry,) = json.loads(run("nurture", "list", "--json").out)
    assert (entry["prospect"], entry["every_days"], entry["due"]) == ("Pat Quill", 21, False)
    assert entry["topic"] == "phones ring off the hook at 8am"
    assert "WENT SILENT" not in run("followups").out  # on the list: not chased as silent
    assert "Pat Quill" in run("nurture", "list").out
    assert run("nurture", "remove", "pat quill").code == 0
    assert json.loads(run("nurture", "list", "--json").out) == []
    missing = run("nurture", "remove", "pat quill")
    assert missing.code == 1


def test_nurture_refuses_bad_input_plainly(run: Run, data_dir: Path):
    ids = _silent(data_dir)
    assert run("nurture", "add", ids["talk"], "--every", "0").code == 2
    assert run("nurture", "add", ids["talk"], "--topic", "  ").code == 1
    (data_dir / "nurture.json").write_text("{not json")
    broken = run("nurture", "list")
    assert broken.code == 1 and "damaged" in broken.err and "Traceback" not in broken.err
    assert (data_dir / "nurture.json").read_text() == "{not json"  # nothing lost


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda doc: doc["nurture"][0].update(every_days="x"), "nurture[0]: every_days"),
        (lambda doc: doc.update(nurtur=doc.pop("nurture")), "unknown key 'nurtur'"),
        (lambda doc: doc["nurture"][0].update(added="yesterday"), "nurture[0]: added"),
        (lambda doc: doc["nurture"][0].update(topic=["x"]), "nurture[0]: topic"),
        (lambda doc: doc.update(attempts=[{"key": "k", "at": 3}]), "attempts[0].at"),
    ],
)
def test_an_entry_callmate_did_not_write_is_named_never_dropped(
    run: Run, data_dir: Path, change: Callable[[dict[str, Any]], None], said: str
):
    ids = _silent(data_dir)
    assert run("nurture", "add", ids["last_try"]).code == 0
    path = data_dir / "nurture.json"
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))
    damaged = path.read_bytes()
    listed = run("nurture", "list")
    assert listed.code == 1 and said in listed.err and "Traceback" not in listed.err
    # A change would write the list without the entry it cannot read: refused, file kept.
    other = _silent(data_dir, prospect="Avery Ahead", company="Ahead Co")
    added = run("nurture", "add", other["last_try"])
    assert added.code == 1 and said in added.err
    assert path.read_bytes() == damaged
    followups = run("followups")
    assert followups.code == 0 and said in followups.err  # the lists still work, and say so


def test_a_prospect_who_answers_comes_off_the_list_and_back_into_followups(
    run: Run, data_dir: Path
):
    ids = _silent(data_dir)
    assert run("nurture", "add", ids["talk"]).code == 0
    later = finished_call(discovery_playbook(), clock_now() + timedelta(minutes=1))
    save_all(data_dir, later)
    assert json.loads(run("nurture", "list", "--json").out) == []
    rows = json.loads(run("followups", "--json").out)
    assert later.id in [r["id"] for r in rows if r["group"] == "due"]
    assert not [r for r in rows if r["group"] == "silent"]


def test_nurture_csv_for_an_email_tool_never_overwrites_without_force(
    run: Run, data_dir: Path, tmp_path: Path
):
    ids = _silent(data_dir)
    other = _silent(data_dir, prospect="=HYPERLINK(1)", company=HOSTILE[0])
    assert run("nurture", "add", ids["talk"], "--topic", "missed calls, at 8am").code == 0
    assert run("nurture", "add", other["talk"]).code == 0
    target = tmp_path / "nurture.csv"
    assert run("nurture", "export", "--csv", str(target)).code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    by_name = {r["name"]: r for r in rows}
    assert by_name["Pat Quill"]["topic"] == "missed calls, at 8am"
    assert (
        by_name["Pat Quill"]["first_name"] == "Pat" and by_name["Pat Quill"]["every_days"] == "30"
    )
    assert by_name["'=HYPERLINK(1)"]["company"] == "[bold]"  # no formula, text kept as typed
    again = run("nurture", "export", "--csv", str(target))
    assert again.code == 1 and "--force" in again.err
    assert run("nurture", "export", "--csv", str(target), "--force").code == 0
    assert Store(data_dir).summaries()  # the calls themselves are untouched


def test_a_touch_sent_moves_the_next_one_an_interval_on(run: Run, data_dir: Path):
    ids = _silent(data_dir)
    assert run("nurture", "add", ids["last_try"], "--every", "14").code == 0
    (before,) = json.loads(run("nurture", "list", "--json").out)
    touched = run("nurture", "touched", "Pat Quill")
    assert touched.code == 0 and "touch recorded" in touched.out
    (after,) = json.loads(run("nurture", "list", "--json").out)
    assert after["last_touch"] is not None
    assert after["next_touch"] >= before["next_touch"]
    assert after["due"] is False
    assert run("nurture", "touched", "Nobody Here").code == 1

"""History filters: the pure filter on real stored calls, and `callmate history` options."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmate.cli import main
from callmate.core.call_record import Note
from callmate.core.catalog import bundled_dir
from callmate.core.history_filter import HistoryFilter, fold, record_text
from callmate.core.playbook_loader import check_playbook
from callmate.store import Store
from tests.conftest import START
from tests.records import AT, answers, call_record
from tests.unit.export_support import discovery_playbook, finished_call


@pytest.fixture
def calls(data_dir: Path) -> dict[str, str]:
    """Four calls by role: two spellings of Pat (two playbooks), practice, and unfinished."""
    discovery = discovery_playbook()
    follow_up, problems = check_playbook(bundled_dir() / "follow-up.yaml")
    assert follow_up is not None, problems
    records = {
        "pat": finished_call(
            discovery,
            START - timedelta(days=10),
            notes=["Budget lives with the REGIONAL office"],
        ),
        "pat_again": finished_call(
            follow_up,
            START - timedelta(days=3),
            answers={},
            hot=None,
            prospect="pat  quill",
            company="hollow pines dental",
        ),
        "robin": finished_call(
            discovery,
            START - timedelta(days=1),
            prospect="Robin Harrow",
            company="Bright Harbor Logistics",
            mode="practice",
        ),
        "sam": finished_call(
            discovery, START, prospect="Sam Santos", company="Northgate", step=None
        ),
    }
    store = Store(data_dir)
    for record in records.values():
        store.save(record)
    return {role: record.id for role, record in records.items()}


def summaries(data_dir: Path) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in Store(data_dir).summaries()}


def kept(data_dir: Path, calls: dict[str, str], wanted: HistoryFilter) -> set[str]:
    """Roles of the calls the filter keeps, summary first, record only when it must."""
    store, rows = Store(data_dir), summaries(data_dir)
    ids = [i for i, row in rows.items() if wanted.matches_summary(row)]
    if wanted.needs_record:
        ids = [i for i in ids if wanted.matches_record(store.load(i))]
    roles = {session_id: role for role, session_id in calls.items()}
    return {roles[i] for i in ids}


# ------------------------------------------------------------------------------- the filter


def test_empty_filter_keeps_everything(data_dir: Path, calls: dict[str, str]):
    assert kept(data_dir, calls, HistoryFilter()) == set(calls)
    assert not HistoryFilter(text="   ").needs_record


@pytest.mark.parametrize(
    ("wanted", "roles"),
    [
        (HistoryFilter(prospect="PAT   Quill"), {"pat", "pat_again"}),
        (HistoryFilter(prospect="quill", company="HOLLOW"), {"pat", "pat_again"}),
        (HistoryFilter(company="harbor"), {"robin"}),
        (HistoryFilter(playbook="Follow-Up"), {"pat_again"}),
        (HistoryFilter(playbook="first"), set()),  # playbook names match whole
        (HistoryFilter(mode="practice"), {"robin"}),
        (HistoryFilter(mode="live", status="completed"), {"pat", "pat_again"}),
        (HistoryFilter(status="in_progress"), {"sam"}),
        (HistoryFilter(quick="follow"), {"pat_again"}),
        (HistoryFilter(quick="northGATE"), {"sam"}),
        (HistoryFilter(quick="robin", mode="live"), set()),
    ],
)
def test_summary_fields(data_dir: Path, calls: dict[str, str], wanted, roles):
    assert not wanted.needs_record
    assert kept(data_dir, calls, wanted) == roles


def test_dates_are_inclusive_days(data_dir: Path, calls: dict[str, str]):
    day = (START - timedelta(days=3)).date()
    assert kept(data_dir, calls, HistoryFilter(since=day)) == {"pat_again", "robin", "sam"}
    assert kept(data_dir, calls, HistoryFilter(until=day)) == {"pat", "pat_again"}
    assert kept(data_dir, calls, HistoryFilter(since=day, until=day)) == {"pat_again"}


def test_date_filters_leave_out_calls_without_a_readable_start():
    assert HistoryFilter().matches_summary({"id": "x", "started": "soon"})
    assert not HistoryFilter(since=date(2020, 1, 1)).matches_summary({"started": "soon"})
    assert not HistoryFilter(until=date(2030, 1, 1)).matches_summary({"id": "x"})


def test_a_summary_without_mode_counts_as_live():
    assert HistoryFilter(mode="live").matches_summary({"id": "x"})
    assert not HistoryFilter(mode="practice").matches_summary({"id": "x"})


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("regional office", {"pat"}),  # a note, any case
        ("PHONES ring", {"pat", "robin", "sam"}),  # a POWN item
        ("dr lee", {"pat", "robin", "sam"}),  # an item of a list answer
        ("call logs", {"pat", "pat_again", "robin"}),  # the next step
        ("this quarter", {"pat", "robin", "sam"}),  # a choice answer
        ("true", set()),  # yes/no answers are not words
        ("nowhere at all", set()),
    ],
)
def test_text_searches_inside_the_call(data_dir: Path, calls: dict[str, str], text, roles):
    wanted = HistoryFilter(text=text)
    assert wanted.needs_record
    assert kept(data_dir, calls, wanted) == roles


def test_text_and_summary_fields_combine(data_dir: Path, calls: dict[str, str]):
    wanted = HistoryFilter(text="phones", status="completed", mode="live")
    assert kept(data_dir, calls, wanted) == {"pat"}


def test_record_text_holds_every_word_and_no_flag_or_number():
    record = call_record(
        prospect="Pat  Quill",
        company="Acme",
        answers=answers(a=True, b=7, c=["Dr Lee"], d=[{"text": "Slow Phones", "tag": "problem"}]),
        notes=[{"text": "Call back", "at": AT}],
        next_step={"due": AT, "what": "Demo", "channel": "Phone"},
    )
    assert record_text(record).splitlines() == [
        "pat quill", "acme", "first-discovery", "dr lee", "slow phones", "call back", "demo",
        "phone",
    ]  # fmt: skip


@given(note=st.text(max_size=40), data=st.data())
def test_any_part_of_a_note_is_found(note: str, data: st.DataObject):
    start = data.draw(st.integers(0, len(note)))
    end = data.draw(st.integers(start, len(note)))
    part = note[start:end]
    wanted = HistoryFilter(text=part)
    record = call_record()
    record.notes = [Note(note, AT)]  # as typed, whatever it holds
    assert wanted.matches_record(record)
    assert wanted.needs_record == bool(fold(part))


# ------------------------------------------------------------------------------- the CLI


def history(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["history", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ids_printed(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines()]


def test_cli_filters_the_table(capsys, calls: dict[str, str]):
    code, out, _ = history(capsys, "--prospect", "pat", "--mode", "live")
    assert code == 0
    assert ids_printed(out) == [calls["pat_again"], calls["pat"]]  # newest first
    code, out, _ = history(capsys, "--status", "in_progress")
    assert ids_printed(out) == [calls["sam"]]
    _, out, _ = history(capsys, "--playbook", "follow-up", "--company", "hollow")
    assert ids_printed(out) == [calls["pat_again"]]
    day = (START - timedelta(days=3)).date().isoformat()
    _, out, _ = history(capsys, "--since", day, "--until", day)
    assert ids_printed(out) == [calls["pat_again"]]


def test_cli_search_reads_the_calls(capsys, calls: dict[str, str]):
    code, out, _ = history(capsys, "--search", "Regional")
    assert (code, ids_printed(out)) == (0, [calls["pat"]])
    code, out, _ = history(capsys, "--search", "regional", "--json")
    rows = json.loads(out)
    assert [row["id"] for row in rows] == [calls["pat"]]
    assert rows[0]["notes"] == ["Budget lives with the REGIONAL office"]


def test_cli_json_takes_the_same_filters(capsys, calls: dict[str, str]):
    code, out, _ = history(capsys, "--json", "--mode", "practice")
    assert code == 0
    assert [row["id"] for row in json.loads(out)] == [calls["robin"]]
    _, out, _ = history(capsys, "--json")
    assert [row["id"] for row in json.loads(out)] == [
        calls["sam"], calls["robin"], calls["pat_again"], calls["pat"],
    ]  # fmt: skip


def test_cli_says_when_nothing_matches(capsys, calls: dict[str, str]):
    assert history(capsys, "--prospect", "nobody") == (0, "no calls match (of 4 stored)\n", "")
    assert history(capsys, "--json", "--prospect", "nobody") == (0, "[]\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--since", "23/11/2026"), "--since needs a date like 2026-11-01, not '23/11/2026'"),
        (("--until", "tomorrow"), "--until needs a date like 2026-11-01, not 'tomorrow'"),
        (
            ("--since", "2026-11-02", "--until", "2026-11-01"),
            "--since 2026-11-02 is after --until 2026-11-01: nothing could match",
        ),
    ],
)
def test_cli_bad_dates(capsys, data_dir: Path, argv, message):
    assert history(capsys, *argv) == (1, "", f"callmate: error: {message}\n")


def test_cli_unknown_mode_is_a_usage_error(capsys, data_dir: Path):
    with pytest.raises(SystemExit) as exit_info:
        main(["history", "--mode", "demo"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'demo'" in capsys.readouterr().err


def test_cli_prints_control_characters_harmlessly(capsys, data_dir: Path):
    record = finished_call(discovery_playbook(), START, prospect="Eve\x1b[2J", step=None)
    Store(data_dir).save(record)
    _, out, _ = history(capsys)
    assert "\x1b" not in out
    assert "Eve[2J (Hollow Pines Dental)" in out


def test_history_json_and_show_tell_the_same_call(capsys, calls: dict[str, str]):
    """One view of a call: the list's JSON is made from the summary `show` prints."""
    _, out, _ = history(capsys, "--json", "--prospect", "Pat Quill")
    listed = {row["id"]: row for row in json.loads(out)}
    for session_id in (calls["pat"], calls["pat_again"]):
        assert main(["show", session_id, "--format", "json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        row = listed[session_id]
        assert row["notes"] == [note["text"] for note in shown["notes"]]
        assert row["next_step"] == shown["next_step"]
        assert row["hot_buttons"] == shown["hot_buttons"]
        for group in shown["answers"].values():
            for answer in group:
                assert row["answers"][answer["question"]] == answer["value"]
        for item in shown["powns"]:
            assert {"text": item["text"], "tag": item["tag"], "hot": item["hot"]} in row["answers"][
                item["question"]
            ]
    assert listed[calls["pat"]]["answers"]  # the fixture's first call holds answers


def test_a_continuation_or_retry_is_marked_in_both_histories(run, data_dir: Path) -> None:
    # A call that ended on a continuation must not read like an advance in a list.
    from dataclasses import replace as with_fields

    from callmate.tui.screens.history import row_cells, row_detail
    from tests.unit.export_support import STEP
    from tests.unit.silence_support import unanswered_call

    playbook = discovery_playbook()
    vague = with_fields(
        STEP,
        what="email them a brochure",
        their_commitment="read it",
        channel="email",
        why_continuation="they will not book yet",
    )
    cont = finished_call(playbook, START, step=vague)
    retry = unanswered_call(playbook, START + timedelta(hours=1), "voicemail")
    plain = finished_call(playbook, START + timedelta(hours=2), prospect="Ann Lee")
    store = Store(data_dir)
    for record in (cont, retry, plain):
        store.save(record)
    lines = {line.split()[0]: line for line in run("history").out.splitlines()}
    assert lines[cont.id].endswith("[continuation]")
    assert lines[retry.id].endswith("[retry]")
    assert "[" not in lines[plain.id]
    rows = {row["id"]: row for row in store.summaries()}
    # In the table the kind comes first: a narrow column cuts the end of a long step.
    assert str(row_cells(rows[cont.id])["next"]) == "[continuation] email them a brochure"
    assert str(row_cells(rows[retry.id])["next"]).startswith("[retry] ")
    assert str(row_cells(rows[plain.id])["next"]) == "20-minute call to go through the quote"
    assert "[continuation] email them a brochure" in str(row_detail(rows[cont.id]))
    practice = {**rows[plain.id], "mode": "practice"}
    assert str(row_cells(practice)["status"]) == "completed"  # the mode column says it
    assert str(row_cells(practice, with_mode=False)["status"]) == "practice"

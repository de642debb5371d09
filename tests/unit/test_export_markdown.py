"""`show`: the summary built from a record, and Markdown that renders user text as typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmate.core.call_record import Objection, encode_record
from callmate.core.playbook_loader import load_playbook
from callmate.export.markdown import md_line, md_text, render_markdown
from callmate.export.summary import build_summary
from callmate.usecases.playbooks import find_playbook
from tests.conftest import START
from tests.unit.export_support import (
    HOSTILE,
    discovery_playbook,
    finished_call,
    rendered_text,
)

# Printable text without control characters (which no rep can type into the call screen).
typed_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda s: s.strip())


@pytest.mark.parametrize(
    "text",
    [
        *HOSTILE,
        "*really* urgent",
        "_not_ emphasis, snake_case stays",
        "x.__class__",
        "`code` and ``more``",
        "[link](http://example.com) ![img](x.png)",
        "<b>bold</b> <http://example.com>",
        "AT&T &amp; &#65; &copy;",
        "a | b | c",
        "~~gone~~",
        "back\\slash \\* \\",
    ],
)
def test_inline_markup_in_user_text_renders_literally(text):
    assert rendered_text(md_text(text)).strip() == text
    assert rendered_text(f"- {md_text(text)}").strip() == text


@pytest.mark.parametrize(
    "text", ["# not a heading", "> not a quote", "- not a list", "+ nor this", "1. nor this",
             "2) nor this", "---", "===", "***", "    not code", "```", "~~~", "| a |"],
)  # fmt: skip
def test_line_starts_that_would_make_blocks_render_literally(text):
    assert rendered_text(md_text(text)).strip() == text.strip()
    assert rendered_text(f"- {md_text(text)}").strip() == text.strip()


def test_escaping_is_minimal():
    assert md_line("{x} and [bold] and snake_case > 3 and Smith & Co!") == (
        "{x} and \\[bold] and snake_case > 3 and Smith & Co!"
    )


def test_several_lines_stay_separate_lines_of_one_item():
    markdown = "- " + md_text("first line\n\n- second\n# third")
    assert rendered_text(markdown).strip().splitlines() == ["first line", "- second", "# third"]


@given(typed_text)
def test_any_typed_text_renders_as_typed(text):
    assert rendered_text(md_text(text)).strip() == text.strip()
    assert rendered_text(f"- {md_text(text)}").strip() == text.strip()


# ------------------------------------------------------------------------------- summary


def test_summary_groups_answers_by_the_playbooks_section_kinds():
    playbook = discovery_playbook()
    record = finished_call(playbook, START, notes=["call back after lunch"])
    summary = build_summary(record, playbook)
    assert summary["playbook"] == {
        "name": "first-discovery",
        "title": "First discovery call",
        "version": "1",
        "loaded": True,
    }
    assert summary["powns"] == [
        {"text": "phones ring off the hook at 8am", "tag": "problem", "hot": True,
         "question": "problems"},
        {"text": "open a second site", "tag": "opportunity", "hot": False,
         "question": "problems"},
    ]  # fmt: skip
    assert summary["hot_buttons"] == ["phones ring off the hook at 8am"]
    answers = summary["answers"]
    assert [a["question"] for a in answers["agenda"]] == ["time_check", "agenda_shared"]
    assert [a["question"] for a in answers["commitment"]] == ["start_when"]
    assert [a["question"] for a in answers["decision_maker"]] == ["deciders", "contact_decides"]
    assert [a["question"] for a in answers["objections"]] == ["concerns"]
    assert answers["commitment"][0]["label"].startswith(
        "Suppose we could take care of phones ring off the hook at 8am: realistically"
    ), "prompts are shown with the call's own answers filled in"
    decides = answers["decision_maker"][1]
    assert (decides["value"], decides["text"]) == (False, "no")
    assert answers["decision_maker"][0]["text"] == "Dr Lee and office manager"
    assert [n["text"] for n in summary["notes"]] == ["call back after lunch"]
    assert summary["next_step"] == encode_record(record)["next_step"]


def test_without_the_playbook_answers_are_grouped_from_the_record(tmp_path: Path):
    source = discovery_playbook()
    record = finished_call(source, START)
    record.playbook.name, record.playbook.path = "gone", str(tmp_path / "gone.yaml")
    assert find_playbook(record) is None
    summary = build_summary(record, None)
    assert summary["playbook"]["loaded"] is False
    assert [i["text"] for i in summary["powns"] if i["hot"]] == ["phones ring off the hook at 8am"]
    answers = summary["answers"]
    assert [a["question"] for a in answers["agenda"]] == ["agenda_shared"]  # by its id
    assert [a["question"] for a in answers["decision_maker"]] == ["deciders", "contact_decides"]
    assert [a["question"] for a in answers["objections"]] == ["concerns"]
    assert [a["question"] for a in answers["other"]] == ["time_check", "start_when"]
    assert answers["other"][0]["label"] == "Time check"
    markdown = render_markdown(summary)
    assert "could not be loaded" in markdown
    assert "Contact decides" in rendered_text(markdown)


def test_playbook_found_by_name_when_its_stored_path_moved(tmp_path: Path):
    record = finished_call(discovery_playbook(), START)
    record.playbook.path = str(tmp_path / "moved-away.yaml")
    found = find_playbook(record)
    assert found is not None and found.name == "first-discovery"


def test_playbook_file_that_no_longer_loads_is_not_used(tmp_path: Path, small_playbook_path):
    record = finished_call(
        load_playbook(small_playbook_path), START, answers={"time_ok": "y", "problems": ["slow"]},
        hot=None,
    )  # fmt: skip
    small_playbook_path.write_text("format: 1\nname: [broken\n", encoding="utf-8")
    assert find_playbook(record) is None


def test_markdown_summary_reads_like_a_crm_note():
    playbook = discovery_playbook()
    record = finished_call(playbook, START, notes=["wants a *free* trial [bold]"])
    markdown = render_markdown(build_summary(record, playbook))
    text = rendered_text(markdown)
    assert markdown.startswith("# Call with Pat Quill, Hollow Pines Dental\n")
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Objective",
        "## Agenda",
        "## Problems, opportunities, wants and needs",
        "## Commitment",
        "## Decision process",
        "## Objections",
        "## Notes",
        "## Next step",
    ]
    assert "- ★ phones ring off the hook at 8am (hot button)" in markdown
    assert "- open a second site" in markdown
    assert "this quarter" in text
    assert "wants a *free* trial [bold]" in text
    assert "Wed 25 Nov 2026, 10:00 UTC+01:00" in text
    assert "Their commitment: bring last month's call logs" in text


def test_hostile_text_shows_literally_in_the_rendered_summary():
    playbook = discovery_playbook()
    answers = {**{"agenda_shared": HOSTILE[2]}, "problems": [f"p: {h}" for h in HOSTILE]}
    record = finished_call(playbook, START, answers=answers, prospect=HOSTILE[0], notes=HOSTILE)
    text = rendered_text(render_markdown(build_summary(record, playbook)))
    for hostile in HOSTILE:
        assert text.count(hostile) >= 2, hostile  # in the POWNs and in the notes at least
    assert "Call with [bold], Hollow Pines Dental" in text


def test_objection_cards_opened_on_the_call_are_listed_with_the_objections():
    playbook = discovery_playbook()
    record = finished_call(playbook, START, answers={}, hot=None)
    record.objections = [
        Objection("price", "2026-11-23T10:05:00+01:00", "Too expensive",
                  "2026-11-23T10:07:00+01:00", "concerns"),
        Objection("timing", "2026-11-23T10:08:00+01:00", "Not now"),
    ]  # fmt: skip
    summary = build_summary(record, playbook)
    assert [(c["title"], c["resolved"]) for c in summary["objection_cards"]] == [
        ("Too expensive", True),
        ("Not now", False),
    ]
    markdown = render_markdown(summary)
    section = markdown.split("## Objections\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "- Raised: Too expensive (worked through)",
        "- Raised: Not now (still open)",
    ]

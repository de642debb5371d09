"""One stored call, read-only: what was said, the next step, the scorecard, and copy keys.

The view is drawn from the same summary `callmate show` prints, piece by piece with literal text;
the copy key hands over that summary as Markdown, ready for a CRM note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer

from callmate.core.clock import now as wall_clock
from callmate.core.playbook import Playbook
from callmate.core.scoring import Scorecard, score_record
from callmate.export.calendar import NoNextStep
from callmate.export.email import follow_up_email
from callmate.export.markdown import ANSWER_HEADINGS, POWN_HEADINGS, render_markdown
from callmate.export.playbooks import find_playbook
from callmate.export.summary import build_summary
from callmate.export.when import parse_stamp, short_stamp
from callmate.tui.text import Plain, line

Part = str | tuple[str, str]
STEP_FIELDS = (
    ("their_commitment", "Their commitment"),
    ("our_commitment", "Our commitment"),
    ("channel", "Channel"),
)


def _when(value: object) -> str:
    stamp = parse_stamp(value)
    return short_stamp(stamp) if stamp is not None else str(value or "")


def _heading(summary: Mapping[str, Any]) -> Content:
    company = summary.get("company")
    who = f"{summary.get('prospect') or ''}" + (f", {company}" if company else "")
    playbook = summary["playbook"]
    facts = [
        _when(summary.get("started")),
        str(playbook.get("title") or playbook.get("name") or "unknown playbook"),
        str(summary.get("status") or "").replace("_", " "),
    ]
    if summary.get("mode") == "practice":
        facts.append("practice")
    return line(("Call with ", "bold"), (who, "bold $accent"), "\n", " · ".join(facts))


def _answers(answers: list[Mapping[str, Any]]) -> list[Part]:
    parts: list[Part] = []
    for answer in answers:
        parts += ["\n• ", (str(answer["label"]), "italic"), "\n    → ", str(answer["text"])]
    return parts


def _powns(summary: Mapping[str, Any]) -> list[Part]:
    parts: list[Part] = []
    for tag, heading in POWN_HEADINGS.items():
        items = [i for i in summary["powns"] if i["tag"] == tag]
        if items:
            parts += ["\n", (heading, "bold")]
        for item in items:
            star = ("★ ", "bold $warning") if item["hot"] else "  "
            parts += ["\n  ", star, item["text"]]
    return parts or ["\nNothing recorded."]


def _next_step(step: Mapping[str, Any] | None) -> list[Part]:
    if not step:
        return ["\nNone agreed."]
    parts: list[Part] = ["\n", (_when(step.get("due")), "bold"), "  ", str(step.get("what") or "")]
    for key, name in STEP_FIELDS:
        if step.get(key):
            parts += [f"\n{name}: ", str(step[key])]
    if step.get("outcome"):
        parts += ["\nOutcome: ", str(step["outcome"])]
    return parts


def _scorecard(card: Scorecard) -> list[Part]:
    parts: list[Part] = ["\n", (f"{card.total} / 100", "bold $accent")]
    for item in card.criteria:
        mark = f"{item.points}/{item.max}" if item.scored else "–"
        good = item.scored and item.points == item.max
        parts += ["\n", (f"{mark:>5}  ", "$success" if good else "$warning"), (item.label, "bold")]
        parts += ["  ", item.reason]
    return parts


def section(title: str, body: list[Part]) -> Content:
    return line((title, "bold underline"), *body)


def summary_sections(summary: Mapping[str, Any], card: Scorecard | None) -> list[Content]:
    """The call as blocks of literal text, in the order of the Markdown summary."""
    blocks = [_heading(summary)]
    if summary.get("objective"):
        blocks.append(section("Objective", ["\n", str(summary["objective"])]))
    answers = summary["answers"]
    if answers["agenda"]:
        blocks.append(section("Agenda", _answers(answers["agenda"])))
    blocks.append(section("Problems, opportunities, wants and needs", _powns(summary)))
    for kind, heading in ANSWER_HEADINGS:
        if answers[kind]:
            blocks.append(section(heading, _answers(answers[kind])))
    if answers["other"]:
        blocks.append(section("Other answers", _answers(answers["other"])))
    if summary["notes"]:
        notes: list[Part] = []
        for note in summary["notes"]:
            notes += ["\n• ", note["text"]]
        blocks.append(section("Notes", notes))
    blocks.append(section("Next step", _next_step(summary.get("next_step"))))
    if card is not None:
        blocks.append(section("Scorecard", _scorecard(card)))
    return blocks


def scorecard_for(record: dict[str, Any], playbook: Playbook | None) -> Scorecard | None:
    """A finished call's scorecard (live or practice); None while it is still in progress."""
    if record.get("status") != "completed":
        return None
    try:
        return score_record(record, playbook)
    except ValueError:
        return None  # the playbook's scoring settings no longer fit: show the call without it


class SessionView(Screen[None]):
    CSS_PATH = "session_view.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Back to the list of calls"),
        Binding(
            "c",
            "copy_summary",
            "Copy summary",
            tooltip="Copy this call's summary as Markdown (for a CRM note)",
        ),
        Binding(
            "e",
            "copy_email",
            "Copy email",
            tooltip="Copy a follow-up email draft about the agreed next step",
        ),
    ]

    def __init__(self, record: dict[str, Any], clock: Callable[[], datetime] = wall_clock) -> None:
        super().__init__()
        self.record = record
        self.clock = clock
        self.playbook = find_playbook(record)
        self.summary = build_summary(record, self.playbook)
        self.card = scorecard_for(record, self.playbook)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="session-body"):
            for block in summary_sections(self.summary, self.card):
                yield Plain(block, classes="session-block")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#session-body", VerticalScroll).focus()

    def action_copy_summary(self) -> None:
        self.app.copy_to_clipboard(render_markdown(self.summary))
        who = str(self.record.get("prospect") or "this call")
        self.notify(f"Summary of the call with {who} copied.", markup=False)

    def action_copy_email(self) -> None:
        try:
            draft = follow_up_email(self.record, self.clock())
        except NoNextStep:
            self.notify(
                "This call has no next step yet, so there is no follow-up to write.",
                severity="warning",
                markup=False,
            )
            return
        self.app.copy_to_clipboard(draft)
        self.notify("Follow-up email draft copied.", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

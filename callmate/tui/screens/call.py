"""The live call screen: the current question large, where the rep is, and what was captured.

It only renders the session and forwards keys to it; every rule (branching, the next-step gate)
lives in `callmate.core.session`. Dialogs are imported when first opened, so the first question is
on screen as soon as possible.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input

from callmate.autosave import Keeper
from callmate.core.answers import AnswerError, answer_text, editable_text
from callmate.core.cues import Cue, active_cues
from callmate.core.judgement import Judged, Verdict
from callmate.core.playbook import Capture, Question
from callmate.core.session import CallSession, GateClosed
from callmate.tui.text import Plain, line

if TYPE_CHECKING:
    from callmate.core.persona import PracticePartner

PLACEHOLDERS = {
    Capture.TEXT: "type what they said — Enter records it and moves on",
    Capture.YES_NO: "y or n — Enter records it",
    Capture.SCALE: "a number from 1 to 10 — Enter records it",
    Capture.LIST: "one item per Enter — an empty Enter moves on",
    Capture.POWNS: (
        "one per Enter; p: o: w: n: sets problem/opportunity/want/need — empty Enter moves on"
    ),
}
TAG_LETTER = {"problem": "P", "opportunity": "O", "want": "W", "need": "N"}


#: How each qualification verdict looks: met, not met (with the reason), not known yet.
SLOT_MARKS = {
    Verdict.MET: ("✓ ", "$success", ""),
    Verdict.NOT_MET: ("✗ ", "$error", ""),
    Verdict.UNKNOWN: ("○ ", "$text-muted", "dim"),
}


def slot_parts(label: str, judged: Judged) -> list[str | tuple[str, str]]:
    """One qualification slot as the rep reads it: "✗ Pain agreed — they said no"."""
    mark, mark_style, label_style = SLOT_MARKS[judged.verdict]
    parts: list[str | tuple[str, str]] = [(mark, mark_style), (label, label_style)]
    if judged.verdict is Verdict.NOT_MET and judged.reason:
        parts.append((f" — {judged.reason}", "$warning"))
    parts.append("\n")
    return parts


class CallScreen(Screen[None]):
    CSS_PATH = "call.tcss"
    BINDINGS = [
        Binding("ctrl+b", "back", "Back", tooltip="Go back to the previous question"),
        Binding("ctrl+n", "skip", "Skip", tooltip="Skip this question for now"),
        Binding("ctrl+g", "jump", "Section", tooltip="Jump to a section of the playbook"),
        Binding("ctrl+s", "star", "Hot button", tooltip="Star a captured POWN as the hot button"),
        Binding("ctrl+o", "note", "Note", tooltip="Add a free note to the call"),
        Binding("ctrl+t", "objection", "Objection", tooltip="Find an objection card by its words"),
        Binding("ctrl+l", "toggle_cues", "Cues", tooltip="Turn live coaching cues off or on"),
        Binding("ctrl+r", "restart", "Restart", tooltip="Practice only: start again from the top"),
        Binding("ctrl+e", "end_call", "End call", priority=True, tooltip="Capture the next step"),
    ]

    def __init__(
        self,
        session: CallSession,
        keeper: Keeper,
        clock: Callable[[], datetime],
        partner: PracticePartner | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.keeper = keeper
        self.clock = clock
        self.partner = partner
        self.replied_to: str | None = None

    @property
    def practice(self) -> bool:
        return self.session.record["mode"] == "practice"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Restart exists only in practice: hidden from the footer and palette on a real call."""
        if action == "restart":
            return self.practice
        return True

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="topbar"):
            yield Plain(id="objective")
            with Horizontal(id="status"):
                yield Plain(id="who")
                yield Plain(id="clock")
                yield Plain(id="saved")
        with Horizontal(id="body"):
            yield Plain(id="sections")
            with Vertical(id="main"):
                yield Plain(id="section-title")
                yield Plain(id="prompt")
                if self.practice:
                    yield Plain(id="prospect-says")
                yield Plain(id="hints")
                yield Input(id="answer")
                yield Plain(id="message")
                yield Plain(id="coach")
                yield Plain(id="card")
            with Vertical(id="side"):
                yield Plain(id="cues")
                with VerticalScroll(id="captured-box"):
                    yield Plain(id="captured")
        yield Footer()

    def on_mount(self) -> None:
        record = self.session.record
        self.query_one("#objective", Plain).update(
            line(("Objective: ", "bold"), record.get("objective") or "")
        )
        who = record["prospect"] + (f" · {record['company']}" if record["company"] else "")
        mode = "  (practice)" if record["mode"] == "practice" else ""
        self.query_one("#who", Plain).update(line((who, "bold"), mode))
        self.set_interval(1, self.tick)
        self.tick()
        self.refresh_call(prefill=True)
        draft = record.pop("draft", None)
        if draft:
            # Typed but not yet recorded when the terminal closed: give it back.
            self.query_one("#answer", Input).value = str(draft)
        self.show_saved(saved=not self.keeper.unsaved)
        self.query_one("#answer", Input).focus()

    # -- rendering --------------------------------------------------------------------------
    def tick(self) -> None:
        now = self.clock()
        session = self.session
        minutes, secs = divmod(session.elapsed_seconds(now), 60)
        budget = session.playbook.minutes
        parts: list[str | tuple[str, str]] = [
            (f"⏱ {minutes:02d}:{secs:02d}", "bold $error" if minutes >= budget else ""),
            f" of {budget} min",
        ]
        current = session.current()
        if current is not None:
            section = session.playbook.section(current.section_id)
            spent = session.section_seconds(now).get(section.id, 0)
            if section.minutes:
                over = spent > section.minutes * 60
                parts.append(
                    (
                        f"  ·  {section.title[:24]} {spent // 60:02d}:{spent % 60:02d}"
                        f" / {section.minutes} min{' — over' if over else ''}",
                        "bold $error" if over else "",
                    )
                )
        self.query_one("#clock", Plain).update(line(*parts))
        self.render_cues()
        if self.keeper.unsaved and self.keeper.retry():
            self.show_saved(saved=True)

    def visible_cues(self) -> list[Cue]:
        """The cues to show now, recorded in the session the first time each one shows."""
        if not self.session.cues_enabled():
            return []
        now = self.clock()
        cues = active_cues(self.session, now)
        self.session.note_cues([c.id for c in cues], now)
        return cues

    def render_cues(self) -> None:
        """Cues sit quietly at the side; one that appears on its own (the clock) is saved."""
        session = self.session
        widget = self.query_one("#cues", Plain)
        revision = session.record["revision"]
        cues = self.visible_cues()
        if session.record["revision"] != revision:
            self.show_saved(saved=self.keeper.save(session.record))
        if not session.cues_enabled():
            widget.update(line(("Cues off (ctrl+l)", "dim")))
            return
        if not cues:
            widget.update("")
            return
        parts: list[str | tuple[str, str]] = [("Cues\n", "bold $warning")]
        for cue in cues:
            parts.append(f"› {cue.text}\n")
        widget.update(line(*parts))

    def render_card(self) -> None:
        widget = self.query_one("#card", Plain)
        open_cards = self.session.open_objections()
        widget.display = bool(open_cards)
        if not open_cards:
            return
        card = next(c for c in self.session.playbook.cards if c.id == open_cards[-1]["card"])
        title = self.session.say(card.title)
        parts: list[str | tuple[str, str]] = [(f"Objection: {title}\n", "bold")]
        if card.response:
            parts.append(self.session.say(card.response) + "\n")
        parts.extend(f"• {self.session.say(p)}\n" for p in card.probes)
        parts.append(("ctrl+t → mark it worked through", "dim"))
        widget.update(line(*parts))

    def show_saved(self, *, saved: bool) -> None:
        widget = self.query_one("#saved", Plain)
        if saved:
            widget.update(line(("✓ saved ", "$success"), f"{self.clock():%H:%M:%S}"))
            widget.remove_class("unsaved")
        else:
            reason = str(self.keeper.error) if self.keeper.error else "the disk refused the write"
            widget.update(line(("NOT SAVED — retrying: ", "bold"), reason))
            widget.add_class("unsaved")

    def refresh_call(self, *, prefill: bool) -> None:
        session = self.session
        question = session.current()
        self.render_sections(question)
        title = self.query_one("#section-title", Plain)
        prompt = self.query_one("#prompt", Plain)
        hints = self.query_one("#hints", Plain)
        answer = self.query_one("#answer", Input)
        if question is None:
            title.update(line(("All questions asked", "bold")))
            prompt.update("Agree the next step with the prospect, then press ctrl+e to capture it.")
            hints.update("ctrl+b goes back · ctrl+g jumps to a section · ctrl+o adds a note")
            answer.placeholder = "nothing left to ask — ctrl+e captures the next step"
            if prefill:
                answer.value = ""
            self.render_captured()
            self.render_card()
            self.render_cues()
            return
        section = session.playbook.section(question.section_id)
        index, total = session.position()
        title.update(
            line(
                (section.title, "bold"),
                f"  ·  question {index} of {total}",
                ("  ·  required" if question.required else "", "$warning"),
            )
        )
        parts: list[str | tuple[str, str]] = []
        first_here = next(q for q in session.path() if q.section_id == section.id)
        if section.intro and question.id == first_here.id:
            parts.append((session.say(section.intro) + "\n\n", "italic"))
        parts.append(session.prompt(question))
        prompt.update(line(*parts))
        hints.update("\n".join(f"• {session.say(h)}" for h in question.hints))
        answer.placeholder = self.placeholder(question)
        if prefill:
            answer.value = editable_text(question, session.value(question.id))
        self.prospect_replies(question)
        self.render_captured()
        self.render_card()
        self.render_cues()

    def prospect_replies(self, question: Question) -> None:
        """In practice, the persona answers once each time the rep arrives at a question."""
        if not self.practice or question.id == self.replied_to:
            return
        self.replied_to = question.id
        pane = self.query_one("#prospect-says", Plain)
        if self.partner is None:
            pane.update(line(("Your partner answers as the prospect.", "dim")))
            return
        reply = self.partner.reply(question, self.session)
        self.session.record_reply(question.id, reply.text, reply.objection, self.clock())
        self.keeper.save(self.session.record)
        who = self.partner.persona.display_name
        parts: list[str | tuple[str, str]] = [(f"{who}: ", "bold $accent"), reply.text]
        if reply.objection:
            parts += [("\nObjection: ", "bold $warning"), reply.objection]
        pane.update(line(*parts))

    def placeholder(self, question: Question) -> str:
        if question.capture is Capture.CHOICE:
            return "  ".join(f"{i}: {c}" for i, c in enumerate(question.choices, 1))
        return PLACEHOLDERS[question.capture]

    def render_sections(self, current: Question | None) -> None:
        session = self.session
        path = session.path()
        parts: list[str | tuple[str, str]] = [("Playbook\n", "bold")]
        for section in session.playbook.sections:
            asked = [q for q in path if q.section_id == section.id]
            open_required = [q for q in asked if q.required and not session.is_answered(q.id)]
            done = bool(asked) and all(session.is_answered(q.id) for q in asked)
            here = current is not None and current.section_id == section.id
            mark = "▶ " if here else ("✓ " if done else "· ")
            parts.append((mark + section.title, "bold $accent" if here else ""))
            if open_required:
                parts.append((f"  {len(open_required)} required", "$warning"))
            parts.append("\n")
        open_total = len(session.open_required())
        parts.append(("\nrequired still open: ", "dim"))
        parts.append((str(open_total), "bold $warning" if open_total else "$success"))
        slots = session.slots()
        if slots:
            parts.append(("\n\nQualification\n", "bold"))
            for label, judged in slots:
                parts.extend(slot_parts(label, judged))
        self.query_one("#sections", Plain).update(line(*parts))

    def render_captured(self) -> None:
        session = self.session
        parts: list[str | tuple[str, str]] = [("Captured\n", "bold")]
        for _, _, item in session.powns():
            star = "★ " if item.get("hot") else "  "
            parts.append((star, "bold $warning"))
            parts.append((f"{TAG_LETTER.get(item.get('tag', ''), '?')} ", "$accent"))
            parts.append(item["text"] + "\n")
        for q in session.path():
            if q.capture is Capture.POWNS or not session.is_answered(q.id):
                continue
            parts.append((f"{q.id}: ", "dim"))
            parts.append(answer_text(q, session.value(q.id)) + "\n")
        notes = session.record["notes"]
        if notes:
            parts.append(("\nNotes\n", "bold"))
            parts.extend(f"– {n['text']}\n" for n in notes)
        self.query_one("#captured", Plain).update(line(*parts))

    def say_message(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#message", Plain)
        message.set_class(error, "error")
        message.update(text)

    def after_change(self, *, prefill: bool) -> None:
        """Save first, then show the change: the screen never claims what the disk does not hold.

        Cues the change brings up are noted first, so one write holds both.
        """
        self.visible_cues()
        saved = self.keeper.save(self.session.record)
        self.show_saved(saved=saved)
        self.refresh_call(prefill=prefill)

    # -- input ------------------------------------------------------------------------------
    @on(Input.Submitted, "#answer")
    def record_answer(self, event: Input.Submitted) -> None:
        session = self.session
        question = session.current()
        if question is None:
            self.say_message("Nothing left to ask: ctrl+e captures the next step.")
            return
        now = self.clock()
        text = event.value
        try:
            if question.takes_many:
                if text.strip():
                    session.add_item(text, now)
                    self.query_one("#answer", Input).value = ""
                    self.say_message("")
                    self.after_change(prefill=False)
                    return
                moved = session.finish_items(now)
            else:
                moved = session.answer(text, now)
        except AnswerError as exc:
            self.say_message(str(exc), error=True)
            return
        except GateClosed as exc:
            self.say_message("; ".join(exc.reasons), error=True)
            return
        self.say_message("")
        self.show_coaching(moved.says, moved.went_back_to)
        self.after_change(prefill=True)

    def show_coaching(self, says: tuple[str, ...], went_back_to: str | None) -> None:
        lines = list(says)
        if went_back_to:
            lines.append(f"Back to: {self.session.playbook.section(went_back_to).title}")
        self.query_one("#coach", Plain).update("\n".join(lines))

    # -- actions ----------------------------------------------------------------------------
    def action_back(self) -> None:
        self.session.back(self.clock())
        self.after_change(prefill=True)

    def action_skip(self) -> None:
        if self.session.current() is None:
            return
        self.session.skip(self.clock())
        self.after_change(prefill=True)

    def action_jump(self) -> None:
        def chosen(section_id: str | None) -> None:
            if section_id:
                self.session.jump(section_id, self.clock())
                self.after_change(prefill=True)
            self.query_one("#answer", Input).focus()

        from callmate.tui.screens.pickers import SectionPicker

        self.app.push_screen(SectionPicker(self.session), chosen)

    def action_star(self) -> None:
        if not self.session.powns():
            self.say_message("Nothing to star yet: capture a problem or want first.", error=True)
            return

        def chosen(choice: tuple[str, int] | None) -> None:
            if choice is not None:
                self.session.toggle_hot(*choice, self.clock())
                self.after_change(prefill=False)
            self.query_one("#answer", Input).focus()

        from callmate.tui.screens.pickers import HotButtonPicker

        self.app.push_screen(HotButtonPicker(self.session), chosen)

    def action_note(self) -> None:
        def written(text: str | None) -> None:
            if text and text.strip():
                self.session.add_note(text, self.clock())
                self.after_change(prefill=False)
            self.query_one("#answer", Input).focus()

        from callmate.tui.screens.pickers import TextDialog

        self.app.push_screen(
            TextDialog("Add a note", "anything worth keeping from this call"), written
        )

    def action_objection(self) -> None:
        if not self.session.playbook.cards:
            self.say_message("This playbook has no objection cards.", error=True)
            return

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                verb, card_id = choice
                if verb == "raise":
                    self.session.raise_objection(card_id, self.clock())
                else:
                    self.session.resolve_objection(card_id, self.clock())
                self.after_change(prefill=False)
            self.query_one("#answer", Input).focus()

        from callmate.tui.screens.pickers import ObjectionPicker

        self.app.push_screen(ObjectionPicker(self.session), chosen)

    def action_toggle_cues(self) -> None:
        self.session.set_cues_enabled(not self.session.cues_enabled(), self.clock())
        self.after_change(prefill=False)

    def action_restart(self) -> None:
        if not self.practice:
            return
        self.session.restart(self.clock())
        self.replied_to = None
        if self.partner is not None:
            self.partner = type(self.partner)(
                self.partner.persona,
                self.session.playbook,
                pain_questions=self.session.playbook.scoring.pain_questions or None,
            )
        self.query_one("#coach", Plain).update("")
        self.say_message("Started again from the top.")
        self.after_change(prefill=True)

    def action_end_call(self) -> bool:
        """Every way out of the call comes here: the next-step gate. True when it opened."""
        from callmate.tui.screens.next_step import NextStepScreen

        if self.session.completed or isinstance(self.app.screen, NextStepScreen):
            return False

        def closed(ended: bool | None) -> None:
            if ended:
                self.app.call_ended(self.session)  # type: ignore[attr-defined]
            else:
                self.app.ending_app = False  # type: ignore[attr-defined]  # quitting was called off
                self.query_one("#answer", Input).focus()

        self.app.push_screen(NextStepScreen(self.session, self.keeper, self.clock), closed)
        return True

    def emergency_save(self) -> None:
        """Signal or crash path: write what we have, no questions asked."""
        current = self.query_one("#answer", Input).value
        if current.strip():
            self.session.record["draft"] = current
        self.keeper.save(self.session.record)

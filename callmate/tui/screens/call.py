"""The live call screen: the current question large, where the rep is, and what was captured.

It only renders the session and forwards keys to it; every rule (branching, the next-step gate)
lives in `callmate.core.session`. Dialogs are imported when first opened, so the first question is
on screen as soon as possible.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.css.scalar import Scalar
from textual.events import ScreenResume
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from callmate.autosave import Keeper
from callmate.core.answers import LINE_MARK, AnswerError, RepeatedItem, editable_text, item_words
from callmate.core.counts import counted
from callmate.core.cues import Cue, active_cues
from callmate.core.labels import question_label
from callmate.core.playbook import Capture, Question
from callmate.core.session import CallSession, GateClosed, note_text
from callmate.startup_trace import mark
from callmate.tui.keys_first import after_keys
from callmate.tui.messages import CallEnded, QuitCalledOff
from callmate.tui.text import Clamped, Hanging, Plain, line, shorten
from callmate.tui.widgets.band_compositor import BandCompositor
from callmate.tui.widgets.flowed import Flowed
from callmate.tui.widgets.key_line import KeyLine
from callmate.tui.widgets.key_order import key_order
from callmate.tui.widgets.ordered_input import OrderedInput
from callmate.tui.widgets.panes import (
    CARD_KEY_LINE,
    CUES_KEY,
    captured_pane,
    card_border_title,
    card_pane,
    cues_pane,
    playbook_pane,
)

if TYPE_CHECKING:
    from callmate.core.persona import PracticePartner, Reply
    from callmate.tui.widgets.note_dialog import NoteDialog

#: How to answer each kind of question, piece by piece (the key line lays them out to fit).
KEY_LINES: dict[Capture, tuple[str, ...]] = {
    Capture.TEXT: ("type what they said", "Enter records it and moves on"),
    Capture.YES_NO: ("y or n", "Enter records it"),
    Capture.SCALE: ("a number from 1 to 10", "Enter records it"),
    Capture.LIST: ("one item per Enter", "an empty Enter moves on"),
    Capture.POWNS: (
        "one per Enter",
        "p: problem",
        "o: opportunity",
        "w: want",
        "n: need",
        "an empty Enter moves on",
    ),
}
PLACEHOLDERS = {
    Capture.TEXT: "what they said",
    Capture.YES_NO: "y or n",
    Capture.SCALE: "1 to 10",
    Capture.CHOICE: "a number or the start of a choice",
    Capture.LIST: "one item, then Enter",
    Capture.POWNS: "p: o: w: n: then the item",
}
#: Marks a role-play in the header (and in the one-line status when narrow), always visible.
PRACTICE_TAG = "(practice)"
#: Left out of the first frame: everything but the question, its answer field and key line
#: (and the footer, which is not even made until the panes show).
PANES = "#topbar, #statusline, #playbook-box, #side"
#: The section's time beside the clock: its title at most this long, left out below the least.
SECTION_GAP = "  ·  "
SECTION_TITLE_MOST = 60
SECTION_TITLE_LEAST = 8
#: The top bar's objective: this many rows at most (whole in the playbook pane, F2).
OBJECTIVE_ROWS = 2
PANE_TITLES = {"playbook": "Playbook", "captured": "Captured", "cues": "Cues", "card": "Card"}


class QuestionColumn(Vertical):
    """The middle column: its height changes with the terminal and with the footer (made after
    the first frame, hidden under a dialog); the question's box is fitted to it each time."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, CallScreen):
            screen.call_after_refresh(screen.fit_question)


class UnderTheField(VerticalScroll):
    """Under the answer field: coaching, the open objection card, the question's hints. Its
    height is what the question leaves; the card is fitted to it each time (see fit_card)."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, CallScreen):
            screen.call_after_refresh(screen.fit_card)


class NewestLast(VerticalScroll):
    """The captured pane: a transcript, its newest entry in view, after a resize too (the pane
    narrowed from 120 to 90 columns wraps longer and left the newest entries below)."""

    def on_resize(self) -> None:
        self.call_after_refresh(self.scroll_end, animate=False)


def back_keys(environ: Mapping[str, str]) -> str:
    """Back's keys, the one the footer shows first: PgUp inside tmux, whose prefix key is
    ctrl+b (the footer pointed a rep in a tmux pane at a key that never arrives)."""
    return "pageup,ctrl+b" if environ.get("TMUX") else "ctrl+b,pageup"


BACK_KEYS = back_keys(os.environ)
BACK_KEY_SHOWN = "PgUp" if BACK_KEYS.startswith("pageup") else "ctrl+b"


class CallScreen(Screen[None]):
    """Wide: playbook | question | cues and captured. Medium: the playbook and captured panes share
    one column (F2/F3 switch it). Narrow: the question alone under a one-line status; the panes
    open over it on F2-F5. The question, its answer field and how to answer always come first.
    """

    CSS_PATH = "call.tcss"
    #: The answer field has the keys from the first frame (not the first pane, then it).
    AUTO_FOCUS = "#answer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-medium"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        # PgUp too: ctrl+b is tmux's prefix key, so in a tmux pane it never reaches callmate
        # (and the footer shows PgUp there).
        Binding(BACK_KEYS, "back", "Back", tooltip="Go back to the previous question"),
        Binding("ctrl+n", "skip", "Skip", tooltip="Skip this question for now"),
        Binding("ctrl+g", "jump", "Section", tooltip="Jump to a section of the playbook"),
        Binding("ctrl+s", "star", "Hot button", tooltip="Star a captured POWN as the hot button"),
        Binding("ctrl+o", "note", "Note", tooltip="Add a free note to the call"),
        Binding("ctrl+t", "objection", "Objection", tooltip="Find an objection card by its words"),
        Binding(CUES_KEY, "toggle_cues", "Cues on/off", tooltip="Turn coaching cues off or on"),
        Binding("f7", "what_else", "What else?", tooltip="Practice: ask for their next item"),
        Binding("ctrl+r", "restart", "Restart", tooltip="Practice only: start again (asks first)"),
        Binding(
            "ctrl+e",
            "end_call_key",
            "End call",
            priority=True,
            tooltip="Capture the next step (mid-line in the answer: its end first, as in a shell)",
        ),
        Binding("f2", "pane('playbook')", "Playbook", tooltip="Sections and slots"),
        Binding("f3", "pane('captured')", "Captured", tooltip="Everything captured on this call"),
        Binding("f4", "pane('cues')", "Cues", tooltip="The coaching cues showing now"),
        Binding("f5", "pane('card')", "Card", tooltip="The open objection card, whole"),
        Binding("f6", "edit_captured", "Edit", tooltip="Correct or remove a captured item or note"),
        Binding("f8", "abandon", "Abandon", tooltip="Practice only: stop with no next step"),
    ]

    def __init__(
        self,
        session: CallSession,
        keeper: Keeper,
        clock: Callable[[], datetime],
        partner: PracticePartner | None = None,
    ) -> None:
        super().__init__()
        self._compositor = BandCompositor()  # a key repaints its field's lines, not the screen
        self.session = session
        self.keeper = keeper
        self.clock = clock
        self.partner = partner
        self.replied_to: str | None = None
        self.shown_cues: list[Cue] = []
        #: The note dialog while it is open (its text is kept if the call is cut off).
        self.note_dialog: NoteDialog | None = None
        #: The question the message and coaching lines speak about; they clear when it changes.
        self.lines_for: str | None = None
        #: The field's text when a line about the last question was said (None: no such line).
        self._message_until: str | None = None
        #: The current question's section intro ("" if none) and its text (None: all asked).
        self.prompt_parts: tuple[str, str] | None = None
        self._prompt_shown: Content | None = None
        #: The text last put in each pane updated by the clock (see show_text).
        self._shown: dict[str, tuple[str, tuple[object, ...]]] = {}
        #: on_mount has put back the text the last run left typed (see keep_field_on_disk).
        self._field_given_back = False
        #: Styles are first applied as the widgets mount; nothing has changed them by the time
        #: the screen is shown (see _on_screen_resume).
        self._styled_at_mount = True
        self.add_class(*self.breakpoint_classes(self.app.size), update=False)

    def breakpoint_classes(self, size: Size) -> list[str]:
        """The breakpoint classes Textual sets on the first resize, set from the start instead:
        the widgets are then styled once as they mount, where a class change at the first
        resize would style all ~50 of them again (a tenth of the start-up's own time)."""
        width, height = size
        return [
            *self._get_breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS),
            *self._get_breakpoint_classes(height, self.VERTICAL_BREAKPOINTS),
        ]

    def _on_screen_resume(self, event: ScreenResume) -> None:
        """The first time the screen is shown its widgets' styles are fresh from their mount:
        Textual's restyle of the whole screen on every resume is skipped that once. Back from a
        dialog or overlay (a theme may have changed meanwhile) it runs as usual."""
        if self._styled_at_mount:
            self._styled_at_mount = False
            event.refresh_styles = False

    @property
    def practice(self) -> bool:
        return self.session.record.mode == "practice"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Restart exists only in practice: hidden from the footer and palette on a real call."""
        if action in ("restart", "abandon"):
            return self.practice
        if action == "what_else":
            current = self.session.current()
            return (
                self.partner is not None
                and current is not None
                and current.capture is Capture.POWNS
            )
        return True

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Everything but the footer; the panes around the question stay out of the first
        frame's layout and drawing (see show_panes)."""
        mark("screen compose")
        with Vertical(id="topbar"):
            yield Plain(id="objective")
            with Horizontal(id="status"):
                if self.practice:  # first and its own width: a long title never pushes it out
                    yield Plain(line((PRACTICE_TAG, "bold $warning")), id="practice-tag")
                yield Plain(id="who")
                yield Plain(id="clock")
                yield Plain(id="saved")
        yield Plain(id="statusline")
        with Horizontal(id="body"):
            with VerticalScroll(id="playbook-box"):
                yield Plain(id="sections")
            with QuestionColumn(id="main"):
                yield Plain(id="section-title")
                with VerticalScroll(id="prompt-box"):
                    yield Plain(id="prompt")
                if self.practice:
                    yield Plain(id="prospect-says")
                yield KeyLine(id="keyline")
                yield OrderedInput(id="answer", keep_tab=True, on_lines=self.take_pasted_lines)
                yield Plain(id="message")
                with UnderTheField(id="extras"):
                    yield Plain(id="coach")
                    with VerticalScroll(id="card-box"):
                        yield Plain(id="card")
                    yield Plain(id="hints")
            with Vertical(id="side"):
                with VerticalScroll(id="cues-box"):
                    yield Plain(id="cues")
                with NewestLast(id="captured-box"):
                    yield Plain(id="captured")

    def on_mount(self) -> None:
        record = self.session.record
        objective = line(("Objective: ", "bold"), record.objective)
        # Two rows at most, the second ending in "…" when cut: the playbook pane has it whole.
        self.query_one("#objective", Plain).update(Clamped(objective, OBJECTIVE_ROWS))
        who = record.prospect + (f" · {record.company}" if record.company else "")
        self.query_one("#who", Plain).update(line((who, "bold")))
        self.set_interval(1, self.tick)
        self.tick()
        self.refresh_call(prefill=True)
        draft = self.session.take_typing()
        if draft:
            # Typed but not yet recorded when the terminal closed: give it back.
            self.fill_answer(str(draft))
        self.show_saved(saved=not self.keeper.unsaved)
        self._field_given_back = True
        self.query_one("#answer", Input).focus()
        # Keys typed after the Enter that started this call from home waited for this field.
        self.app.call_later(key_order(self.app).next_screen_ready)
        for pane in self.query(PANES):
            pane.styles.display = "none"
        # Through the App's queue, which Textual only reads once its start-up batch (during
        # which nothing is drawn) is over: the panes then wait for the first paint, and for
        # the echo of any key typed as it appeared (keys_first.py).
        after_keys(self.app, self.show_panes)
        mark("screen mounted")

    def show_panes(self) -> None:
        """After the first frame (the question, its answer field, how to answer): the panes
        around it, where the screen's CSS puts them, and the footer, made only now (its code,
        its CSS and its ~17 keys are none of the first frame's cost). Keys typed meanwhile went
        to the answer field, which had the focus from the start."""
        from callmate.tui.widgets.footer import WrappingFooter

        for pane in self.query(PANES):
            pane.styles.clear_rule("display")
        footer = WrappingFooter()  # a toast ("Recovered") shows above its keys
        self.mount(footer)
        footer.call_later(footer.bindings_changed, self)  # in the footer's turn: it composes

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
                tail = (
                    f" {spent // 60:02d}:{spent % 60:02d} / {section.minutes} min"
                    f"{' — over' if over else ''}"
                )
                # The names beside the clock come first: the section title takes what is left.
                room = self.query_one("#clock").content_region.width
                left = room - sum(cell_len(p if isinstance(p, str) else p[0]) for p in parts)
                title_room = left - len(SECTION_GAP) - len(tail) if room else SECTION_TITLE_MOST
                if title_room >= SECTION_TITLE_LEAST:
                    title = shorten(section.title, min(title_room, SECTION_TITLE_MOST))
                    parts.append((f"{SECTION_GAP}{title}{tail}", "bold $error" if over else ""))
        self.show_text("#clock", line(*parts))
        self.render_cues()
        self.keep_field_on_disk()
        if self.keeper.unsaved and self.keeper.retry():
            self.show_saved(saved=True)
        self.render_statusline()

    def keep_field_on_disk(self) -> None:
        """Each second: the answer field's text typed and not entered is saved with its
        question (the session holds it), so a kill -9 or a crash mid-sentence gives it back
        on resume, less at most the last second. Only once on_mount has given back what the
        last run left: the first tick sees an empty field, which would drop it."""
        if not self._field_given_back:
            return
        if self.session.hold_unentered(self.query_one("#answer", Input).value):
            self.show_saved(saved=self.keeper.save(self.session.record))

    def render_statusline(self) -> None:
        """Narrow terminals: saved, clock, required still open, cues, section, on one line.

        Most urgent first: a long section title is what the ellipsis cuts, never NOT SAVED."""
        session = self.session
        now = self.clock()
        minutes, secs = divmod(session.elapsed_seconds(now), 60)
        current = session.current()
        where = session.playbook.section(current.section_id).title if current else "All asked"
        open_total = len(session.open_required())
        saved = not self.keeper.unsaved
        parts: list[str | tuple[str, str]] = [(PRACTICE_TAG, "bold $warning"), " · "]
        if not self.practice:
            parts = []
        parts += [
            ("✓ saved", "$success") if saved else ("NOT SAVED", "bold $error"),
            " · ",
            (
                f"⏱ {minutes:02d}:{secs:02d} of {session.playbook.minutes}m",
                "bold $error" if minutes >= session.playbook.minutes else "",
            ),
            " · ",
            (f"{open_total} required open", "$warning" if open_total else "$success"),
        ]
        if self.shown_cues:
            cues = len(self.shown_cues)
            parts += [" · ", (f"{cues} cue{'' if cues == 1 else 's'}: F4", "bold $warning")]
        parts += [" · ", (where, "bold")]
        self.show_text("#statusline", line(*parts))

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
        revision = session.record.revision
        cues = self.visible_cues()
        if session.record.revision != revision:
            self.show_saved(saved=self.keeper.save(session.record))
        self.shown_cues = cues
        self.show_text("#cues", cues_pane(session, cues))
        self.query_one("#cues-box").display = bool(cues) or not session.cues_enabled()

    def show_text(self, selector: str, content: Content) -> None:
        """Update a pane the clock touches every second, but only when its text or styles
        changed, and lay the screen out again only when its size can have changed (other line
        widths, or a line too wide for the pane, which wraps): a layout pass of the call
        screen costs more than a key's echo is allowed to take."""
        widget = self.query_one(selector, Plain)
        shown = self._shown.get(selector)
        now = (content.plain, tuple(content.spans))
        if shown == now:
            return
        self._shown[selector] = now
        widths = _size_of(now[0])
        same_size = (
            shown is not None
            and _size_of(shown[0]) == widths
            and max(widths) <= widget.content_region.width
        )
        # A pane not on screen (the status line on a wide screen, the side column on a narrow
        # one) is measured afresh when it shows: a repaint forgets its cached size.
        hidden = not widget.region
        widget.update(content, layout=not (same_size or hidden))

    def render_card(self) -> None:
        card = card_pane(self.session, in_column=True)
        box = self.query_one("#card-box")
        self.query_one("#card", Plain).display = card is not None
        box.display = card is not None
        box.border_title = line(card_border_title(self.session))
        box.border_subtitle = CARD_KEY_LINE
        self.query_one("#extras").set_class(card is not None, "-card")
        if card is not None:
            self.query_one("#card", Plain).update(card)
            self.call_after_refresh(self.fit_card)
        self.call_after_refresh(self.fit_question)  # the card's rows come out of the question's

    def show_saved(self, *, saved: bool) -> None:
        widget = self.query_one("#saved", Plain)
        if saved:
            widget.update(line(("✓ saved ", "$success"), f"{self.clock():%H:%M:%S}"))
            widget.remove_class("unsaved")
        else:
            reason = str(self.keeper.error) if self.keeper.error else "the disk refused the write"
            widget.update(line(("NOT SAVED — retrying: ", "bold"), reason))
            widget.add_class("unsaved")
        self.render_statusline()

    def refresh_call(self, *, prefill: bool) -> None:
        session = self.session
        question = session.current()
        here = question.id if question else None
        if here != self.lines_for:  # lines about another question no longer apply
            self.say_message("")
            self.show_coaching((), None)
            self.lines_for = here
        self.render_sections(question)
        title = self.query_one("#section-title", Plain)
        hints = self.query_one("#hints", Plain)
        keyline = self.query_one("#keyline", KeyLine)
        answer = self.query_one("#answer", Input)
        if question is None:
            title.update(line(("All questions asked", "bold")))
            self.prompt_parts = None
            self.show_prompt(
                line("Agree the next step with the prospect, then press ctrl+e to capture it.")
            )
            keyline.show(["ctrl+e captures the next step", f"{BACK_KEY_SHOWN} goes back"])
            hints.update("ctrl+g jumps to a section · ctrl+o adds a note")
            answer.placeholder = "nothing left to ask"
            if prefill:
                self.fill_answer("")
            self.render_captured()
            self.render_card()
            self.render_cues()
            self.render_statusline()
            return
        section = session.playbook.section(question.section_id)
        index, total = session.position()
        title.update(
            Flowed(
                [
                    line((section.title, "bold")),
                    # One piece: where the heading breaks, the count and "required" stay together.
                    line(
                        f"question {index} of {total}",
                        ("  ·  required" if question.required else "", "$warning"),
                    ),
                ]
            )
        )
        first_here = next(q for q in session.path() if q.section_id == section.id)
        intro = session.say(section.intro) if section.intro and question.id == first_here.id else ""
        self.prompt_parts = (intro, session.prompt(question))
        self.show_prompt(fitted_prompt(intro, session.prompt(question)))  # fitted once laid out
        hints.update("\n".join(f"• {session.say(h)}" for h in question.hints))
        keyline.show(self.key_pieces(question))
        answer.placeholder = PLACEHOLDERS.get(question.capture, "")
        if prefill:
            self.fill_answer(session.field_text(question))
        self.prospect_replies(question)
        self.render_captured()
        self.render_card()
        self.render_cues()
        self.render_statusline()
        self.call_after_refresh(self.fit_question)

    def fill_answer(self, text: str) -> None:
        """Text put in the answer field by the call (arriving at a question, a resume): the
        cursor at its end, always. The answer already recorded, given back to edit, is selected
        as a whole: a new answer typed replaces it (going back to a yes/no answered "no", "y"
        made "noy", refused), Enter keeps it, an arrow key, Home or End starts editing it.
        Typing left there earlier (a draft) is the rep's own text: the cursor after it."""
        question = self.session.current()
        recorded = question is not None and text == editable_text(
            question, self.session.value(question.id)
        )
        self.query_one("#answer", OrderedInput).fill(text, selected=recorded)
        if recorded and text:
            # Selected, the answer looked like a default to accept (back at a yes/no answered
            # "no"): what it is, and what a key does to it, until the rep types.
            self.say_message(
                f"Recorded: {shorten(text, 48)} · type to change it, Enter keeps it",
                until_typing=True,
            )

    def prospect_replies(self, question: Question) -> None:
        """In practice, the persona answers once each time the rep arrives at a question."""
        if not self.practice or question.id == self.replied_to:
            return
        self.replied_to = question.id
        pane = self.query_one("#prospect-says", Plain)
        if self.partner is None:
            pane.update(line(("Your partner answers as the prospect.", "dim")))
            return
        self.refresh_bindings()
        self.show_reply(question, self.partner.reply(question, self.session))

    def action_what_else(self) -> None:
        """Practice: "what else?" at a POWN question draws the persona's next item."""
        question = self.session.current()
        if self.partner is None or question is None:
            return
        self.show_reply(question, self.partner.what_else(question, self.session))

    def show_reply(self, question: Question, reply: Reply) -> None:
        assert self.partner is not None
        pane = self.query_one("#prospect-says", Plain)
        self.session.record_reply(
            question.id, reply.text, reply.objection, self.clock(), nothing_more=reply.nothing_more
        )
        self.keeper.save(self.session.record)
        who = self.partner.persona.display_name
        parts: list[str | tuple[str, str]] = [(f"{who}: ", "bold $accent"), reply.text]
        if reply.objection:
            parts += [("\nObjection: ", "bold $warning"), reply.objection]
        pane.update(line(*parts))

    def key_pieces(self, question: Question) -> list[str]:
        """How to answer this question: every choice, whole."""
        if question.capture is Capture.CHOICE:
            choices = [f"{i}: {self.session.say(c)}" for i, c in enumerate(question.choices, 1)]
            return [*choices, "Enter records it"]
        return list(KEY_LINES[question.capture])

    def render_sections(self, current: Question | None) -> None:
        self.query_one("#sections", Plain).update(playbook_pane(self.session, current))

    def render_captured(self) -> None:
        """The captured pane follows the newest entry, as a transcript would."""
        self.query_one("#captured", Plain).update(Hanging(captured_pane(self.session)))
        box = self.query_one("#captured-box", VerticalScroll)
        self.call_after_refresh(box.scroll_end, animate=False)

    def say_message(self, text: str, *, error: bool = False, until_typing: bool = False) -> None:
        """The line under the answer field; it clears when the question changes, or, with
        `until_typing`, once the rep types in the field (a line about the question before)."""
        field = self.query_one("#answer", Input).value
        self._message_until = field if until_typing and text else None
        message = self.query_one("#message", Plain)
        message.set_class(error, "error")
        message.update(text)
        message.display = bool(text)
        self.call_after_refresh(self.fit_question)

    # -- the question whole, the answer field always on screen -------------------------------
    #: Rows the question's box keeps however little room is left (one line of text, scrolling).
    PROMPT_LEAST = 3

    def fit_question(self) -> None:
        """Give the question's box every row the title, how to answer, the answer field and
        its message leave in the middle column, so a long question shows whole wherever it
        can and scrolls inside its box where it cannot; the field below it never leaves the
        screen. (A fixed cap cut a three-line question at 80x24 with empty rows under it.)"""
        try:
            main = self.query_one("#main")
            box = self.query_one("#prompt-box")
            keyline = self.query_one("#keyline")
        except NoMatches:  # the screen is closing
            return
        taken = sum(
            self.rows_needed(widget, main.content_region.size)
            for widget in main.children
            if widget.display and widget.id not in ("prompt-box", "keyline", "extras")
        )
        rows = main.content_region.height - taken - box.styles.margin.height
        # How to answer gives way last but one: a list of long choices on a tiny terminal is
        # cut (the number still records) before the question is: the box keeps the rows the
        # question needs whole, up to half the column (at 60x20 eight long choices left one
        # line of a two-line question, "realistically," and not what was asked).
        least = min(self.question_rows(), max(self.PROMPT_LEAST, rows // 2))
        keyline_room = max(1, rows - least - keyline.styles.margin.height)
        if keyline.styles.max_height != Scalar.from_number(keyline_room):
            keyline.styles.max_height = keyline_room
        # The key line's height as its new text needs it: its laid-out size can still be the last
        # question's (ten long choices after a yes/no pushed the answer field off at 60x20).
        width = keyline.content_region.width or main.content_region.width
        needed = (
            keyline.get_content_height(main.content_region.size, self.app.size, width)
            + keyline.styles.gutter.height
        )
        room = rows - min(needed, keyline_room) - keyline.styles.margin.height
        room -= self.card_rows(room, self.question_rows())
        fitted = max(self.PROMPT_LEAST, room)
        if box.styles.max_height != Scalar.from_number(fitted):
            box.styles.max_height = fitted
        # Too little room for the section's intro and the question: the intro is cut short or
        # left out, and the box shows the question from its first word (it opened on the
        # intro's last words, scrolled to its end: '▊ the time.' above the question).
        width = self.prompt_width()
        if self.prompt_parts is not None and width > 0:
            rows = (
                fitted - box.styles.gutter.height - self.query_one("#prompt").styles.gutter.height
            )
            self.show_prompt(fitted_prompt(*self.prompt_parts, width=width, rows=rows))
        self.scroll_question_only_if_cut(fitted, width)
        box.call_after_refresh(box.scroll_home, animate=False)

    def prompt_width(self) -> int:
        """The cells the question's text has in its box, without a scrollbar (0: unknown yet)."""
        main = self.query_one("#main")
        box = self.query_one("#prompt-box")
        prompt = self.query_one("#prompt")
        outer = box.outer_size.width or min(main.content_region.width, 100)
        return max(0, outer - box.styles.gutter.width - prompt.styles.gutter.width)

    def scroll_question_only_if_cut(self, fitted: int, width: int) -> None:
        """The question's box has a scrollbar only when its text is longer than its rows: whole,
        it cannot scroll. (Textual measures a box's auto height without the scrollbar it may
        then draw; a scrollbar once shown narrowed the text to one row more than the box had,
        and stayed, over a question that fitted whole: the thumb looked like a cut.) Cut, the
        box takes every row it was given and the scrollbar says the question goes on."""
        box = self.query_one("#prompt-box")
        prompt = self.query_one("#prompt", Plain)
        shown = self._prompt_shown
        if shown is None or width <= 0:
            return
        needed = len(shown.wrap(width)) + box.styles.gutter.height + prompt.styles.gutter.height
        cut = needed > fitted
        box.set_class(cut, "-cut")
        height = Scalar.from_number(fitted) if cut else Scalar.parse("auto")
        if box.styles.height != height:
            box.styles.height = height

    #: Rows the open card's box keeps however little room is left (borders and one line).
    CARD_LEAST = 3

    def question_rows(self) -> int:
        """Rows the question's box needs to show the question whole, without its section's
        intro (which gives way first, see fitted_prompt): its wrapped text, padding, border."""
        if self.prompt_parts is None:
            return self.PROMPT_LEAST
        try:
            box = self.query_one("#prompt-box")
            prompt = self.query_one("#prompt", Plain)
            width = self.prompt_width()
        except NoMatches:
            return self.PROMPT_LEAST
        if width <= 0:
            return self.PROMPT_LEAST
        text = len(Content(self.prompt_parts[1]).wrap(width))
        return text + box.styles.gutter.height + prompt.styles.gutter.height

    def card_rows(self, room: int, question: int) -> int:
        """Rows kept under the answer field, out of the `room` the question's box would have,
        for the open objection card and the coaching line above it. The question comes first:
        the card gets what the whole question leaves (it scrolls inside its border beyond it),
        and its least (its title between its borders) even when the question then has to
        scroll. At 60x20 a card given two thirds of the room cut the question to its first
        row, with nothing to say it went on."""
        try:
            box = self.query_one("#card-box")
            card = self.query_one("#card", Plain)
            coach = self.query_one("#coach")
            extras = self.query_one("#extras")
        except NoMatches:
            return 0
        if not box.display:
            return 0
        size = extras.content_region.size
        width = size.width - box.styles.gutter.width - card.styles.gutter.width
        if width <= 0:
            return 0
        needed = (
            card.get_content_height(size, self.app.size, width)
            + box.styles.gutter.height
            + box.styles.margin.height
        )
        coach_rows = self.rows_needed(coach, size) if coach.display else 0
        needed += coach_rows
        card_least = self.CARD_LEAST + box.styles.margin.height + coach_rows
        least = max(self.PROMPT_LEAST, min(question, room - card_least))
        return max(0, min(needed, room - least))

    def fit_card(self) -> None:
        """The open objection card gets the rows under the answer field that its coaching line
        leaves, and scrolls inside its own border beyond them. (With a fixed max-height of the
        whole area, the area itself overflowed by the card's margin and the coaching line, and
        drew its scrollbar outside the card's border.) The question's hints come after it."""
        try:
            extras = self.query_one("#extras")
            box = self.query_one("#card-box")
            coach = self.query_one("#coach")
        except NoMatches:  # the screen is closing
            return
        if not box.display or not extras.size.height:
            return
        room = extras.scrollable_content_region
        taken = self.rows_needed(coach, room.size) if coach.display else 0
        rows = max(self.CARD_LEAST, room.height - taken - box.styles.margin.height)
        if box.styles.max_height != Scalar.from_number(rows):
            box.styles.max_height = rows

    def rows_needed(self, widget: Widget, room: Size) -> int:
        """A widget's rows: as laid out, or, for a line shown since the last layout (the
        message under the field after the first item entered), as its text needs them; its
        laid-out height, still 0, let the question's box push the message off the screen."""
        if widget.outer_size.height or not isinstance(widget, Plain):
            return widget.outer_size.height
        width = room.width - widget.styles.gutter.width
        return widget.get_content_height(room, self.app.size, width) + widget.styles.gutter.height

    def show_prompt(self, content: Content) -> None:
        """The question's text, replaced only when it changed (a layout pass otherwise)."""
        if content != self._prompt_shown:
            self._prompt_shown = content
            self.query_one("#prompt", Plain).update(content)

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
                    self.query_one("#answer", OrderedInput).fill("")
                    self.say_taken(question)
                    self.after_change(prefill=False)
                    return
                moved = session.finish_items(now)
            else:
                moved = session.answer(text, now)
        except RepeatedItem as exc:
            # Listed already: nothing is lost by emptying the field, and the next item typed
            # would otherwise be appended to the refused one ("slow closelost invoices").
            self.query_one("#answer", OrderedInput).fill("")
            self.say_message(str(exc), error=True)
            return
        except AnswerError as exc:
            self.say_message(str(exc), error=True)
            return
        except GateClosed as exc:
            self.say_message("; ".join(exc.reasons), error=True)
            return
        self.say_message("")
        self.after_change(prefill=True)
        self.show_coaching(moved.says, moved.went_back_to)

    @on(Input.Changed, "#answer")
    def typing_at_the_question(self, event: Input.Changed) -> None:
        """The rep types at the new question: a line about the one before has been read."""
        # The field as it is now, not as the message has it: a paste empties the field and
        # fills it again at once, and the first of those two changes arrives after the line
        # about the paste was said.
        field = self.query_one("#answer", Input).value
        if self._message_until is not None and field != self._message_until:
            self.say_message("")

    def say_taken(self, question: Question) -> None:
        """An item just entered, said under the field: on a narrow terminal the captured pane
        that shows it is folded away, and a field that only empties looks like a lost item."""
        items = self.session.value(question.id)
        if not isinstance(items, list) or not items:
            return
        count = len(items)
        self.say_message(f"✓ {shorten(item_words(items[-1]), 60)} · {count} so far")

    def take_pasted_lines(self, lines: list[str]) -> None:
        """A paste of several lines: nothing is cut, and the screen says how many were taken.

        A list or POWN question takes one item per line (each line's own p:/o:/w:/n: tag); a text
        answer gets its lines in the field, for Enter to record; a single-value question gets
        the lines joined in its field to check; with every question asked, they become a note.
        """
        session = self.session
        question = session.current()
        now = self.clock()
        answer = self.query_one("#answer", OrderedInput)
        count = len(lines)
        if question is None:
            session.add_note("\n".join(lines), now)
            self.say_message(f"Kept {count} pasted lines as a note.")
            self.after_change(prefill=False)
            return
        if question.takes_many:
            taken = repeated = 0
            for number, text in enumerate(lines, 1):
                try:
                    session.add_item(text, now)
                except RepeatedItem:
                    repeated += 1  # listed already: leaving it out loses nothing
                    continue
                except ValueError as exc:
                    answer.fill(" ".join(lines[number - 1 :]))
                    self.say_message(
                        f"Took {taken} of {count} pasted lines; line {number}: {exc}",
                        error=True,
                    )
                    break
                taken += 1
            else:
                dropped = [f"{repeated} already listed, left out"] if repeated else []
                if blank := answer.blank_lines_left_out:
                    dropped.append(f"{counted(blank, 'blank line')} left out")
                skipped = f" ({'; '.join(dropped)})" if dropped else ""
                # Read once the rep types the next item (and gone at the next question).
                self.say_message(
                    f"Took {taken} of {count} pasted lines as items{skipped}."
                    if repeated
                    else f"Took {count} pasted lines as {count} items{skipped}.",
                    until_typing=True,
                )
            self.after_change(prefill=False)
            return
        if question.capture is Capture.TEXT:
            # Into the field to read and correct first, its lines kept (⏎ marks them, a line
            # break again once recorded); Enter records it. (Recorded at once, a paste moved the
            # call on before the rep saw what it held.)
            answer.fill(f" {LINE_MARK} ".join(line.strip() for line in lines))
            blank = answer.blank_lines_left_out
            left_out = f" ({counted(blank, 'blank line')} left out)" if blank else ""
            self.say_message(
                f"{counted(count, 'pasted line')} in the field, {LINE_MARK} between them"
                f"{left_out}: Enter records them.",
                until_typing=True,
            )
            return
        answer.fill(" ".join(line.strip() for line in lines))
        self.say_message(
            f"{count} pasted lines put in the field as one: this question takes one answer.",
            error=True,
        )

    def show_coaching(self, says: tuple[str, ...], went_back_to: str | None) -> None:
        """The branch's words, and where it sent the rep back to: the question the call is on
        now, by its label (the section's title alone read as if the call went where the words
        said, "Go back to impact and cost", when it landed on the section's first question)."""
        lines = list(says)
        current = self.session.current()
        if went_back_to and current is not None:
            section = self.session.playbook.section(current.section_id).title
            label = question_label(current, self.session.prompt(current))
            lines.append(f"Back to: {label}, in {section}")
        elif went_back_to:
            lines.append(f"Back to: {self.session.playbook.section(went_back_to).title}")
        coach = self.query_one("#coach", Plain)
        coach.update("\n".join(lines))
        coach.display = bool(lines)
        self.call_after_refresh(self.fit_card)

    # -- actions ----------------------------------------------------------------------------
    def set_typing_aside(self) -> None:
        """Moving away from the question: what is typed in its field stays with it."""
        self.session.set_typing_aside(self.query_one("#answer", Input).value)

    def action_back(self) -> None:
        self.set_typing_aside()
        self.session.back(self.clock())
        self.after_change(prefill=True)

    def action_skip(self) -> None:
        if self.session.current() is None:
            return
        self.set_typing_aside()
        self.session.skip(self.clock())
        self.after_change(prefill=True)

    def action_jump(self) -> None:
        def chosen(section_id: str | None) -> None:
            if section_id:
                self.set_typing_aside()
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
                hot = self.session.toggle_hot(*choice, self.clock())
                self.after_change(prefill=False)
                self.say_starred(*choice, hot=hot)
            self.query_one("#answer", Input).focus()

        from callmate.tui.screens.pickers import HotButtonPicker

        self.app.push_screen(HotButtonPicker(self.session), chosen)

    def say_starred(self, question_id: str, index: int, *, hot: bool) -> None:
        """Said under the field at every width: below 120 columns the captured pane with its ★
        is folded away, and the line there still named the last item entered."""
        items = self.session.value(question_id)
        if not isinstance(items, list) or not 0 <= index < len(items):
            return
        said = shorten(item_words(items[index]), 60)
        words = f"★ Hot button: {said}" if hot else f"No longer a hot button: {said}"
        self.say_message(words, until_typing=True)

    def action_note(self) -> None:
        def written(text: str | None) -> None:
            self.note_dialog = None
            if text and text.strip():
                self.session.add_note(text, self.clock())
                lines = len(text.strip().splitlines())
                if lines > 1:
                    self.say_message(f"Note saved with its {lines} lines.")
                self.after_change(prefill=False)
            self.query_one("#answer", Input).focus()

        from callmate.tui.widgets.note_dialog import NoteDialog

        self.note_dialog = NoteDialog()
        self.app.push_screen(self.note_dialog, written)

    def action_abandon(self) -> None:
        """Practice only: give the run up with no next step; it does not count in stats."""
        from callmate.core.practice_abandon import abandon_practice
        from callmate.tui.screens.call_end import ConfirmDiscard

        if not self.practice or self.session.completed:
            return

        def chosen(reason: str | None) -> None:
            if reason is None:
                self.query_one("#answer", Input).focus()
                return
            if typed := self.unrecorded_typing():
                self.session.add_note(typed, self.clock())  # as the gate keeps it
            abandon_practice(self.session, self.clock(), reason)
            self.keeper.save(self.session.record)
            self.post_message(CallEnded(self.session))

        self.app.push_screen(ConfirmDiscard(self.session.record.prospect, "abandon"), chosen)

    def action_edit_captured(self) -> None:
        """Pick a captured item or note, then correct it (an empty text removes it)."""
        from callmate.tui.screens.pickers import CapturedPicker, TextDialog

        def edited(target: tuple[str, int, str], text: str | None) -> None:
            if text is not None:
                kind, index, question_id = target
                now = self.clock()
                if kind == "note":
                    self.session.edit_note(index, text, now)
                else:
                    try:
                        self.session.edit_item(question_id, index, text, now)
                    except AnswerError as exc:
                        self.say_message(str(exc), error=True)
                        return
                self.say_message("Corrected." if text.strip() else "Removed.")
                self.after_change(prefill=False)
            self.query_one("#answer", Input).focus()

        def picked(target: tuple[str, int, str, str] | None) -> None:
            if target is None:
                self.query_one("#answer", Input).focus()
                return
            kind, index, question_id, current = target
            self.app.push_screen(
                TextDialog("Correct it (empty removes it)", "", value=current),
                lambda text: edited((kind, index, question_id), text),
            )

        self.app.push_screen(CapturedPicker(self.session), picked)

    def action_pane(self, name: str) -> None:
        """Medium width: F2/F3 switch the shared column. Otherwise: the pane over the call."""
        if self.has_class("-medium") and name in ("playbook", "captured"):
            self.set_class(name == "playbook", "-show-playbook")
            return
        content = self.pane_content(name)
        from callmate.tui.widgets.pane_overlay import PaneOverlay

        overlay = PaneOverlay(
            content,
            at_end=name == "captured",
            shown_beside=lambda size: self.shows_pane(name, size),
        )
        self.app.push_screen(overlay, self.refocus)

    def shows_pane(self, name: str, size: Size) -> bool:
        """Whether the call itself shows this pane at a terminal size, so an overlay of it is no
        longer needed: wide, every pane has its place; medium, the shared column switches to the
        playbook or captured pane (as F2/F3 do there). The card is in the question's column."""
        layout = self._get_breakpoint_classes(size.width, self.HORIZONTAL_BREAKPOINTS)
        if "-wide" in layout:
            return True
        if "-medium" in layout and name in ("playbook", "captured"):
            self.set_class(name == "playbook", "-show-playbook")
            return True
        return False

    def refocus(self, _: object = None) -> None:
        """Back from an overlay or dialog: the answer field has the keys again."""
        self.query_one("#answer", Input).focus()

    def pane_content(self, name: str) -> Content:
        session = self.session
        if name == "playbook":
            return playbook_pane(session, session.current())
        if name == "captured":
            return captured_pane(session)
        if name == "cues":
            cues = cues_pane(session, self.shown_cues)
            return cues if cues.plain else line(("No cues right now.", "dim"))
        card = card_pane(session)
        return card if card is not None else line(("No objection card is open (ctrl+t).", "dim"))

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
        """Practice only: after a confirm (n or Escape leaves the run untouched)."""
        if not self.practice or self.session.completed:
            return
        from callmate.tui.screens.practice_restart import ConfirmRestart

        record = self.session.record
        confirm = ConfirmRestart(len(record.answers), len(record.notes))
        self.app.push_screen(confirm, self.restart_confirmed)

    def restart_confirmed(self, restart: bool | None) -> None:
        self.refocus()
        if not restart:
            return
        self.session.restart(self.clock())
        self.replied_to = None
        if self.partner is not None:
            self.partner = type(self.partner)(
                self.partner.persona,
                self.session.playbook,
                pain_questions=self.session.playbook.scoring.pain_questions or None,
            )
        self.show_coaching((), None)
        self.say_message("Started again from the top.")
        self.after_change(prefill=True)

    def action_end_call_key(self) -> None:
        """ctrl+e is a shell's "end of line" too: with the cursor inside the typed answer it
        goes there; at the end of the line, where a shell's ctrl+e does nothing, it ends the
        call. (Every other way out, ctrl+q, ctrl+c, the palette, ends it at once.)"""
        if key_order(self.app).defer(self.action_end_call_key):
            return  # after the keys typed before it, where the cursor then is
        field = self.query_one("#answer", Input)
        if self.app.focused is field and field.cursor_position < len(field.value):
            field.action_end()
            return
        self.action_end_call()

    def action_end_call(self) -> bool:
        """Every way out of the call comes here: the next-step gate. True when it opened (or
        will, once the keys typed before ctrl+e have been acted on)."""
        from callmate.tui.screens.next_step import NextStepScreen

        if key_order(self.app).defer(self.action_end_call):
            return True
        if self.session.completed or isinstance(self.app.screen, NextStepScreen):
            return False

        def closed(ended: bool | None) -> None:
            if ended:
                self.post_message(CallEnded(self.session))
            else:
                self.post_message(QuitCalledOff())
                self.query_one("#answer", Input).focus()

        gate = NextStepScreen(
            self.session, self.keeper, self.clock, unrecorded=self.unrecorded_typing()
        )
        self.app.push_screen(gate, closed)
        return True

    def unrecorded_typing(self) -> str:
        """What the answer field holds that the call has not recorded, as a note keeps it (a
        paste's ⏎ marks are line breaks again). The answer given back to edit is recorded
        already; nothing typed is "".

        The gate shows it and, as the call ends, keeps it as a note: ending a call never
        drops typing (a closed terminal keeps it too, see emergency_save)."""
        text = self.query_one("#answer", Input).value
        question = self.session.current()
        if question is not None and text == editable_text(
            question, self.session.value(question.id)
        ):
            return ""
        return note_text(text)

    def emergency_save(self) -> None:
        """Signal or crash path: write what we have, no questions asked. A note being typed
        when the terminal closed is kept as a note: the rep finds it in the captured list."""
        # With its question, as every second keeps it (one place: listed once on resume).
        self.session.hold_unentered(self.query_one("#answer", Input).value)
        dialog, self.note_dialog = self.note_dialog, None
        if dialog is not None and dialog.is_attached and (typed := dialog.typed()).strip():
            self.session.add_note(typed, self.clock())
        self.keeper.save(self.session.record)


def fitted_prompt(intro: str, question: str, *, width: int = 0, rows: int = 0) -> Content:
    """The section's intro above the question, as much of the intro as fits in `rows` rows of
    `width` cells: whole, cut to its first rows (the last ending in "…"), or left out. The
    question is always whole, so its box can show it from its first word. No width: both whole.
    """
    asked = line(question)
    if not intro:
        return asked
    whole = line((intro + "\n\n", "italic"), question)
    if width <= 0:
        return whole
    intro_rows = [row.plain for row in Content(intro).wrap(width)]
    room = rows - len(Content(question).wrap(width)) - 1  # a blank row between them
    if len(intro_rows) <= room:
        return whole
    if room < 1:
        return asked
    kept = intro_rows[:room]
    last = kept[-1].rstrip()
    if cell_len(last) > width - 1:  # room for the "…": back to a word's end where there is one
        cut = last[: width - 1]
        last = cut.rsplit(" ", 1)[0] if " " in cut else cut
    kept[-1] = last.rstrip(" ,;:") + "…"
    return line(("\n".join(kept) + "\n\n", "italic"), question)


def _size_of(text: str) -> tuple[int, ...]:
    """The cell width of every line of a text."""
    return tuple(cell_len(row) for row in text.split("\n"))

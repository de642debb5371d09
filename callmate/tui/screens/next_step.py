"""The next-step dialog: the only door out of a live call.

It asks the core whether the call may end and what the step means; the rules (a future date
within the playbook's limit, what happens, the prospect's own part, an advance rather than a
continuation) are the session's, the dialog only shows its answers. What the rep types is kept as
a draft in the record at every change, so Escape, a signal or a crash loses none of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input

from callmate.autosave import Keeper
from callmate.core.dates import full_date_example
from callmate.core.judgement import Verdict
from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession, GateClosed, field_form
from callmate.tui.screens.when_preview import show_when
from callmate.tui.text import Plain, line, shorten
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.key_order import HoldsKeysUntilReady, key_order
from callmate.tui.widgets.ordered_input import OrderedInput

FIELDS = ("when", "what", "their_commitment", "our_commitment", "channel")
LABELS = {
    "when": "When (thu 3pm, tomorrow 9am, in 3 days, {a full date})",
    "what": "What happens then (a suggestion's number picks it)",
    "their_commitment": "What the prospect committed to do",
    "our_commitment": "What we committed to do (optional)",
    "channel": "How: call, video, visit, email (optional)",
}
TITLE = "Before this call ends: the next step"
#: What an empty field says, so it reads as a place to type (a blank row looked like nothing).
PLACEHOLDERS = {
    "when": "a day and a time",
    "what": "the step, or a suggestion's number",
    "their_commitment": "what they will do before then",
    "our_commitment": "optional",
    "channel": "optional",
}
WHY_INTRO = (
    "They will not commit to an advance? Say why below, and the call ends on a continuation "
    "(recorded as one). Leave it empty to keep asking."
)
WHY_LABEL = "Why they will not commit (Enter saves)"


def unrecorded_words(texts: list[str]) -> str:
    """The gate's line about text typed in the call but not entered (the answer field's, and
    any left at another question): what it is and where it goes, so ending the call never
    looks like it drops it."""

    def said(text: str) -> str:
        first = text.strip().split("\n")[0]
        more = " (and more lines)" if "\n" in text.strip() else ""
        return f"'{shorten(first, 48)}'{more}"

    if len(texts) == 1:
        return (
            f"Not recorded yet: {said(texts[0])}. It is kept as a note when the call ends; "
            "Escape goes back to enter it."
        )
    return "Not recorded yet, each kept as a note when the call ends (Escape goes back):\n" + (
        "\n".join(f"  · {said(text)}" for text in texts)
    )


#: Open required questions listed by name at the gate; the rest are counted.
MOST_LISTED = 3


class NextStepScreen(HoldsKeysUntilReady, ModalScreen[bool]):
    CSS_PATH = "next_step.tcss"
    #: Nothing (not even the scrolling dialog, which would swallow keys typed right after
    #: ctrl+e): until on_mount puts the focus in the date, they wait (HoldsKeysUntilReady).
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("escape", "back", "Back to the call"),
        Binding("ctrl+s", "save", "Save and end call", priority=True),
        Binding(
            "ctrl+o",
            "not_connected",
            "Didn't connect",
            tooltip="Voicemail, no answer, wrong contact: book a retry only",
        ),
        Binding(
            "ctrl+g",
            "discard",
            "Discard call",
            tooltip="A call started by mistake: set it aside (kept on disk, out of lists)",
        ),
        # The fields keep the focus; these scroll the dialog to what is above or below them.
        Binding("pageup", "scroll_dialog(-1)", show=False),
        Binding("pagedown", "scroll_dialog(1)", show=False),
    ]

    def __init__(
        self,
        session: CallSession,
        keeper: Keeper,
        clock: Callable[[], datetime],
        unrecorded: str = "",
    ) -> None:
        """``unrecorded``: text left in the call's answer field, typed but not entered; the
        dialog says so, and it is kept as a note when the call ends here."""
        super().__init__()
        self.session = session
        self.keeper = keeper
        self.clock = clock
        self.unrecorded = unrecorded
        #: Their part as said during the call, when the gate starts from it (else "").
        self.suggested_theirs = ""
        #: The draft a save refused, while its words are shown (see answered_refusal).
        self._refused: NextStepDraft | None = None
        #: The text each field opened with (see restored_field).
        self._restored: dict[str, str] = {}
        #: A scroll to the field being typed in is waiting for the layout (see keep_in_view).
        self._view_pending = False

    def compose(self) -> ComposeResult:
        session = self.session
        policy = session.playbook.next_step
        # The answer field's text goes on disk with its question before anything else: a kill
        # while the gate is open gives it back on resume (the call screen saves it only on exit).
        session.hold_unentered(field_form(self.unrecorded))
        start = session.prefilled_draft()
        self.suggested_theirs = session.suggested_their_part()
        with VerticalScroll(id="dialog"):
            yield Plain(
                f"Agree it with {session.record.prospect} now: a date, what happens, and what "
                "they will do. It must move the sale: time together, the decision maker brought "
                "in, their numbers shared.",
                id="why",
            )
            unentered = [session.unentered_words(q, t) for q, t in session.unentered()]
            if unentered:
                yield Plain(unrecorded_words(unentered), id="unrecorded")
            open_required = session.open_required()
            warnings: list[str] = []
            if open_required:
                count = len(open_required)
                warnings.append(
                    f"⚠ {count} required question{'' if count == 1 else 's'} not answered "
                    "(you can still end the call):\n"
                    # Each by its short label, as the captured panel names it: one line each
                    # even at 80x24, where a whole prompt wrapped and was cut mid-word.
                    + "\n".join(
                        f"  · {shorten(session.answer_label(q.id), 70)}"
                        for q in open_required[:MOST_LISTED]
                    )
                    # At most a few: on a short terminal a long list pushed the dialog's top
                    # out of view before the first field.
                    + (f"\n  · and {count - MOST_LISTED} more" if count > MOST_LISTED else "")
                )
            # What the answers said against the sale ("they said no" to the pain), as the
            # playbook pane's qualification judges it: the step is agreed knowing it.
            warnings += [
                f"✗ {label}: {judged.reason}"
                for label, judged in session.slots()
                if judged.verdict is Verdict.NOT_MET
            ]
            if warnings:
                yield Plain("\n".join(warnings), id="warnings")
            yield Plain(session.suggested_ask(), id="ask")
            if policy.suggestions:
                yield Plain(
                    "Suggested:\n"
                    + "\n".join(
                        f"  {i}) {session.say(s)}" for i, s in enumerate(policy.suggestions, 1)
                    ),
                    id="suggestions",
                )
            for name in FIELDS:
                with Vertical(classes="field"):
                    yield Plain(self.label(name), classes="label")
                    yield self.restored_field(name, getattr(start, name))
                    yield Plain("", id=f"e-{name}", classes="field-message")
                if name == "their_commitment":
                    # The verdict sits right under the prospect's part, where the rep is typing.
                    yield Plain("", id="review")
                    with Vertical(id="continuation-box", classes="field"):
                        yield Plain("", id="refused")
                        yield Plain(WHY_INTRO, id="why-intro")
                        yield Plain(WHY_LABEL, classes="label")
                        why = self.restored_field("why_continuation", start.why_continuation)
                        why.placeholder = "e.g. no budget before March; they refuse a meeting"
                        yield why
            yield Plain("", id="save-error")
        yield WrappingFooter()

    def label(self, name: str) -> str:
        """A field's label; the date field's full-date example is a few days from today."""
        example = full_date_example(self.clock().date())
        return LABELS[name].replace("{a full date}", example)

    def restored_field(self, name: str, value: str) -> OrderedInput:
        """A field the dialog opens with text in (the draft kept when it was last open, the
        step captured, their part as said during the call): selected as a whole when the rep
        reaches it, as a recorded answer is on the call screen, so typing replaces it (it was
        appended: 'tomorrow 10amtomorrow 11am') and End or an arrow key keeps it to edit.
        Once the rep changes it, it is their typing and is never selected again."""
        self._restored[name] = value
        return OrderedInput(
            value=value,
            id=f"f-{name}",
            compact=True,
            select_on_focus=bool(value.strip()),
            placeholder=PLACEHOLDERS.get(name, ""),
        )

    def on_mount(self) -> None:
        self.keeper.save(self.session.record)  # the text held by compose (hold_unentered)
        # The heading sits in the dialog's frame: in view at any height (a line at the top of
        # the scrolling dialog went out of view at 80x24, as the date field took the focus).
        self.query_one("#dialog").border_title = TITLE
        box = self.query_one("#continuation-box")
        box.display = bool(self.query_one("#f-why_continuation", Input).value)
        self.query_one("#f-when", Input).focus()
        if self.suggested_theirs:
            self.query_one("#e-their_commitment", Plain).update(
                "From their answer during the call: typing replaces it, End keeps it to edit."
            )
        self.refresh_review()
        self.keys_ready()  # keys typed right after ctrl+e waited for the field

    def on_resize(self) -> None:
        """A resize lays the dialog out again from its top (its heading in view where there is
        room), then brings the field being typed in back into view (Textual scrolls to the focus
        on a focus change only)."""
        self.query_one("#dialog", VerticalScroll).scroll_home(animate=False, immediate=True)
        self.keep_in_view()

    def on_descendant_focus(self) -> None:
        self.keep_in_view()

    def keep_in_view(self, *, laid_out: bool = False) -> None:
        """The field being typed in, with the lines under it (the date read back, the field's
        message, the verdict under their part), in view; where they do not all fit, the field
        itself wins. Textual scrolls to a field only when it takes the focus, before those lines
        have their text, and a short terminal hid them (the verdict sat below the fold).

        It runs once the dialog is laid out again (text set now is laid out a refresh later),
        once for a burst of changes."""
        if not laid_out:
            if not self._view_pending:
                self._view_pending = True
                self.call_after_refresh(self.call_after_refresh, self.keep_in_view, laid_out=True)
            return
        self._view_pending = False
        if not self.is_attached:  # saved and closed before the layout came round
            return
        field, dialog = self.focused, self.query_one("#dialog", VerticalScroll)
        if field is None:
            return
        box = field.parent
        group: list[Widget] = [box if isinstance(box, Widget) and box is not dialog else field]
        if field.id == "f-their_commitment":
            group.append(self.query_one("#review"))
        region = group[0].virtual_region_with_margin
        for widget in group[1:]:
            region = region.union(widget.virtual_region_with_margin)
        dialog.scroll_to_region(region, animate=False, immediate=True)
        field.scroll_visible(animate=False, immediate=True)

    def action_scroll_dialog(self, direction: int) -> None:
        box = self.query_one("#dialog", VerticalScroll)
        page = max(1, box.scrollable_content_region.height - 2)
        box.scroll_to(y=box.scroll_target_y + direction * page, animate=False, immediate=True)

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("f-")
        if event.value != self._restored.get(name, event.value):
            event.input.select_on_focus = False  # the rep's own text now: never select it
            if name == "their_commitment" and self.suggested_theirs:
                self.query_one("#e-their_commitment", Plain).update("")
        if self.session.completed:
            return
        self.session.keep_draft(self.draft(), self.clock())
        self.keeper.save(self.session.record)
        self.refresh_review()
        self.answered_refusal(name)
        self.keep_in_view()  # the read-back or the verdict under the field may have grown

    def answered_refusal(self, name: str) -> None:
        """A refused save's words go once the rep changes what they were about: the field's
        own message, and the "Not saved: the call ends on an advance" box once the step itself
        changes (it stood beside a fresh "✓ Advance" verdict). The box folds away when the step
        now reads as an advance and no reason was typed in it."""
        refused = self._refused
        draft = self.draft()
        if refused is None or getattr(draft, name) == getattr(refused, name):
            return  # nothing refused, or a change queued before the save (no news)
        if name in FIELDS and name != "when":  # the date's line is its live read-back
            message = self.query_one(f"#e-{name}", Plain)
            if message.has_class("error"):
                message.set_class(False, "error")
                message.update("")
        self.query_one("#refused", Plain).update("")
        self.query_one("#save-error", Plain).update("")
        if draft.why_continuation.strip() or not (draft.what.strip() or draft.their_commitment):
            return
        if self.session.review_step(draft, self.clock()).judgement.advance:
            self.query_one("#continuation-box").display = False

    def refresh_review(self) -> None:
        """The date in words, and the core's live view: advance or not, and its warnings."""
        draft = self.draft()
        self.preview_when(draft.when)
        if not (draft.what.strip() or draft.their_commitment.strip()):
            self.query_one("#review", Plain).update("")
            return
        review = self.session.review_step(draft, self.clock())
        judged = review.judgement
        if judged.advance:
            head = line(("✓ Advance: ", "bold $success"), judged.reason)
        else:
            head = line(("✗ Not an advance yet: ", "bold $warning"), judged.reason)
        lines = [head, *(line(("⚠ ", "bold $warning"), w) for w in review.warnings)]
        self.query_one("#review", Plain).update(Content("\n").join(lines))

    def preview_when(self, text: str) -> None:
        show_when(
            self.query_one("#e-when", Plain), text, self.clock(), self.session.playbook.next_step
        )

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        name = (event.input.id or "").removeprefix("f-")
        if name == "what":
            event.input.value = self.session.expand_suggestion(event.input.value)
        if name in (FIELDS[-1], "why_continuation"):
            self.action_save()
            return
        self.query_one(f"#f-{FIELDS[FIELDS.index(name) + 1]}", Input).focus()

    def draft(self) -> NextStepDraft:
        values = {name: self.query_one(f"#f-{name}", Input).value for name in FIELDS}
        why = self.query_one("#f-why_continuation", Input).value
        return NextStepDraft(**values, why_continuation=why)

    def action_save(self) -> None:
        if key_order(self.app).defer(self.action_save):
            return  # ctrl+s is a priority key: it waits for the keys typed before it
        now = self.clock()
        if not self.session.completed:
            errors = self.session.set_next_step(self.draft(), now)
            self.show_errors(errors)
            if errors:
                return
            try:  # the end keeps the text typed and not entered as notes (keep_unentered)
                self.session.complete(now)
            except GateClosed as exc:
                self.query_one("#save-error", Plain).update("; ".join(exc.reasons))
                return
        self.finish()

    def show_errors(self, errors: dict[str, str]) -> None:
        self._refused = self.draft() if errors else None
        for name in FIELDS:
            if name == "when" and "when" not in errors:
                self.preview_when(self.query_one("#f-when", Input).value)
                continue
            message = self.query_one(f"#e-{name}", Plain)
            message.set_class(name in errors, "error")
            message.update(errors.get(name, ""))
        refused = errors.get("continuation", "") or errors.get("why_continuation", "")
        if "why_continuation" in errors:
            said = refused
        elif refused:  # the verdict itself is on the line above: say what to ask for instead
            said = f"Not saved: the call ends on an advance. {self.session.suggested_ask()}"
        else:
            said = ""
        self.query_one("#refused", Plain).update(said)
        if refused:
            self.query_one("#continuation-box").display = True
        wrong = [n for n in FIELDS if n in errors]
        if wrong:
            self.query_one(f"#f-{wrong[0]}", Input).focus()
        elif refused:
            # The field that appears takes what is typed next (the README's "type why in the
            # field that appears"); its box comes into view from the top where it fits, and
            # the field itself always (a short terminal cannot show the whole box).
            why = self.query_one("#f-why_continuation", Input)
            why.focus(scroll_visible=False)
            self.call_after_refresh(self.bring_into_view, self.query_one("#continuation-box"), why)

    def bring_into_view(self, box: Widget, field: Widget, *, laid_out: bool = False) -> None:
        """The box from its top where it fits, then the field itself. Its new lines are laid
        out one refresh later than they are set, so the scroll waits one more refresh."""
        if not laid_out:
            self.call_after_refresh(self.bring_into_view, box, field, laid_out=True)
            return
        box.scroll_visible(animate=False, immediate=True)
        field.scroll_visible(animate=False, immediate=True)

    def finish(self) -> None:
        """Save the ended call (the text typed and not entered is in it as notes); nothing
        leaves while the disk refuses it."""
        if not self.keeper.save(self.session.record):
            self.query_one("#save-error", Plain).update(
                f"Could not save: {self.keeper.error}. Free some space or fix the folder, "
                "then press ctrl+s again. Nothing is lost while callmate stays open."
            )
            return
        self.dismiss(True)

    def action_not_connected(self) -> None:
        from callmate.tui.screens.call_end import NotConnectedScreen

        if self.session.completed:
            return

        def chosen(ended: bool | None) -> None:
            if ended:
                self.finish()

        self.app.push_screen(NotConnectedScreen(self.session, self.keeper, self.clock), chosen)

    def action_discard(self) -> None:
        from callmate.tui.screens.call_end import ConfirmDiscard

        if self.session.completed:
            return

        def chosen(reason: str | None) -> None:
            if reason is None:
                return
            self.session.keep_unentered(self.clock())
            self.session.discard(self.clock(), reason)
            self.finish()

        self.app.push_screen(ConfirmDiscard(self.session.record.prospect), chosen)

    def action_back(self) -> None:
        if self.session.completed:
            return
        self.dismiss(False)

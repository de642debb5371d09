"""The next-step gate through the real app: it judges the step, not only its fields."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from callmate.core.call_record import Event
from callmate.store import Store
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.call_end import ConfirmDiscard, NotConnectedScreen
from callmate.tui.screens.next_step import WHY_LABEL, NextStepScreen
from tests.tui.bursts import burst, keys_of
from tests.tui.helpers import call_app, type_text


def stored(data_dir) -> dict:
    store = Store(data_dir)
    (row,) = store.summaries() or [None]
    return store.load(row["id"])


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def open_gate(pilot, *, when="tomorrow 10am", what="", theirs="") -> None:
    await type_text(pilot, "y")
    await pilot.press("ctrl+e")
    await type_text(pilot, when)
    await type_text(pilot, what)
    await type_text(pilot, theirs, enter=False)


async def test_a_continuation_is_refused_with_the_reason_and_an_ask(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_gate(pilot, what="Send some information", theirs="send me some information")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NextStepScreen)
        verdict, refused = shown(app, "#review"), shown(app, "#refused")
        assert "Not an advance yet" in verdict and "continuation" in verdict
        assert "Not saved: the call ends on an advance" in refused
        assert "Ask for: Review the proposal together" in refused
        assert app.screen.query_one("#continuation-box").display
    record = stored(data_dir)
    assert record.status == "in_progress"
    assert record.next_step is None
    assert record.next_step_draft.what == "Send some information"


async def test_the_rep_can_end_on_a_continuation_only_by_saying_why(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_gate(pilot, what="Send the brochure", theirs="I'll take a look")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#f-why_continuation").focus()
        await type_text(pilot, "budget frozen until March, they refuse a meeting")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen) is False or app.screen.session.completed
    step = stored(data_dir).next_step
    assert step.kind == "continuation"
    assert step.why_continuation == "budget frozen until March, they refuse a meeting"
    assert "continuation" in step.judgement


async def test_an_advance_is_accepted_and_judged_live(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_gate(pilot, what="1", theirs="bring last month's invoices")
        await pilot.pause()
        assert "✓ Advance" in shown(app, "#review")
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert record.status == "completed"
    assert record.outcome == "connected"
    assert record.next_step.what == "Review the proposal together"
    assert record.next_step.kind == "advance"
    assert record.next_step_draft is None


async def test_the_gate_warns_when_the_decider_is_left_out(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        session = app.screen.session
        session.jump("decision", app.clock())
        app.screen.after_change(prefill=True)
        await type_text(pilot, "Dr Okafor")
        await pilot.press("enter")  # the list is done
        await type_text(pilot, "")  # budget: skip with an empty Enter is not allowed, skip it
        await pilot.press("ctrl+n")
        await type_text(pilot, "n")  # the final yes is not theirs
        await pilot.press("ctrl+e")
        await type_text(pilot, "in 5 days")
        await type_text(pilot, "A call with Robin to go through it together")
        await type_text(pilot, "bring the numbers", enter=False)
        await pilot.pause()
        review = shown(app, "#review")
        assert "does not bring in the decision maker (Dr Okafor)" in review
        assert "5 days away" in review
        await pilot.press("ctrl+s")
        await pilot.pause()
    step = stored(data_dir).next_step
    assert step.kind == "advance" and step.involves_decider is False


async def test_the_draft_comes_back_after_escape_and_on_resume(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_gate(pilot, what="Demo for the owner", theirs="invite the ow")
        await pilot.press("escape")
        assert isinstance(app.screen, CallScreen)
        await pilot.press("ctrl+e")
        assert app.screen.query_one("#f-their_commitment", Input).value == "invite the ow"
    # The process is gone without ending the call (as after a kill): the file has the draft.
    record = stored(data_dir)
    assert record.status == "in_progress"
    assert record.next_step_draft.their_commitment == "invite the ow"
    from callmate.tui.app import CallmateApp
    from tests.tui.helpers import StepClock

    again = CallmateApp(Store(data_dir), clock=StepClock())
    async with again.run_test(size=(120, 40)) as pilot:
        again.resume_call(record.id)
        await pilot.pause()
        await pilot.press("ctrl+e")
        assert again.screen.query_one("#f-what", Input).value == "Demo for the owner"
        assert again.screen.query_one("#f-when", Input).value == "tomorrow 10am"


async def test_a_call_that_did_not_connect_books_a_retry_only(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+e")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, NotConnectedScreen)
        await pilot.press("enter")  # voicemail
        await type_text(pilot, "yesterday 9am")
        await type_text(pilot, "left a message about the no-shows")
        assert "past" in shown(app, "#e-when")
        assert isinstance(app.screen, NotConnectedScreen)
        app.screen.query_one("#when", Input).value = "tomorrow 9am"
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert (record.status, record.outcome) == ("completed", "voicemail")
    assert record.next_step.kind == "retry"
    assert record.next_step.our_commitment == "left a message about the no-shows"


async def test_a_call_started_by_mistake_is_discarded_after_confirming(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+e")
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, ConfirmDiscard)
        await type_text(pilot, "yes")  # not the word: nothing happens
        assert isinstance(app.screen, ConfirmDiscard)
        assert stored(data_dir).status == "in_progress"
        app.screen.query_one("#confirm", Input).value = ""
        await type_text(pilot, "discard")
        await type_text(pilot, "wrong number")
        await pilot.pause()
    record = stored(data_dir)
    assert record.status == "discarded"
    assert record.events[-1] == Event("discarded", record.ended, {"reason": "wrong number"})


async def test_dialog_fields_take_a_burst_in_order(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        await burst(
            pilot,
            *keys_of("thu 3pm"),
            "tab",
            *keys_of("demo of the dashboard"),
            "enter",
            *keys_of("they bring the logs"),
            "tab",
            *keys_of("send quote"),
        )
        values = {
            n: app.screen.query_one(f"#f-{n}", Input).value
            for n in ("when", "what", "their_commitment", "our_commitment")
        }
    assert values == {
        "when": "thu 3pm",
        "what": "demo of the dashboard",
        "their_commitment": "they bring the logs",
        "our_commitment": "send quote",
    }


def test_the_gate_draft_survives_a_kill_9(tmp_path, small_playbook_path):
    import signal

    from tests.pty_app import PtyApp, wait_for

    data = tmp_path / "data"
    app = PtyApp(
        ["call", "--playbook", str(small_playbook_path), "--prospect", "Pat Quill"],
        env={"CALLMATE_DATA_DIR": str(data)},
    )

    def theirs() -> str:
        try:
            kept = stored(data).next_step_draft
        except (ValueError, KeyError, TypeError, IndexError):
            return ""
        return kept.their_commitment if kept else ""

    try:
        assert wait_for(lambda: app.output_size() > 2000)  # the call screen has drawn
        app.write(b"y\r")
        app.write(b"\x05")  # ctrl+e: the gate
        assert wait_for(lambda: "Before this call ends" in app.output.decode("utf-8", "replace"))
        app.write(b"tomorrow 10am\rDemo for the owner\rinvite the owner")
        assert wait_for(lambda: theirs() == "invite the owner")
        app.proc.send_signal(signal.SIGKILL)
        app.proc.wait(timeout=10)
    finally:
        app.close()
    record = stored(data)
    assert record.status == "in_progress"
    assert record.next_step_draft.what == "Demo for the owner"


async def test_a_retry_booked_too_soon_is_warned(data_dir, small_playbook):
    from callmate.core.session import CallSession
    from tests.conftest import START

    earlier = CallSession.start(small_playbook, "Pat Quill", "Hollow Pines Dental", START)
    assert earlier.end_without_connecting("no_answer", "in 3 days", "", START) == {}
    Store(data_dir).save(earlier.record)
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, CallScreen):  # the brief and the follow-up question
            await pilot.press("n" if "FollowUp" in type(app.screen).__name__ else "enter")
        await pilot.press("ctrl+e")
        await pilot.press("ctrl+o")
        await pilot.press("enter")
        await type_text(pilot, "tomorrow 9am", enter=False)
        await pilot.pause()
        assert "too soon" in shown(app, "#pacing")
        app.screen.query_one("#when", Input).value = "in 5 days"
        await pilot.pause()
        assert "too soon" not in shown(app, "#pacing")


async def test_a_practice_can_be_abandoned_without_a_next_step(data_dir, small_playbook):
    from callmate.tui.app import CallmateApp, CallRequest
    from tests.tui.helpers import StepClock

    request = CallRequest(small_playbook, "Practice partner", mode="practice")
    app = CallmateApp(Store(data_dir), start=request, clock=StepClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        assert isinstance(app.screen, ConfirmDiscard)
        await type_text(pilot, "abandon")
        await type_text(pilot, "")
        await pilot.pause()
    record = stored(data_dir)
    assert (record.status, record.abandoned, record.next_step) == ("discarded", True, None)


async def test_a_live_call_cannot_be_abandoned(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        assert isinstance(app.screen, CallScreen)
    assert stored(data_dir).status == "in_progress"


async def test_a_resize_keeps_the_field_being_typed_in_on_screen(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_gate(pilot, what="Demo for the team", theirs="bring the team")
        await pilot.press("tab", *"send the agenda")  # into "What we committed to do"
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        field = app.screen.query_one("#f-our_commitment", Input)
        assert app.focused is field and field.value == "send the agenda"
        dialog = app.screen.query_one("#dialog")
        assert dialog.region.contains_region(field.region), (dialog.region, field.region)


async def test_resuming_after_a_question_changed_kind_says_what_was_kept_as_notes(
    data_dir, small_playbook, small_playbook_path, monkeypatch
):
    """The trainer turned a list question into a yes/no under an unfinished call: on resume the
    rep is told which answers were kept as notes, and sees them in the captured pane."""
    # Today's edition is taken from the playbook folders (a record's path is only used while
    # its bytes are the call's edition).
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(small_playbook_path.parent))
    from callmate.core.session import CallSession
    from callmate.tui.app import CallmateApp
    from tests.conftest import SMALL_PLAYBOOK, START
    from tests.tui.helpers import StepClock

    session = CallSession.start(small_playbook, "Pat Quill", "Hollow Pines Dental", START)
    session.jump("decision", START)
    session.add_item("Maria (CFO)", START)
    session.finish_items(START)
    Store(data_dir).save(session.record)
    small_playbook_path.write_text(
        SMALL_PLAYBOOK.replace(
            "prompt: Who else decides?\n        capture: list",
            "prompt: Does anyone else decide?\n        capture: yes_no\n        label: Others",
        ),
        encoding="utf-8",
    )
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(120, 40)) as pilot:
        app.resume_call(session.id)
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert "kept as notes" in said and "Others" in said
        assert "Maria (CFO)" in str(app.screen.query_one("#captured").render())
    assert "deciders" not in stored(data_dir).answers
    assert "Maria (CFO)" in stored(data_dir).notes[-1].text


async def test_an_answer_to_a_question_gone_from_the_playbook_stays_in_the_captured_pane(
    data_dir, small_playbook, small_playbook_path
):
    from callmate.core.session import CallSession
    from callmate.tui.app import CallmateApp
    from tests.conftest import SMALL_PLAYBOOK, START
    from tests.tui.helpers import StepClock

    session = CallSession.start(small_playbook, "Pat Quill", "Hollow Pines Dental", START)
    session.jump("decision", START)
    session.add_item("Maria (CFO)", START)
    session.finish_items(START)
    Store(data_dir).save(session.record)
    small_playbook_path.write_text(  # the trainer renamed the question
        SMALL_PLAYBOOK.replace("id: deciders", "id: others_involved").replace(
            "questions: [is_dm, deciders]", "questions: [is_dm]"
        ),
        encoding="utf-8",
    )
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(120, 40)) as pilot:
        app.resume_call(session.id)
        await pilot.pause()
        captured = str(app.screen.query_one("#captured").render())
        assert "deciders (a question no longer in the playbook)" in captured
        assert "Maria (CFO)" in captured


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (160, 50)], ids=["80x24", "60x20", "160x50"])
async def test_after_a_refused_save_the_why_field_is_labelled_and_takes_the_keys(
    data_dir, small_playbook, size
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+e")
        await burst(pilot, *keys_of("thu 3pm"), "tab", *keys_of("send me some info"), "tab")
        await burst(pilot, *keys_of("read it"), "ctrl+s", *keys_of("won't book before budget"))
        assert isinstance(app.screen, NextStepScreen)
        why = app.screen.query_one("#f-why_continuation", Input)
        assert app.focused is why
        assert why.value == "won't book before budget"
        assert app.screen.query_one("#f-their_commitment", Input).value == "read it"
        # The field has its own label right above it, not only the warning's sentence.
        box = app.screen.query_one("#continuation-box")
        label = box.children[box.children.index(why) - 1]
        assert str(label.render()) == WHY_LABEL and why.region.height > 0
        shown_part = app.screen.query_one("#dialog").scrollable_content_region
        assert shown_part.contains_region(why.region), (shown_part, why.region)
        await burst(pilot, "enter")
    step = stored(data_dir).next_step
    assert (step.kind, step.why_continuation) == ("continuation", "won't book before budget")
    assert step.their_commitment == "read it"


async def test_their_part_from_the_call_is_replaced_by_typing_not_glued_to(data_dir, tmp_path):
    """The gate starts their part from their answer during the call; Tab into it and type: the
    typed text replaces it (it was recorded as 'share delivery numbersread it')."""
    from callmate.core.playbook_loader import load_playbook
    from tests.conftest import SMALL_PLAYBOOK

    path = tmp_path / "theirs.yaml"
    path.write_text(
        SMALL_PLAYBOOK.replace(
            "      - id: budget\n        prompt: Is there a budget?\n",
            "      - id: budget\n        prompt: What will you do before we talk?\n"
            "        signal: their_part\n",
        ),
        encoding="utf-8",
    )
    app = call_app(data_dir, load_playbook(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+g", "end", "enter")  # Decision
        await type_text(pilot, "")  # who else decides: nobody named
        await type_text(pilot, "share delivery numbers")
        await pilot.press("ctrl+e")
        await pilot.pause()
        theirs = app.screen.query_one("#f-their_commitment", Input)
        assert theirs.value == "share delivery numbers"
        assert "From their answer" in shown(app, "#e-their_commitment")
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "Review the proposal together")
        await type_text(pilot, "read it", enter=False)
        assert theirs.value == "read it"
        await pilot.press("shift+tab", "tab")  # their own text is never selected again
        await type_text(pilot, " first", enter=False)
        assert theirs.value == "read it first"

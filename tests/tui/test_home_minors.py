"""Home screen details a rep trips over: placeholders that read as typed, a follow-up key
pressed away from the list, a continuation's mark, and what Enter does on a silent prospect."""

from __future__ import annotations

from datetime import timedelta

from callmate.core.next_step import NextStepDraft
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.home import FollowUpList
from tests.conftest import START
from tests.tui.helpers import StepClock
from tests.tui.test_between_calls import finished_call


async def test_the_name_fields_hold_no_name_that_reads_as_typed(data_dir, small_playbook):
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(80, 24)):
        for field in ("#prospect", "#company"):
            placeholder = app.screen.query_one(field).placeholder
            assert "Pat" not in placeholder and "Dental" not in placeholder
            assert placeholder.startswith("type")
        labels = " ".join(str(p.render()) for p in app.screen.query(".label"))
        assert "Enter here starts the call" in labels


async def test_ctrl_k_away_from_the_list_says_so_and_marks_nothing(data_dir, small_playbook):
    store = Store(data_dir)
    earlier = START - timedelta(days=3)  # overdue: on the list, ctrl+k would mark it at once
    record = finished_call(store, small_playbook, "Ann Lee", "Acme", when="in 1 day", at=earlier)
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert app.focused is app.screen.query_one("#playbooks"), "as after a call"
        await pilot.press("ctrl+k")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("ctrl+k acts on a follow-up" in m and "press ctrl+k again" in m for m in said)
        assert app.focused is app.screen.query_one("#followups")
        assert Store(data_dir).load(record.id).next_step.outcome is None
        await pilot.press("ctrl+k")
        await pilot.pause()
    assert Store(data_dir).load(record.id).next_step.outcome == "kept"


async def test_ctrl_x_with_no_follow_ups_says_there_are_none(data_dir, small_playbook):
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["ctrl+x: no open follow-ups to mark."]


async def test_a_continuation_is_marked_in_the_cores_words_before_what_was_agreed(
    data_dir, small_playbook
):
    store = Store(data_dir)
    session = CallSession.start(small_playbook, "Cy Cont", "Acme", START)
    draft = NextStepDraft(
        "in 2 days", "send the brochure", "read it", why_continuation="would not book"
    )
    assert session.set_next_step(draft, START) == {}
    session.complete(START)
    store.save(session.record)
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(80, 24)):
        row = str(app.screen.query_one("#followups", FollowUpList).get_option_at_index(0).prompt)
        assert "Cy Cont (Acme) [continuation, not an advance (would not book)]: send" in row


def _never_reached(store: Store, playbook, prospect: str) -> None:
    at = START - timedelta(days=5)
    retry = CallSession.start(playbook, prospect, "Acme", at)
    assert retry.end_without_connecting("no_answer", "in 2 days", "", at) == {}
    store.save(retry.record)


def _talked_then_voicemail(store: Store, playbook, prospect: str) -> None:
    at = START - timedelta(days=9)
    talk = CallSession.start(playbook, prospect, "Bolt", at)
    draft = NextStepDraft("in 2 days", "send it", "read it", why_continuation="would not book")
    assert talk.set_next_step(draft, at) == {}
    talk.complete(at)
    store.save(talk.record)
    later = START - timedelta(days=5)
    retry = CallSession.start(playbook, prospect, "Bolt", later)
    assert retry.end_without_connecting("voicemail", "in 2 days", "", later) == {}
    store.save(retry.record)


async def test_the_silent_heading_says_what_enter_does_on_the_highlighted_row(
    data_dir, small_playbook
):
    store = Store(data_dir)
    _never_reached(store, small_playbook, "Nell Never")
    _talked_then_voicemail(store, small_playbook, "Tom Talked")
    app = CallmateApp(store, clock=StepClock())
    async with app.run_test(size=(100, 40)) as pilot:
        silent = app.screen.query_one("#silent")
        rows = [str(silent.get_option_at_index(i).prompt) for i in range(silent.option_count)]
        never = next(i for i, row in enumerate(rows) if "Nell Never" in row)
        assert "not reached yet" in rows[never] and "update my file" not in rows[never]
        silent.focus()
        silent.highlighted = never
        await pilot.pause()
        heading = str(app.screen.query_one("#silent-heading").render())
        assert "Enter starts another try to reach them" in heading
        silent.highlighted = 1 - never
        await pilot.pause()
        heading = str(app.screen.query_one("#silent-heading").render())
        assert "Enter starts the short 'update my file' call" in heading

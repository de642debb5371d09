"""Live guidance on the call screen: cues appear and go quietly, cards come from the keyboard."""

from __future__ import annotations

from datetime import timedelta

from callmate.store import Store
from callmate.tui.screens.call import CallScreen
from tests.tui.helpers import call_app, focused_input, type_text


def cues_text(app) -> str:
    return str(app.screen.query_one("#cues").render())


def stored(data_dir) -> dict:
    store = Store(data_dir)
    return store.load(store.summaries()[0]["id"])


async def test_no_agreed_pain_cue_fires_and_clears(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        assert cues_text(app) == ""
        await pilot.press("ctrl+g", "down", "down", "enter")  # jump to Commitment
        assert "No problem is agreed" in cues_text(app)
        assert focused_input(pilot).id == "answer"  # a cue never steals focus
        assert "no_agreed_pain" in stored(data_dir).cues_shown
        await pilot.press("ctrl+g", "down", "enter")  # back to Discovery
        await type_text(pilot, "slow invoices")
        await pilot.press("enter")
        await type_text(pilot, "yes")
        assert "Commitment" in str(app.screen.query_one("#section-title").render())
        assert "No problem is agreed" not in cues_text(app)


async def test_weak_commitment_cue(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "down", "down", "enter")
        await type_text(pilot, "no timeline")
        assert "commitment sounds weak" in cues_text(app)


async def test_strong_commitment_has_no_weak_cue(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "down", "down", "enter")
        await type_text(pilot, "this month")
        assert "commitment sounds weak" not in cues_text(app)


async def test_not_decision_maker_cue(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "down", "down", "down", "enter")
        await pilot.press("enter")  # no deciders listed
        await type_text(pilot, "ok")  # budget
        assert "decision maker" not in cues_text(app)
        await type_text(pilot, "n")  # is the final yes yours? no
        assert "bring the decision maker in" in cues_text(app)


async def test_info_request_cue_from_a_note(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+o")
        await type_text(pilot, "Happy with it so far")
        assert "asked for information" not in cues_text(app)
        await pilot.press("ctrl+o")
        await type_text(pilot, "Can you send me some info on pricing")
        assert "asked for information" in cues_text(app)


async def test_time_cue_appears_as_the_clock_runs(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        assert "time box" not in cues_text(app)
        app.clock.at += timedelta(minutes=18)
        app.screen.tick()
        await pilot.pause()
        assert "time box is nearly used up" in cues_text(app)
        assert "18:00 of 20 min" in str(app.screen.query_one("#clock").render())


async def test_cues_can_be_turned_off_by_key(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+g", "down", "down", "enter")
        assert "No problem is agreed" in cues_text(app)
        await pilot.press("ctrl+y")
        assert "Cues off" in cues_text(app)
        assert stored(data_dir).cues_off is True
        await pilot.press("ctrl+y")
        assert "No problem is agreed" in cues_text(app)


async def test_objection_card_from_the_keyboard_alone(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+t")
        await type_text(pilot, "my boss")
        assert isinstance(app.screen, CallScreen)
        card = app.screen.query_one("#card-box").border_title  # the title, on its border
        assert "I need to run it by my boss" in str(card)
        assert "What is getting in the way" in str(app.screen.query_one("#prompt").render())
        assert focused_input(pilot).id == "answer"
        record = stored(data_dir)
        assert record.objections[0].card == "boss"
        assert record.objections[0].resolved_at is None
        await pilot.press("ctrl+t", "enter")  # the open card is offered first: worked through
        assert not app.screen.query_one("#card").display
        assert stored(data_dir).objections[0].resolved_at is not None


async def test_objection_search_moves_with_arrows(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+t", "down", "down", "enter")
        assert "It's too expensive" in str(app.screen.query_one("#card-box").border_title)

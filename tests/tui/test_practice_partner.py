"""Practice with a colleague as the prospect, through the real app: the partner's feedback under
the scorecard, restart only after a confirm, and a header and prompts that read right."""

from __future__ import annotations

from callmate.store import Store
from callmate.tui.app import CallmateApp, CallRequest
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.scorecard import ScorecardScreen
from tests.tui.helpers import StepClock, bundled_persona, bundled_playbook, type_text

PARTNER_PROSPECT = "Practice partner"


def partner_app(data_dir, prospect: str = PARTNER_PROSPECT) -> CallmateApp:
    playbook = bundled_playbook("first-discovery")
    request = CallRequest(playbook, prospect, "", "practice", None)
    return CallmateApp(Store(data_dir), start=request, clock=StepClock())


async def finish(pilot) -> None:
    """Agree an advance with a date and their part, as the colleague would accept."""
    await pilot.press("ctrl+e")
    await pilot.pause()
    for text in (
        "tomorrow 10am",
        "30-minute call with the owner to go through a proposal together",
        "the owner joins the call and brings last month's numbers",
    ):
        await type_text(pilot, text)
        await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_partner_feedback_is_saved_with_the_scorecard(data_dir):
    app = partner_app(data_dir)
    async with app.run_test(size=(130, 40)) as pilot:
        await finish(pilot)
        assert isinstance(app.screen, ScorecardScreen), app.screen
        record_id = app.screen.card.record_id
        await type_text(pilot, "Good [bold]agenda[/bold]\x1b[2J; ask who signs earlier")
        await pilot.pause()
        stored = Store(data_dir).load(record_id)
        assert stored.feedback[0].text == "Good [bold]agenda[/bold][2J; ask who signs earlier"
        shown = str(app.screen.query_one("#feedback").render())
        assert "[bold]agenda[/bold]" in shown  # markup shown as typed, never applied
        assert isinstance(app.screen, ScorecardScreen)  # still open: the partner sees it saved
        call = next(s for s in app.screen_stack if isinstance(s, CallScreen))
        assert call.session.record == stored  # no later write of the window's copy can undo it
        await pilot.press("enter")  # an empty Enter closes the card
        await pilot.pause()
        assert not any(isinstance(s, ScorecardScreen) for s in app.screen_stack)


async def test_scorecard_of_a_scripted_persona_has_no_feedback_field(data_dir):
    playbook = bundled_playbook("first-discovery")
    persona = bundled_persona("busy-sceptic")
    request = CallRequest(playbook, persona.display_name, persona.company, "practice", persona)
    app = CallmateApp(Store(data_dir), start=request, clock=StepClock())
    async with app.run_test(size=(130, 40)) as pilot:
        await finish(pilot)
        assert isinstance(app.screen, ScorecardScreen), app.screen
        assert not app.screen.query("#feedback-input")


def prompt_text(app) -> str:
    return str(app.screen.query_one("#prompt").render())


async def test_an_unnamed_partner_is_greeted_without_a_made_up_name(data_dir):
    app = partner_app(data_dir)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        shown = prompt_text(app)
        assert "Thanks for making the time. Let's agree how we use it." in shown
        assert "Practice partner" not in shown


async def test_a_named_partner_is_greeted_by_name(data_dir):
    app = partner_app(data_dir, prospect="Jo Park")
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        assert "Thanks for making the time, Jo Park." in prompt_text(app)

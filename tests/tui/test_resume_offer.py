"""A prospect who already has an unfinished call: starting a call with them again (`callmate
call` re-run after the terminal closed, or the home screen) offers that call first."""

from __future__ import annotations

from callmate.core.session import CallSession
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.home import HomeScreen
from callmate.tui.screens.resume_offer import ResumeOffer
from callmate.usecases.calls import unfinished_call_with
from tests.conftest import START
from tests.tui.helpers import StepClock, call_app, type_text


def unfinished(store: Store, playbook, prospect="Pat Quill", company="Hollow Pines Dental"):
    """A call left open mid-way, as a killed app leaves it: one answer, no next step."""
    session = CallSession.start(playbook, prospect, company, START)
    session.answer("y", START)
    store.save(session.record)
    return session.record


def in_progress(data_dir) -> list[str]:
    return sorted(s["id"] for s in Store(data_dir).in_progress())


async def test_callmate_call_again_offers_the_unfinished_call_and_enter_resumes_it(
    data_dir, small_playbook
):
    left = unfinished(Store(data_dir), small_playbook)
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeOffer)
        said = " ".join(str(p.render()) for p in app.screen.query("Plain"))
        assert "Pat Quill (Hollow Pines Dental)" in said and "1 answer so far" in said
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.session.id == left.id
        assert app.screen.session.record.answers, "its answer came back with it"
    assert in_progress(data_dir) == [left.id], "no second call was made"


async def test_a_new_call_anyway_is_one_arrow_away(data_dir, small_playbook):
    left = unfinished(Store(data_dir), small_playbook)
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeOffer)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.session.id != left.id
        assert not app.screen.session.record.answers


async def test_escape_from_the_command_starts_nothing_and_says_where_the_call_is(
    data_dir, small_playbook, capsys
):
    left = unfinished(Store(data_dir), small_playbook)
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    assert "run `callmate` to resume it" in " ".join(capsys.readouterr().err.split())
    assert in_progress(data_dir) == [left.id]


async def test_home_offers_it_for_the_same_name_and_company(
    data_dir, small_playbook_path, small_playbook, monkeypatch
):
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(small_playbook_path.parent))
    left = unfinished(Store(data_dir), small_playbook)
    app = CallmateApp(Store(data_dir), clock=StepClock())
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#playbooks").focus()
        names = [s.entry.name for s in app.screen.playbooks]
        app.screen.query_one("#playbooks").highlighted = names.index("small")
        app.screen.query_one("#prospect").focus()
        await type_text(pilot, "pat  quill")  # another spelling of the same prospect
        await type_text(pilot, "Hollow Pines Dental")
        await pilot.pause()
        assert isinstance(app.screen, ResumeOffer)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "Escape from home stays on home"
        app.screen.query_one("#company").focus()
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.session.id == left.id


def test_only_live_unfinished_calls_of_that_prospect_are_offered(data_dir, small_playbook):
    store = Store(data_dir)
    unfinished(store, small_playbook, "Ann", "Acme")
    practice = CallSession.start(
        small_playbook, "Pat Quill", "Hollow Pines Dental", START, mode="practice"
    )
    store.save(practice.record)
    assert unfinished_call_with(store, "Pat Quill", "Hollow Pines Dental") is None
    left = unfinished(store, small_playbook)
    found = unfinished_call_with(store, "PAT QUILL", "hollow pines dental")
    assert found is not None and found.id == left.id and found.answered == 1

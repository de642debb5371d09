"""Resuming from home a call whose playbook file was broken or removed since it started."""

from __future__ import annotations

from callmate.playbook_cache import check_cached
from callmate.store import Store
from callmate.tui.app import CallmateApp
from callmate.tui.screens.call import CallScreen
from callmate.tui.screens.next_step import NextStepScreen
from tests.conftest import SMALL_PLAYBOOK
from tests.tui.helpers import StepClock, call_app, type_text

EDIT_ME = SMALL_PLAYBOOK.replace("name: small", "name: edit-me")


def text_of(app: CallmateApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def killed_mid_call(data_dir):
    path = data_dir / "playbooks" / "edit-me.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(EDIT_ME, encoding="utf-8")
    playbook, _ = check_cached(path, data_dir)  # as `callmate call --playbook edit-me` does
    app = call_app(data_dir, playbook)
    async with app.run_test() as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "slow invoices")
    return path  # torn down without the gate, as a kill would


async def resumed_from_home(data_dir) -> tuple[CallmateApp, list[str]]:
    home = CallmateApp(Store(data_dir), clock=StepClock())
    notices: list[str] = []
    home.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
    return home, notices


async def test_a_broken_playbook_resumes_on_its_edition_and_says_where_it_broke(data_dir):
    path = await killed_mid_call(data_dir)
    path.write_text(EDIT_ME.replace("capture: yes_no", "capture: yesno", 1), encoding="utf-8")
    home, notices = await resumed_from_home(data_dir)
    async with home.run_test() as pilot:
        await pilot.press("enter")
        assert isinstance(home.screen, CallScreen)
        assert "What is getting in the way" in text_of(home, "#prompt")
        assert "slow invoices" in text_of(home, "#captured")
        said = "\n".join(notices)
        assert "edit-me.yaml has errors now" in said and "edit-me.yaml:17:" in said
        assert "edition it started with" in said


async def test_with_no_edition_left_the_call_still_reaches_the_gate(data_dir):
    path = await killed_mid_call(data_dir)
    path.unlink()
    for kept in (data_dir / "cache").rglob("*.yaml"):  # no copy of any edition
        kept.unlink()
    home, notices = await resumed_from_home(data_dir)
    async with home.run_test() as pilot:
        await pilot.press("enter")
        assert isinstance(home.screen, CallScreen)
        assert "All questions asked" in text_of(home, "#section-title")
        assert "slow invoices" in text_of(home, "#captured")
        assert any("no copy of the edition" in n for n in notices)
        await pilot.press("ctrl+e")
        assert isinstance(home.screen, NextStepScreen)
        await type_text(pilot, "tomorrow 10am")
        await type_text(pilot, "Review the proposal together")
        await type_text(pilot, "bring last month's invoices", enter=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
    (row,) = Store(data_dir).summaries()
    record = Store(data_dir).load(row["id"])
    assert record.status == "completed"  # ended through the gate like any call
    assert record.next_step.what == "Review the proposal together"
    assert [i.text for i in record.answers["problems"].value] == ["slow invoices"]
    assert record.playbook.name == "edit-me"

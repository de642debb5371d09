"""The "did not connect" dialog as a rep meets it: every field shown, the date read back under
its own field, a refusal said where it belongs, and the message left shown under its own name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input

from callmate.export.call_view import call_view, plain_text
from callmate.export.markdown import render_markdown
from callmate.export.summary import build_summary
from callmate.store import Store
from callmate.tui.screens.call_end import MESSAGE_LABEL, NotConnectedScreen
from callmate.tui.text import Plain
from tests.tui.bursts import burst, keys_of, settle
from tests.tui.helpers import call_app, type_text
from tests.tui.test_snapshots import steady

SIZES = [(80, 24), (60, 20), (160, 50)]
SCREENS = Path(__file__).parents[2] / "callmate" / "tui" / "screens"


def stored(data_dir):
    store = Store(data_dir)
    (row,) = store.summaries()
    return store.load(row["id"])


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Plain).render())


async def open_dialog(pilot) -> None:
    await pilot.press("ctrl+e", "ctrl+o")
    assert isinstance(pilot.app.screen, NotConnectedScreen)
    await pilot.press("enter")  # voicemail


def on_screen(app, widget) -> bool:
    """Shown with a size, and inside the dialog's visible box (not scrolled or cut away)."""
    box = app.screen.query_one("#end-dialog")
    region = widget.region
    return (
        widget.display
        and region.width > 0
        and region.height > 0
        and box.content_region.contains_region(region)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_message_field_is_shown_and_takes_what_is_typed(data_dir, small_playbook, size):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await open_dialog(pilot)
        await type_text(pilot, "tomorrow 4pm")
        field = app.screen.query_one("#message", Input)
        assert app.focused is field
        await type_text(pilot, "MSGTEXT", enter=False)
        await settle(pilot)  # the dialog scrolls to the focused field after its layout
        assert on_screen(app, field), (field.display, field.region)
        assert "MSGTEXT" in str(field.render_line(0).text)
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert (record.outcome, record.next_step.our_commitment) == ("voicemail", "MSGTEXT")


async def test_the_message_left_is_shown_under_its_own_name(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        await burst(pilot, *keys_of("tomorrow 4pm\nMSGTEXT"), "ctrl+s")
    record = stored(data_dir)
    summary = build_summary(record, small_playbook)
    for text in (render_markdown(summary), plain_text(call_view(summary))):
        assert re.search(r"Message left\W+MSGTEXT", text), text
        assert "Our commitment" not in text
    assert MESSAGE_LABEL.startswith("Message you left")  # the dialog's word is the record's


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("when", ["2 hours ago", "last monday"])
async def test_a_refused_date_is_said_under_the_date_and_clears_when_fixed(
    data_dir, small_playbook, size, when
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=size) as pilot:
        await open_dialog(pilot)
        await type_text(pilot, when)
        await type_text(pilot, "left a message", enter=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotConnectedScreen)
        date_line = app.screen.query_one("#e-when", Plain)
        refusal = shown(app, "#e-when")
        assert refusal and not refusal.startswith("→") and date_line.has_class("error")
        assert shown(app, "#e-message") == ""
        assert app.focused is app.screen.query_one("#when", Input)
        await settle(pilot)
        assert on_screen(app, date_line), (date_line.region, size)
        app.screen.query_one("#when", Input).value = "tomorrow 9am"
        await pilot.pause()
        assert refusal not in shown(app, "#e-when") and not date_line.has_class("error")
        assert shown(app, "#e-when").startswith("→ tomorrow 09:00")
    assert stored(data_dir).status == "in_progress"


async def test_the_date_is_read_back_while_typing_as_the_gate_does(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await type_text(pilot, "thu 4pm", enter=False)
        await pilot.pause()
        in_the_gate = shown(app, "#e-when")
        await pilot.press("ctrl+o", "enter")
        await type_text(pilot, "thu 4pm", enter=False)
        await pilot.pause()
        assert in_the_gate.startswith("→ Thu")
        assert shown(app, "#e-when") == in_the_gate


async def test_a_time_at_night_is_read_back_with_a_remark(data_dir, small_playbook):
    """A "3am" typed for "3pm" is booked as typed; the read-back asks before the gate closes."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 3am", enter=False)
        await pilot.pause()
        said = shown(app, "#e-when")
        assert said.startswith("→ tomorrow 03:00") and "at night?" in said
        app.screen.query_one("#f-when", Input).value = "tomorrow 3pm"
        await pilot.pause()
        assert "night" not in shown(app, "#e-when")


@pytest.mark.parametrize("tcss", ["call.tcss", "call_end.tcss", "next_step.tcss"])
def test_screen_rules_name_their_screen(tcss):
    """A screen's CSS applies to every screen once loaded: an unscoped `#message` in call.tcss
    hid this dialog's message field. Every selector here names its screen or dialog box."""
    scopes = {
        "call.tcss": ("CallScreen",),
        "call_end.tcss": (
            ".end-box",
            "NotConnectedScreen",
            "ConfirmDiscard",
            "FollowUpQuestion",
            "AfterMissed",
        ),
        "next_step.tcss": ("NextStepScreen",),
    }[tcss]
    css = re.sub(r"/\*.*?\*/", "", (SCREENS / tcss).read_text(), flags=re.S)
    selectors = [s.strip() for head in re.findall(r"([^{}]+)\{", css) for s in head.split(",")]
    assert selectors
    loose = [s for s in selectors if not s.startswith(scopes)]
    assert loose == []


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_of_a_refused_retry_date(snap_compare, data_dir, small_playbook, size):
    """The refusal under the date, the message field with its text, on a default and a short
    terminal."""

    async def refuse(pilot):
        await open_dialog(pilot)
        await type_text(pilot, "2 hours ago")
        await type_text(pilot, "MSGTEXT", enter=False)
        await pilot.press("ctrl+s")
        await steady(pilot)

    app = call_app(data_dir, small_playbook)
    assert snap_compare(app, terminal_size=size, run_before=refuse)


async def test_a_voicemail_is_refused_once_the_prospect_answered(data_dir, small_playbook):
    """The refusal is said under the choices as soon as one is picked, before any date."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await open_dialog(pilot)
        refusal = app.screen.query_one("#e-outcome", Plain)
        assert refusal.display and "1 answer from this call was recorded" in shown(
            app, "#e-outcome"
        )
        assert app.focused is app.screen.query_one("#outcome")
        await pilot.press("down")  # no answer: refused too, said once picked
        assert not refusal.display
        await pilot.press("down", "enter")  # wrong contact
        assert not refusal.display and app.focused is app.screen.query_one("#when", Input)

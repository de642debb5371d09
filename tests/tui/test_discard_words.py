"""The discard question says plainly where the call goes: out of the lists, kept aside."""

from __future__ import annotations

from callmate.tui.screens.call_end import ConfirmDiscard
from tests.tui.helpers import call_app, type_text


def screen_words(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query("Static"))


async def test_the_discard_question_says_the_call_is_left_out_and_kept_aside(
    data_dir, small_playbook
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+e", "ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        words = " ".join(screen_words(app).split())
        assert "is left out of history, follow-ups and stats" in words
        assert "kept aside" in words
        assert "leaves history" not in words, "read as: the call leaves (a trace in) history"

"""Keys land where they were typed: whole bursts, bracketed pastes of several lines, Tab.

Bursts are posted without waiting between keys (tests/tui/bursts.py), as a fast typist, a text
expander or a paste without bracketed-paste markers delivers them (Textual issue #6605).
"""

from __future__ import annotations

import contextlib

from textual import events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.widgets import Input

from callmate.store import Store
from callmate.tui.screens.call import CallScreen
from callmate.tui.widgets.ordered_input import OrderedInput
from tests.tui.bursts import burst, keys_of, paste, settle
from tests.tui.helpers import call_app, focused_input, type_text

SIZE = (80, 24)


def stored(data_dir) -> dict:
    store = Store(data_dir)
    return store.load(store.summaries()[0]["id"])


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


class TwoFields(App[None]):
    """Two fields like the next-step dialog: Enter records and moves on, Tab moves on."""

    def __init__(self, field: type[Input]) -> None:
        super().__init__()
        self.field = field
        self.submitted: list[tuple[str | None, str]] = []

    def compose(self) -> ComposeResult:
        yield self.field(id="first")
        yield self.field(id="second")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submitted.append((event.input.id, event.value))
        event.input.value = ""


async def test_a_bare_input_misplaces_a_burst_and_the_ordered_input_does_not():
    """The library problem the call screen works around, shown side by side."""
    bare = TwoFields(Input)
    async with bare.run_test() as pilot:
        await burst(pilot, "a", "enter", "b", "enter")
        assert bare.submitted == [("first", "ab"), ("first", "ab")]
    ordered = TwoFields(OrderedInput)
    async with ordered.run_test() as pilot:
        await burst(pilot, "a", "enter", "b", "enter")
        assert ordered.submitted == [("first", "a"), ("first", "b")]


async def test_tab_in_a_burst_moves_on_and_each_field_keeps_its_text():
    app = TwoFields(OrderedInput)
    async with app.run_test() as pilot:
        await burst(pilot, *keys_of("thu 3pm"), "tab", *keys_of("demo"), "shift+tab", "end", "x")
        assert app.query_one("#first", Input).value == "thu 3pmx"
        assert app.query_one("#second", Input).value == "demo"


async def test_a_burst_of_answers_lands_on_each_question_in_turn(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await burst(
            pilot,
            *keys_of("x"),
            "backspace",  # a correction inside the burst
            *keys_of("y\np: slow invoices\nw: a dashboard\n\ny\n1\n"),
        )
        answers = stored(data_dir).answers
        assert answers["time_ok"].value is True
        assert [(i.tag, i.text) for i in answers["problems"].value] == [
            ("problem", "slow invoices"),
            ("want", "a dashboard"),
        ]
        assert answers["big_enough"].value is True
        assert answers["start_when"].value == "this month"
        assert "urgent" in text_of(app, "#prompt")
        assert focused_input(pilot).value == ""


async def test_no_then_an_answer_in_one_burst_answers_two_questions(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, *keys_of("n\nten minutes\n"))
        answers = stored(data_dir).answers
        assert answers["time_ok"].value is False
        assert answers["how_long"].value == "ten minutes"
        assert "What is getting in the way" in text_of(app, "#prompt")
        assert focused_input(pilot).value == ""


async def test_tab_stays_in_the_answer_field_and_keeps_the_text(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "y", "tab", "e", "s", "tab", "enter")
        assert focused_input(pilot).id == "answer"
        assert stored(data_dir).answers["time_ok"].value is True
        await pilot.press("s", "l", "tab", "o", "w")
        assert focused_input(pilot).id == "answer"
        assert focused_input(pilot).value == "slow"


async def test_pasted_lines_become_tagged_items(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "y")
        await paste(pilot, "pasted line one\nw: pasted line two\n\nn: pasted line three\n")
        items = stored(data_dir).answers["problems"].value
        assert [(i.tag, i.text) for i in items] == [
            ("problem", "pasted line one"),
            ("want", "pasted line two"),
            ("need", "pasted line three"),
        ]
        assert "3 pasted lines" in text_of(app, "#message")
        assert "What is getting in the way" in text_of(app, "#prompt")  # still on the list


async def test_a_repeated_pasted_line_is_left_out_and_the_lines_after_it_taken(
    data_dir, small_playbook
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "p: late invoices")
        await paste(pilot, "slow approvals\nLate  invoices\nno reporting\nslow approvals\n")
        items = stored(data_dir).answers["problems"].value
        assert [i.text for i in items] == ["late invoices", "slow approvals", "no reporting"]
        said = text_of(app, "#message")
        assert "Took 2 of 4 pasted lines as items (2 already listed, left out)" in said, said
        assert focused_input(pilot).value == ""


async def test_a_repeated_item_is_refused_and_leaves_the_field_empty(data_dir, small_playbook):
    """The refused repeat stayed in the field, and the next item was typed onto it."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "y")
        await type_text(pilot, "slow close")
        await type_text(pilot, "Slow close")
        assert "'Slow close' is already listed (item 1)" in text_of(app, "#message")
        assert focused_input(pilot).value == ""
        await type_text(pilot, "lost invoices")
        items = stored(data_dir).answers["problems"].value
        assert [i.text for i in items] == ["slow close", "lost invoices"]


async def test_escape_and_the_next_letter_in_one_read_type_the_letter(data_dir, small_playbook):
    """Escape closing an overlay and 'p' right after reach the app as ESC p, which Textual
    reads as alt+p: the p was lost (': first pain')."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await pilot.press("f3")  # the captured pane, over the call at 80 columns
        keys = terminal_keys("\x1bp: first pain\r")
        assert keys[0].key == "alt+p"
        for event in keys:
            event.set_sender(app)
            app.post_message(event)
        await settle(pilot)
        items = stored(data_dir).answers["problems"].value
        assert [(i.tag, i.text) for i in items] == [("problem", "first pain")]


async def test_escape_out_of_the_gate_and_typing_on_lands_in_the_answer_field(
    data_dir, small_playbook
):
    """ESC s (Escape, then "slow" typed at once) is read as alt+s by the gate's field: the
    gate stayed open and the s was lost."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        await pilot.pause()
        for event in terminal_keys("\x1bslow"):
            event.set_sender(app)
            app.post_message(event)
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        assert focused_input(pilot).value == "slow"


async def test_a_paste_into_the_note_dialog_waits_for_enter(data_dir, small_playbook):
    """The paste saved the note at once and closed the dialog: nothing could be added."""
    from callmate.tui.widgets.note_dialog import NoteDialog

    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await burst(pilot, *keys_of("typed start "))
        await paste(pilot, "paste A\npaste B")
        assert isinstance(app.screen, NoteDialog)
        assert focused_input(pilot).value == "typed start paste A ⏎ paste B"
        await burst(pilot, *keys_of(" more\n"))
        assert not isinstance(app.screen, NoteDialog)
        assert [n.text for n in stored(data_dir).notes] == ["typed start paste A\npaste B more"]


async def test_a_paste_into_a_text_answer_keeps_its_lines(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g", "down", "down", "down", "enter")  # Decision
        await paste(pilot, "Ana Ruiz\nthe practice manager")
        assert stored(data_dir).answers["deciders"].value == [
            "Ana Ruiz",
            "the practice manager",
        ]
        await pilot.press("enter")  # done with deciders: on to budget (text)
        await type_text(pilot, "about ", enter=False)
        await paste(pilot, "5k this year\n\nmore next year\n")
        assert "budget" not in stored(data_dir).answers  # in the field to read first
        said = text_of(app, "#message")
        assert "2 pasted lines in the field" in said and "(1 blank line left out)" in said, said
        assert focused_input(pilot).value == "about 5k this year ⏎ more next year"
        await pilot.press("enter")
        budget = stored(data_dir).answers["budget"].value
        assert budget == "about 5k this year\nmore next year"


async def test_a_pasted_note_keeps_its_lines(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await paste(pilot, "first line\nsecond line\nthird line")
        await burst(pilot, "enter")
        assert isinstance(app.screen, CallScreen)
        assert stored(data_dir).notes[0].text == "first line\nsecond line\nthird line"
        assert "Note saved with its 3 lines" in text_of(app, "#message")
        assert focused_input(pilot).id == "answer"


async def test_ctrl_l_leaves_the_cues_alone(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l")
        assert stored(data_dir).cues_off is not True
        await pilot.press("ctrl+y")
        assert stored(data_dir).cues_off is True


async def test_a_note_opened_and_written_in_one_burst(data_dir, small_playbook):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "ctrl+o", *keys_of("call back after 3\n"), *keys_of("y\n"))
        record = stored(data_dir)
        assert [n.text for n in record.notes] == ["call back after 3"]
        assert record.answers["time_ok"].value is True
        assert isinstance(app.screen, CallScreen)
        assert focused_input(pilot).value == ""


async def test_ctrl_l_draws_the_whole_screen_again(data_dir, small_playbook):
    """As in any terminal program: after a stray write spoiled the terminal's copy, every cell
    is sent again (a full update), not only what changed since the last frame."""
    app = call_app(data_dir, small_playbook)
    sent: list[str] = []
    display = app._display

    def recording(screen, renderable):
        sent.append(type(renderable).__name__)
        display(screen, renderable)

    app._display = recording
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "y")
        sent.clear()
        await pilot.press("x")
        await pilot.pause()
        assert sent and "LayoutUpdate" not in sent  # a key sends only what it changed
        sent.clear()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "LayoutUpdate" in sent
        assert app.screen.query_one("#answer").value == "x"


async def test_lines_pasted_into_a_one_line_field_are_joined_and_the_screen_says_so(
    data_dir, small_playbook
):
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+e")
        await paste(pilot, "thu\n3pm")
        await pilot.pause()
        assert app.screen.query_one("#f-when", Input).value == "thu 3pm"
        assert [n.message for n in app._notifications] == ["Pasted 2 lines as one line."]


def terminal_keys(data: str) -> list[events.Key]:
    """The key events Textual's own parser makes of what a terminal sends (ESC d for alt+d)."""
    parser = XTermParser()
    keys = list(parser.feed(data))
    with contextlib.suppress(ParseError):  # the end of input completes a lone ESC prefix
        keys += list(parser.feed(""))
    return keys


async def test_alt_keys_edit_like_readline_and_never_type_their_letter():
    app = TwoFields(OrderedInput)
    async with app.run_test() as pilot:
        await burst(pilot, *keys_of("one two three"))
        field = app.query_one("#first", Input)
        for data in ("\x1bu", "\x1bc", "\x1bl", "\x1by"):  # readline's case keys, yank: unbound
            for event in terminal_keys(data):
                app.post_message(event)
        await pilot.pause()
        assert field.value == "one two three"
        for event in terminal_keys("\x1b[1;3D"):  # alt+Left (xterm, GNOME Terminal)
            app.post_message(event)
        await burst(pilot, "X")
        assert field.value == "one two Xthree"
        for event in [*terminal_keys("\x1b[1;3D"), *terminal_keys("\x1b[1;3D")]:
            app.post_message(event)
        for event in terminal_keys("\x1bd"):  # alt+d: the word after the cursor goes
            app.post_message(event)
        await pilot.pause()
        assert field.value == "one Xthree"
        for event in terminal_keys("\x1b[1;3C"):  # alt+Right
            app.post_message(event)
        await burst(pilot, "!")
        assert field.value == "one Xthree!"


async def test_typed_zero_width_joiners_are_kept():
    """Persian's non-joiner and an emoji's joiner, typed key by key (not pasted), stay."""
    app = TwoFields(OrderedInput)
    async with app.run_test() as pilot:
        for data in ("می\u200cخواهم", " 👨\u200d💻"):
            for event in terminal_keys(data):
                app.post_message(event)
        await settle(pilot)
        assert app.query_one("#first", Input).value == "می\u200cخواهم 👨\u200d💻"


def test_back_is_shown_as_pgup_inside_tmux() -> None:
    from callmate.tui.screens.call import back_keys

    assert back_keys({"TMUX": "/tmp/tmux-0/default,1,0"}).split(",")[0] == "pageup"
    assert back_keys({}).split(",")[0] == "ctrl+b"


async def test_the_footer_can_show_pgup_for_back(data_dir, small_playbook) -> None:
    """The answer field's inherited scrolling keys hid the screen's PgUp from the footer (it
    shows one binding per key), so inside tmux it still said ^b, tmux's prefix key."""
    app = call_app(data_dir, small_playbook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        _node, binding, enabled, _tip = app.screen.active_bindings["pageup"]
        assert (binding.action, binding.show, enabled) == ("back", True, True)

"""The call history: every stored call, newest first, narrowed as the rep types.

Typing filters on names from the index alone, so it stays instant with thousands of calls. The
deeper search (inside answers, notes and next steps) opens call files, so it runs in a thread
and remembers each call's searchable text for the next keystroke.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input
from textual.worker import get_current_worker

from callmate.core.clean import one_line
from callmate.core.clock import now as wall_clock
from callmate.core.history_filter import MODES, STATUSES, HistoryFilter, record_text
from callmate.core.immutable import immutable
from callmate.export.summary import kind_mark
from callmate.store import Store, StoreError
from callmate.tui.screens.session_view import SessionView, summary_sections
from callmate.tui.text import Plain, line
from callmate.tui.widgets.footer import WrappingFooter
from callmate.tui.widgets.key_order import HoldsKeysUntilReady, key_order
from callmate.tui.widgets.ordered_data_table import OrderedDataTable
from callmate.tui.widgets.ordered_input import OrderedInput
from callmate.tui.widgets.ordered_keys import OrderedKeys


@immutable
class Column:
    """A history column: the row key it shows, its header and its width."""

    key: str
    label: str
    width: int


#: Each column keeps its width whatever the names: a long one ends in "…" and is shown whole in
#: the detail line under the table. The next step takes the width that is left.
COLUMNS = (
    Column("started", "Started", 16),
    Column("prospect", "Prospect", 22),
    Column("company", "Company", 20),
    Column("playbook", "Playbook", 16),
    Column("mode", "Mode", 8),
    Column("status", "Status", 11),
    Column("due", "Due", 16),
    Column("next", "Next step", 28),
)
#: Left out, in this order, when the terminal is too narrow: the detail line still has them.
#: Who, when, the status and the next step always stay.
DROP_ORDER = ("mode", "playbook", "company", "due")
MIN_NEXT_STEP = 16
CELL_PADDING = 2  # DataTable's one cell of padding on each side
SCREEN_PADDING = 4 + 2  # the screen's left and right padding, and the table's scrollbar


def columns_for(width: int) -> tuple[Column, ...]:
    """The columns that fit a screen `width` cells wide, the next step taking what is left.

    Narrow: the least needed columns go first (DROP_ORDER), then the start loses its year, then
    the prospect's name gets narrower (down to 10: the detail line has it whole)."""
    shown = list(COLUMNS)
    for dropped in (None, *DROP_ORDER):
        shown = [c for c in shown if c.key != dropped]
        if _room(width, shown) >= MIN_NEXT_STEP:
            return _with_next_step(shown, _room(width, shown))
    shown = [SHORT_START if c.key == "started" else c for c in shown]
    missing = MIN_NEXT_STEP - _room(width, shown)
    shown = [
        replace(c, width=max(10, c.width - missing)) if c.key == "prospect" else c for c in shown
    ]
    return _with_next_step(shown, max(10, _room(width, shown)))


#: The start without its year, for narrow terminals.
SHORT_START = Column("started_short", "Started", 11)


def _room(width: int, shown: list[Column]) -> int:
    """What is left for the next step (the last column) once the others have their width."""
    fixed = sum(c.width + CELL_PADDING for c in shown[:-1]) + CELL_PADDING
    return width - SCREEN_PADDING - fixed


def _with_next_step(shown: list[Column], room: int) -> tuple[Column, ...]:
    return tuple(replace(c, width=room) if c.key == "next" else c for c in shown)


#: More rows than anyone scrolls through; the rest are reached by typing a filter.
ROW_LIMIT = 500
MODE_CHOICES: tuple[str | None, ...] = (None, *MODES)
STATUS_CHOICES: tuple[str | None, ...] = (None, *STATUSES)
#: The date range, as the last N days (None: every call).
PERIOD_CHOICES: tuple[int | None, ...] = (None, 7, 30, 90)
QUICK_HINT = "Filter by prospect, company or playbook"
DEEP_HINT = "Search names, answers, notes and next steps"


def _minutes(value: object) -> str:
    """An ISO stamp as 'YYYY-MM-DD HH:MM' (as stored), or '-' when there is none."""
    return str(value)[:16].replace("T", " ") if value else "-"


def row_cells(summary: Mapping[str, Any], with_mode: bool = True) -> dict[str, Text]:
    """The table cells for one index summary, by column key, every value as literal text.

    The next step's kind comes first ("[continuation] Call me next month"): at the end it was
    cut off with the rest of a long step on a narrow terminal. Without the mode column
    (``with_mode`` False: a narrow terminal), a practice call says so in its status.

    Rich Text rather than Content: DataTable sizes its columns with Rich's measuring, which
    reads a Content cell as zero-width and cuts every column down to its label.
    """
    playbook = summary.get("playbook")
    step = summary.get("next_step")
    step = step if isinstance(step, Mapping) else {}
    mode = str(summary.get("mode") or "live")
    status = str(summary.get("status") or "").replace("_", " ")
    if not with_mode and mode != "live":
        status = mode if status == "completed" else f"{mode}, {status}"
    texts = {
        "started": _minutes(summary.get("started")),
        "started_short": _minutes(summary.get("started"))[5:] or "-",
        "prospect": str(summary.get("prospect") or ""),
        "company": str(summary.get("company") or ""),
        "playbook": str(playbook.get("name") or "?") if isinstance(playbook, Mapping) else "?",
        "mode": mode,
        "status": status,
        "due": _minutes(step.get("due")),
        "next": _marked_step(step, "-"),
    }
    # One line each: a newline in a hand-edited or imported name must not fake a row.
    return {
        key: Text(one_line(text), no_wrap=True, overflow="ellipsis") for key, text in texts.items()
    }


def _marked_step(step: Mapping[str, Any], missing: str) -> str:
    """What happens then on one line, after its kind when it is not an advance (kind_mark)."""
    what = " ".join(str(step.get("what") or missing).split())
    mark = kind_mark(step).strip()
    return f"{mark} {what}" if mark else what


#: Rows the name always may take in the detail, however short the terminal.
NAME_ROWS = 2
#: Per wrapped row, what wrapping at spaces may leave unused at its end.
WRAP_SLACK = 12


def _rows(text: str, width: int) -> int:
    """Rows `text` takes wrapped at `width`, with room for wrapping at spaces."""
    return -(-len(text) // max(1, width - WRAP_SLACK)) if text else 1


def row_detail(summary: Mapping[str, Any], width: int = 0, rows: int = 0) -> Content:
    """The highlighted call in full: the names and next step the columns may cut short.

    The name is whole unless the detail's `rows` (at `width`) cannot hold it with the facts and
    the next step (a hand-edited name of thousands of characters): then it ends in "…", never
    the next step, and never below `NAME_ROWS` rows."""
    step = summary.get("next_step")
    step = step if isinstance(step, Mapping) else {}
    cells = row_cells(summary)
    name = one_line(str(summary.get("prospect") or ""))
    facts = " · " + " · ".join(
        str(cells[key]) for key in ("company", "playbook", "mode", "status") if str(cells[key])
    )
    what = _marked_step(step, "")
    step_line = f"Next step: {_minutes(step.get('due'))}  {what}" if step else ""
    if width and rows:
        name_rows = max(NAME_ROWS, rows - _rows(step_line, width))
        room = name_rows * (width - WRAP_SLACK) - len(facts)
        if len(name) > room:
            name = name[: max(1, room - 1)] + "…"
    parts: list[str | tuple[str, str]] = [(name, "bold"), facts]
    if step:
        parts += [("\nNext step: ", "bold"), f"{_minutes(step.get('due'))}  ", what]
    else:
        parts.append(("\nNo next step agreed.", "dim"))
    return line(*parts)


class HistoryScreen(HoldsKeysUntilReady, Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="Close the history"),
        Binding(
            "ctrl+f",
            "toggle_deep",
            "Search inside",
            tooltip="Also search inside answers, notes and next steps (slower on many calls)",
        ),
        Binding("ctrl+t", "cycle_mode", "Mode", tooltip="Show all calls, live only, practice only"),
        Binding(
            "ctrl+s",
            "cycle_status",
            "Status",
            tooltip="Show all calls, unfinished only, completed only",
        ),
        Binding(
            "ctrl+o", "cycle_period", "Period", tooltip="All calls, or the last 7, 30, 90 days"
        ),
        Binding("ctrl+r", "reload", "Refresh", tooltip="Read the list of calls again"),
        Binding("slash", "focus_filter", "Filter", tooltip="Type to narrow the list of calls"),
        Binding("down", "focus_table", "To list", show=False),
    ]

    def __init__(self, store: Store, clock: Callable[[], datetime] = wall_clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.summaries: list[dict[str, Any]] = []
        self.mode_choice = 0
        self.status_choice = 0
        self.period_choice = 0
        self.deep = False
        self.texts: dict[str, str] = {}  # call id -> record_text(), filled by deep searches
        self.generation = 0  # bumped per refresh, so a late search result is dropped
        self.shown = 0
        self.rows: list[dict[str, Any]] = []  # the calls the table shows, newest first
        self.columns: tuple[Column, ...] = ()

    def compose(self) -> ComposeResult:
        yield Plain(line(("Call history", "bold $accent")), id="history-title")
        # Ordered widgets: keys typed in one burst (`Down Enter`, `pat Enter Enter`) act in the
        # order typed, not Enter before the Down that moves to the list (Textual #6605).
        yield OrderedInput(placeholder=QUICK_HINT, id="history-filter")
        yield Plain("", id="history-status")
        yield OrderedDataTable[Text](id="history-table", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="history-detail")
        yield WrappingFooter()

    def on_mount(self) -> None:
        self.set_columns(columns_for(self.app.size.width))
        self.action_reload()
        # Now, not in a later turn (`focus()`): a deferred focus could land after a burst's
        # Enter had moved it to the list, and take the list's keys back to the filter.
        self.set_focus(self.query_one("#history-filter", Input))
        self.keys_ready()  # keys typed right after F2 wait for this, then reach the filter

    # -- filtering --------------------------------------------------------------------------
    def current_filter(self) -> HistoryFilter:
        query = self.query_one("#history-filter", Input).value
        mode, status = MODE_CHOICES[self.mode_choice], STATUS_CHOICES[self.status_choice]
        days = PERIOD_CHOICES[self.period_choice]
        since = None if days is None else self.clock().date() - timedelta(days=days - 1)
        if self.deep:
            return HistoryFilter(mode=mode, status=status, since=since, text=query)
        return HistoryFilter(mode=mode, status=status, since=since, quick=query)

    def refresh_rows(self) -> None:
        self.generation += 1
        wanted = self.current_filter()
        rows = [row for row in self.summaries if wanted.matches_summary(row)]
        if wanted.needs_record:
            self.say_status(searching=True)
            self.search_calls(wanted, rows, self.generation)
        else:
            self.show_rows(rows, self.generation)

    @work(thread=True, exclusive=True, group="history-search")
    def search_calls(
        self, wanted: HistoryFilter, rows: list[dict[str, Any]], generation: int
    ) -> None:
        worker = get_current_worker()
        found: list[dict[str, Any]] = []
        for row in rows:
            if worker.is_cancelled:
                return
            session_id = str(row["id"])
            text = self.texts.get(session_id)
            if text is None:
                try:
                    text = record_text(self.store.load(session_id))
                except StoreError:
                    continue  # gone or damaged since the list was read
                self.texts[session_id] = text
            if wanted.matches_text(text):
                found.append(row)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_rows, found, generation)

    def set_columns(self, columns: tuple[Column, ...]) -> None:
        """Lay the table out again for a new width (the rows shown stay, and the cursor)."""
        self.columns = columns
        table: DataTable[Text] = self.query_one("#history-table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for column in columns:
            table.add_column(column.label, width=column.width, key=column.key)
        self.fill_table(table)
        if self.rows:
            table.move_cursor(row=min(row, len(self.rows[:ROW_LIMIT]) - 1))

    #: Below this many rows the screen packs tighter (history.tcss), so the list keeps rows.
    SHORT_ROWS = 30

    def on_resize(self) -> None:
        self.set_class(self.app.size.height < self.SHORT_ROWS, "short")
        columns = columns_for(self.app.size.width)
        if columns != self.columns:
            self.set_columns(columns)
        self.call_after_refresh(self.refresh_detail)  # its room changed with the screen

    def refresh_detail(self) -> None:
        table: DataTable[Text] = self.query_one("#history-table", DataTable)
        if self.rows and table.row_count:
            at = min(table.cursor_row, len(self.rows) - 1)
            self.show_detail(self.rows[max(0, at)])

    def fill_table(self, table: DataTable[Text]) -> None:
        with_mode = any(c.key == "mode" for c in self.columns)
        for row in self.rows[:ROW_LIMIT]:
            cells = row_cells(row, with_mode)
            table.add_row(*(cells[c.key] for c in self.columns), key=str(row["id"]))

    def show_rows(self, rows: list[dict[str, Any]], generation: int) -> None:
        if generation != self.generation or not self.is_attached:
            return  # the filter changed, or the screen closed, while this search ran
        table: DataTable[Text] = self.query_one("#history-table", DataTable)
        table.clear()
        self.rows = rows
        self.fill_table(table)
        self.shown = len(rows)
        if not rows:
            self.query_one("#history-detail", Plain).update("")
        self.say_status()

    def count_words(self) -> str:
        """'2 of 3 calls (1 discarded hidden)': of the calls the status choice can show, so a
        call set aside never counts as one the filters left out, and is said to be there."""
        status = STATUS_CHOICES[self.status_choice]
        hidden = 0
        if status != "discarded":
            hidden = sum(1 for row in self.summaries if row.get("status") == "discarded")
        total = len(self.summaries) - hidden
        words = f"{self.shown} of {total} call{'' if total == 1 else 's'}"
        if hidden:
            words += f" ({hidden} discarded hidden)"
        return words

    def say_status(self, searching: bool = False) -> None:
        """The count, then only the choices that narrow the list (mode, status, period, the
        search inside calls): one row at 80 columns, so the list keeps its rows."""
        mode, status = MODE_CHOICES[self.mode_choice], STATUS_CHOICES[self.status_choice]
        parts: list[str | tuple[str, str]] = ["searching…" if searching else self.count_words()]
        if mode:
            parts.append(f"  ·  mode: {mode}")
        if status:
            parts.append(f"  ·  status: {status.replace('_', ' ')}")
        if PERIOD_CHOICES[self.period_choice] is not None:
            parts.append(f"  ·  period: {self.period_label()}")
        if self.deep:
            parts.append("  ·  searching inside answers, notes and next steps")
        if not searching and self.shown > ROW_LIMIT:
            parts.append((f"  ·  showing the newest {ROW_LIMIT}: type to narrow", "$warning"))
        self.query_one("#history-status", Plain).update(line(*parts))

    @on(Input.Changed, "#history-filter")
    def filter_changed(self) -> None:
        self.refresh_rows()

    @on(Input.Submitted, "#history-filter")
    def filter_done(self) -> None:
        self.action_focus_table()

    @on(DataTable.RowHighlighted, "#history-table")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        wanted = event.row_key.value
        summary = next((row for row in self.summaries if str(row["id"]) == wanted), None)
        self.show_detail(summary)

    def show_detail(self, summary: Mapping[str, Any] | None) -> None:
        """The highlighted call under the list, in at most half the screen (history.tcss): the
        list keeps the other half, the detail the whole name and the next step."""
        detail = self.query_one("#history-detail", Plain)
        width = detail.content_size.width or self.app.size.width - 6
        rows = self.app.size.height // 2
        detail.update(row_detail(summary, width, rows) if summary is not None else "")

    @on(DataTable.RowSelected, "#history-table")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_call(event.row_key.value)

    def open_call(self, session_id: str) -> None:
        """The call read-only; keys typed after the Enter that opened it go to it, in order."""
        try:
            record = self.store.load(session_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        key_order(self.app).until_next_screen()
        self.app.push_screen(CallView(record, self.clock))

    # -- keys -------------------------------------------------------------------------------
    def action_toggle_deep(self) -> None:
        self.deep = not self.deep
        hint = DEEP_HINT if self.deep else QUICK_HINT
        self.query_one("#history-filter", Input).placeholder = hint
        self.refresh_rows()

    def action_cycle_mode(self) -> None:
        self.mode_choice = (self.mode_choice + 1) % len(MODE_CHOICES)
        self.refresh_rows()

    def period_label(self) -> str:
        days = PERIOD_CHOICES[self.period_choice]
        return "all" if days is None else f"last {days} days"

    def action_cycle_period(self) -> None:
        self.period_choice = (self.period_choice + 1) % len(PERIOD_CHOICES)
        self.refresh_rows()

    def action_cycle_status(self) -> None:
        self.status_choice = (self.status_choice + 1) % len(STATUS_CHOICES)
        self.refresh_rows()

    def action_reload(self) -> None:
        try:
            self.summaries = self.store.summaries()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
        self.texts.clear()
        self.refresh_rows()

    # The focus moves now, not in a later turn (as `focus()` does): keys typed right after
    # Down or `/` are handed on as soon as the key has been acted on, and must find it moved.
    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one("#history-filter", Input))

    def action_focus_table(self) -> None:
        self.set_focus(self.query_one("#history-table", DataTable))

    def action_close(self) -> None:
        self.dismiss(None)


class OrderedScroll(VerticalScroll, OrderedKeys):
    """The view's scrolling body: its scroll keys act in the order typed, and a key that acts
    beyond it (Escape back to the list) makes the keys after it wait until the list is back."""

    LOCAL_ACTIONS = frozenset(
        {
            "scroll_up",
            "scroll_down",
            "scroll_left",
            "scroll_right",
            "scroll_home",
            "scroll_end",
            "page_up",
            "page_down",
            "page_left",
            "page_right",
        }
    )

    async def _on_key(self, event: events.Key) -> None:
        await self._keys_in_order(event)


class CallView(SessionView):
    """The read-only view opened from the history: the keys typed after the Enter that opened it
    (`c`, Escape, ...) wait until its focus is set, then reach it in the order typed."""

    _announced = False

    def compose(self) -> ComposeResult:
        with OrderedScroll(id="session-body"):
            for block in summary_sections(self.summary, self.card):
                yield Plain(block, classes="session-block")
        yield WrappingFooter()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self._announced:
            self._announced = True
            # In the App's turn, after the focus change that sent this.
            self.app.call_later(key_order(self.app).next_screen_ready)

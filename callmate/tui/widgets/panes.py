"""What the call screen's side panes say, as literal text: the playbook, captured, cues, card.

Pure functions of the session, so the panes in the columns and the overlays opened on a narrow
terminal always show the same thing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from textual.content import Content

from callmate.core.answers import answer_text, value_words
from callmate.core.call_record import PownItem, parse_stamp
from callmate.core.cues import Cue
from callmate.core.judgement import Verdict
from callmate.core.labels import question_label
from callmate.core.playbook import Capture, Card, Question
from callmate.core.session import CallSession
from callmate.tui.text import line

Part = str | tuple[str, str]
TAG_LETTER = {"problem": "P", "opportunity": "O", "want": "W", "need": "N"}
CUES_KEY = "ctrl+y"


def playbook_pane(session: CallSession, current: Question | None) -> Content:
    """The call's objective whole (the top bar cuts it to two rows), then the sections with where
    the rep is, what is still required, and the qualification slots."""
    path = session.path()
    parts: list[Part] = [("Objective\n", "bold"), f"{session.record.objective}\n\n"]
    parts.append(("Playbook\n", "bold"))
    short = session.sections_short_of_a_slot()
    for section in session.playbook.sections:
        asked = [q for q in path if q.section_id == section.id]
        open_required = [q for q in asked if q.required and not session.is_answered(q.id)]
        done = bool(asked) and all(session.is_answered(q.id) for q in asked)
        here = current is not None and current.section_id == section.id
        if here:
            parts.append(("▶ " + section.title, "bold $accent"))
        elif section.id in short:  # asked, and the slot is not met or not known: no tick
            mark, style, _label_style = SLOT_MARKS[short[section.id]]
            parts += [(mark, style), section.title]
        else:
            parts.append(("✓ " if done else "· ") + section.title)
        if open_required:
            parts.append((f"  {len(open_required)} required", "$warning"))
        parts.append("\n")
    open_total = len(session.open_required())
    parts.append(("\nrequired still open: ", "dim"))
    parts.append((str(open_total), "bold $warning" if open_total else "$success"))
    parts.extend(slot_lines(session))
    return line(*parts)


#: How each qualification verdict looks: met, not met (with the reason), not known yet.
SLOT_MARKS = {
    Verdict.MET: ("✓ ", "$success", ""),
    Verdict.NOT_MET: ("✗ ", "$error", ""),
    Verdict.UNKNOWN: ("○ ", "$text-muted", "dim"),
}


def slot_lines(session: CallSession) -> list[Part]:
    """The qualification slots as the core judges them: "✗ Pain agreed — they said no"."""
    slots = session.slots()
    if not slots:
        return []
    parts: list[Part] = [("\n\nQualification\n", "bold")]
    for label, judged in slots:
        mark, mark_style, label_style = SLOT_MARKS[judged.verdict]
        parts += [(mark, mark_style), (label, label_style)]
        if judged.verdict is Verdict.NOT_MET and judged.reason:
            parts.append((f" — {judged.reason}", "$warning"))
        parts.append("\n")
    return parts


def captured_pane(session: CallSession) -> Content:
    """Everything captured so far, as a transcript: each answer (a POWN question's items too)
    under a short label in the rep's words, and each note, oldest first, so the newest entry
    is the last one (the pane scrolls to it)."""
    on_path = {q.id for q in session.path()}
    entries: list[tuple[datetime, int, list[Part]]] = []
    for order, q in enumerate(session.playbook.questions):
        answer = session.record.answers.get(q.id)
        if answer is None or not session.is_answered(q.id):
            continue
        if q.id not in on_path and q.capture is not Capture.POWNS:
            continue  # taken off the path by a later answer: no longer part of the call
        parts: list[Part] = [(f"{question_label(q, session.prompt(q))}\n", "dim")]
        value = session.value(q.id)
        if q.capture is Capture.POWNS and isinstance(value, list):
            for item in value:
                if isinstance(item, PownItem):
                    parts.append(("  ★ " if item.hot else "    ", "bold $warning"))
                    parts.append((f"{TAG_LETTER.get(item.tag, '?')} ", "$accent"))
                    parts.append(item.text + "\n")
        else:
            parts.append(_indented(answer_text(q, value)))
        entries.append((_when(answer.at), order, parts))
    known = {q.id for q in session.playbook.questions}
    for order, (qid, answer) in enumerate(session.record.answers.items(), start=len(known)):
        # Its question is gone from today's edition (renamed, removed): still what was said.
        if qid not in known and answer.value not in (None, "", []):
            label = f"{session.answer_label(qid)} (a question no longer in the playbook)\n"
            entries.append(
                (_when(answer.at), order, [(label, "dim"), _indented(value_words(answer.value))])
            )
    start = len(known) + len(session.record.answers)
    for order, note in enumerate(session.record.notes, start=start):
        entries.append((_when(note.at), order, [("Note\n", "dim"), _indented(note.text)]))
    parts = [("Captured\n", "bold")]
    for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1])):
        parts += entry
    return line(*parts)


def _indented(text: str) -> str:
    """An answer or note under its label: every line of it indented, a pasted second line too."""
    return "".join(f"  {row}\n" for row in text.split("\n"))


def _when(at: str) -> datetime:
    """When an entry was captured (a stamp that does not read sorts first)."""
    return parse_stamp(at) or datetime.min.replace(tzinfo=UTC)


def cues_pane(session: CallSession, cues: list[Cue]) -> Content:
    if not session.cues_enabled():
        return line((f"Cues off ({CUES_KEY})", "dim"))
    if not cues:
        return Content("")
    parts: list[Part] = [("Cues\n", "bold $warning")]
    parts.extend(f"› {cue.text}\n" for cue in cues)
    return line(*parts)


#: How to close the open card, under it (on its box's bottom border in the call's column).
CARD_KEY_LINE = "ctrl+t → mark it worked through"


def card_pane(session: CallSession, *, in_column: bool = False) -> Content | None:
    """The newest open objection card, whole: title, response, every probe, and its key. In the
    call's column (`in_column`) the title and key are left out: its box shows them on its top
    and bottom borders (see card_border_title), always in view however little room the card
    has, and two rows fewer for a question that needs them."""
    card = _open_card(session)
    if card is None:
        return None
    parts: list[Part] = []
    if not in_column:
        parts.append((f"{card_border_title(session)}\n", "bold"))
    if card.response:
        parts.append(session.say(card.response) + "\n")
    parts.extend(f"• {session.say(p)}\n" for p in card.probes)
    if not in_column:
        parts.append((CARD_KEY_LINE, "dim"))
    return line(*parts).rstrip("\n")


def card_border_title(session: CallSession) -> str:
    """The open card's title, as its box's top border shows it ("" when none is open)."""
    card = _open_card(session)
    return f"Objection: {session.say(card.title)}" if card is not None else ""


def _open_card(session: CallSession) -> Card | None:
    """The newest open objection card (the one the rep raised last), if any."""
    open_cards = session.open_objections()
    if not open_cards:
        return None
    return next(c for c in session.playbook.cards if c.id == open_cards[-1].card)

"""`callmate practice`, `callmate score` and `callmate personas`: role-play and how a rep is doing.

Scores are recomputed from the stored records each time (scoring is a pure function of a record
and its playbook), so `--stats` always agrees with `callmate score` for the same call.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from callmate.commands.calls import load_call, open_store
from callmate.commands.loading import checked_persona, checked_playbook
from callmate.commands.output import (
    BAD_INPUT,
    OK,
    fail,
    print_json,
    printable,
    problem_words,
    warn,
)
from callmate.core.call_record import CallRecord
from callmate.core.catalog import PlaybookNotFound, resolve_playbook
from callmate.core.clock import now as clock_now
from callmate.core.counts import counted
from callmate.core.immutable import immutable
from callmate.core.persona import Persona
from callmate.core.persona_loader import (
    check_persona,
    list_personas,
)
from callmate.core.playbook import Playbook
from callmate.core.practice_names import PARTNER_PROSPECT
from callmate.core.scoring import Scorecard, parse_time, score_record
from callmate.core.unfinished import not_scored_because, still_missing
from callmate.store import Store
from callmate.usecases.playbooks import PlaybookCache

SPARKS = "▁▂▃▄▅▆▇█"
MAX_SPARK_POINTS = 40
#: How many of the latest feedbacks `--stats` repeats under the charts.
MAX_FEEDBACK_SHOWN = 5


# -- playbooks for stored records ---------------------------------------------------------------
def scoring_playbook(
    playbooks: PlaybookCache, record: CallRecord
) -> tuple[Playbook | None, str | None]:
    """The playbook to score a stored call against, and a note when it is not the one it used."""
    found = playbooks.locate(record)
    if found.playbook is None:
        return None, f"{found.problem.rstrip('.')}: scored without it"
    if found.changed:
        return found.playbook, (
            f"scored against the current edition of {found.path}; the call used another"
        )
    return found.playbook, None


# -- callmate score ID --------------------------------------------------------------------------
def cmd_score(args: argparse.Namespace) -> int:
    store = open_store()
    if store is None:
        return BAD_INPUT
    record = load_call(store, args.id)
    if record is None:
        return BAD_INPUT
    playbook, note = scoring_playbook(PlaybookCache(), record)
    if note:
        warn(note)
    if args.feedback is not None:
        from callmate.usecases.practice_feedback import FeedbackRefused, give_feedback

        try:
            record = give_feedback(store, record.id, args.feedback, clock_now(), playbook)
        except FeedbackRefused as exc:
            return fail(f"feedback not saved: {problem_words(exc)}")
    why_not = not_scored_because(record)
    if why_not is not None:
        return _not_scored(record, why_not, still_missing(record, playbook), json_out=args.json)
    card = score_record(record, playbook)
    if args.json:
        print_json(card.to_dict())
    else:
        print(printable("\n".join(scorecard_lines(card, record))))
    return OK


def _not_scored(record: CallRecord, why: str, missing: list[str], *, json_out: bool) -> int:
    """An unfinished or set-aside call: why it has no score and what is still missing."""
    if json_out:
        print_json(
            {
                "id": record.id,
                "status": record.status,
                "scored": False,
                "reason": why,
                "missing": missing,
            }
        )
        return OK
    lines = [_heading(record), why]
    if missing:
        lines += ["still missing:"] + [f"  - {m}" for m in missing]
    print(printable("\n".join(lines)))
    return OK


def _heading(record: CallRecord, card: Scorecard | None = None) -> str:
    who = f"{record.prospect} ({record.company or '-'})"
    persona = card.persona if card else record.persona
    how = "practice" + (f" with {persona}" if persona else "")
    how = how if record.mode == "practice" else "live call"
    playbook = card.playbook if card else record.playbook.name
    started = record.started[:16].replace("T", " ")
    return f"{who}: {how}, {playbook or '?'}, {started}"


def scorecard_lines(card: Scorecard, record: CallRecord) -> list[str]:
    lines = [_heading(record, card), f"score {card.total}/100", ""]
    for c in card.shown:
        points = f"{c.points}/{c.max}" if c.scored else "  -"
        reason = c.reason if c.scored else f"not scored: {c.reason}"
        lines.append(f"  {points:>4}  {c.label}: {reason}")
        if c.tip:
            lines.append(f"        tip: {c.tip}")
    lines += [f"note: {n}" for n in card.notes]
    if card.feedback:
        lines += [""] + [f"{card.feedback_label}: {text}" for text in card.feedback]
    return lines


# -- callmate practice --stats ------------------------------------------------------------------
def sparkline(values: Sequence[float | None]) -> str:
    """One character per value from 0 to 1 (▁ to █); a gap where a call was not scored."""
    top = len(SPARKS) - 1
    return "".join(" " if v is None else SPARKS[round(max(0.0, min(1.0, v)) * top)] for v in values)


@immutable
class Series:
    """One scorecard criterion across a rep's practice calls, oldest first (None: not scored)."""

    id: str
    label: str
    values: tuple[float | None, ...]

    @property
    def average(self) -> float | None:
        known = [v for v in self.values if v is not None]
        return sum(known) / len(known) if known else None

    @property
    def latest(self) -> float | None:
        known = [v for v in self.values if v is not None]
        return known[-1] if known else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "values": list(self.values),
            "average": self.average,
            "latest": self.latest,
        }


def stats_series(cards: Sequence[Scorecard]) -> list[Series]:
    """The total, then each criterion, as shares from 0 to 1 over the calls (oldest first)."""
    series = [Series("total", "Total", tuple(c.total / 100 for c in cards))]
    labels: dict[str, str] = {}
    for card in cards:
        for c in card.criteria:
            labels.setdefault(c.id, c.label)
    for criterion_id, label in labels.items():
        values = []
        for card in cards:
            found = [c for c in card.criteria if c.id == criterion_id and c.scored]
            values.append(found[0].share if found else None)
        series.append(Series(criterion_id, label, tuple(values)))
    return series


def _wanted(record: CallRecord, args: argparse.Namespace) -> bool:
    if not_scored_because(record) is not None:  # unfinished, set aside, or did not connect
        return False
    if not args.all and record.mode != "practice":
        return False
    if args.persona and record.persona != args.persona:
        return False
    return not (args.playbook and record.playbook.name != args.playbook)


def stats_cards(records: Iterable[CallRecord], args: argparse.Namespace) -> list[Scorecard]:
    cache = PlaybookCache()
    chosen = sorted((r for r in records if _wanted(r, args)), key=lambda r: (r.started, r.id))
    return [score_record(r, cache(r)) for r in chosen]


def cmd_stats(args: argparse.Namespace, store: Store) -> int:
    if args.persona and not _persona_known(args.persona, store):
        names = ", ".join(e.name for e in list_personas()) or "none found"
        return fail(f"unknown persona '{args.persona}' (personas: {names})")
    if args.playbook and not _playbook_known(args.playbook, store):
        return fail(f"unknown playbook '{args.playbook}' (see `callmate playbooks`)")
    cards = stats_cards(store.iter_records(), args)
    series = stats_series(cards)
    if args.json:
        print_json(
            {
                "sessions": [
                    {
                        "id": c.record_id,
                        "started": c.started,
                        "mode": c.mode,
                        "persona": c.persona,
                        "playbook": c.playbook,
                        "total": c.total,
                        "feedback": list(c.feedback),
                    }
                    for c in cards
                ],
                "series": [{**s.to_dict(), "trend": trend(s.values)} for s in series],
                "weeks": [
                    {"week": w, "persona": p, "calls": n, "average": a}
                    for w, p, n, a in by_week(cards)
                ],
            }
        )
        return OK
    if not cards:
        kind = "completed calls" if args.all else "completed practice calls"
        print(f"no {kind} to score yet: try `callmate practice --playbook NAME --persona NAME`")
        return OK
    print(printable("\n".join(stats_lines(cards, series))))
    return OK


def _persona_known(name: str, store: Store) -> bool:
    """A persona is known when it is installed or some stored practice used it."""
    if name in {e.name for e in list_personas()}:
        return True
    return any(r.persona == name for r in store.iter_records())


def _playbook_known(name: str, store: Store) -> bool:
    """A playbook is known when it can be found by name or some stored call used it."""
    try:
        resolve_playbook(name)
        return True
    except PlaybookNotFound:
        return any(r.playbook.name == name for r in store.iter_records())


def week_of(started: str) -> str:
    """The ISO week a call started in ("2026-W09"), or "?" for an unreadable date."""
    moment = parse_time(started)
    if moment is None:
        return "?"
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def by_week(cards: Sequence[Scorecard]) -> list[tuple[str, str, int, float]]:
    """(week, persona, calls, average total) rows, oldest week first."""
    groups: dict[tuple[str, str], list[int]] = {}
    for card in cards:
        groups.setdefault((week_of(card.started), card.persona or "-"), []).append(card.total)
    return [(w, p, len(t), sum(t) / len(t)) for (w, p), t in sorted(groups.items())]


#: A change across the series smaller than this share is no change.
TREND_STEP = 0.05
#: A series with no direction whose scores spread this far apart is mixed, not steady.
TREND_SPREAD = 0.5


def trend(values: Sequence[float | None]) -> str:
    """Up, down, steady or mixed: the straight line that best fits the scored calls in order,
    and how far it rises or falls from the first call to the last. Every call weighs the same,
    so 100, 0, 100 is no fall (its latest is its first) but mixed; "-" with fewer than two."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return "-"
    middle = (len(known) - 1) / 2
    mean = sum(known) / len(known)
    spread = sum((i - middle) ** 2 for i in range(len(known)))
    slope = sum((i - middle) * (v - mean) for i, v in enumerate(known)) / spread
    change = slope * (len(known) - 1)
    if change > TREND_STEP:
        return "up"
    if change < -TREND_STEP:
        return "down"
    return "mixed" if max(known) - min(known) >= TREND_SPREAD else "steady"


def stats_lines(cards: Sequence[Scorecard], series: Sequence[Series]) -> list[str]:
    first, last = cards[0].started[:10], cards[-1].started[:10]
    shown = min(len(cards), MAX_SPARK_POINTS)
    lines = [
        f"{counted(len(cards), 'call')} scored, {first} to {last} "
        f"(oldest first{', last ' + str(shown) + ' charted' if shown < len(cards) else ''})",
        "",
    ]
    width = max(len(s.label) for s in series)
    for s in series:
        chart = sparkline(s.values[-MAX_SPARK_POINTS:])
        lines.append(
            f"{s.label:<{width}}  {chart:<{shown}}  latest {_percent(s.latest):>4}  "
            f"average {_percent(s.average):>4}  trend {trend(s.values)}"
        )
    lines += ["", "by week and persona:"]
    for week, persona, count, average in by_week(cards):
        calls = counted(count, "call")
        lines.append(f"  {week}  {persona:<20}  {calls:>8}  average {round(average):>3}")
    said = [c for c in cards if c.feedback][-MAX_FEEDBACK_SHOWN:]
    if said:
        lines += ["", "feedback (latest last):"]
        lines += [
            f"  {c.started[:10]}  {c.total:>3}  {c.feedback_label}: {c.feedback[-1]}" for c in said
        ]
    return lines


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


# -- callmate practice (the live role-play) -----------------------------------------------------
@immutable
class PracticeSetup:
    """What a practice run needs before its screen opens: playbook, persona, who is called."""

    playbook: Playbook
    persona: Persona | None
    prospect: str
    company: str
    #: With `--partner --persona`: the persona the colleague plays from a private brief.
    brief_for: Persona | None = None


def write_brief(store: Store, persona: Persona) -> Path:
    """The partner's brief in a private file (owner-only), its path for the rep to hand over."""
    from callmate.core.partner_brief import brief_text

    folder = store.root / "briefs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"partner-brief-{persona.name}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(brief_text(persona))
    path.chmod(0o600)
    return path


def practice_setup(args: argparse.Namespace) -> PracticeSetup | int:
    """Everything a practice call needs, or an exit code after saying what is wrong."""
    if not args.playbook:
        return fail("practice needs --playbook NAME (see `callmate playbooks`)")
    if not args.persona and not args.partner:
        names = ", ".join(e.name for e in list_personas()) or "none found"
        return fail(
            f"choose a persona with --persona NAME ({names}), or --partner when a colleague "
            "plays the prospect"
        )
    playbook = checked_playbook(args.playbook)
    if isinstance(playbook, int):
        return playbook
    persona: Persona | None = None
    if args.persona:
        found = checked_persona(args.persona)
        if isinstance(found, int):
            return found
        persona = found
    if args.partner and persona is not None:
        return PracticeSetup(playbook, None, persona.display_name, persona.company, persona)
    default_prospect = persona.display_name if persona else PARTNER_PROSPECT
    prospect = (args.prospect or "").strip() or default_prospect
    company = (args.company or "").strip() or (persona.company if persona else "")
    return PracticeSetup(playbook, persona, prospect, company)


def _run_practice_tui(args: argparse.Namespace) -> int:
    """Open the practice screen (written with the TUI) for a checked playbook and persona."""
    setup = practice_setup(args)
    if isinstance(setup, int):
        return setup
    store = open_store()
    if store is None:
        return BAD_INPUT
    if setup.brief_for is not None:
        try:
            path = write_brief(store, setup.brief_for)
        except OSError as exc:
            return fail(f"could not write the partner brief: {exc}")
        print(
            printable(
                f"partner brief written to {path} (private: give it to your colleague, "
                "not shown here)"
            )
        )
    from callmate.tui.practice import run_practice

    return run_practice(store, setup.playbook, setup.persona, setup.prospect, setup.company)


def cmd_practice(args: argparse.Namespace) -> int:
    if args.stats:
        store = open_store()
        if store is None:
            return BAD_INPUT
        return cmd_stats(args, store)
    if args.json or args.all:
        return fail("--json and --all go with --stats")
    return _run_practice_tui(args)


# -- callmate personas --------------------------------------------------------------------------
def cmd_personas(args: argparse.Namespace) -> int:
    entries = list_personas()
    if not entries:
        print("no personas found")
        return OK
    width = max(len(e.name) for e in entries)
    for entry in entries:
        persona, problems = check_persona(entry.path)
        if persona is None:
            errors = sum(1 for p in problems if p.severity == "error")
            about = f"has {counted(errors, 'error')}: run callmate validate"
        else:
            role = ", ".join(x for x in (persona.role, persona.company) if x)
            decides = "decides" if persona.decides else "does not decide"
            about = f"{persona.display_name}" + (f" ({role})" if role else "") + f", {decides}"
        print(printable(f"{entry.name:<{width}}  {entry.origin:<18}  {about}"))
        print(printable(f"{'':<{width}}  {'file':<18}  {entry.path}"))
        for shadowed in entry.shadows:
            print(printable(f"{'':<{width}}  {'shadows':<18}  {shadowed}"))
    return OK


def register(sub: argparse._SubParsersAction) -> None:
    practice = sub.add_parser(
        "practice",
        help="role-play a call with a persona or a colleague, or see your scores over time",
    )
    practice.add_argument(
        "--playbook",
        help="a playbook name or a path to a YAML file (with --stats: only calls on this playbook)",
    )
    practice.add_argument(
        "--persona",
        help="a persona name or path: the scripted prospect to call (with --stats: a filter)",
    )
    practice.add_argument(
        "--partner",
        action="store_true",
        help="a colleague plays the prospect; with --persona, writes them a private brief",
    )
    practice.add_argument("--prospect", default="", help="the prospect's name on the record")
    practice.add_argument("--company", default="", help="the prospect's company on the record")
    practice.add_argument(
        "--stats", action="store_true", help="your scores over time, per criterion"
    )
    practice.add_argument("--json", action="store_true", help="with --stats: print JSON")
    practice.add_argument(
        "--all", action="store_true", help="with --stats: include live calls, not only practice"
    )
    practice.set_defaults(func=cmd_practice)

    score_parser = sub.add_parser("score", help="the scorecard for a stored call")
    score_parser.add_argument(
        "id", metavar="ID", help="the call's id, or its start (see `callmate history`)"
    )
    score_parser.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    score_parser.add_argument(
        "--feedback",
        metavar="TEXT",
        help="the practice partner's short feedback, kept with the scorecard (after any earlier)",
    )
    score_parser.set_defaults(func=cmd_score)

    personas = sub.add_parser("personas", help="list the practice personas and their files")
    personas.set_defaults(func=cmd_personas)

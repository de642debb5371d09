"""A realistic synthetic call history, written the way the store itself would hold it.

Each call is played through the bundled `first-discovery` playbook with CallSession, so records
have the real shape (answers of every capture type, skips, notes, events, a checked next step).
Writing 10,000 calls one Store.save at a time would cost two fsyncs and an index rewrite each, so
call files are written directly with the store's own serialisation (checked against a real
Store.save first) and the index is then rebuilt once by opening the Store, through the same
recovery path that re-adds calls missing from the index.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.folders import settle
from callmate.core.answers import AnswerError
from callmate.core.catalog import resolve_playbook
from callmate.core.clock import now as wall_clock
from callmate.core.ended_call import mark_outcome
from callmate.core.next_step import NextStepDraft
from callmate.core.playbook import Capture, Playbook, Question
from callmate.core.playbook_loader import check_playbook
from callmate.core.session import CallSession, GateClosed, prospect_key
from callmate.store import Store
from callmate.store.summary import default_summary, index_entry

PLAYBOOK = "first-discovery"
# About one call in 400 was never finished (the rep closed the laptop), one in 10 is practice.
UNFINISHED_EVERY = 400
PRACTICE_SHARE = 0.1
# Next steps older than this have had their outcome marked; newer ones are still open.
MARKED_AFTER = timedelta(days=14)
MAX_STEPS = 200  # a simulated call never loops forever on a branch back to discovery
# Above this many calls, a pool of played calls is re-dated and re-named (build_large_history).
PLAYED_LIMIT = 10_000
POOL = 2_000
CHECKED = 200  # copies whose fast encoding is compared with the plain one

FIRST = ("Pat", "Robin", "Sam", "Alex", "Jordan", "Casey", "Morgan", "Taylor", "Jamie",
         "Riley", "Avery", "Quinn", "Dana", "Lee", "Noor", "Mika", "Ines", "Tomas", "Priya",
         "Kenji")  # fmt: skip
LAST = ("Quill", "Harrow", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Brennan", "Castillo",
        "Nguyen", "Fischer", "Adeyemi", "Kowalski", "Santos", "Whitfield", "Rahman",
        "Duarte")  # fmt: skip
ORG_A = ("Hollow Pines", "Bright Harbor", "Northgate", "Cedar & Finch", "Blue Mesa", "Ironbridge",
         "Sunfield", "Marlow", "Copperleaf", "Redwater", "Stonebrook", "Lakeside")  # fmt: skip
ORG_B = ("Dental", "Logistics", "Veterinary", "Builders", "Accounting", "Clinics", "Foods",
         "Legal", "Print Works", "Property", "Analytics", "Outfitters")  # fmt: skip

SUBJECTS = (
    "the scheduling spreadsheet", "our month-end close", "the handover between shifts",
    "quoting for new customers", "chasing unpaid invoices", "the intake forms",
    "reporting for the board", "onboarding new hires", "stock counts at the second site",
    "the phone queue on Mondays", "double entry between the two systems",
    "approvals for anything over budget",
)  # fmt: skip
PROBLEMS = (
    "takes most of a day every week", "keeps slipping because nobody owns it",
    "breaks whenever someone is on holiday", "is where most of our mistakes come from",
    "means customers wait longer than they should", "costs us overtime we did not plan for",
    "is done three different ways by three people", "hides problems until it is too late",
)  # fmt: skip
DETAILS = (
    "Last quarter it cost us two customers who went elsewhere.",
    "Our office manager estimates about six hours a week on it.",
    "The team has tried a shared checklist but it fell apart within a month.",
    "Finance flagged it in the last review and asked for a plan by spring.",
    "We added a temp for the busy season and it still was not enough.",
    "Nobody trusts the numbers, so every meeting starts with an argument about them.",
    "The owner wants it fixed before the second location opens.",
    "It has been like this for about two years, since the old system was retired.",
    "They said the team would happily drop it tomorrow if something better existed.",
    "They mentioned a competitor who sorted this out and now quotes faster than them.",
)  # fmt: skip
WHO = ("the operations lead", "our finance director", "the owner", "the practice manager",
       "IT, which is one contractor", "the regional manager", "procurement")  # fmt: skip
CHANNELS = ("video call", "phone", "on site", "email then call")
WHEN = ("in 2 days", "in 3 days", "tomorrow 10am", "in 1 week", "thu 3pm", "mon 9am",
        "in 4 days", "fri 11am")  # fmt: skip
STEPS = (
    "20-minute call to go through the proposal together, page by page",
    "Call with the decision maker, with our contact joining",
    "Prospect shares their numbers; we review them together on a booked call",
    "Short demo built around the problems they named, on a set date",
)  # fmt: skip


def sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    return f"{subject[0].upper()}{subject[1:]} {rng.choice(PROBLEMS)}. {rng.choice(DETAILS)}"


def paragraph(rng: random.Random, low: int, high: int) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def load_playbook() -> Playbook:
    playbook, problems = check_playbook(resolve_playbook(PLAYBOOK))
    if playbook is None:
        raise RuntimeError(f"the bundled {PLAYBOOK} playbook has errors: {problems[:1]}")
    return playbook


def _typed(question: Question, rng: random.Random, attempt: int) -> str:
    """What a rep would type for a single-value question (mostly moving the call forward)."""
    capture = question.capture
    if capture is Capture.YES_NO:
        # "no" to the worth-fixing question loops back to discovery: allow it once.
        return "n" if attempt == 0 and rng.random() < 0.15 else "y"
    if capture is Capture.CHOICE:
        choices = list(question.choices)
        if attempt > 0:
            choices = [c for c in choices if c != "no timeline"] or choices
        return rng.choice(choices)
    if capture is Capture.SCALE:
        return str(rng.randint(1, 10))
    return paragraph(rng, 4, 10)


def _items(question: Question, rng: random.Random) -> list[str]:
    if question.capture is Capture.POWNS:
        return [f"{rng.choice('pownpp')}: {paragraph(rng, 1, 3)}" for _ in range(rng.randint(2, 4))]
    return [rng.choice(WHO) for _ in range(rng.randint(1, 3))]


class Clock:
    """Simulated time during one call: every action takes a little while."""

    def __init__(self, start: datetime, rng: random.Random) -> None:
        self.now = start
        self.rng = rng

    def tick(self) -> datetime:
        self.now += timedelta(seconds=self.rng.randint(20, 120))
        return self.now


def play_call(
    playbook: Playbook,
    rng: random.Random,
    started: datetime,
    prospect: str,
    company: str,
    *,
    finish: bool,
    mode: str = "live",
) -> dict[str, Any]:
    """One call played through ``playbook``; returns its record (completed if ``finish``)."""
    session = CallSession.start(playbook, prospect, company, started, mode=mode)
    session.record["id"] = f"{started:%Y%m%d-%H%M%S}-{rng.getrandbits(24):06x}"
    if mode == "practice":
        session.record["persona"] = "busy-owner"
    clock = Clock(started, rng)
    attempts: dict[str, int] = {}
    stop_at = MAX_STEPS if finish else rng.randint(3, 12)
    for _step in range(stop_at):
        question = session.current()
        if question is None:
            break
        _act(session, question, rng, clock, attempts)
    if finish:
        _close(session, rng, clock)
    return session.record


def _act(
    session: CallSession,
    question: Question,
    rng: random.Random,
    clock: Clock,
    attempts: dict[str, int],
) -> None:
    if rng.random() < 0.15:
        session.add_note(paragraph(rng, 1, 3), clock.tick())
    if not question.required and rng.random() < 0.08:
        session.skip(clock.tick())
        return
    attempt = attempts.get(question.id, 0)
    attempts[question.id] = attempt + 1
    try:
        if question.takes_many:
            for item in _items(question, rng):
                session.add_item(item, clock.tick())
            session.finish_items(clock.tick())
            if question.capture is Capture.POWNS and rng.random() < 0.5:
                session.toggle_hot(question.id, 0, clock.tick())
        else:
            session.answer(_typed(question, rng, attempt), clock.tick())
    except AnswerError:
        session.skip(clock.tick())


def _close(session: CallSession, rng: random.Random, clock: Clock) -> None:
    now = clock.tick()
    draft = NextStepDraft(
        when=rng.choice(WHEN),
        what=rng.choice(STEPS),
        their_commitment=f"Send over {rng.choice(SUBJECTS)} numbers and invite {rng.choice(WHO)}",
        our_commitment=f"Draft a plan for {rng.choice(SUBJECTS)}",
        channel=rng.choice(CHANNELS),
    )
    errors = session.set_next_step(draft, now)
    if errors:
        raise RuntimeError(f"synthetic next step refused: {errors}")
    try:
        session.complete(now)
    except GateClosed as exc:
        raise RuntimeError(f"synthetic call could not end: {exc}") from exc


def call_file_bytes(record: dict[str, Any]) -> bytes:
    """The bytes Store.save writes for ``record`` (a one-document TinyDB file, indent 1)."""
    data = {"call": {"1": record}}
    try:
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=1).encode("ascii")


def write_plain(path: Path, payload: bytes) -> None:
    """Write a 0600 file without fsync: benchmark data need not survive a power cut."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, payload)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class History:
    calls: int
    unfinished: int
    practice: int
    open_next_steps: int
    bytes_total: int

    @property
    def mean_kb(self) -> float:
        return self.bytes_total / max(1, self.calls) / 1024


def synthetic_records(
    count: int, seed: int = 0, now: datetime | None = None
) -> list[dict[str, Any]]:
    """``count`` records spread over the past years at about nine calls a working day."""
    rng = random.Random(seed)
    playbook = load_playbook()
    end = (now or wall_clock()) - timedelta(hours=2)
    spacing = timedelta(hours=24 * 7 / 5 / 9)
    records: list[dict[str, Any]] = []
    for number in range(count):
        started = end - spacing * (count - number) + timedelta(minutes=rng.randint(0, 40))
        started = started.replace(microsecond=0)
        prospect = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        company = f"{rng.choice(ORG_A)} {rng.choice(ORG_B)}"
        finish = (number + 1) % UNFINISHED_EVERY != 0
        mode = "practice" if rng.random() < PRACTICE_SHARE else "live"
        record = play_call(playbook, rng, started, prospect, company, finish=finish, mode=mode)
        step = record.get("next_step")
        if step and datetime.fromisoformat(step["due"]) < end - MARKED_AFTER:
            outcome = rng.choice(("kept", "kept", "kept", "missed"))
            record = mark_outcome(record, outcome, datetime.fromisoformat(step["due"]))
        records.append(record)
    return records


def _cloned(
    played: dict[str, Any], rng: random.Random, started: datetime, end: datetime
) -> dict[str, Any]:
    """A played call moved to ``started`` for another prospect (its answers are shared)."""
    shift = started - datetime.fromisoformat(played["started"])
    record = dict(played)
    prospect = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    company = f"{rng.choice(ORG_A)} {rng.choice(ORG_B)}"
    record.update(
        id=f"{started:%Y%m%d-%H%M%S}-{rng.getrandbits(24):06x}",
        started=started.isoformat(),
        prospect=prospect,
        company=company,
        prospect_key=prospect_key(prospect, company),
    )
    if played.get("ended"):
        record["ended"] = (datetime.fromisoformat(played["ended"]) + shift).isoformat()
    step = played.get("next_step")
    if step:
        due = datetime.fromisoformat(step["due"]) + shift
        fresh = {**step, "due": due.isoformat()}
        for key in ("outcome", "kept_by", "marked"):
            fresh.pop(key, None)
        record["next_step"] = fresh
        if record["status"] == "completed" and due < end - MARKED_AFTER:
            outcome = rng.choice(("kept", "kept", "kept", "missed"))
            # mark_outcome deep-copies what it is given: give it only what it reads and sets.
            wanted = ("id", "status", "next_step", "revision")
            part: dict[str, Any] = {k: record[k] for k in wanted if k in record}
            marked = mark_outcome(part, outcome, due)
            record.update(next_step=marked["next_step"], revision=marked.get("revision"))
    return record


class CallFileEncoder:
    """call_file_bytes for copies of one played call, re-encoding only the fields that differ.

    The answers, notes and events (most of a call's 20 kB) are the played call's own objects
    in every copy, so their JSON is made once. The result is byte for byte what
    call_file_bytes gives (checked by build_large_history and the tests).
    """

    DEPTH = 3  # {"call": {"1": record}}: the record's values sit three levels down

    def __init__(self, played: dict[str, Any]) -> None:
        self.played = played
        self.cache: dict[str, str] = {}

    def _value(self, value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=1)
        return text.replace("\n", "\n" + " " * self.DEPTH)

    def encode(self, record: dict[str, Any]) -> bytes:
        parts = []
        for key, value in record.items():
            if value is self.played.get(key) and key in self.cache:
                text = self.cache[key]
            else:
                text = self._value(value)
                if value is self.played.get(key):
                    self.cache[key] = text
            parts.append(f"{' ' * self.DEPTH}{json.dumps(key, ensure_ascii=False)}: {text}")
        body = ",\n".join(parts)
        inner = f"{{\n{body}\n  }}" if parts else "{}"
        try:
            return f'{{\n "call": {{\n  "1": {inner}\n }}\n}}'.encode()
        except UnicodeEncodeError:  # a lone surrogate: the store writes ASCII escapes then
            return call_file_bytes(record)


def build_large_history(
    root: Path,
    count: int,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    now: datetime | None = None,
) -> History:
    """Like build_history, for 100,000 calls in minutes.

    A pool of POOL played calls (one in UNFINISHED_EVERY never finished) is re-dated and
    re-named for each stored call; files are written as Store.save writes them (checked on the
    first one) and the index is built once from the summaries already in hand (Store.adopt),
    never by reading 100,000 files back.
    """
    pool = synthetic_records(POOL, seed, now)
    if progress:
        progress(f"played {POOL} synthetic calls to draw {count} from")
    rng = random.Random(seed + 1)
    end = (now or wall_clock()) - timedelta(hours=2)
    spacing = timedelta(hours=24 * 7 / 5 / 9)
    store = Store(root)
    if store.summaries():
        raise RuntimeError(f"{root} already holds calls")
    entries: dict[str, dict[str, Any]] = {}
    encoders = [CallFileEncoder(played) for played in pool]
    total = unfinished = practice = open_steps = 0
    for number in range(count):
        started = end - spacing * (count - number) + timedelta(minutes=rng.randint(0, 40))
        record = _cloned(pool[number % POOL], rng, started.replace(microsecond=0), end)
        payload = encoders[number % POOL].encode(record)
        if number < CHECKED and payload != call_file_bytes(record):
            raise RuntimeError("the fast call file encoding drifted from call_file_bytes")
        total += len(payload)
        path = store.call_path(record["id"])
        if number == 0:
            store.save(record)
            if path.read_bytes() != payload:
                raise RuntimeError("the store's call file format changed: update history.py")
        else:
            write_plain(path, payload)
        entries[record["id"]] = index_entry(record, default_summary)
        unfinished += record["status"] == "in_progress"
        practice += record["mode"] == "practice"
        step = record.get("next_step") or {}
        live_done = record["status"] == "completed" and record["mode"] == "live"
        open_steps += live_done and step.get("outcome") is None
        if progress and (number + 1) % 20_000 == 0:
            progress(f"wrote {number + 1} call files")
    store.adopt(entries)  # (a new Store would first read every file it does not know)
    settle(root)
    listed = len(Store(root).summaries())
    if listed != count:
        raise RuntimeError(f"the index lists {listed} calls, not {count}")
    return History(count, unfinished, practice, open_steps, total)


def build_history(
    root: Path,
    count: int,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    now: datetime | None = None,
) -> History:
    """Fill the empty data folder ``root`` with ``count`` calls and a matching index."""
    if count > PLAYED_LIMIT:
        return build_large_history(root, count, seed, progress, now)
    records = synthetic_records(count, seed, now)
    if progress:
        progress(f"played {count} synthetic calls")
    store = Store(root)
    if store.summaries():
        raise RuntimeError(f"{root} already holds calls")
    total = 0
    for number, record in enumerate(records):
        payload = call_file_bytes(record)
        total += len(payload)
        path = store.call_path(record["id"])
        if number == 0:
            # Guard against drift from the real store format: the first call goes through
            # Store.save and must come out byte for byte as the fast path writes the rest.
            store.save(record)
            if path.read_bytes() != payload:
                raise RuntimeError("the store's call file format changed: update history.py")
            continue
        write_plain(path, payload)
    rebuilt = Store(root)  # recovery adds every call missing from the index, in one write
    if len(rebuilt.summaries()) != count:
        raise RuntimeError(f"the index lists {len(rebuilt.summaries())} calls, not {count}")
    rebuilt.checkpoint()
    open_steps = sum(
        1
        for r in records
        if r["status"] == "completed"
        and r["mode"] == "live"
        and (r.get("next_step") or {}).get("outcome") is None
    )
    return History(
        calls=count,
        unfinished=sum(r["status"] == "in_progress" for r in records),
        practice=sum(r["mode"] == "practice" for r in records),
        open_next_steps=open_steps,
        bytes_total=total,
    )

"""Which questions a call can reach, over every answer the branch rules can see.

A playbook can be valid line by line and still never ask its commitment question: every answer
to an earlier question skips it, or every answer sends the rep back to discovery. This walks all
the ways through a call the way the session does (rules on answered or passed questions `show`
and `skip` later questions; a `goto` sends the rep back, so the call only gets past a question
with an answer that does not go back) and says what no call, or only some calls, will ask.

Answers are grouped by what they do: two answers that fire the same rules are one way through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from callmate.core.immutable import immutable
from callmate.core.playbook import Capture, Condition, Question, Section

#: How many distinct call states are walked before giving up on proving anything.
MAX_STATES = 50_000

_ANY_TEXT = "\x00any other answer"
_ANY_ITEMS = ["\x00an item"]


@immutable
class Outcome:
    """A group of answers to one question that fire the same rules."""

    label: str  # "answered yes or no", "scored 1 to 3", "left unanswered"
    show: frozenset[str]
    skip: frozenset[str]
    goto: str | None
    answered: bool  # holds at least one real answer
    unanswered: bool  # holds leaving the question without an answer


@immutable
class Finding:
    """A question the playbook's branches make unreachable or stuck, and the key to look at."""

    question_id: str
    key: str  # which key of the question to point at
    severity: Literal["error", "warning"]
    message: str


def always(condition: Condition, question: Question) -> bool:
    """Whether a condition matches every answer the question can take (a skip counts as none)."""
    if condition.kind == "answered":
        return condition.answered and question.required
    possible = _possible_values(question)
    if possible is None:
        return False
    return question.required and all(condition.matches(v) for v in possible)


def _possible_values(question: Question) -> list[Any] | None:
    if question.capture is Capture.YES_NO:
        return [True, False]
    if question.capture is Capture.CHOICE:
        return list(question.choices)
    if question.capture is Capture.SCALE:
        return list(range(1, 11))
    return None


def _answers(question: Question) -> list[tuple[Any, str]]:
    """Every answer worth telling apart, with how a message names it."""
    possible = _possible_values(question)
    found: list[tuple[Any, str]]
    if possible is not None:
        if question.capture is Capture.YES_NO:
            found = [(True, "yes"), (False, "no")]
        elif question.capture is Capture.SCALE:
            found = [(v, str(v)) for v in possible]
        else:
            found = [(v, f"'{v}'") for v in possible]
    elif question.takes_many:
        found = [(_ANY_ITEMS, "")]
    else:
        literals = {
            v
            for rule in question.branch
            if rule.when.kind in ("equals", "any_of")
            for v in rule.when.values
            if isinstance(v, str)
        }
        found = [(v, f"'{v}'") for v in sorted(literals)] + [(_ANY_TEXT, "")]
    unanswered: list[tuple[Any, str]] = [] if question.required else [(None, "unanswered")]
    return [*found, *unanswered]


def outcomes(question: Question) -> list[Outcome]:
    """The question's answers grouped by effect, in the order the answers come."""
    groups: dict[tuple[frozenset[str], frozenset[str], str | None], list[tuple[Any, str]]] = {}
    for value, name in _answers(question):
        show: set[str] = set()
        skip: set[str] = set()
        goto: str | None = None
        for rule in question.branch:
            if rule.when.matches(value):
                show.update(rule.show)
                skip.update(rule.skip)
                goto = goto or rule.goto
        groups.setdefault((frozenset(show), frozenset(skip), goto), []).append((value, name))
    return [
        Outcome(
            _label(question, members),
            show,
            skip,
            goto,
            answered=any(v is not None for v, _ in members),
            unanswered=any(v is None for v, _ in members),
        )
        for (show, skip, goto), members in groups.items()
    ]


def _label(question: Question, members: list[tuple[Any, str]]) -> str:
    """How a group of answers reads in a message: 'answered yes or no', 'scored 1 to 3'."""
    parts: list[str] = []
    named = [(v, n) for v, n in members if v is not None]
    if question.capture is Capture.SCALE and named:
        numbers = [int(v) for v, _ in named]
        runs: list[list[int]] = []
        for n in numbers:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        spans = [str(r[0]) if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs]
        parts.append("scored " + _either(spans))
    elif named:
        words = [n for _, n in named if n]
        if words and len(words) == len(named):
            parts.append("answered " + _either(words))
        elif words:
            parts.append("given any answer but " + _either(words))
        else:
            parts.append("answered")
    if len(named) < len(members):
        parts.append("left unanswered")
    return " or ".join(parts)


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _role(question: Question) -> str | None:
    roles = []
    if question.required:
        roles.append("required")
    if question.signal is not None:
        roles.append(f"signal: {question.signal.value}")
    return ", ".join(roles) or None


def reachable(sections: tuple[Section, ...]) -> set[str] | None:
    """The ids of every question some call following the branch rules asks; None when there
    are too many ways through to walk them all."""
    walked = _walk(sections)
    return None if walked is None else walked.reached


@dataclass
class _Walk:
    """What a walk through every branch found: reached, skipped and stuck questions."""

    reached: set[str]
    skipped_by: dict[str, list[str]]
    bare_skips: dict[str, list[str]]
    stuck: dict[str, list[Outcome]]
    effects: dict[str, list[Outcome]]


def review(sections: tuple[Section, ...]) -> list[Finding]:
    """Questions no call reaches, questions some calls skip, and answers that never move on."""
    order = [q for s in sections for q in s.questions]
    walked = _walk(sections)
    if walked is None:
        return [_too_many(order[0])] if order else []
    index = {q.id: i for i, q in enumerate(order)}
    reached, skipped_by, bare_skips = walked.reached, walked.skipped_by, walked.bare_skips
    stuck, effects = walked.stuck, walked.effects
    loops = [_loop(order[index[qid]], goes) for qid, goes in stuck.items()]
    findings = [f for f in loops if f is not None]
    blocked = [qid for qid in stuck if not any(o.goto is None for o in effects[qid])]
    for q in order:
        role = _role(q)
        if role is None:
            continue
        if q.id not in reached:
            if q.hidden and q.id not in {t for o in _all(effects) for t in o.show}:
                continue  # the loader already says no rule shows it
            findings.append(
                Finding(
                    q.id,
                    "id",
                    "error",
                    f"question '{q.id}' ({role}) is never asked on any call: "
                    + _why_unreached(q, skipped_by, blocked, index),
                )
            )
        elif q.id in bare_skips:
            findings.append(
                Finding(
                    q.id,
                    "id",
                    "warning",
                    f"question '{q.id}' ({role}) is not asked on every call: it is skipped when "
                    f"{_either(bare_skips[q.id])}, and nothing is shown in its place; check that "
                    "those calls can do without it",
                )
            )
    return findings


def _walk(sections: tuple[Section, ...]) -> _Walk | None:
    """Every way through the call, as the session goes: a question is asked when no earlier
    answer skipped it (and, if hidden, one showed it); the call only gets past it with an
    answer that does not go back."""
    order = [q for s in sections for q in s.questions]
    index = {q.id: i for i, q in enumerate(order)}
    effects = {q.id: outcomes(q) for q in order}
    reached: set[str] = set()
    skipped_by: dict[str, list[str]] = {}
    # Skips with nothing shown in their place: a rule that skips and shows is a deliberate detour.
    bare_skips: dict[str, list[str]] = {}
    stuck: dict[str, list[Outcome]] = {}
    seen: set[tuple[int, frozenset[str], frozenset[str]]] = set()
    stack: list[tuple[int, frozenset[str], frozenset[str]]] = [(0, frozenset(), frozenset())]
    while stack:
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        if len(seen) > MAX_STATES:
            return None
        i, shown, skipped = state
        if i >= len(order):
            continue
        q = order[i]
        if q.id in skipped or (q.hidden and q.id not in shown):
            stack.append((i + 1, _later(shown, i + 1, index), _later(skipped, i + 1, index)))
            continue
        reached.add(q.id)
        moving_on = [o for o in effects[q.id] if o.goto is None]
        if any(o.answered for o in effects[q.id]) and not any(o.answered for o in moving_on):
            stuck[q.id] = [o for o in effects[q.id] if o.goto is not None]
        for outcome in moving_on:
            for target in outcome.skip:
                if index.get(target, -1) > i and target not in skipped:
                    reason = f"'{q.id}' is {outcome.label}"
                    detour = any(index.get(t, -1) > i for t in outcome.show)
                    for found in (skipped_by,) if detour else (skipped_by, bare_skips):
                        reasons = found.setdefault(target, [])
                        if reason not in reasons:
                            reasons.append(reason)
            stack.append(
                (
                    i + 1,
                    _later(shown | outcome.show, i + 1, index),
                    _later(skipped | outcome.skip, i + 1, index),
                )
            )
    return _Walk(reached, skipped_by, bare_skips, stuck, effects)


def _all(effects: dict[str, list[Outcome]]) -> list[Outcome]:
    return [o for group in effects.values() for o in group]


def _later(ids: frozenset[str], start: int, index: dict[str, int]) -> frozenset[str]:
    """Only what can still matter: effects on questions not passed yet."""
    return frozenset(i for i in ids if index.get(i, -1) >= start)


def _why_unreached(
    q: Question, skipped_by: dict[str, list[str]], blocked: list[str], index: dict[str, int]
) -> str:
    before = [b for b in blocked if index[b] < index[q.id]]
    if q.id in skipped_by and not before:
        return f"it is skipped whenever the call gets to it ({_either(skipped_by[q.id])})"
    if before:
        return f"no call gets past '{before[0]}', whose every answer sends the rep back"
    return "no way through the branch rules gets to it"


def _loop(q: Question, goes_back: list[Outcome]) -> Finding | None:
    """Every answer goes back: the call can never get past this question (or only by skipping)."""
    if any(always(rule.when, q) for rule in q.branch if rule.goto):
        return None  # one rule alone does it; the loader points at that rule
    where = "; ".join(f"{o.label} goes back to '{o.goto}'" for o in goes_back)
    if not any(o.unanswered and not o.goto for o in outcomes(q)):
        return Finding(
            q.id,
            "branch",
            "error",
            f"every answer to '{q.id}' sends the rep back ({where}), so no call can get past it "
            "to the next step; let at least one answer move on",
        )
    return Finding(
        q.id,
        "branch",
        "warning",
        f"every answer to '{q.id}' sends the rep back ({where}); only leaving it unanswered "
        "gets past it, so let at least one answer move on",
    )


def _too_many(first: Question) -> Finding:
    return Finding(
        first.id,
        "id",
        "warning",
        f"the branch rules make more than {MAX_STATES:,} different ways through the call, too "
        "many to check that every required question can be reached; simplify the rules",
    )

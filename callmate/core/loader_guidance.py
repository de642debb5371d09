"""Checking the live-guidance parts of a playbook: objection cards, cue rules, qualification slots.

A mixin of the playbook checker, kept apart so each file stays about one part of the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from callmate.core import format as fmt
from callmate.core.cues import BUILTIN_CUES
from callmate.core.format import RESERVED_NAMES
from callmate.core.playbook import (
    SIGNAL_CAPTURES,
    Capture,
    Card,
    Condition,
    CuePolicy,
    CueRule,
    ExtraCriterion,
    Question,
    ScoringPolicy,
    Signal,
    Slot,
)
from callmate.core.scoring import CRITERION_IDS
from callmate.core.templates import template_names
from callmate.core.wording import kind_of, listing, suggest

if TYPE_CHECKING:
    from callmate.core.problems import Severity

PathT = tuple[str | int, ...]


def guess(word: str, options: Iterable[str]) -> str:
    """A likely fix in brackets, for messages that go on after it: " (did you mean 'x'?)"."""
    found = suggest(word, options).removeprefix(": ")
    return f" ({found})" if found else ""


#: Text that is a number once its quotes are gone: `max_days: "10"`.
_QUOTED_NUMBER = re.compile(r"\s*[-+]?\d+(?:\.\d+)?\s*")


def quoted_number(key: str, value: Any) -> str | None:
    """How to name a number written in quotes (`max_days: "10"`), which YAML reads as text:
    unquoted it would have been a number, so the fix is to drop the quotes."""
    if not isinstance(value, str) or not _QUOTED_NUMBER.fullmatch(value):
        return None
    return f"the text {value!r} (remove the quotes: {key}: {value.strip()})"


CARD_KEYS = fmt.CARD.names
CUES_KEYS = fmt.CUES.names
CUE_RULE_KEYS = fmt.CUE_RULE.names
SLOT_KEYS = fmt.SLOT.names
SCORING_KEYS = fmt.SCORING.names
EXTRA_KEYS = fmt.EXTRA_CHECK.names


class GuidanceChecks:
    """Checks of the parts that name questions. A question that is declared but did not load
    (it has an error of its own) is never reported again as missing where it is named."""

    #: Every question id the file declares, set by the playbook checker before these run.
    declared: dict[str, PathT]
    #: False when the sections could not be read at all: then no name is called unknown.
    ids_known: bool
    #: Questions whose `capture` has an error: conditions on their answers wait until it is fixed.
    unknown_capture: set[str]

    def undeclared(self, name: object) -> bool:
        """Whether `name` is no question id of this file (a broken question's id still is)."""
        if not self.ids_known:
            return False
        return not isinstance(name, str) or name not in self.declared

    if TYPE_CHECKING:
        # Provided by the playbook checker this mixes into (`playbook_loader._Checker`).
        def report(
            self, path: PathT, message: str, *, key: bool = False, severity: Severity = "error"
        ) -> None: ...
        def mapping(self, value: Any, path: PathT, what: str) -> dict[str, Any] | None: ...
        def known_keys(
            self, data: dict[str, Any], path: PathT, allowed: tuple[str, ...], where: str
        ) -> None: ...
        def text(
            self,
            data: dict[str, Any],
            key: str,
            path: PathT,
            where: str,
            *,
            required: bool,
            block: fmt.Block | None = None,
        ) -> str | None: ...
        def listed(self, value: Any, path: PathT, what: str) -> list[Any]: ...
        def line_of(self, path: PathT) -> int: ...
        def flag(
            self, data: dict[str, Any], key: str, path: PathT, where: str, default: bool
        ) -> bool: ...
        def strings(
            self, data: dict[str, Any], key: str, path: PathT, where: str
        ) -> tuple[str, ...]: ...
        def identifier(self, data: dict[str, Any], path: PathT, label: str) -> str | None: ...
        def condition(
            self, raw: Any, path: PathT, where: str, capture: Capture, choices: tuple[str, ...]
        ) -> Condition | None: ...

    def unique(
        self, value: str | None, path: PathT, seen: dict[str, PathT | None], what: str
    ) -> bool:
        """False (with a located error) when an id was already used by another item of a list.

        ``seen`` maps each id to where it was first given (None: a built-in has it), so the
        message can point back to it, as the duplicate question ids do."""
        if value is None:
            return False
        if value in seen:
            first = seen[value]
            where = (
                f" (first at line {self.line_of(first)})"
                if first is not None
                else " (a built-in cue has this id)"
            )
            self.report(
                (*path, "id"), f"{what} id '{value}' is used twice{where}; ids must be unique"
            )
            return False
        seen[value] = (*path, "id")
        return True

    def names_exist(
        self, text: str, path: tuple[str | int, ...], questions: dict[str, Question]
    ) -> None:
        """Cards and cues can come up at any moment, so any question id (or reserved name) works."""
        for name in template_names(text)[0]:
            if self.undeclared(name) and name not in RESERVED_NAMES:
                self.report(
                    path,
                    f"template {{{name}}} names no question"
                    f"{guess(name, [*self.declared, *sorted(RESERVED_NAMES)])}; use a "
                    f"question id or one of: {listing(sorted(RESERVED_NAMES))}",
                )

    def cards(self, raw: Any, questions: dict[str, Question]) -> tuple[Card, ...]:
        cards: list[Card] = []
        seen: dict[str, PathT | None] = {}
        for i, item in enumerate(self.listed(raw, ("cards",), "objection cards")):
            path = ("cards", i)
            where = f"card {i + 1}"
            data = self.mapping(item, path, where)
            if data is None:
                continue
            self.known_keys(data, path, CARD_KEYS, where)
            card_id = self.identifier(data, path, where)
            title = self.text(data, "title", path, where, required=True)
            says = self.strings(data, "says", path, where)
            response = self.text(data, "response", path, where, required=False) or ""
            probes = self.strings(data, "probes", path, where)
            texts: list[tuple[PathT, str]] = [((*path, "title"), title or "")]
            texts.append(((*path, "response"), response))
            texts += [((*path, "says", j), line) for j, line in enumerate(says)]
            texts += [((*path, "probes", j), line) for j, line in enumerate(probes)]
            for text_path, text in texts:
                self.names_exist(text, text_path, questions)
            once = self.unique(card_id, path, seen, "card")
            if card_id is None or title is None or not once:
                continue
            cards.append(Card(card_id, title, says, response, probes))
        return tuple(cards)

    def cues(self, raw: Any, questions: dict[str, Question]) -> CuePolicy:
        if raw is None:
            return CuePolicy()
        data = self.mapping(raw, ("cues",), "'cues'")
        if data is None:
            return CuePolicy()
        self.known_keys(data, ("cues",), CUES_KEYS, "'cues'")
        mute = self.strings(data, "mute", ("cues",), "'cues'")
        for i, cue_id in enumerate(mute):
            if cue_id not in BUILTIN_CUES:
                self.report(
                    ("cues", "mute", i),
                    f"there is no built-in cue '{cue_id}'{guess(cue_id, BUILTIN_CUES)}; "
                    f"built-in cues: {listing(BUILTIN_CUES)}",
                )
        rules: list[CueRule] = []
        # A rule named like a built-in would be recorded as it.
        seen: dict[str, PathT | None] = dict.fromkeys(BUILTIN_CUES)
        for i, item in enumerate(self.listed(data.get("rules"), ("cues", "rules"), "cue rules")):
            rule = self.cue_rule(item, ("cues", "rules", i), questions)
            if rule is not None and self.unique(rule.id, ("cues", "rules", i), seen, "cue rule"):
                rules.append(rule)
        return CuePolicy(
            defaults=self.flag(
                data, "defaults", ("cues",), "'cues'", fmt.CUES.key("defaults").default
            ),
            mute=mute,
            rules=tuple(rules),
        )

    def cue_rule(
        self, raw: Any, path: tuple[str | int, ...], questions: dict[str, Question]
    ) -> CueRule | None:
        """One cue rule, with every mistake of it in one run: its question, its `when` (once the
        question is known) and the templates of its `say` are each checked on their own."""
        where = f"cue rule {int(path[-1]) + 1}"
        data = self.mapping(raw, path, where)
        if data is None:
            return None
        self.known_keys(data, path, CUE_RULE_KEYS, where)
        cue_id = self.identifier(data, path, where)
        say = self.text(data, "say", path, where, required=True)
        if say is not None:
            self.names_exist(say, (*path, "say"), questions)
        question = self.named_question(data, path, where, questions, "when")
        if "when" not in data:
            self.report(path, f"{where} needs 'when:'")
            return None
        if question is None or question.id in self.unknown_capture:
            return None  # `when` is judged against the question's answers once it is known
        condition = self.condition(
            data["when"], (*path, "when"), where, question.capture, question.choices
        )
        if cue_id is None or say is None or condition is None:
            return None
        return CueRule(cue_id, question.id, condition, say)

    def named_question(
        self,
        data: dict[str, Any],
        path: PathT,
        where: str,
        questions: dict[str, Question],
        judged: str,
    ) -> Question | None:
        """The question `question:` names; None, with an error, when it names none (a question
        declared with an error of its own has that error, not another here). `judged` is the key
        judged against the question's answers: the message says it waits for the question."""
        named = data.get("question")
        question = questions.get(named) if isinstance(named, str) else None
        if question is not None or ("question" in data and not self.undeclared(named)):
            return question
        if "question" not in data:
            self.report(
                path, f"{where} needs 'question:' naming a question of this playbook", key=True
            )
        elif isinstance(named, str) and named.strip():
            self.report(
                (*path, "question"),
                f"'{named}' is not a question of this playbook{guess(named, self.declared)}"
                f"; {where} needs the id of one (ids: {listing(self.declared)}). Its "
                f"'{judged}' is checked against that question's answers once it names one",
            )
        else:
            self.report(
                (*path, "question"),
                f"'question' in {where} must be a question id, found {kind_of(named)}",
            )
        return None

    def qualification(self, raw: Any, questions: dict[str, Question]) -> tuple[Slot, ...]:
        slots: list[Slot] = []
        seen: dict[str, PathT | None] = {}
        for i, item in enumerate(self.listed(raw, ("qualification",), "slots")):
            path = ("qualification", i)
            where = f"qualification slot {i + 1}"
            data = self.mapping(item, path, where)
            if data is None:
                continue
            self.known_keys(data, path, SLOT_KEYS, where)
            slot_id = self.identifier(data, path, where)
            label = self.text(data, "label", path, where, required=True, block=fmt.SLOT)
            ids = self.strings(data, "questions", path, where)
            if not ids:
                self.report(path, f"{where} needs 'questions:' that fill it", key=True)
            known = True
            for j, question_id in enumerate(ids):
                if question_id not in questions:
                    known = False
                if self.undeclared(question_id):
                    self.report(
                        (*path, "questions", j),
                        f"no question has the id '{question_id}'"
                        f"{suggest(question_id, self.declared)}",
                    )
            meets: Condition | None = None
            known = known and not self.unknown_capture.intersection(ids)
            if "meets" in data and known and ids:
                meets = self.slot_condition(data["meets"], path, where, ids, questions)
                if meets is None:
                    continue
            if slot_id and label and ids and self.unique(slot_id, path, seen, "slot"):
                slots.append(Slot(slot_id, label, ids, meets))
        return tuple(slots)

    def slot_condition(
        self,
        raw: Any,
        path: tuple[str | int, ...],
        where: str,
        ids: tuple[str, ...],
        questions: dict[str, Question],
    ) -> Condition | None:
        """`meets:` is checked against every question of the slot: each answer is judged by it."""
        condition: Condition | None = None
        for question_id in ids:
            question = questions[question_id]
            condition = self.condition(
                raw,
                (*path, "meets"),
                f"{where} (for question '{question_id}')",
                question.capture,
                question.choices,
            )
            if condition is None:
                return None
        return condition

    def scoring(self, raw: Any, questions: dict[str, Question]) -> ScoringPolicy:
        if raw is None:
            return ScoringPolicy()
        where = "'scoring'"
        data = self.mapping(raw, ("scoring",), where)
        if data is None:
            return ScoringPolicy()
        self.known_keys(data, ("scoring",), SCORING_KEYS, where)
        weights: list[tuple[str, float]] = []
        raw_weights = data.get("weights")
        if raw_weights is None:
            raw_weights = {}
        elif not isinstance(raw_weights, dict):
            self.report(("scoring", "weights"), "'weights' maps criterion ids to numbers")
            raw_weights = {}
        raw_extra = self.listed(data.get("extra"), ("scoring", "extra"), "checks")
        extra_ids = [e.get("id") for e in raw_extra if isinstance(e, dict)]
        for key, value in raw_weights.items():
            path = ("scoring", "weights", key)
            if key not in CRITERION_IDS and key not in extra_ids:
                self.report(
                    path,
                    f"no scorecard criterion '{key}'{guess(key, CRITERION_IDS)}; criteria: "
                    f"{listing(CRITERION_IDS)}",
                    key=True,
                )
            elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                quoted = quoted_number(key, value)
                self.report(
                    path,
                    f"weight for '{key}' must be a number of 0 or more"
                    + (f", found {quoted}" if quoted else ""),
                )
            else:
                weights.append((key, float(value)))
        pain = self.strings(data, "pain_questions", ("scoring",), where)
        fits = SIGNAL_CAPTURES[Signal.PAIN_AGREED]
        for i, question_id in enumerate(pain):
            if self.undeclared(question_id):
                self.report(
                    ("scoring", "pain_questions", i),
                    f"no question has the id '{question_id}'{suggest(question_id, self.declared)}",
                )
            elif question_id not in questions or question_id in self.unknown_capture:
                continue  # declared, with an error of its own
            elif questions[question_id].capture not in fits:
                self.report(
                    ("scoring", "pain_questions", i),
                    f"'{question_id}' captures {questions[question_id].capture}, but agreement "
                    f"that the pain is big enough is read from {' or '.join(fits)} questions",
                )
        extra: list[ExtraCriterion] = []
        seen: dict[str, PathT | None] = {}
        for i, item in enumerate(raw_extra):
            at = ("scoring", "extra", i)
            criterion = self.extra_criterion(item, at, questions)
            if criterion is not None and self.unique(criterion.id, at, seen, "scoring check"):
                extra.append(criterion)
        return ScoringPolicy(tuple(weights), tuple(extra), pain)

    def extra_criterion(
        self, raw: Any, path: tuple[str | int, ...], questions: dict[str, Question]
    ) -> ExtraCriterion | None:
        where = f"scoring check {int(path[-1]) + 1}"
        data = self.mapping(raw, path, where)
        if data is None:
            return None
        self.known_keys(data, path, EXTRA_KEYS, where)
        criterion_id = self.identifier(data, path, where)
        if criterion_id in CRITERION_IDS:
            self.report((*path, "id"), f"'{criterion_id}' is a default criterion; use 'weights'")
            criterion_id = None  # the rest of the check is still read, so its errors come too
        label = self.text(data, "label", path, where, required=True, block=fmt.EXTRA_CHECK)
        tip = self.text(data, "tip", path, where, required=False, block=fmt.EXTRA_CHECK) or ""
        raw_points = data.get("points")
        points: float | None = None
        if not isinstance(raw_points, bool) and isinstance(raw_points, int | float):
            points = float(raw_points) if raw_points > 0 else None
        if points is None:
            quoted = quoted_number("points", raw_points)
            self.report(
                (*path, "points") if "points" in data else path,
                f"{where} needs 'points:', a number above 0"
                + (f", found {quoted}" if quoted else ""),
                key="points" not in data,
            )
        question = self.named_question(data, path, where, questions, "expect")
        if "expect" not in data:
            self.report(path, f"{where} needs 'expect:'")
            return None
        if question is None or question.id in self.unknown_capture:
            return None
        expect = self.condition(
            data["expect"], (*path, "expect"), where, question.capture, question.choices
        )
        if criterion_id is None or label is None or expect is None or points is None:
            return None
        return ExtraCriterion(criterion_id, label, question.id, expect, points, tip)

"""Prospects across calls, and merging two spellings of the same person into one.

A prospect is recognised by name and company whatever the case and spacing (the stored
prospect_key). A typo ("Pat Quil") still makes a second prospect, which hides the earlier call
from follow-up playbooks; merging rewrites the stray calls to the spelling the rep wants kept.
Everything works on index summaries as well as on full records: both carry the fields used here.
Practice calls are left out, as they are out of stats and follow-ups: a persona (Robin Vale) or a
name made up for a role-play is nobody the rep called.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from callmate.core.call_record import prospect_key
from callmate.core.immutable import immutable

Spelling = tuple[str, str]  # (prospect, company) as typed


def spelling_of(entry: Mapping[str, Any]) -> Spelling:
    return str(entry.get("prospect") or ""), str(entry.get("company") or "")


def key_of(entry: Mapping[str, Any]) -> str:
    """The stored prospect_key, or one made from the names when a record lacks it."""
    stored = entry.get("prospect_key")
    return stored if isinstance(stored, str) and stored else prospect_key(*spelling_of(entry))


def normalize_key(text: str) -> str:
    """A key as a person types it ("Pat Quill | Hollow Pines") in its stored form."""
    name, _bar, company = text.partition("|")
    return prospect_key(name, company)


@immutable
class Prospect:
    """One person at one company: how many calls, and every spelling seen (newest first)."""

    key: str
    calls: int
    spellings: tuple[Spelling, ...]
    last_started: str

    @property
    def prospect(self) -> str:
        return self.spellings[0][0]

    @property
    def company(self) -> str:
        return self.spellings[0][1]


def _started(entry: Mapping[str, Any]) -> str:
    return str(entry.get("started") or "")


def is_real_call(entry: Mapping[str, Any]) -> bool:
    """Whether a call was with someone real: not a practice against a persona or a partner."""
    return entry.get("mode") != "practice"


def list_prospects(entries: Iterable[Mapping[str, Any]]) -> list[Prospect]:
    """Every prospect in the real calls, sorted by key; a prospect's first spelling is its
    newest."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for entry in filter(is_real_call, entries):
        groups.setdefault(key_of(entry), []).append(entry)
    found: list[Prospect] = []
    for key, calls in sorted(groups.items()):
        calls.sort(key=_started, reverse=True)
        spellings = tuple(dict.fromkeys(spelling_of(call) for call in calls))
        found.append(Prospect(key, len(calls), spellings, _started(calls[0])))
    return found


class UnknownProspect(LookupError):
    """A key that names no stored call."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no calls with the prospect '{key}'")
        self.key = key


@immutable
class Rename:
    """A call whose prospect spelling was changed, and the spelling it had before."""

    session_id: str
    before: Spelling


@immutable
class MergePlan:
    """Calls of ``from_key`` to rewrite to ``into``, the newest spelling of ``into_key``."""

    from_key: str
    into_key: str
    into: Spelling
    renames: tuple[Rename, ...]


def merge_plan(entries: Iterable[Mapping[str, Any]], from_key: str, into_key: str) -> MergePlan:
    """What merging FROM into INTO changes; UnknownProspect, or ValueError for the same key."""
    from_key, into_key = normalize_key(from_key), normalize_key(into_key)
    if from_key == into_key:
        raise ValueError(f"'{from_key}' and '{into_key}' are the same prospect already")
    entries = [entry for entry in entries if is_real_call(entry)]
    known = {p.key: p for p in list_prospects(entries)}
    for key in (from_key, into_key):
        if key not in known:
            raise UnknownProspect(key)
    renames = tuple(
        Rename(str(entry.get("id")), spelling_of(entry))
        for entry in sorted(entries, key=_started)
        if key_of(entry) == from_key
    )
    into = known[into_key]
    return MergePlan(from_key, into_key, (into.prospect, into.company), renames)

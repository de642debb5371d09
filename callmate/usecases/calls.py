"""Starting, resuming and ending a call: what has to happen around the session, once.

The app calls these for `callmate`, `callmate call` and `callmate practice` alike; they return
what the screen needs to show (the session, the pre-call history, notices in the rep's words)
and leave showing it to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from callmate.core.call_record import CallRecord, prospect_key
from callmate.core.clean import one_line
from callmate.core.counts import counted, were
from callmate.core.immutable import immutable
from callmate.core.playbook import Playbook
from callmate.core.practice_names import PARTNER
from callmate.core.records import history_context
from callmate.core.session import MAX_NAME_CHARS, CallSession
from callmate.store import Store, StoreError

# What only resuming or ending a call needs (the playbook loader and YAML, the follow-up rules
# and scoring) is imported there: a new call's first question does not wait for it.
if TYPE_CHECKING:  # the persona code loads only for practice, to keep a live start quick
    from callmate.core.persona import Persona, PracticePartner
    from callmate.usecases.playbooks import Check


@dataclass
class OpenedCall:
    """A call ready for the screen: the session, its practice partner, and what to tell the rep."""

    session: CallSession
    partner: PracticePartner | None = None
    #: The prospect's last completed real calls, newest first (for the pre-call brief).
    previous: list[CallRecord] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def previous_calls(
    store: Store, prospect: str, company: str, summaries: list[dict[str, Any]] | None = None
) -> list[CallRecord]:
    """This prospect's last completed real calls, newest first (role-plays are not history);
    `summaries` are the prospect's summaries when the caller has read them already."""
    if summaries is None:
        summaries = store.summaries_for(prospect_key(prospect, company))
    done = [
        s for s in summaries if s.get("status") == "completed" and s.get("mode", "live") == "live"
    ]
    if not done:
        return []  # a new prospect: the brief's code is not needed
    from callmate.core.brief import MAX_CALLS

    done.sort(key=lambda s: str(s.get("ended") or s.get("started") or ""), reverse=True)
    records = []
    for summary in done[:MAX_CALLS]:
        try:
            records.append(store.load(str(summary["id"])))
        except StoreError:
            continue
    return records


def known_spelling(summaries: list[dict[str, Any]], key: str) -> tuple[str, str] | None:
    """How the prospect with `key` is already written in the rep's real calls (the newest
    spelling of `summaries`, newest first): a name that matches it only by spacing or capitals
    takes it, as a second spelling would split the history and the prompts would greet them
    as typed ("pat  quill")."""
    for summary in summaries:
        if summary.get("mode", "live") != "live" or summary.get("status") == "discarded":
            continue
        known = (
            one_line(str(summary.get("prospect") or "")),
            one_line(str(summary.get("company") or "")),
        )
        if known[0].strip() and prospect_key(*known) == key:
            return known
    return None


@immutable
class UnfinishedCall:
    """A live call with this prospect that never reached the gate (the terminal closed, the
    app was stopped): starting a new one would split what was said over two calls."""

    id: str
    prospect: str
    company: str
    #: When it started, as stored ('2026-11-30T14:02...'); '' when unknown.
    started: str
    playbook: str
    #: Answers recorded so far (None when the call file could not be read).
    answered: int | None
    #: Other unfinished calls with them besides this one (the newest is offered).
    others: int = 0

    def words(self) -> str:
        """'Pat Quill (Hollow Pines Dental), started 2026-11-30 14:02 with first-discovery, 3
        answers so far', for the offer to resume it."""
        company = f" ({self.company})" if self.company else ""
        started = f", started {self.started[:16].replace('T', ' ')}" if self.started else ""
        playbook = f" with {self.playbook}" if self.playbook else ""
        answered = (
            f", {counted(self.answered, 'answer')} so far" if self.answered is not None else ""
        )
        return f"{self.prospect}{company}{started}{playbook}{answered}"


def unfinished_call_with(store: Store, prospect: str, company: str) -> UnfinishedCall | None:
    """The newest unfinished live call with this prospect (same name and company, as spelled
    or by spacing and capitals), or None. `callmate call` and the home screen both ask before
    starting a live call, so a rep who re-runs the command after the terminal closed is
    offered the call they were on instead of a blank one.

    StoreError when the index cannot be read (the caller starts the call anyway)."""
    key = prospect_key(prospect, company)
    open_calls = [
        s
        for s in store.summaries_for(key)
        if s.get("status") == "in_progress"
        and s.get("mode", "live") == "live"
        and s.get("prospect_key", key) == key
    ]
    if not open_calls:
        return None
    open_calls.sort(key=lambda s: str(s.get("started") or ""), reverse=True)
    newest = open_calls[0]
    session_id = str(newest["id"])
    try:
        answered: int | None = len(store.load(session_id).answers)
    except StoreError:
        answered = None  # the resume itself says what is wrong with the file
    playbook = newest.get("playbook")
    return UnfinishedCall(
        id=session_id,
        prospect=str(newest.get("prospect") or prospect),
        company=str(newest.get("company") or ""),
        started=str(newest.get("started") or ""),
        playbook=str(playbook.get("name") or "") if isinstance(playbook, dict) else "",
        answered=answered,
        others=len(open_calls) - 1,
    )


def _who(prospect: str, company: str) -> str:
    return f"{prospect}, {company}" if company else prospect


def cut_name_notices(prospect: str, company: str) -> list[str]:
    """What the session will cut from a name too long to keep (it keeps MAX_NAME_CHARS), said,
    so a cut name ("...Maximili") is not found later as a surprise."""
    said = []
    for what, value in (("prospect's name", prospect), ("company", company)):
        length = len(one_line(value).strip())
        if length > MAX_NAME_CHARS:
            said.append(
                f"The {what} is {length} characters long: only its first {MAX_NAME_CHARS} are kept."
            )
    return said


def practice_partner(persona: Persona | None, playbook: Playbook) -> PracticePartner | None:
    """The scripted prospect for a practice with a persona (None when a colleague plays it)."""
    if persona is None:
        return None
    from callmate.core.persona import PracticePartner

    return PracticePartner(
        persona, playbook, pain_questions=playbook.scoring.pain_questions or None
    )


def start_call(
    store: Store,
    playbook: Playbook,
    prospect: str,
    company: str,
    now: datetime,
    *,
    mode: str = "live",
    persona: Persona | None = None,
    follows: str | None = None,
) -> OpenedCall:
    """A new call; a live one recalls the prospect's last call for its templates and brief.

    ValueError when the prospect's name is empty or the mode is unknown (said by the session).
    """
    notices: list[str] = cut_name_notices(prospect, company)
    previous: list[CallRecord] = []
    if mode == "live":
        try:
            summaries = store.summaries_for(prospect_key(prospect, company))
            known = known_spelling(summaries, prospect_key(prospect, company))
            if known is not None and known != (one_line(prospect), one_line(company)):
                notices.append(
                    f"Same prospect as your earlier calls: kept the spelling {_who(*known)}."
                )
            if known is not None:
                prospect, company = known
            previous = previous_calls(store, prospect, company, summaries)
        except StoreError as exc:  # the call matters more than its brief
            notices.append(f"No pre-call brief: {exc}")
    persona_name = persona.name if persona else (PARTNER if mode == "practice" else None)
    context = history_context(previous[0]) if previous else {}
    if mode == "practice":  # not a real history: the last practice with this persona
        from callmate.usecases.practice_history import practice_context

        context = practice_context(store, persona_name, prospect, company)
    session = CallSession.start(
        playbook,
        prospect,
        company,
        now,
        mode=mode,
        persona=persona_name,
        context=context,
        follows=follows,
    )
    return OpenedCall(session, practice_partner(persona, playbook), previous, notices)


def persona_for_call(record: CallRecord) -> tuple[Persona | None, str]:
    """The scripted persona a stored practice ran against, or None with why (empty when none)."""
    name = record.persona
    if record.mode != "practice" or name is None or name == PARTNER:
        return None, ""
    from callmate.core.persona_loader import PersonaNotFound, load_persona, resolve_persona
    from callmate.core.problems import PlaybookError

    try:
        return load_persona(resolve_persona(name)), ""
    except (PersonaNotFound, PlaybookError) as exc:
        return None, f"Practising without the persona: {exc}"


def resume_call(store: Store, session_id: str, now: datetime, check: Check) -> OpenedCall:
    """An unfinished call carried on: with its playbook as it is now, else (the file broken or
    gone) with the edition it started on, else with no questions at all: whatever became of
    the file, the call opens, keeps what was typed and can reach the gate.

    CannotResume says why in the rep's words (only when the call itself cannot be read). The
    caller claims the call first (autosave.SessionKeeper.open).
    """
    from callmate.usecases.playbooks import locate_playbook, stand_in, started_on

    try:
        record = store.load(session_id)
    except StoreError as exc:
        raise CannotResume(str(exc)) from exc
    found = locate_playbook(record, check, store.root)
    notices = []
    earlier: Playbook | None = None
    if found.playbook is None:
        playbook = stand_in(record)
        notices.append(
            f"{_sentence(found.problem)}, and no copy of the edition this call started on was "
            "kept. The call goes on without its questions: its answers and notes are kept "
            "(F3), you can add notes, and ctrl+e still agrees the next step."
        )
    else:
        playbook = found.playbook
        if found.kept:
            notices.append(
                f"{_sentence(found.problem)}.\nThe call goes on with the edition it started "
                "with (kept by callmate)."
            )
        elif found.changed:
            earlier = started_on(record, check, store.root)
            notices.append(
                "This playbook changed since the call started; continuing with the current edition."
            )
    persona, why = persona_for_call(record)
    if why:
        notices.append(why)
    session = CallSession.resume(playbook, record, now, started_on=earlier)
    notices += resume_notices(session, changed=found.changed, stand_in=found.playbook is None)
    return OpenedCall(session, practice_partner(persona, playbook), notices=notices)


def resume_notices(session: CallSession, *, changed: bool, stand_in: bool = False) -> list[str]:
    """What resuming did to the answers and typing, in the rep's words: answers kept as notes
    (the question changed kind, or the value never fitted it), answered questions that are
    gone, text typed at a question that is gone."""
    notices = []
    if session.set_aside:
        why = (
            "no longer fit their question in this edition"
            if changed
            else "did not fit their question (the playbook has not changed)"
        )
        notices.append(
            f"{counted(len(session.set_aside), 'answer')} {why} and {were(len(session.set_aside))} "
            "kept as notes (F3): "
            f"{', '.join(session.set_aside)}. Ask them again."
        )
    if session.gone and not stand_in:
        notices.append(
            f"{counted(len(session.gone), 'answered question')} "
            f"{'is' if len(session.gone) == 1 else 'are'} no longer in the playbook (renamed "
            f"or removed); their answers are kept (F3): {', '.join(session.gone)}."
        )
    if session.stranded:
        notices.append(
            "What you were typing at a question no longer in the playbook was kept as a note "
            f"(F3): {', '.join(session.stranded)}."
        )
    return notices


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class CannotResume(Exception):
    """The call cannot be carried on; the message says why."""


@immutable
class EndedCall:
    """What to tell the rep once the gate let a call end."""

    #: One line worth keeping on screen and printing after the app closes.
    farewell: str | None
    #: The step this follow-up call kept, or why it could not be marked.
    closed: str | None


def end_call(store: Store, session: CallSession, now: datetime) -> EndedCall:
    """After the gate: close the step this call followed up, queue the team push, say the step."""
    from callmate.team.autopush import schedule
    from callmate.usecases.followthrough import close_answered_retries, close_followed_step

    schedule(store.root, session.id)  # a team push in the background, if connected
    said = [
        line
        for line in (
            close_followed_step(store, session.record, now),
            close_answered_retries(store, session.record, now),
        )
        if line
    ]
    closed = " ".join(said) or None
    prospect = session.record.prospect
    step = session.next_step()
    if session.record.status == "discarded":
        return EndedCall(f"Call with {prospect} discarded (kept aside).", closed)
    if step is None:
        return EndedCall(None, closed)
    kind = "" if step.kind == "advance" else f" [{step.kind}]"
    farewell = f"Next step with {prospect}: {step.what} — {step.due:%a %d %b %H:%M}{kind}"
    return EndedCall(farewell, closed)


def pace_retry(store: Store, session: CallSession, due: datetime, now: datetime) -> str | None:
    """Whether a retry due then chases too soon or too often, from this prospect's history."""
    from callmate.core.silence import retry_warning
    from callmate.nurture import NurtureError, current_entries, read_nurture, read_pacing

    key = session.record.prospect_key
    earlier = [s for s in store.summaries_for(key) if s.get("id") != session.id]
    try:
        state = read_nurture(store.root)
    except NurtureError:
        extra, nurtured = [], False
    else:
        extra = state.attempt_for(key)
        nurtured = any(e.key == key for e in current_entries(state, earlier))
    return retry_warning(earlier, due, now, read_pacing(store.root)[0], extra, nurtured)

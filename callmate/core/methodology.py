"""Methodology checks: valid YAML can still set a rep up for a prospect who goes silent.

Each finding names a habit that keeps prospects engaged after the first call: a shared agenda,
discovery of their problems, a commitment question tied to a captured problem, knowing who decides,
and a suggested next step that is a real advance.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from callmate.core.immutable import immutable
from callmate.core.judgement import commitment_questions, judge_step_text, pain_questions
from callmate.core.playbook import (
    SIGNAL_CAPTURES,
    Capture,
    Playbook,
    Question,
    Section,
    SectionKind,
    Signal,
)
from callmate.core.templates import template_names
from callmate.core.words import fold, words

#: Minutes a required question takes on a real call, talk and listening included.
MINUTES_PER_REQUIRED_QUESTION = 2
PROBLEM_NAMES = frozenset({"hot_button", "last_hot_button", "last_problem"})
#: The longest prompt read aloud without losing the prospect: about 40 words, some 15 seconds at
#: a calm 150 words a minute, and three lines of an 80-column call screen. Longer, the prospect
#: has lost the question before it ends, and the rep reads a script instead of talking.
MAX_PROMPT_CHARS = 240
#: The furthest next step `--strict` lets pass. The advice is to be back in touch the same day
#: or the next; two weeks is already generous while the problem is fresh.
STRICT_MAX_DAYS = 14


@immutable
class Finding:
    """A methodology check's advice, with where in the playbook it points."""

    message: str
    question_id: str | None = None
    key: str | None = None
    #: Where to point when it is not a question or a top-level key, such as a suggestion.
    path: tuple[str | int, ...] | None = None
    #: What the finding rests on, so a file with errors elsewhere still hears it: "kind:X" (no
    #: section of kind X), "marks:X" (no section of kind X nor question marked X), "section"
    #: (the section at `path`), "next_step" (the policy alone), "flow" (the whole call).
    about: str = "flow"


#: Wording that asks when they would act ("how soon", "when", "start"), for a commitment section
#: whose questions carry no `signal: commitment`.
_ASKS_WHEN = re.compile(
    r"\b(?:how soon|how quickly|when|start\w*|begin\w*|timelines?|timing|deadlines?|dates?|"
    r"go live|ready|(?:this|next) (?:week|month|quarter|year))\b",
    re.IGNORECASE,
)
#: Wording that asks who decides or how they buy, for a decision-maker section whose questions
#: carry no `signal: decision_maker`.
_ASKS_WHO_DECIDES = re.compile(
    r"\b(?:who\w*|decid\w*|decision\w*|sign\w*|approv\w*|budget\w*|buy\w*|purchas\w*|"
    r"procure\w*|authori[sz]\w*|final (?:say|yes|call|word)|your call)\b",
    re.IGNORECASE,
)


#: Wording that sets the call up: the time there is, what it is for, leave to ask questions.
_ASKS_AGENDA = re.compile(
    r"\b(?:agenda|minutes?|time|how long|long (?:do|have) we|plan\w*|goals?|purpose|aims?|"
    r"objectives?|questions?|worth|useful|cover|add anything|anything (?:to )?add|suggest\w*|"
    r"expect\w*|hop(?:e|ing) to|want from|(?:still|sound) (?:ok|okay|fine|good|fair)|"
    r"(?:still|that) work|suit)\b",
    re.IGNORECASE,
)


@immutable
class _Words:
    """A few common words of other languages, enough to see what a question asks about. Whole
    words and word beginnings are matched on folded words (no case or accents); `inside` are
    pieces of scripts written without spaces (Japanese), found anywhere in the text."""

    whole: frozenset[str]
    starts: tuple[str, ...] = ()
    inside: tuple[str, ...] = ()

    @classmethod
    def of(cls, whole: str, starts: str = "", inside: str = "") -> _Words:
        return cls(
            frozenset(fold(w) for w in whole.split()),
            tuple(fold(w) for w in starts.split()),
            tuple(fold(w) for w in inside.split()),
        )

    def found_in(self, text: str) -> bool:
        said = words(text)
        if any(w in self.whole or (self.starts and w.startswith(self.starts)) for w in said):
            return True
        folded = fold(text)
        return any(piece in folded for piece in self.inside)


#: Who decides or how they buy, in German, Spanish, French, Portuguese, Italian, Japanese and
#: Hindi. Words one language shares with another in a different sense stay out (Spanish `firma`
#: is the German for a company, Italian `qui` means here).
_WHO_DECIDES_WORDS = _Words.of(
    "wer wen wem quien quienes quem chi firmar firme कौन किसकी किसका किसके किसे तय मंजूरी बजट खरीद",
    "entscheid freigabe freigeb genehmig unterschreib unterzeichn budget einkauf kaufentscheid "
    "decid decis aprob presupuest compra approuv signe achat orcament aprova approva acquist "
    "फैसल निर्णय",
    "誰 どなた どの方 決定 決裁 決め 承認 購入 購買 予算 稟議",
)
#: When they would act, in the same languages.
_ASKS_WHEN_WORDS = _Words.of(
    "wann bald cuando pronto plazo fecha quand bientot delai quando prazo presto कब शुरू जल्दी",
    "start beginn zeitrahmen zeitplan loslegen empez empiec comenz comienc inici commenc "
    "demarr comec inizi cominc",
    "いつ 時期 開始 始め 導入 スケジュール",
)
#: Setting the call up, in the same languages.
_ASKS_AGENDA_WORDS = _Words.of(
    "zeit agenda ablauf vorschlag einverstanden passt tiempo propuesta temps ordre tempo "
    "मिनट समय एजेंडा सवाल प्रश्न",
    "minut plan ziel frage objetiv pregunt valga valier objecti question pergunt domand",
    "分 時間 アジェンダ 進め方 目的 質問 大丈夫",
)
#: Common English words: a question with none of them is worded in another language, and the
#: English patterns above cannot tell what it asks. Words other languages share (`was`, `will`,
#: `die`, `in`, `a`) are left out.
_ENGLISH_WORDS = (
    "the you your yours are does did how what who whom whose when where which why we our us "
    "it its this that these those there of for with would could can should if anyone anybody "
    "have has been about and they their them my"
)
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_TEMPLATE = re.compile(r"\{[^{}]*\}")


def _wording(question: Question) -> str:
    """The prompt as the prospect hears it, without `{templates}` (their names are ids)."""
    return _TEMPLATE.sub(" ", question.prompt)


def _reads_english(question: Question) -> bool:
    """Whether the English wording checks can judge this question: it uses common English
    words (or has no words of its own at all)."""
    said = words(_wording(question))
    return not said or any(w in _ENGLISH for w in said)


@immutable
class _Job:
    """One habit of the method: the section kind for it, and how a question shows it does it."""

    kind: SectionKind
    missing: str
    does_it: Callable[[Question], bool]
    #: Why a section of this kind whose questions do not do the job gets a warning.
    not_done: str
    #: What a question doing the job asks, for when the wording cannot be read.
    asks: str = ""
    #: The signal that marks a question doing the job, whatever its wording.
    signal: Signal | None = None


def _captures_powns(q: Question) -> bool:
    return q.capture is Capture.POWNS


def _asks_commitment(q: Question) -> bool:
    return (
        q.signal is Signal.COMMITMENT
        or bool(_ASKS_WHEN.search(q.prompt))
        or _ASKS_WHEN_WORDS.found_in(_wording(q))
    )


def _asks_decider(q: Question) -> bool:
    return (
        q.signal is Signal.DECISION_MAKER
        or bool(_ASKS_WHO_DECIDES.search(q.prompt))
        or _WHO_DECIDES_WORDS.found_in(_wording(q))
    )


def _sets_agenda(q: Question) -> bool:
    return bool(_ASKS_AGENDA.search(_wording(q))) or _ASKS_AGENDA_WORDS.found_in(_wording(q))


JOBS = (
    _Job(
        SectionKind.POWNS,
        "no POWN discovery section: without the prospect's problems, opportunities, wants and "
        "needs there is nothing for a next step to be about (a `kind: powns` section, or a "
        "question with `capture: powns`)",
        _captures_powns,
        "none of its questions captures `powns`, so no problem is captured as a POWN item: "
        "there is no hot button to star and `{problems}` stays empty in later text; make the "
        "main discovery question `capture: powns`",
    ),
    _Job(
        SectionKind.COMMITMENT,
        "no commitment section: ask how soon they would want to start if the problem were "
        "solved, or the rep cannot tell interest from intent (a `kind: commitment` section, or "
        "a question with `signal: commitment`)",
        _asks_commitment,
        "none of its questions asks how soon they would act: ask 'If we solved {problems}, how "
        "soon would you want to start?' and mark it `signal: commitment`",
        "asks how soon they would act",
        Signal.COMMITMENT,
    ),
    _Job(
        SectionKind.DECISION_MAKER,
        "no decision-maker or buying-process check: an eager contact who cannot buy is the "
        "prospect most likely to go silent (a `kind: decision_maker` section, or a yes/no "
        "question with `signal: decision_maker`)",
        _asks_decider,
        "none of its questions asks who decides or how they buy: ask 'When it comes to the "
        "final yes, is that your call?' (yes/no, `signal: decision_maker`) and who else is "
        "involved",
        "asks who decides",
        Signal.DECISION_MAKER,
    ),
)

#: An agenda section has no signal to mark it, so it is only judged in wording callmate reads.
_AGENDA_NOT_DONE = (
    "none of its questions sets the call up: check the time there is ('We booked 30 minutes; "
    "is that still good for you?') and agree what the call is for and that you may ask "
    "questions ('What would make this call worth your time?')"
)


_CAPTURE_WORDS = {Capture.YES_NO: "yes/no", Capture.SCALE: "1-10"}


def _could_not_tell(job: _Job, section: Section) -> str:
    """The warning for a section whose wording the checks cannot read: ask for the signal."""
    assert job.signal is not None
    fits = SIGNAL_CAPTURES[job.signal]
    named = [q.id for q in section.questions if q.capture in fits and not q.signal]
    named_kinds = [_CAPTURE_WORDS.get(c, c.value) for c in fits]
    kinds = (
        " or ".join(named_kinds)
        if len(fits) < 3
        else ", ".join(named_kinds[:-1]) + " or " + named_kinds[-1]
    )
    which = (
        f"(a {kinds} question, such as '{named[0]}')"
        if named
        else f"(a {kinds} question; add one if none asks it)"
    )
    return (
        f"section '{section.id}' is a {job.kind.value} section, but callmate could not tell "
        f"from the wording whether one of its questions {job.asks} (it reads English and a few "
        f"common words of other languages): mark the question that does with "
        f"`signal: {job.signal.value}` {which}"
    )


def review(playbook: Playbook) -> list[Finding]:
    """What a sales trainer would point out in this playbook; empty when it follows the method.

    Each habit counts where a question does it (its capture or signal says so, whatever the
    section's kind), and a section whose kind promises a habit must have a question doing it.
    """
    kinds = {s.kind for s in playbook.sections}
    findings: list[Finding] = []
    if SectionKind.AGENDA not in kinds:
        findings.append(
            Finding(
                "no agenda section: a call without a shared agenda and permission to ask "
                "questions drifts, and the prospect never agrees what the call is for",
                key="sections",
                about="kind:agenda",
            )
        )
    findings += _agenda_not_set(playbook)
    for job in JOBS:
        marked = any(_marks(job, q) for q in playbook.questions)
        if job.kind not in kinds and not marked:
            findings.append(Finding(job.missing, key="sections", about=f"marks:{job.kind.value}"))
        for i, section in enumerate(playbook.sections):
            if section.kind is job.kind and not any(job.does_it(q) for q in section.questions):
                if job.signal is None or all(map(_reads_english, section.questions)):
                    message = f"section '{section.id}' is a {job.kind.value} section, but "
                    message += job.not_done
                else:
                    message = _could_not_tell(job, section)
                findings.append(Finding(message, path=("sections", i, "kind"), about="section"))
    powns_ids = {
        q.id
        for s in playbook.sections
        for q in s.questions
        if s.kind is SectionKind.POWNS or q.capture is Capture.POWNS
    }
    # A commitment section that asks nothing about timing already has its warning above.
    commitment = [q for q in commitment_questions(playbook) if _asks_commitment(q)]
    refers_back = [
        q for q in commitment if set(template_names(q.prompt)[0]) & (powns_ids | PROBLEM_NAMES)
    ]
    if commitment and not refers_back:
        findings.append(
            Finding(
                f"the commitment question '{commitment[0].id}' does not refer back to a captured "
                "problem: reuse one, e.g. 'If we could solve {problems}, how soon ...'",
                question_id=commitment[0].id,
                key="prompt",
            )
        )
    if not playbook.next_step.suggestions:
        findings.append(
            Finding(
                "no suggested next steps: give reps two or three real advances to offer (a dated "
                "review together, a call that brings in the decision maker)",
                key="next_step",
                about="next_step",
            )
        )
    findings += _suggested_continuations(playbook)
    findings += _timing(playbook)
    findings += _long_prompts(playbook)
    required = sum(1 for q in playbook.questions if q.required and not q.hidden)
    needed = required * MINUTES_PER_REQUIRED_QUESTION
    if needed > playbook.minutes:
        findings.append(
            Finding(
                f"{required} required questions take about {needed} minutes, more than the call's "
                f"{playbook.minutes}-minute time box: make some optional or lengthen 'minutes'",
                key="minutes",
            )
        )
    return findings


def _agenda_not_set(playbook: Playbook) -> list[Finding]:
    """Agenda sections whose questions, in wording callmate reads, do not set the call up."""
    return [
        Finding(
            f"section '{section.id}' is an agenda section, but {_AGENDA_NOT_DONE}",
            path=("sections", i, "kind"),
            about="section",
        )
        for i, section in enumerate(playbook.sections)
        if section.kind is SectionKind.AGENDA
        and not any(map(_sets_agenda, section.questions))
        and all(map(_reads_english, section.questions))
    ]


def _marks(job: _Job, question: Question) -> bool:
    """Whether a question does the job plainly, by its capture or signal, in any section."""
    if job.kind is SectionKind.POWNS:
        return question.capture is Capture.POWNS
    wanted = Signal.COMMITMENT if job.kind is SectionKind.COMMITMENT else Signal.DECISION_MAKER
    return question.signal is wanted


def _timing(playbook: Playbook) -> list[Finding]:
    """Section time boxes that cannot all fit in the call's own time box."""
    given = [s.minutes for s in playbook.sections if s.minutes is not None]
    total = sum(given)
    if total <= playbook.minutes:
        return []
    return [
        Finding(
            f"the sections' minutes add up to {total}, more than the call's {playbook.minutes} "
            "minutes: shorten some sections or raise 'minutes' at the top, or the clock shows "
            "the call over time before its last section starts",
            key="minutes",
        )
    ]


def _confirms_pain(playbook: Playbook) -> bool:
    """Whether some question asks if the pain is big enough, as the core judgement finds it."""
    return bool(pain_questions(playbook))


def strict_review(playbook: Playbook) -> list[Finding]:
    """What `validate --strict` also holds a playbook to: a next-step policy that keeps the sale
    moving. These are judgement calls a trainer may make on purpose, so only --strict asks."""
    policy = playbook.next_step
    findings: list[Finding] = []
    if not policy.require_prospect_commitment:
        findings.append(
            Finding(
                "require_prospect_commitment is false, so a call can end with only what we will "
                "do; a next step without the prospect's own part is how prospects go silent",
                path=("next_step", "require_prospect_commitment"),
                about="next_step",
            )
        )
    if not _confirms_pain(playbook):
        findings.append(
            Finding(
                "no question asks whether the problem is big enough to fix: add a yes/no or "
                "1-10 question such as 'Is that big enough that you want to do something about "
                "it?' and mark it `signal: pain_agreed`, or the rep cannot tell interest from "
                "intent",
                key="sections",
            )
        )
    if policy.max_days > STRICT_MAX_DAYS:
        findings.append(
            Finding(
                f"max_days: {policy.max_days} lets the next step wait {policy.max_days} days; "
                "be back in touch the same day or the next while the problem is fresh, and "
                f"keep the furthest date within {STRICT_MAX_DAYS} days",
                path=("next_step", "max_days"),
                about="next_step",
            )
        )
    if not playbook.with_signal(Signal.THEIR_PART):
        findings.append(
            Finding(
                "no question is marked `signal: their_part`, so practice cannot check the "
                "prospect's part of the next step against what they said they will do, and the "
                "next-step form cannot start from their own words: ask 'Before we speak again, "
                "what will you do on your side?' (a text question) and mark it "
                "`signal: their_part`",
                key="sections",
                about="marks:their_part",
            )
        )
    return findings


def _suggested_continuations(playbook: Playbook) -> list[Finding]:
    """Suggestions the gate would refuse as continuations (the core judgement says which): a
    rep offered one is being taught to end the call on it."""
    policy = playbook.next_step
    findings = []
    for i, text in enumerate(policy.suggestions):
        judged = judge_step_text(text, policy)
        if not judged.advance:
            findings.append(
                Finding(
                    f"suggested next step {i + 1} is not an advance: {judged.reason}. Suggest "
                    "something with a date and a part for the prospect, such as a call booked to "
                    "go through it together",
                    path=("next_step", "suggestions", i),
                    about="next_step",
                )
            )
    return findings


def _long_prompts(playbook: Playbook) -> list[Finding]:
    """Prompts too long to read aloud on a call (see MAX_PROMPT_CHARS)."""
    return [
        Finding(
            f"the prompt of '{q.id}' is {len(q.prompt)} characters, too long to read aloud on a "
            f"call: the prospect loses the question before it ends. Keep it under "
            f"{MAX_PROMPT_CHARS} (about 40 words) and move the rest to 'hints'",
            question_id=q.id,
            key="prompt",
            about="prompt",
        )
        for q in playbook.questions
        if len(q.prompt) > MAX_PROMPT_CHARS
    ]

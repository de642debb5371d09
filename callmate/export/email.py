"""`callmate export ID --email`: a short follow-up draft about the prospect, not about us.

It repeats their problem in their own words, then the agreed step with its date and what each
side will do before it. No pitch: the rep adds their own voice before sending. A continuation
(no meeting agreed, e.g. "call me next month") is said as the rep's own follow-up, never as a
meeting: the stored words are the prospect's, and quoted back they read wrong. The draft is
signed with the rep's name from `callmate team connect`, else a line the rep fills in.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from callmate.core.call_record import CallRecord
from callmate.core.judgement import stored_step_kind
from callmate.core.records import pown_items
from callmate.export.calendar import NoNextStep, next_step_of
from callmate.export.when import LONG_MONTHS, LONG_WEEKDAYS, long_day
from callmate.team.config import TeamConfigError, load_config

#: The signature line when callmate does not know the rep's name: plainly a gap to fill.
NAME_PLACEHOLDER = "[your name]"


def rep_name(data_dir: Path) -> str:
    """The rep's name as given to `callmate team connect`, else "" (never an error: a draft
    with a placeholder is better than no draft)."""
    try:
        config = load_config(data_dir)
    except (TeamConfigError, OSError, ValueError):
        return ""
    return " ".join(config.name.split()) if config is not None else ""


def _sign_off(sender: str) -> list[str]:
    return ["Best regards,", " ".join(sender.split()) or NAME_PLACEHOLDER]


def their_words(record: CallRecord) -> str:
    """The hot button, else the first problem they named, else the first POWN item."""
    items = pown_items(record)
    for wanted in (
        lambda i: i.hot,
        lambda i: i.tag == "problem",
        lambda i: True,
    ):
        found = [i.text.strip() for i in items if wanted(i) and i.text.strip()]
        if found:
            return found[0]
    return ""


def greeting_name(prospect: str) -> str:
    """The first name, unless the name starts with a title such as 'Dr.'."""
    parts = prospect.split()
    if not parts:
        return "there"
    return prospect.strip() if parts[0].endswith(".") else parts[0]


def _when_we_spoke(record: CallRecord, now: datetime) -> str:
    local = datetime.fromisoformat(record.ended or record.started).astimezone(now.tzinfo)
    if local.date() == now.date():
        return "for your time today"
    return (
        f"for your time on {LONG_WEEKDAYS[local.weekday()]} {local.day} "
        f"{LONG_MONTHS[local.month - 1]}"
    )


#: A note the rep wrote about the prospect ("she will bring…", "Pat'll send…"): the subject
#: and the helper verb are dropped, which leaves their part as it reads to them ("bring…").
_THIRD_PERSON_START = re.compile(
    r"(?:she|he|they|(?P<name>[^\W\d_][\w.'-]*))\s*"
    r"(?:will|'ll|’ll|would|'d|’d|is going to|are going to|agreed to|promised to|offered to)\s+",
    re.IGNORECASE,
)
#: Words that still speak of the prospect in the third person: then the note is quoted.
_THIRD_PERSON = re.compile(
    r"\b(?:she|he|her|hers|herself|him|his|himself|they|them|their|theirs|themselves)\b",
    re.IGNORECASE,
)


def their_part(note: str, prospect: str) -> str:
    """The prospect's part as a line of a letter to them ("Your part: bring the invoices").

    The rep notes it about them ("she will bring the invoices"); pasted into a letter to
    them that reads wrong. A plain leading "she will", "he'll" or "Pat will" is dropped;
    anything else in the third person is quoted as the rep's note, never rewritten."""
    text = " ".join(note.split())
    names = {part.casefold() for part in prospect.split()}
    match = _THIRD_PERSON_START.match(text)
    if match is not None:
        name = match.group("name")
        rest = text[match.end() :]
        if (name is None or name.casefold() in names) and rest:
            text = rest
    if _THIRD_PERSON.search(text) or any(w.casefold() in names for w in re.findall(r"\w+", text)):
        return f'What you offered to do, as I noted it: "{" ".join(note.split())}"'
    return f"Your part: {text}"


def follow_up_email(record: CallRecord, now: datetime, sender: str = "") -> str:
    """The draft as plain text with a Subject line, signed by `sender` (else a placeholder);
    NoNextStep if no next step was agreed (a call that did not connect keeps a retry, which
    nobody agreed to)."""
    step, due = next_step_of(record)
    if stored_step_kind(step) == "retry":
        raise NoNextStep(
            f"the call {record.id} did not connect ({step.call_outcome or 'no conversation'}): "
            "nothing was agreed to confirm by email; the retry is yours alone"
        )
    if step.outcome == "missed":
        return missed_step_email(record, sender)
    if step.outcome == "kept":
        raise NoNextStep(
            f"the next step of the call {record.id} ({long_day(due)}) was kept: there is "
            "nothing left to confirm; the email belongs to the call that kept it"
        )
    what = step.what.strip()
    channel = step.channel.strip()
    continuation = stored_step_kind(step) == "continuation"
    subject = "Following up on our call" if continuation else f"Our next step on {long_day(due)}"
    lines = [
        f"Subject: {subject}",
        "",
        f"Hi {greeting_name(record.prospect)},",
        "",
        f"Thank you {_when_we_spoke(record, now)}.",
    ]
    words = their_words(record)
    if words:
        lines[-1] += f' What stayed with me, in your words: "{words}".'
    parts = []
    if step.their_commitment.strip():
        parts.append(f"- {their_part(step.their_commitment, record.prospect)}")
    if step.our_commitment.strip():
        parts.append(f"- My part: {step.our_commitment.strip()}")
    if continuation:
        by = f" ({channel})" if channel else ""
        lines += ["", f"I will get back to you on {long_day(due)}{by}."]
        if parts:
            lines += ["", "Before then:", *parts]
    else:
        lines += ["", "What we agreed:"]
        lines.append(f"- {long_day(due)}: {what}" + (f" ({channel})" if channel else ""))
        lines += parts
    lines += [
        "",
        "If that time stops working for you, just reply and we will find another.",
        "",
        *_sign_off(sender),
    ]
    return "\n".join(lines) + "\n"


def missed_step_email(record: CallRecord, sender: str = "") -> str:
    """The draft for a step marked missed: it says the meeting did not happen and leaves the
    next move to them, instead of confirming a date that is gone."""
    _step, due = next_step_of(record)
    words = their_words(record)
    about = f' about "{words}"' if words else ""
    return (
        "\n".join(
            [
                f"Subject: Our call planned for {long_day(due)}",
                "",
                f"Hi {greeting_name(record.prospect)},",
                "",
                # "fell through": true whether the date has passed or was called off early.
                f"We had planned to speak on {long_day(due)}{about}, and that fell through. "
                "I expect something more pressing came up.",
                "",
                "If it is still worth your time, reply with a time that suits you and I will "
                "make it work. If not, that is fine too.",
                "",
                *_sign_off(sender),
            ]
        )
        + "\n"
    )


#: How many tries a takeaway message may say, in words ("a few" from three on).
_TIMES = {1: "once", 2: "twice"}


def takeaway_email(
    record: CallRecord,
    words: str = "",
    sender: str = "",
    *,
    tries: int = 0,
    reached: bool = True,
) -> str:
    """The takeaway: a short, respectful note that stops the chase and hands control back.

    `words` is their own problem as they said it (see `their_words`), else this call's. It
    claims no more than happened: ``tries`` unanswered tries (said as once, twice, a few
    times), and a conversation only if they were ``reached``. User text is only ever
    inserted, never used as a template.
    """
    if reached:
        words = words or their_words(record)
        about = f' about "{words}"' if words else ""
        opening = f"I have not managed to reach you since we last spoke{about}."
    else:
        times = _TIMES.get(tries, "a few times") if tries > 0 else ""
        opening = f"I have tried to reach you {times}".rstrip() + ", without getting through."
    return (
        "\n".join(
            [
                "Subject: Should I close your file?",
                "",
                f"Hi {greeting_name(record.prospect)},",
                "",
                opening,
                "Most often that means the timing is not right, or other things come first, "
                "and that is fine.",
                "",
                "So I will not call again. Should it become worth a conversation later, a reply "
                "to this email is all it takes.",
                "",
                *_sign_off(sender),
            ]
        )
        + "\n"
    )

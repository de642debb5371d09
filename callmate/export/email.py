"""`callmate export ID --email`: a short follow-up draft about the prospect, not about us.

It repeats their problem in their own words, then the agreed step with its date and what each
side will do before it. No pitch: the rep adds their own voice before sending. A continuation
(no meeting agreed, e.g. "call me next month") is said as the rep's own follow-up, never as a
meeting: the stored words are the prospect's, and quoted back they read wrong. The draft is
signed with the rep's name from `callmate team connect`, else a line the rep fills in.
"""

from __future__ import annotations

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
        parts.append(f"- Your part: {step.their_commitment.strip()}")
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


def takeaway_email(record: CallRecord, words: str = "", sender: str = "") -> str:
    """The takeaway: a short, respectful note that stops the chase and hands control back.

    `words` is their own problem as they said it (see `their_words`), else this call's. User
    text is only ever inserted, never used as a template.
    """
    words = words or their_words(record)
    about = f'about "{words}"' if words else "about what we discussed"
    return (
        "\n".join(
            [
                "Subject: Should I close your file?",
                "",
                f"Hi {greeting_name(record.prospect)},",
                "",
                f"I have tried to reach you a few times {about}, without luck. That usually means",
                "the timing is wrong or it is no longer a priority, and that is completely fine.",
                "",
                "So I will stop calling. If it comes back up your list, just reply to this email",
                "and we will pick it up from wherever you are then.",
                "",
                *_sign_off(sender),
            ]
        )
        + "\n"
    )

"""The one-page brief a colleague plays the prospect from (`practice --partner --persona NAME`).

It is written to a private file and never shown on the rep's screen: the rep must discover the
pains, the hot button and the decider by asking, exactly as with the scripted persona.
"""

from __future__ import annotations

from callmate.core.persona import Persona


def brief_text(persona: Persona) -> str:
    """Who you are, what hurts, what you object to and when, and what would make you commit."""
    role = ", ".join(x for x in (persona.role, persona.company) if x)
    lines = [
        f"PARTNER BRIEF: you play {persona.display_name}" + (f" ({role})" if role else ""),
        "Keep this page to yourself. Answer only what the rep asks; never volunteer the list.",
        "",
        "SITUATION",
    ]
    for pown in persona.powns:
        lines.append(f"  - {pown.tag.value}: {pown.text}")
    lines += [
        "  Give one item per question. Give the next only when they ask 'what else?'.",
        "",
        "HOT BUTTON (say it with the most feeling, and only once they dig)",
        f"  {persona.hot_button or '-'}",
        "",
        "WHO DECIDES",
        f"  {'You decide.' if persona.decides else 'You do NOT decide.'}",
    ]
    if persona.buying_process:
        lines.append(f"  {persona.buying_process}")
    if not persona.decides:
        lines.append("  Stay vague about who signs unless the rep asks who else is involved.")
    lines += ["", "OBJECTIONS (raise each when its moment comes, not before)"]
    for objection in persona.objections:
        when = objection.when
        if when.after_question:
            moment = f"after they ask '{when.after_question}'"
        elif when.section is not None:
            moment = f"once the {when.section.value.replace('_', ' ')} part is under way"
        else:
            moment = "when it fits"
        lines.append(f"  - {moment}: {objection.text}")
    model = persona.commitment
    lines += [
        "  Also raise one at once if they pitch before asking about your problems.",
        "",
        "WHAT MAKES YOU COMMIT",
        "  Only after you have said out loud that the problem is big enough to fix.",
        "  Become guarded if they skip the agenda or ask how soon before that.",
    ]
    if model.strong:
        lines.append(f"  Keen, you say: {model.strong[0]}")
    if model.weak:
        lines.append(f"  Not convinced, you say: {model.weak[0]}")
    lines += [
        "  Accept a next step only if it has a date, a time, something you do, and (if you",
        "  don't decide) the person who does.",
        "",
        "AFTERWARDS: give the rep one thing they did well and one to change.",
    ]
    return "\n".join(lines) + "\n"

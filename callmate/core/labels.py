"""Short names for questions in the rep's words: in the captured pane, and in a gap in later text.

A trainer can give a question a `label` ("Cost of doing nothing"); without one, its prompt is cut
at a word boundary. Question ids (`cost_of_nothing`) are the trainer's names for wiring a
playbook together, never shown to a rep.
"""

from __future__ import annotations

import re

from callmate.core.playbook import Question

#: `{name}` in a prompt used as a label (its own gaps would make a label of a label).
_TEMPLATE = re.compile(r"\{\{|\}\}|\{[a-z_][a-z0-9_]*\}")


def short_label(prompt: str, width: int = 34) -> str:
    """A question's prompt cut to a short label at a word boundary, for a narrow pane."""
    words = " ".join(prompt.split()).rstrip("?:. ")
    if len(words) <= width:
        return words
    cut = words[: width - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(",;:- ") + "…"


def question_label(question: Question, prompt: str | None = None) -> str:
    """The trainer's label, else the prompt (as shown, when given) cut short."""
    if question.label:
        return question.label
    return short_label(prompt if prompt is not None else _TEMPLATE.sub("…", question.prompt))


#: Template names filled from the call itself or the previous call, as a rep would say them.
RESERVED_WORDS = {
    "prospect": "their name",
    "company": "their company",
    "hot_button": "the hot button",
    "last_objective": "last call's objective",
    "last_hot_button": "last call's hot button",
    "last_problem": "last call's main problem",
    "last_next_step": "last call's next step",
    "last_their_commitment": "what they committed to last time",
    "last_our_commitment": "what we committed to last time",
}

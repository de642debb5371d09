"""What `validate --strict` holds a playbook to beyond loading: a next-step policy that keeps the
sale moving, time boxes that fit, a question that confirms the pain, text no comment cut short."""

from __future__ import annotations

from pathlib import Path

from callmate.core.playbook_loader import check_playbook

GOOD = """\
format: 1
name: renewal
title: Renewal call
objective: Agree the renewal and a dated next step.
minutes: 20
sections:
  - id: agenda
    title: Agenda
    kind: agenda
    minutes: 5
    questions:
      - id: time_ok
        prompt: Still a good time?
        capture: yes_no
  - id: discovery
    title: Discovery
    kind: powns
    minutes: 10
    questions:
      - id: problems
        prompt: What made you look at renewing now?
        capture: powns
      - id: worth_fixing
        prompt: Is {problems} big enough to fix?
        capture: yes_no
        signal: pain_agreed
  - id: commitment
    title: How soon
    kind: commitment
    minutes: 3
    questions:
      - id: start_when
        prompt: If we fixed {problems}, how soon would you start?
  - id: decision
    title: Who decides
    kind: decision_maker
    minutes: 2
    questions:
      - id: final_say
        prompt: Is the final yes yours?
        capture: yes_no
      - id: their_part
        prompt: What will you do before we speak again?
        signal: their_part
next_step:
  require_prospect_commitment: true
  max_days: 7
  suggestions:
    - Review the renewal terms together on a booked call
"""


def problems(tmp_path: Path, text: str, *, strict: bool = True) -> list[tuple[int, int, str, str]]:
    path = tmp_path / "renewal.yaml"
    path.write_text(text, encoding="utf-8")
    return [(p.line, p.col, p.severity, p.message) for p in check_playbook(path, strict=strict)[1]]


def test_the_good_playbook_passes_strict(tmp_path):
    assert problems(tmp_path, GOOD) == []


def test_not_requiring_the_prospects_commitment_fails_strict_only(tmp_path):
    text = GOOD.replace("require_prospect_commitment: true", "require_prospect_commitment: false")
    assert problems(tmp_path, text, strict=False) == []
    assert problems(tmp_path, text) == [
        (
            46,
            32,
            "error",
            "require_prospect_commitment is false, so a call can end with only what we will do; "
            "a next step without the prospect's own part is how prospects go silent",
        )
    ]


def test_a_far_max_days_fails_strict(tmp_path):
    assert problems(tmp_path, GOOD.replace("max_days: 7", "max_days: 60")) == [
        (
            47,
            13,
            "error",
            "max_days: 60 lets the next step wait 60 days; be back in touch the same day or the "
            "next while the problem is fresh, and keep the furthest date within 14 days",
        )
    ]


def test_fourteen_days_is_still_fine(tmp_path):
    assert problems(tmp_path, GOOD.replace("max_days: 7", "max_days: 14")) == []


def test_no_question_confirming_the_pain_fails_strict(tmp_path):
    text = GOOD.replace("        signal: pain_agreed\n", "").replace("worth_fixing", "matters")
    assert problems(tmp_path, text, strict=False) == []
    assert problems(tmp_path, text) == [
        (
            7,
            3,
            "error",
            "no question asks whether the problem is big enough to fix: add a yes/no or 1-10 "
            "question such as 'Is that big enough that you want to do something about it?' and "
            "mark it `signal: pain_agreed`, or the rep cannot tell interest from intent",
        )
    ]


def test_a_worth_question_without_a_signal_still_confirms_the_pain(tmp_path):
    assert problems(tmp_path, GOOD.replace("        signal: pain_agreed\n", "")) == []


def test_section_minutes_over_the_call_are_a_warning(tmp_path):
    text = GOOD.replace("    minutes: 10\n", "    minutes: 15\n")
    assert problems(tmp_path, text, strict=False) == [
        (
            5,
            10,
            "warning",
            "the sections' minutes add up to 25, more than the call's 20 minutes: shorten some "
            "sections or raise 'minutes' at the top, or the clock shows the call over time "
            "before its last section starts",
        )
    ]


def test_a_prompt_cut_by_a_comment_is_a_warning(tmp_path):
    text = GOOD.replace(
        "prompt: What made you look at renewing now?",
        "prompt: What is your #1 reason to renew now?",
    )
    assert problems(tmp_path, text, strict=False) == [
        (
            21,
            17,
            "warning",
            "'prompt' in question 'problems' stops before `#1 reason to renew now?`: in YAML a "
            "space and `#` start a comment, so the text is only 'What is your'; put the whole "
            "text in quotes to keep the rest",
        )
    ]


def test_a_hint_cut_by_a_comment_is_a_warning_too(tmp_path):
    text = GOOD.replace(
        "        capture: powns\n",
        "        capture: powns\n        hints:\n          - Ask for their #2 as well\n",
    )
    found = problems(tmp_path, text, strict=False)
    assert found == [
        (
            24,
            13,
            "warning",
            "item 1 of 'hints' in question 'problems' stops before `#2 as well`: in YAML a space "
            "and `#` start a comment, so the text is only 'Ask for their'; put the whole text in "
            "quotes to keep the rest",
        )
    ]


def test_comments_lined_up_after_a_value_or_quoted_text_are_fine(tmp_path):
    text = GOOD.replace(
        "title: Renewal call", "title: Renewal call          # shown to reps"
    ).replace("prompt: Still a good time?", 'prompt: "Still a good time? #1 question"')
    assert problems(tmp_path, text) == []


def test_a_suggested_continuation_fails_strict_with_the_gates_reason(tmp_path):
    text = GOOD.replace(
        "    - Review the renewal terms together on a booked call\n",
        "    - Review the renewal terms together on a booked call\n    - Send some information\n"
        "    - Check in\n",
    )
    # Without --strict they are warnings: a rep offered a continuation learns to end on one.
    assert [f[:3] for f in problems(tmp_path, text, strict=False)] == [
        (50, 7, "warning"),
        (51, 7, "warning"),
    ]
    assert problems(tmp_path, text) == [
        (
            50,
            7,
            "error",
            "suggested next step 2 is not an advance: 'Send some information' is a continuation "
            "(only something sent, with nothing booked together): it keeps the conversation alive "
            "but nobody has committed to anything that moves the sale. Suggest something with a "
            "date and a part for the prospect, such as a call booked to go through it together",
        ),
        (
            51,
            7,
            "error",
            "suggested next step 3 is not an advance: 'Check in' is a continuation (a check-in "
            "with no purpose): it keeps the conversation alive but nobody has committed to "
            "anything that moves the sale. Suggest something with a date and a part for the "
            "prospect, such as a call booked to go through it together",
        ),
    ]


def test_a_playbooks_own_advance_phrase_counts(tmp_path):
    text = GOOD.replace(
        "    - Review the renewal terms together on a booked call\n",
        "    - Review the renewal terms together on a booked call\n    - Fit check\n",
    )
    found = problems(tmp_path, text)
    assert [f[:3] for f in found] == [(50, 7, "error")]
    assert found[0][3].startswith("suggested next step 2 is not an advance")
    text = text.replace("  max_days: 7\n", "  max_days: 7\n  advances: [fit check]\n")
    assert problems(tmp_path, text) == []


def test_a_playbooks_own_continuation_phrase_counts(tmp_path):
    phrase = "review the renewal terms together on a booked call"
    text = GOOD.replace("  max_days: 7\n", f"  max_days: 7\n  continuations: [{phrase}]\n")
    found = problems(tmp_path, text)
    assert [f[:3] for f in found] == [(50, 7, "error")]
    assert found[0][3].startswith("suggested next step 1 is not an advance: ")


def test_a_playbook_without_a_their_part_question_fails_strict(tmp_path):
    text = GOOD.replace("        signal: their_part\n", "")
    assert problems(tmp_path, text, strict=False) == []
    (found,) = problems(tmp_path, text)
    assert found[:3] == (7, 3, "error")
    assert found[3].startswith(
        "no question is marked `signal: their_part`, so practice cannot check the prospect's "
        "part of the next step"
    )


def test_a_prompt_too_long_to_read_aloud_is_a_warning(tmp_path):
    long = "Is the time still good? Tell me about " + "the way your team handles this, " * 15
    assert len(long) > 400
    text = GOOD.replace("prompt: Still a good time?", f"prompt: {long}")
    found = problems(tmp_path, text, strict=False)
    assert [f[:3] for f in found] == [(13, 17, "warning")]
    assert found[0][3].startswith(
        f"the prompt of 'time_ok' is {len(long.strip())} characters, too long to read aloud"
    )
    short = "Is the time we booked still good for you, or shall we keep it shorter today?"
    assert problems(tmp_path, GOOD.replace("Still a good time?", short), strict=False) == []

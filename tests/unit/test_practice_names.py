"""A practice with an unnamed colleague: the trainer's `{prospect}` address is dropped, never
filled with the label "Practice partner"; a named prospect or a persona keeps its name."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.playbook_loader import load_playbook
from callmate.core.practice_names import PARTNER, PARTNER_PROSPECT, unnamed_partner, without_name
from callmate.core.session import CallSession
from tests.records import call_record

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("Thanks for making the time, {prospect}. Let's start.", "Thanks for making the time. "),
        ("{prospect}, I'm updating my file.", "I'm updating my file."),
        ("Right. {prospect}, what changed?", "Right. What changed?"),
        ("Hi {prospect}, how are you?", "Hi, how are you?"),
        ("Hi {prospect}!", "Hi!"),
        ("Thanks, {prospect}, for the time.", "Thanks for the time."),
        ("Last time: {last_next_step}, {prospect}", "Last time: {last_next_step}"),
        ("Would {prospect} sign?", "Would you sign?"),
        ("{{prospect}} stays literal", "{{prospect}} stays literal"),
    ],
)
def test_the_name_is_dropped_where_it_addresses_them(template: str, said: str) -> None:
    assert without_name(template).startswith(said)
    assert "{prospect}" not in without_name(template).replace("{{prospect}}", "")


def test_only_an_unnamed_partner_practice_loses_the_name() -> None:
    base = call_record(mode="practice", persona=PARTNER, prospect=PARTNER_PROSPECT)
    assert unnamed_partner(base)
    assert not unnamed_partner(dataclasses.replace(base, prospect="Jo Park"))
    assert not unnamed_partner(dataclasses.replace(base, persona="busy-sceptic"))
    assert not unnamed_partner(dataclasses.replace(base, mode="live"))


@pytest.mark.parametrize("playbook", ["first-discovery", "follow-up", "re-engage"])
def test_no_bundled_prompt_calls_the_prospect_practice_partner(playbook: str) -> None:
    loaded = load_playbook(bundled_dir() / f"{playbook}.yaml")
    session = CallSession.start(loaded, PARTNER_PROSPECT, "", T0, mode="practice", persona=PARTNER)
    texts = [loaded.objective] + [s.intro for s in loaded.sections if s.intro]
    texts += [q.prompt for q in loaded.questions] + [h for q in loaded.questions for h in q.hints]
    for text in texts:
        assert PARTNER_PROSPECT not in session.say(text), text
    assert PARTNER_PROSPECT not in session.record.objective


def test_a_partner_with_no_company_works_at_your_company() -> None:
    loaded = load_playbook(bundled_dir() / "first-discovery.yaml")
    partner = CallSession.start(loaded, "Jo Park", "", T0, mode="practice", persona=PARTNER)
    live = CallSession.start(loaded, "Jo Park", "", T0, mode="live")
    template = "what's happening at {company}, {prospect}?"
    assert partner.say(template) == "what's happening at your company, Jo Park?"
    assert "not captured yet" in live.say(template)  # a real gap on a real call stays visible
    named = CallSession.start(loaded, "Jo Park", "Acme", T0, mode="practice", persona=PARTNER)
    assert named.say(template) == "what's happening at Acme, Jo Park?"

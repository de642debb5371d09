"""A name typed with extra spaces or other capitals is the prospect already on file, spelled so."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from callmate.core.clean import one_line
from callmate.core.session import CallSession
from callmate.store import Store
from callmate.usecases.calls import start_call
from tests.conftest import START
from tests.records import call_record
from tests.unit.export_support import discovery_playbook, finished_call

LATER = START + timedelta(days=3)


def test_runs_of_spaces_in_a_one_line_field_become_one() -> None:
    assert one_line("pat  quill") == "pat quill"
    assert one_line("  Hollow \u00a0 Pines\t\tDental \n") == "Hollow Pines Dental"
    assert call_record(prospect="Pat   Quill", company="Hollow  Pines").prospect == "Pat Quill"


def test_a_new_prospect_is_stored_with_single_spaces() -> None:
    session = CallSession.start(discovery_playbook(), "ann  lee", "acme   co", START)
    assert (session.record.prospect, session.record.company) == ("ann lee", "acme co")
    intro = discovery_playbook().sections[0].intro
    assert intro is not None and "Thanks for making the time, ann lee." in session.say(intro)


def test_a_known_prospect_keeps_the_spelling_on_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(finished_call(discovery_playbook(), START))  # Pat Quill, Hollow Pines Dental
    opened = start_call(store, discovery_playbook(), "pat  quill", "hollow pines dental", LATER)
    record = opened.session.record
    assert (record.prospect, record.company) == ("Pat Quill", "Hollow Pines Dental")
    assert [call.prospect for call in opened.previous] == ["Pat Quill"]
    intro = opened.session.playbook.sections[0].intro
    assert intro is not None
    assert "Thanks for making the time, Pat Quill." in opened.session.say(intro)
    assert opened.notices == [
        "Same prospect as your earlier calls: kept the spelling Pat Quill, Hollow Pines Dental."
    ]
    store.save(record)
    spellings = {(s["prospect"], s["company"]) for s in store.summaries_for(record.prospect_key)}
    assert spellings == {("Pat Quill", "Hollow Pines Dental")}


def test_the_same_spelling_says_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(finished_call(discovery_playbook(), START))
    opened = start_call(store, discovery_playbook(), "Pat Quill", "Hollow Pines Dental", LATER)
    assert opened.notices == []
    assert opened.session.record.prospect == "Pat Quill"

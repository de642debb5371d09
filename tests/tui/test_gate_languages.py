"""The gate through the real app with a German playbook: a German advance is saved as one."""

from __future__ import annotations

from pathlib import Path

from callmate.core.judgement import WORDS_ONLY
from callmate.core.playbook_loader import load_playbook
from callmate.store import Store
from tests.tui.helpers import call_app, type_text
from tests.unit.test_judgement_languages import GERMAN_PLAYBOOK

THEIRS = "Herr Hartmann bringt die Angebotszahlen mit und blockt die Zeit"


def stored(data_dir: Path):
    store = Store(data_dir)
    (row,) = store.summaries()
    return store.load(row["id"])


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_a_german_advance_is_accepted_and_saved_as_an_advance(data_dir, tmp_path):
    path = tmp_path / "erstgespraech-test.yaml"
    path.write_text(GERMAN_PLAYBOOK, encoding="utf-8")
    app = call_app(data_dir, load_playbook(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 2pm")
        await type_text(pilot, "1")
        await type_text(pilot, THEIRS, enter=False)
        await pilot.pause()
        review = shown(app, "#review")
        assert "✓ Advance" in review
        assert "judged by its words only" in review
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert record.status == "completed"
    step = record.next_step
    assert step.kind == "advance"
    assert step.what.startswith("30-minütiger Termin")
    assert step.their_commitment == THEIRS
    assert WORDS_ONLY in step.judgement


async def test_a_mashed_part_of_theirs_is_refused_in_german_too(data_dir, tmp_path):
    path = tmp_path / "erstgespraech-test.yaml"
    path.write_text(GERMAN_PLAYBOOK, encoding="utf-8")
    app = call_app(data_dir, load_playbook(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "y")
        await pilot.press("ctrl+e")
        await type_text(pilot, "tomorrow 2pm")
        await type_text(pilot, "1")
        await type_text(pilot, "asdf jkl", enter=False)
        await pilot.pause()
        assert "their part 'asdf jkl' has no real words" in shown(app, "#review")
        await pilot.press("ctrl+s")
        await pilot.pause()
    record = stored(data_dir)
    assert record.status == "in_progress"
    assert record.next_step is None

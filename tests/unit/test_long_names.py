"""A name too long to keep is cut at the call's start, and the rep is told so."""

from __future__ import annotations

from callmate.core.session import MAX_NAME_CHARS
from callmate.store import Store
from callmate.usecases.calls import start_call
from tests.conftest import START


def test_a_prospect_name_over_the_limit_is_cut_and_said(data_dir, small_playbook):
    name = "Pat " + "Maximilian" * 25  # 254 characters
    opened = start_call(Store(data_dir), small_playbook, name, "Acme", START)
    assert len(opened.session.record.prospect) == MAX_NAME_CHARS
    assert opened.notices == [
        f"The prospect's name is {len(name)} characters long: only its first "
        f"{MAX_NAME_CHARS} are kept."
    ]


def test_a_long_company_is_said_too_and_a_short_name_says_nothing(data_dir, small_playbook):
    store = Store(data_dir)
    opened = start_call(store, small_playbook, "Pat", "Hollow " * 40, START)
    assert [n.split(" is ")[0] for n in opened.notices] == ["The company"]
    assert start_call(store, small_playbook, "Pat", "Acme", START).notices == []

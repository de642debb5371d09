"""The typed call record: one declaration, decoded with located problems, encoded back unchanged."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callmate.core.call_record import (
    CallRecord,
    PownItem,
    RecordDecodeError,
    StoredStep,
    _Decoder,
    decode_record,
    encode_record,
)
from tests.conftest import START
from tests.unit.export_support import discovery_playbook, finished_call


@pytest.fixture(scope="module")
def stored() -> dict[str, Any]:
    return encode_record(finished_call(discovery_playbook(), START))


def test_a_stored_record_decodes_to_types_and_encodes_back_unchanged(stored) -> None:
    record = decode_record(stored)
    assert isinstance(record, CallRecord)
    assert isinstance(record.next_step, StoredStep)
    powns = [v.value for v in record.answers.values() if isinstance(v.value, list)]
    assert any(isinstance(item, PownItem) for items in powns for item in items)
    assert encode_record(record) == stored


def test_every_problem_is_named_where_it_is(stored) -> None:
    broken = {
        **stored,
        "pauses": 3,
        "visits": [{"section": "agenda"}],
        "notes": [{"text": 7, "at": stored["started"]}],
        "prospect": "",
    }
    with pytest.raises(RecordDecodeError) as caught:
        decode_record(broken)
    assert caught.value.problems == [
        "prospect: expected a name, not empty text",
        "notes[0].text: expected text, not a number",
        "visits[0].at: missing",
        "pauses: expected a list, not a number",
    ]


def test_text_from_outside_is_cleaned_and_names_stay_on_one_line(stored) -> None:
    hostile = {
        **stored,
        "prospect": "Pat\n\x1b]52;c;aGk=\x07Quill\ud800",
        "company": "Acme\x9b2J",
    }
    record = decode_record(hostile)
    assert record.prospect == "Pat ]52;c;aGk=Quill\ufffd"
    assert record.company == "Acme2J"


def test_a_newer_schema_says_to_upgrade(stored) -> None:
    with pytest.raises(RecordDecodeError, match="newer than this callmate reads"):
        decode_record({**stored, "schema": 2})


def _precise(data: Any) -> list[str]:
    decoder = _Decoder()
    decoder.record(CallRecord, data, "")
    return decoder.problems


json_leaf = st.none() | st.booleans() | st.integers(-3, 12) | st.text(max_size=6)


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from(sorted(CallRecord.__dataclass_fields__)), value=json_leaf)
def test_the_fast_path_and_the_precise_walk_agree(stored, key: str, value: Any) -> None:
    """Whatever one field holds, the record decodes exactly when no problem is named."""
    data = copy.deepcopy(stored)
    data[key] = value
    problems = _precise(data) if key != "schema" else None
    try:
        decode_record(data)
    except RecordDecodeError as exc:
        assert exc.problems
        if problems is not None:
            assert exc.problems == problems
    else:
        assert problems in (None, [])


def test_keys_this_callmate_does_not_know_are_kept_cleaned(stored) -> None:
    data = {**stored, "crm": {"id": 42, "tags": ["hot\x1b[2J"]}}
    record = decode_record(data)
    assert record.extra == {"crm": {"id": 42, "tags": ["hot[2J"]}}
    assert encode_record(record)["crm"] == {"id": 42, "tags": ["hot[2J"]}


def test_the_generated_schema_accepts_a_stored_record_and_names_a_bad_one(stored) -> None:
    import jsonschema

    from callmate.core.record_docs import record_schema

    validator = jsonschema.Draft202012Validator(record_schema())
    validator.check_schema(record_schema())
    assert list(validator.iter_errors(stored)) == []
    bad = [e.message for e in validator.iter_errors({**stored, "pauses": 3})]
    assert bad == ["3 is not of type 'array'"]


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(RecordDecodeError) as raised:
        decode_record(data)
    return raised.value.problems


def test_json_kept_as_it_came_may_not_nest_without_end(stored) -> None:
    assert decode_record({**stored, "x_tool": nested(20)}).extra["x_tool"] == nested(20)
    # 600 deep made every recursive reader (cleaning, export, doctor) raise RecursionError.
    assert problems_of({**stored, "x_deep": nested(600)}) == [
        "x_deep: nested deeper than 32 levels"
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("started", "9999-12-31T23:59:00-14:00"),  # to local time: OverflowError at every start
        ("started", "0001-01-01T00:00:00+14:00"),  # stats listed 105,718 weeks
        ("next_step", {"due": "9999-12-31T23:59-14:00", "what": "x"}),
    ],
)
def test_dates_outside_the_years_a_call_can_have_are_refused(stored, field, value) -> None:
    (problem,) = problems_of({**stored, field: value})
    assert "in 1970 to 2999" in problem


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("revision", 2**64, "revision: expected a whole number of 0 or more"),
        ("x_big", 10**29, "x_big: a whole number too large to keep exactly"),
        ("x_nan", float("nan"), "x_nan: nan is not a number JSON can hold"),
        ("x_inf", [float("inf")], "x_inf: inf is not a number JSON can hold"),
    ],
)
def test_numbers_that_would_not_come_back_the_same_are_refused(
    stored, field, value, problem
) -> None:
    (found,) = problems_of({**stored, field: value})
    assert found.startswith(problem)


def test_a_missing_prospect_key_is_derived_from_the_name_and_company(stored) -> None:
    data = {key: value for key, value in stored.items() if key != "prospect_key"}
    record = decode_record({**data, "prospect": "Alice  Moss", "company": "ACME"})
    assert record.prospect_key == "alice moss|acme"
    assert decode_record({**data, "prospect_key": ""}).prospect_key != ""

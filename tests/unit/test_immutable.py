"""`@immutable` classes compare and hash by their fields, as the frozen dataclasses they replace."""

from __future__ import annotations

from dataclasses import replace

from callmate.core.immutable import immutable


@immutable
class Point:
    """Two numbers."""

    x: int
    y: int = 0


def test_equal_fields_are_equal_values_with_one_hash() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(2, 1)
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2


def test_replace_makes_a_new_value_and_leaves_the_old_one() -> None:
    first = Point(1)
    second = replace(first, y=5)
    assert (first.y, second.y) == (0, 5)


def test_a_value_holding_a_list_cannot_be_hashed() -> None:
    """As with frozen dataclasses: the hash is over the fields, so a list in one refuses it."""

    @immutable
    class Holder:
        """A list inside."""

        items: list[int]

    holder = Holder([1])
    try:
        hash(holder)
    except TypeError:
        return
    raise AssertionError("a list field was hashed")

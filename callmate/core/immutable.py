"""`@immutable`: a value class that the type checker keeps read-only and Python makes cheaply.

On Python 3.11 a `@dataclass(frozen=True)` instance costs about twice a plain one to create: every
field goes through `object.__setattr__` in `__init__`. Records, answers and playbook parts are
made by the thousand before the first question is drawn, so the value classes use this decorator
instead. mypy reads it as frozen (`dataclass_transform(frozen_default=True)`), so an assignment to
a field anywhere in callmate fails the type check that CI runs; at run time the class is a plain
dataclass with equality and a hash over its fields, as a frozen one has. Change a value with
`dataclasses.replace`, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

_Class = TypeVar("_Class")


@dataclass_transform(frozen_default=True)
def immutable(cls: type[_Class]) -> type[_Class]:
    """Make ``cls`` a dataclass that is frozen for mypy, with the fields' equality and hash."""
    return dataclass(unsafe_hash=True)(cls)

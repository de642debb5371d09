"""The call record's fields table and JSON Schema, generated from its one declaration.

`docs/json-format.md` describes the export file's records with a table made here, and
`docs/call-record.schema.json` is the schema a tool can check a record with; both come from the
dataclasses in call_record.py, so they cannot drift from what the decoder accepts.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Union

from callmate.core.call_record import (
    RECORD_SCHEMA,
    SESSION_ID_RE,
    AnswerValue,
    CallRecord,
    PownItem,
)

SCHEMA_ID = "urn:callmate:schema:call-record"


def _words(hint: Any, meta: typing.Mapping[str, Any]) -> str:
    """How the docs table names a field's type."""
    if hint is AnswerValue or hint == AnswerValue:
        return "answer value"
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        real = [o for o in typing.get_args(hint) if o is not type(None)]
        return " or ".join(_words(o, meta) for o in real) + " or null"
    if hint is str:
        return "timestamp" if meta.get("stamp") else "text"
    if hint is bool:
        return "true/false"
    if hint is int:
        return "number"
    if origin is list:
        inner = typing.get_args(hint)[0]
        return "list of text" if inner is str else "list"
    if origin is dict or dataclasses.is_dataclass(hint):
        return "object"
    return "any"


def record_table() -> str:
    """The docs table of a record's fields, in the declared order."""
    hints = typing.get_type_hints(CallRecord)
    rows = ["| Field | Type | Meaning |", "|---|---|---|"]
    for spec in dataclasses.fields(CallRecord):
        key = (
            "(any other)"
            if spec.metadata.get("rest")
            else f"`{spec.metadata.get('key', spec.name)}`"
        )
        kind = "any" if spec.metadata.get("rest") else _words(hints[spec.name], spec.metadata)
        optional = (
            spec.default is not dataclasses.MISSING
            or spec.default_factory is not dataclasses.MISSING
        )
        meaning = spec.metadata.get("doc", "") + ("" if optional else " Required.")
        rows.append(f"| {key} | {kind} | {meaning.strip()} |".replace("\n", " "))
    return "\n".join(rows) + "\n"


class _Schema:
    """Builds JSON Schema (draft 2020-12) for the declared classes, each once under $defs."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, hint: Any, meta: typing.Mapping[str, Any]) -> dict[str, Any]:
        if hint is AnswerValue or hint == AnswerValue:
            return {
                "anyOf": [
                    {"type": "string"},
                    {"type": "boolean"},
                    {"type": "integer", "minimum": 1, "maximum": 10},
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "array", "items": self.of(PownItem, {})},
                ]
            }
        origin = typing.get_origin(hint)
        if origin in (Union, types.UnionType):
            real = [o for o in typing.get_args(hint) if o is not type(None)]
            if len(real) == 1:
                return {"anyOf": [self.of(real[0], meta), {"type": "null"}]}
            return {"type": ["string", "number", "boolean", "null"]}
        if hint is str:
            return self.text(meta)
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer", "minimum": 0}
        if origin is list:
            return {"type": "array", "items": self.of(typing.get_args(hint)[0], {})}
        if origin is dict:
            return {
                "type": "object",
                "additionalProperties": self.of(typing.get_args(hint)[1], {}),
            }
        if dataclasses.is_dataclass(hint):
            return self.ref(typing.cast(type, hint))
        return {}

    @staticmethod
    def text(meta: typing.Mapping[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string"}
        if meta.get("stamp"):
            schema["format"] = "date-time"
        if meta.get("id"):
            schema["pattern"] = SESSION_ID_RE.pattern
        if meta.get("choices"):
            schema["enum"] = list(meta["choices"])
        if meta.get("name"):
            schema["minLength"] = 1
        if meta.get("max_chars"):
            schema["maxLength"] = meta["max_chars"]  # what `import` takes: as long as typing lets
        return schema

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder while its fields are built
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        rest: Any = False
        for spec in dataclasses.fields(cls):
            if spec.metadata.get("rest"):
                rest = self.of(typing.get_args(hints[spec.name])[1], {})
                continue
            key = spec.metadata.get("key", spec.name)
            schema = self.of(hints[spec.name], spec.metadata)
            if spec.metadata.get("doc"):
                schema = {**schema, "description": spec.metadata["doc"]}
            properties[key] = schema
            if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                required.append(key)
        result: dict[str, Any] = {"type": "object", "properties": properties}
        if cls.__doc__:
            result["description"] = " ".join(cls.__doc__.split())
        if required:
            result["required"] = required
        result["additionalProperties"] = rest if rest is not False else False
        return result


def record_schema() -> dict[str, Any]:
    """The JSON Schema of one stored call record."""
    builder = _Schema()
    body = builder.object(CallRecord)
    body["required"] = ["schema", *body.get("required", [])]
    body["properties"]["schema"] = {**body["properties"]["schema"], "const": RECORD_SCHEMA}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "callmate call record",
        **body,
        "$defs": dict(sorted(builder.defs.items())),
    }

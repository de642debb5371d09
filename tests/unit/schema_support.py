"""Helpers the playbook and persona schema tests share: reading fixtures, walking a schema,
changing one value of a document, and the YAML examples in the guides."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]

Path_ = tuple[str | int, ...]

#: Put in place of a value by `mutate`: remove the key (or the list item) instead.
DELETE = object()


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def walk(node: Any, path: Path_ = ()) -> list[tuple[Path_, dict[str, Any]]]:
    """Every mapping inside the schema, with where it sits."""
    found: list[tuple[Path_, dict[str, Any]]] = []
    if isinstance(node, dict):
        found.append((path, node))
        for key, value in node.items():
            found += walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += walk(value, (*path, i))
    return found


def _types(node: dict[str, Any]) -> list[Any]:
    kind = node.get("type")
    return kind if isinstance(kind, list) else [kind]


def declared_objects(schema: dict[str, Any]) -> list[tuple[Path_, dict[str, Any]]]:
    """Schemas that declare an object's keys (not the `if`/`then` overlays that narrow them)."""
    return [
        (path, node)
        for path, node in walk(schema)
        if "properties" in node and "object" in _types(node)
    ]


def open_objects(schema: dict[str, Any]) -> dict[Path_, dict[str, Any]]:
    """Declared objects that take keys beyond their properties; every other one refuses them."""
    return {
        path: node
        for path, node in declared_objects(schema)
        if node.get("additionalProperties") is not False
    }


def undescribed_properties(schema: dict[str, Any]) -> tuple[list[Path_], int]:
    """Declared properties lacking a title or a real description, and how many were checked."""
    missing: list[Path_] = []
    count = 0
    for path, node in declared_objects(schema):
        for name, prop in node["properties"].items():
            if not prop.get("title") or len(prop.get("description", "")) <= 15:
                missing.append((*path, name))
            count += 1
    return missing, count


def property_names(schema: dict[str, Any]) -> set[str]:
    return {name for _, node in walk(schema) for name in node.get("properties", {})}


def mutate(site: Path_, value: Any, base: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of `base` with the value at `site` replaced (or the key removed)."""
    data = copy.deepcopy(base)
    parent = data
    for step in site[:-1]:
        parent = parent[step]
    if value is DELETE and isinstance(parent, list):
        del parent[site[-1]]
    elif value is DELETE:
        parent.pop(site[-1], None)
    else:
        parent[site[-1]] = value
    return data


def yaml_blocks(doc: str) -> list[str]:
    """The ```yaml examples of a guide in docs/, in order."""
    text = (REPO / "docs" / doc).read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)

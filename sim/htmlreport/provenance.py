"""The provenance notes of a scenario: every number it gives, with its source.

A party or a pressure may carry ``provenance:``, a mapping from a sub-path of
it (``weights.nato``, ``values.crimea``, ``penalty``) to the text its numbers
rest on (docs/scenario-format.md). A note on a path covers every number below
it (``cost`` covers ``cost.united_states``). A number with no note is listed
as ``assumption``: the scenario does not say where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: What a number without a note is called.
ASSUMPTION = "assumption"
#: Keys of a party or pressure that hold no numbers of the model.
_NOT_NUMBERS = {"provenance", "source", "label", "description", "by", "target", "strategy", "veto"}


@dataclass(frozen=True)
class Note:
    """One number (or a value given as text, e.g. a value shape) at ``path`` and its source."""

    path: str
    value: str
    source: str


def _leaves(node: Any, prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict) and not _is_leaf_mapping(node):
        for key, value in node.items():
            yield from _leaves(value, prefix + (str(key),))
    elif isinstance(node, list) and node and all(isinstance(x, (dict, list)) for x in node):
        for k, value in enumerate(node):
            yield from _leaves(value, prefix + (str(k),))
    else:
        yield prefix, node


def _is_leaf_mapping(node: dict) -> bool:
    """A mapping that is one value as a whole: a distribution, a value shape, a condition."""
    return bool(node) and all(not isinstance(v, (dict, list)) or isinstance(v, list)
                              and all(not isinstance(x, (dict, list)) for x in v)
                              for v in node.values()) and not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in node.values())


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return str(value)


def _source(notes: dict[str, str], path: tuple[str, ...]) -> str:
    for n in range(len(path), 0, -1):
        note = notes.get(".".join(path[:n]))
        if note:
            return " ".join(str(note).split())
    return ASSUMPTION


def notes(document: dict[str, Any]) -> dict[str, list[Note]]:
    """Per party and pressure (``parties.NAME``, ``pressures.NAME``), its numbers with their sources.

    >>> doc = {"parties": {"a": {"weights": {"x": 2, "y": 1}, "disagreement": 0.3,
    ...        "provenance": {"weights.x": "the article"}}}}
    >>> [(n.path, n.value, n.source) for n in notes(doc)["parties.a"]]
    [('weights.x', '2', 'the article'), ('weights.y', '1', 'assumption'), ('disagreement', '0.3', 'assumption')]
    """
    out: dict[str, list[Note]] = {}
    for section in ("parties", "pressures"):
        for name, body in (document.get(section) or {}).items():
            if not isinstance(body, dict):
                continue
            prov = body.get("provenance") or {}
            items = []
            for key, value in body.items():
                if key in _NOT_NUMBERS:
                    continue
                for path, leaf in _leaves(value, (str(key),)):
                    items.append(Note(".".join(path), _text(leaf), _source(prov, path)))
            out[f"{section}.{name}"] = items
    return out

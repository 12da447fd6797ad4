"""Dotted paths into a scenario document (SPEC section 6: the paths of sweep files).

A path such as ``parties.russia.weights.territory`` names one place of the
validated document (the plain dicts and lists the YAML reader produced): each
segment is a mapping key, or a 0-based index into a list. A mapping key may
itself hold dots (an option name such as ``"1.5"``), so a path is resolved
against the document (:func:`keys_of`), not split blindly. The one home of
reading, writing and walking a document by path; sweeps, the what-if page and
the distributions of uncertain numbers all go through it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import Any

from .errors import dotted

#: The keys of a path, resolved: mapping keys and list indices.
Keys = tuple[Any, ...]


def keys_of(path: str, doc: Any) -> tuple[Keys | None, str | None]:
    """Keys of a dotted path in ``doc``: ``(keys, None)`` or ``(None, message)``.

    Every key but the last must exist (list items by 0-based index); the last may
    be missing from a mapping (a field left at its default, a weight of 0), and
    so may a pressure's ``cost`` or ``backing_down_cost`` table. A key
    that itself holds dots (an option name) is found by joining segments.

    >>> keys_of("parties.a.weights.x", {"parties": {"a": {"weights": {}}}})
    (('parties', 'a', 'weights', 'x'), None)
    >>> keys_of("issues.x.options.1.5", {"issues": {"x": {"options": {"1.5": 0}}}})
    (('issues', 'x', 'options', '1.5'), None)
    """
    parts = path.split(".")
    node, k = doc, 0
    keys: list[Any] = []
    while k < len(parts):
        if isinstance(node, list):
            if not parts[k].isdigit() or int(parts[k]) >= len(node):
                return None, (f"{dotted(keys)} is a list of {len(node)}; "
                              f"{parts[k]!r} is not an index of it")
            key: Any = int(parts[k])
            k += 1
        elif isinstance(node, dict):
            key = next((".".join(parts[k:j]) for j in range(len(parts), k, -1)
                        if ".".join(parts[k:j]) in node), None)
            if key is None:
                if k == len(parts) - 1 or keys[:1] == ["pressures"] and len(keys) == 2:
                    # a field left at its default (a weight of 0, a pressure's cost table):
                    # the scenario's check decides whether it may be added
                    return tuple(keys) + tuple(parts[k:]), None
                where = dotted(keys) or "the scenario"
                hint = difflib.get_close_matches(parts[k], [str(x) for x in node], n=1)
                return None, (f"{where} has no {parts[k]!r}"
                              + (f" (did you mean {hint[0]!r}?)" if hint else
                                 f" (it has: {', '.join(map(str, node))})"))
            k += len(key.split("."))
        else:
            return None, f"{dotted(keys)} is a single value, not a mapping or list"
        keys.append(key)
        node = node[key]
    return tuple(keys), None


def value_at(doc: Any, keys: Keys | list[Any]) -> Any:
    """``doc[k0][k1]...`` (list indices may be ints or digit strings).

    >>> value_at({"a": [{"b": 1}]}, ("a", "0", "b"))
    1
    """
    node = doc
    for key in keys:
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def set_at(doc: Any, keys: Keys | list[Any], value: Any, create: bool = False) -> None:
    """Set ``doc[k0][k1]...`` to ``value`` in place (list indices may be ints or
    digit strings); with ``create``, the mappings a default left out are added.

    >>> doc = {"parties": {"a": {}}}
    >>> set_at(doc, ("parties", "a", "weights", "x"), 2, create=True); doc
    {'parties': {'a': {'weights': {'x': 2}}}}
    """
    node = doc
    for key in keys[:-1]:
        if isinstance(node, list):
            node = node[int(key)]
        else:
            node = node.setdefault(key, {}) if create else node[key]
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def replaced(doc: Any, changes: Sequence[tuple[Keys, Any]]) -> Any:
    """A copy of ``doc`` with each value set at its keys, sharing with ``doc`` every
    node no change passes through (the mappings a default left out are added).

    >>> doc = {"a": {"x": 1}, "b": {"y": 2}}
    >>> new = replaced(doc, [(("a", "x"), 5)])
    >>> new, doc["a"]["x"], new["b"] is doc["b"]
    ({'a': {'x': 5}, 'b': {'y': 2}}, 1, True)
    """
    out = _copied(doc)
    for keys, value in changes:
        node = out
        for key in keys[:-1]:
            if isinstance(node, list):
                key = int(key)
                node[key] = _copied(node[key])
            else:
                node[key] = _copied(node.get(key, {}))
            node = node[key]
        set_at(node, keys[-1:], value)
    return out


def _copied(node: Any) -> Any:
    """A shallow copy of a mapping or list (the node itself otherwise)."""
    return dict(node) if isinstance(node, dict) else list(node) if isinstance(node, list) else node


def walk(node: Any, keys: Keys = ()) -> Iterator[tuple[Keys, Any]]:
    """Every mapping inside ``node`` (``node`` too) with its keys, inner ones
    first; scalars are reached through their mapping.

    >>> [k for k, _ in walk({"a": {"b": 1}, "c": [{"d": 2}, 3]})]
    [('a',), ('c', 0), ()]
    """
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, keys + (key,))
        yield keys, node
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, keys + (i,))

"""Variants of a scenario: substitute values at dotted paths.

:func:`with_values` is the public way (``sim.sweep.with_values``, also
``sim.plot.with_values``): the scenario with each dotted path set to its value,
validated again like a file. Underneath, two ways with the same result:

- :func:`rebuild` (any path, given as keys by :func:`sim.docpaths.keys_of`): substitute into
  the scenario's validated document and validate it again with
  :func:`sim.scenario.from_dict`. About a millisecond; what :func:`with_values`
  does, and what a sweep does for paths that change the outcome space or its
  conditions (issue ranges, ``solve.*``, red lines, continuous value shapes, ...).
- :class:`Patcher` (the numbers the solver reads directly: weights, discrete
  values, disagreement numbers and lottery costs, bargaining power, discount,
  interaction bonuses, pressure penalty, reward, compliance cost, costs and
  credibility, ``breakdown``; :func:`keeps_space`): builds only the parties and
  pressures the paths lead into again, by the same builder as a file
  (:class:`sim.scenario.build.PartBuilder`), so that a variant keeps its
  outcome space. Its variants keep the base scenario's ``document``: the sweep
  engine's fast path only, never handed out.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..docpaths import Keys, keys_of, set_at
from ..scenario import Lottery, Scenario, from_dict
from ..scenario.build import PartBuilder


def substituted(doc: dict[str, Any], changes: Sequence[tuple[Keys, Any]]) -> dict[str, Any]:
    """A deep copy of ``doc`` with each value set at its keys (the mappings a
    default left out are added)."""
    out = copy.deepcopy(doc)
    for keys, value in changes:
        set_at(out, keys, value, create=True)
    return out


def plain(value: Any) -> Any:
    """A numpy scalar as the Python value the YAML reader would have produced."""
    return value.item() if hasattr(value, "item") else value


def rebuild(base: Scenario, keys: Sequence[tuple[Any, ...]], values: Sequence[Any]) -> Scenario:
    """The variant of ``base`` with ``values`` at ``keys``, fully validated
    (raises :class:`~sim.errors.ScenarioError`)."""
    doc = substituted(base.document, [(k, plain(v)) for k, v in zip(keys, values)])
    return from_dict(doc, base.source or "<scenario>")


def with_values(scenario: Scenario, values: Mapping[str, Any]) -> Scenario:
    """``scenario`` with each dotted path (the paths of sweep files, SPEC section 6)
    set to its value, validated again like a file.

    Raises ``ValueError`` for a path that does not lead into the scenario and
    :class:`~sim.errors.ScenarioError` when the variant is not a valid scenario.
    Weights are normalised again; a distribution the value replaces is gone.

    >>> from sim.scenario import from_dict
    >>> pie = from_dict({"name": "pie", "issues": {"x": {"options": ["a", "b"]}},
    ...     "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b"]}}},
    ...                 "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["b", "a"]}}}}})
    >>> with_values(pie, {"parties.p.disagreement": 0.5}).party("p").disagreement
    0.5
    """
    keys = []
    for path in values:
        found, problem = keys_of(path, scenario.document)
        if found is None:
            raise ValueError(f"{path}: {problem}")
        keys.append(found)
    return rebuild(scenario, keys, list(values.values()))


# --------------------------------------------------------------------------
# The fast path: the changed parts built again, the outcome space kept.

#: Fields of a party (``parties.NAME.FIELD...``) and of a pressure whose numbers
#: the solver reads directly: a variant changing only these keeps the base's
#: outcome space and conditions.
PARTY_NUMBERS = ("weights", "values", "bargaining_power", "discount", "disagreement", "interactions")
PRESSURE_NUMBERS = ("penalty", "reward", "compliance_cost", "credibility", "cost", "backing_down_cost")


#: Parts built lately that a :class:`Patcher` keeps, by their changed values.
PARTS_KEPT = 256


def keeps_space(base: Scenario, keys: tuple[Any, ...]) -> bool:
    """Whether substituting a value at ``keys`` changes only numbers the solver
    reads directly (weights, discrete values, disagreement numbers and lottery
    costs, bargaining power, discount, interaction bonuses, a pressure's penalty,
    reward, compliance cost, costs and credibility, ``breakdown``), so that the
    variant keeps ``base``'s outcome space."""
    if keys == ("breakdown",):
        return True
    if len(keys) < 3 or keys[0] not in ("parties", "pressures"):
        return False
    field, rest = keys[2], keys[3:]
    if keys[0] == "pressures":
        k = _position(base.pressures, keys[1])
        return k is not None and field in PRESSURE_NUMBERS and (
            not rest if field not in ("cost", "backing_down_cost")
            else len(rest) == 1 and rest[0] in base.pressures[k].senders)
    i = _position(base.parties, keys[1])
    if i is None or field not in PARTY_NUMBERS:
        return False
    party, issues = base.parties[i], {x.name: x for x in base.issues}
    if field == "weights":  # (a positive weight without values is refused by the plan)
        return len(rest) == 1 and rest[0] in issues
    if field == "values":
        node = base.document["parties"][keys[1]].get("values", {}).get(rest[0]) if rest else None
        options = issues[rest[0]].options if rest and rest[0] in issues else None
        return (len(rest) == 2 and options is not None and rest[1] in options
                and isinstance(node, dict) and "ranking" not in node)
    if field == "disagreement":
        return rest == (("cost",) if isinstance(party.disagreement, Lottery) else ())
    if field == "interactions":
        return (len(rest) == 2 and rest[1] == "bonus" and isinstance(rest[0], int)
                and rest[0] < len(party.interactions))
    return not rest  # bargaining_power, discount


def _position(items: Sequence[Any], name: Any) -> int | None:
    """The index of the item called ``name`` (a party or pressure), if any."""
    return next((i for i, x in enumerate(items) if x.name == name), None)


class Patcher:
    """Builds variants of ``base`` by substitution at ``keys``, keeping its outcome space.

    Each party or pressure a path leads into is built again from its document
    with the values substituted, by the scenario builder
    (:class:`sim.scenario.build.PartBuilder`: the checks and steps of a file);
    the variant is ``base`` with those parts replaced, and every part of them
    that came out equal to the base's is the base's own object (so the sweep's
    shared utilities and memoised condition masks still apply to it). Variants
    keep the base scenario's ``document``: the sweep engine's fast path only,
    never handed out.

    ``fast`` is False when some path is not one of the numbers the solver reads
    directly (:func:`keeps_space`); then :func:`rebuild` must be used.
    """

    def __init__(self, base: Scenario, keys: Sequence[tuple[Any, ...]]):
        self.base = base
        self.keys = [tuple(k) for k in keys]
        self.fast = all(keeps_space(base, k) for k in self.keys)
        self._builder: PartBuilder | None = None
        self._parts: dict[tuple[Any, ...], Any] = {}

    def __call__(self, values: Sequence[Any]) -> Scenario:
        """The variant with ``values`` (one per path, in order) substituted."""
        if self._builder is None:
            self._builder = PartBuilder(self.base)
        changes: dict[tuple[Any, ...], list[tuple[tuple[Any, ...], Any]]] = {}
        fields: dict[str, Any] = {}
        for keys, v in zip(self.keys, values):
            if keys == ("breakdown",):
                fields["breakdown"] = self._builder.number(keys, plain(v))
            else:
                changes.setdefault(keys[:2], []).append((keys[2:], plain(v)))
        parties, pressures = list(self.base.parties), list(self.base.pressures)
        for (kind, name), part_changes in changes.items():
            items = parties if kind == "parties" else pressures
            i = _position(items, name)
            assert i is not None
            items[i] = self._part(kind, name, part_changes)
        return replace(self.base, parties=tuple(parties), pressures=tuple(pressures), **fields)

    def _part(self, kind: str, name: str, changes: list[tuple[tuple[Any, ...], Any]]) -> Any:
        """The party or pressure ``name`` with ``changes``: built again, or the one
        built for the same values lately (a grid repeats each of its values)."""
        key = (kind, name, tuple(changes))
        part = self._parts.pop(key, None)
        if part is None:
            assert self._builder is not None
            base = self.base.party(name) if kind == "parties" else self.base.pressure(name)
            part = kept(self._builder.party(name, changes) if kind == "parties"
                        else self._builder.pressure(name, changes), base)
            if len(self._parts) >= PARTS_KEPT:
                del self._parts[next(iter(self._parts))]
        self._parts[key] = part  # most recently used last
        return part


def kept(new: Any, old: Any) -> Any:
    """``new``, with every part of it equal to the same part of ``old`` (fields of
    dataclasses, items of tuples, recursively) being ``old``'s object; ``old``
    itself when all are. A part of ``old`` of a subclass (a condition with its
    mask memoised, :class:`sim.tabulation.MemoCondition`) is kept when its
    compared fields are equal.

    >>> from sim.values import Table
    >>> a, b = (Table((0.0, 1.0)), Table((1.0, 0.0))), (Table((0.0, 1.0)), Table((0.5, 0.5)))
    >>> new = kept(b, a)
    >>> new[0] is a[0], new[1] is b[1]
    (True, True)
    """
    if new is old:
        return old
    kind = type(new)
    if kind is type(old) and _equal(new, old):
        return old
    if kind is tuple and type(old) is tuple and len(new) == len(old):
        items = tuple(kept(a, b) for a, b in zip(new, old))
        if all(a is b for a, b in zip(items, old)):
            return old
        return new if all(a is b for a, b in zip(items, new)) else items
    names = _compared(kind)
    if names and isinstance(old, kind):
        changed = {}
        for name in names:
            o = getattr(old, name)
            part = kept(getattr(new, name), o)
            if part is not o:
                changed[name] = part
        if not changed:
            return old
        if type(old) is not kind or (len(changed) == len(names) and all(
                part is getattr(new, name) for name, part in changed.items())):
            return new
        return replace(old, **changed)
    return new


def _compared(kind: Any) -> tuple[str, ...]:
    """The compared fields of a dataclass type (none for any other type)."""
    names = _COMPARED.get(kind)
    if names is None:
        names = _COMPARED[kind] = (tuple(f.name for f in dataclasses.fields(kind) if f.compare)
                                   if dataclasses.is_dataclass(kind) else ())
    return names


#: :func:`_compared` by type, filled as types are met.
_COMPARED: dict[Any, tuple[str, ...]] = {}


def _equal(a: Any, b: Any) -> bool:
    """Equal, and a float of the same sign (0.0 and -0.0 are told apart)."""
    try:
        same = bool(a == b)
    except (TypeError, ValueError):  # arrays
        return False
    if same and isinstance(a, float):
        return math.copysign(1.0, a) == math.copysign(1.0, b)
    return same

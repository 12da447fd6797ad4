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
  interaction bonuses, pressure penalty, reward, compliance cost, costs and credibility,
  ``breakdown``): replaces those fields of the typed objects, exactly as the
  scenario check would have built them (weights normalised over the raw
  weights after substitution), so that a variant keeps its outcome space. Its
  variants keep the base scenario's ``document``: the sweep engine's fast path
  only, never handed out.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from ..docpaths import Keys, keys_of, set_at
from ..scenario import Lottery, Scenario, from_dict, normalise_weights
from ..values import Table


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
        if problem:
            raise ValueError(f"{path}: {problem}")
        keys.append(found)
    return rebuild(scenario, keys, list(values.values()))


#: Weights normalised exactly as the scenario check does (one definition, in sim.scenario).
normalised = normalise_weights


# --------------------------------------------------------------------------
# The fast path: typed substitution.

#: Applies one value to the mutable state of a variant being built.
Setter = Callable[["_State", Any], None]


class _State:
    """The changed parts of a variant: raw weights, tables and fields by party and pressure."""

    def __init__(self, patcher: Patcher):
        self.patcher = patcher
        self.weights: dict[int, list[float]] = {}
        self.tables: dict[tuple[int, int], list[float]] = {}
        self.party: dict[int, dict[str, Any]] = {}
        self.pressure: dict[int, dict[str, Any]] = {}
        self.scenario: dict[str, Any] = {}

    def raw_weights(self, i: int) -> list[float]:
        if i not in self.weights:
            self.weights[i] = list(self.patcher.raw[i])
        return self.weights[i]

    def table(self, i: int, j: int) -> list[float]:
        if (i, j) not in self.tables:
            shape = self.patcher.base.parties[i].values[j]
            assert isinstance(shape, Table)
            self.tables[i, j] = list(shape.values)
        return self.tables[i, j]


def _position(items: Sequence[Any], name: Any) -> int | None:
    """The index of the item called ``name`` (a party or pressure), if any."""
    return next((i for i, x in enumerate(items) if x.name == name), None)


class Patcher:
    """Builds variants of ``base`` by typed substitution at ``paths``.

    ``fast`` is False when some path is not one of the numbers the solver reads
    directly; then :func:`rebuild` must be used.
    """

    def __init__(self, base: Scenario, keys: Sequence[tuple[Any, ...]]):
        self.base = base
        doc = base.document
        self.raw = [
            [float(doc["parties"][p.name]["weights"].get(issue.name, 0.0)) for issue in base.issues]
            for p in base.parties
        ]
        self.setters = [self._setter(tuple(k)) for k in keys]
        self.fast = all(s is not None for s in self.setters)

    def _setter(self, keys: tuple[Any, ...]) -> Setter | None:
        s, doc = self.base, self.base.document
        if keys == ("breakdown",):
            return lambda st, v: st.scenario.__setitem__("breakdown", float(v))
        if len(keys) >= 3 and keys[0] == "parties":
            i = _position(s.parties, keys[1])
            if i is None:
                return None
            party, raw = s.parties[i], doc["parties"][keys[1]]
            field, rest = keys[2], keys[3:]
            if field == "weights" and len(rest) == 1 and rest[0] in (x.name for x in s.issues):
                j = s.issue_index(rest[0])  # (a positive weight without values is refused
                # by the plan's check of every value, before anything runs)

                def weight(st: _State, v: Any, i: int = i, j: int = j) -> None:
                    st.raw_weights(i)[j] = float(v)
                return weight
            if field == "values" and len(rest) == 2 and rest[0] in (x.name for x in s.issues):
                j = s.issue_index(rest[0])
                issue = s.issues[j]
                node = raw.get("values", {}).get(rest[0])
                if (issue.options is None or rest[1] not in issue.options or not isinstance(node, dict)
                        or "ranking" in node):
                    return None
                o = issue.options.index(rest[1])

                def value(st: _State, v: Any, i: int = i, j: int = j, o: int = o) -> None:
                    st.table(i, j)[o] = float(v)
                return value
            if field in ("bargaining_power", "discount") and not rest:
                return lambda st, v: st.party.setdefault(i, {}).__setitem__(field, float(v))
            if field == "disagreement" and not rest and not isinstance(party.disagreement, Lottery):
                return lambda st, v: st.party.setdefault(i, {}).__setitem__("disagreement", float(v))
            if field == "disagreement" and rest == ("cost",) and isinstance(party.disagreement, Lottery):
                return lambda st, v: st.party.setdefault(i, {}).__setitem__("lottery_cost", float(v))
            if (field == "interactions" and len(rest) == 2 and rest[1] == "bonus"
                    and isinstance(rest[0], int) and rest[0] < len(party.interactions)):
                k = rest[0]
                return lambda st, v: st.party.setdefault(i, {}).__setitem__(("bonus", k), float(v))
            return None
        if len(keys) >= 3 and keys[0] == "pressures":
            k = _position(s.pressures, keys[1])
            if k is None:
                return None
            field, rest = keys[2], keys[3:]
            if field in ("penalty", "reward", "compliance_cost") and not rest:
                return lambda st, v: st.pressure.setdefault(k, {}).__setitem__(field, float(v))
            if field == "credibility" and not rest:
                return lambda st, v: st.pressure.setdefault(k, {}).__setitem__(
                    field, v if v == "auto" else float(v))
            if field in ("cost", "backing_down_cost") and len(rest) == 1 \
                    and rest[0] in s.pressures[k].senders:
                sender = rest[0]
                return lambda st, v: st.pressure.setdefault(k, {}).__setitem__((field, sender), float(v))
        return None

    def __call__(self, values: Sequence[Any]) -> Scenario:
        """The variant with ``values`` (one per path, in order) substituted."""
        st = _State(self)
        for setter, v in zip(self.setters, values):
            assert setter is not None
            setter(st, plain(v))
        parties = list(self.base.parties)
        touched = set(st.weights) | {i for i, _ in st.tables} | set(st.party)
        for i in touched:
            parties[i] = self._party(st, i)
        pressures = list(self.base.pressures)
        for k, changes in st.pressure.items():
            pressures[k] = self._pressure(pressures[k], changes)
        return replace(self.base, parties=tuple(parties), pressures=tuple(pressures), **st.scenario)

    def _party(self, st: _State, i: int):
        party = self.base.parties[i]
        fields: dict[str, Any] = {}
        if i in st.weights:
            fields["weights"] = normalised(st.weights[i])
        if any(pi == i for pi, _ in st.tables):
            values = list(party.values)
            for (pi, j), table in st.tables.items():
                if pi == i:
                    values[j] = Table(tuple(table))
            fields["values"] = tuple(values)
        changes = st.party.get(i, {})
        bonuses = {key[1]: v for key, v in changes.items() if isinstance(key, tuple)}
        if bonuses:
            fields["interactions"] = tuple(
                replace(inter, bonus=bonuses[k]) if k in bonuses else inter
                for k, inter in enumerate(party.interactions))
        for name in ("bargaining_power", "discount", "disagreement"):
            if name in changes:
                fields[name] = changes[name]
        if "lottery_cost" in changes:
            assert isinstance(party.disagreement, Lottery)
            fields["disagreement"] = replace(party.disagreement, cost=changes["lottery_cost"])
        return replace(party, **fields)

    @staticmethod
    def _pressure(pressure, changes: dict[Any, Any]):
        fields: dict[str, Any] = {k: v for k, v in changes.items() if isinstance(k, str)}
        for table in ("cost", "backing_down_cost"):
            updates = {key[1]: v for key, v in changes.items()
                       if isinstance(key, tuple) and key[0] == table}
            if updates:
                fields[table] = {**getattr(pressure, table), **updates}
        return replace(pressure, **fields)


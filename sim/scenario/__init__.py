"""A validated scenario: typed, immutable objects built once from a YAML document.

:func:`load` reads a file, :func:`from_dict` takes an already-parsed mapping;
both return a :class:`Scenario` or raise :class:`~sim.errors.ScenarioError`
listing every problem with its file, dotted path and line. Nothing downstream
ever sees raw YAML: the solver works on these objects and the arrays built
from them.

>>> s = from_dict({"name": "pie", "issues": {"x": {"range": [0, 1]}},
...                "parties": {"a": {"weights": {"x": 1}, "values": {"x": "increasing"}},
...                            "b": {"weights": {"x": 1}, "values": {"x": "decreasing"}}}})
>>> [p.name for p in s.veto_parties], s.issues[0].continuous
(['a', 'b'], True)

The modules, in the order they import each other:

- :mod:`.types`: the dataclasses (``Scenario`` and its parts) and the names they take;
- :mod:`.problems`: the located problem collector, the file's names, the shared checks;
- :mod:`.parties`: weights, value shapes, disagreement points and war lotteries;
- :mod:`.pressures`: pressures;
- :mod:`.agreement`: the agreement rule (SPEC section 11);
- :mod:`.observations`: ``observed:``, what the parties were seen to do;
- :mod:`.build`: issues, games, solve options, and ``build`` / ``load`` / ``from_dict``.
"""

from .build import MAX_RESOLUTION, build, from_dict, load
from .parties import PROBABILITY_TOLERANCE, normalise_weights
from .problems import MAX_MAGNITUDE
from .types import (
    CONCEPTS,
    IDENTIFIER,
    STRATEGIES,
    Agreement,
    Game,
    Implementers,
    Interaction,
    Issue,
    Lottery,
    Observation,
    Party,
    Pressure,
    Scenario,
    SolveOptions,
)

__all__ = [
    "CONCEPTS", "IDENTIFIER", "MAX_MAGNITUDE", "MAX_RESOLUTION", "PROBABILITY_TOLERANCE",
    "STRATEGIES", "Agreement", "Game", "Implementers", "Interaction", "Issue", "Lottery",
    "Observation", "Party", "Pressure", "Scenario",
    "SolveOptions", "build", "from_dict", "load", "normalise_weights",
]

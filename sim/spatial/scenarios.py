"""A spatial table as negsim scenarios, one per proposal, and a scenario back as a
:class:`~sim.spatial.models.Proposal` (SPEC section 13).

Each issue of the proposal becomes a continuous issue on [0, 100] (its id as
``label``); each actor with a stake in at least one of them a party (its name
as ``label``) with ``weights`` its saliences, ``values`` the shape
``{position: p, loss: ...}`` and ``bargaining_power`` its capability. The
disagreement is the reference point, as a one-outcome lottery, where it is
known for every issue of the proposal (``disagreement="reference"``);
otherwise, or with ``disagreement="distant"``, the number
d_i = -100 delta / sum_j s_ij: on the normalised scale of SPEC section 3 the
disagreement of the Nash models of :mod:`.models` (failure costs every actor
delta fully salient issues beyond losing all of its own), so that
``negsim run`` on the file finds their Nash point. Actors are all veto
parties (the Council's voting rule is kept in the description).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from ..scenario.types import IDENTIFIER, Scenario
from ..values import Position
from .models import Proposal
from .table import SCALE, SpatialTable

#: Grid points per issue for ``negsim run`` (the concepts are refined over the real
#: range anyway): at most about 1e5 outcomes, per number of issues.
RESOLUTION = {1: 101, 2: 101, 3: 46, 4: 17}
DEFAULT_DELTA = 1.0


def identifier(name: str, taken: set[str]) -> str:
    """``name`` made an identifier (SPEC section 2), unique among ``taken``.

    >>> identifier("United Kingdom", set()), identifier("2004/35", set())
    ('United_Kingdom', 'x2004_35')
    """
    ident = re.sub(r"\W", "_", name.strip(), flags=re.ASCII) or "x"
    if not IDENTIFIER.match(ident):
        ident = "x" + ident
    base, k = ident, 2
    while ident in taken:
        ident, k = f"{base}_{k}", k + 1
    taken.add(ident)
    return ident


def _yaml_number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def documents(table: SpatialTable, loss: str = "quadratic", disagreement: str = "reference",
              delta: float = DEFAULT_DELTA) -> list[tuple[str, dict[str, Any]]]:
    """One scenario document per proposal: (proposal name, document)."""
    lo, hi = SCALE
    stake = table.stake
    out = []
    for proposal, rows in table.groups():
        taken: set[str] = set()
        names = [identifier(table.issues[r], taken) for r in rows]
        issues = {}
        for r, name in zip(rows, names):
            known = [f"{what} {_yaml_number(v):g}" for what, v in
                     (("reference point", table.reference[r]), ("outcome", table.outcome[r]))
                     if not np.isnan(v)]
            issue: dict[str, Any] = {"range": [_yaml_number(lo), _yaml_number(hi)], "label": table.issues[r]}
            if known:
                issue["description"] = "; ".join(known)
            issues[name] = issue
        ref = table.reference[rows]
        use_reference = disagreement == "reference" and not np.isnan(ref).any()
        parties: dict[str, Any] = {}
        taken = set()
        for a, actor in enumerate(table.actors):
            mine = [(r, n) for r, n in zip(rows, names) if stake[r, a]]
            if not mine:
                continue
            party: dict[str, Any] = {
                "label": actor,
                "weights": {n: _yaml_number(table.saliences[r, a]) for r, n in mine},
                "values": {n: {"position": _yaml_number(table.positions[r, a]), "loss": loss}
                           for r, n in mine},
                "bargaining_power": _yaml_number(table.capability[a]),
            }
            if use_reference:
                outcome = {n: _yaml_number(v) for n, v in zip(names, ref)}
                party["disagreement"] = {"lottery": [{"probability": 1, "outcome": outcome}]}
            else:
                total = sum(table.saliences[r, a] for r, _ in mine)
                party["disagreement"] = float(-100.0 * delta / total)
            parties[identifier(actor, taken)] = party
        rules = sorted({table.rules[r] for r in rows} - {""})
        doc: dict[str, Any] = {"name": f"proposal {proposal}"}
        doc["description"] = (f"Imported by negsim from {Path(table.source).name}"
                              + (f"; Council voting rule {', '.join(rules)}" if rules else ""))
        doc["issues"] = issues
        doc["parties"] = parties
        doc["solve"] = {"concepts": ["nash"], "resolution": RESOLUTION.get(len(rows), 10)}
        out.append((proposal, doc))
    return out


def proposal_of(scenario: Scenario) -> tuple[tuple[str, ...], tuple[str, ...], Proposal]:
    """A scenario of spatial issues back as (issue labels, actor labels, proposal).

    Saliences are the scenario's normalised weights times 100 (a table's saliences
    only up to each actor's scale), capabilities its bargaining powers, the
    reference point its parties' common one-outcome lottery if any.
    """
    issues = [i for i in scenario.issues if i.continuous]
    k, n = len(issues), len(scenario.parties)
    pos, sal = np.full((k, n), np.nan), np.zeros((k, n))
    index = {i.name: j for j, i in enumerate(scenario.issues)}
    for a, party in enumerate(scenario.parties):
        for j, issue in enumerate(issues):
            shape = party.values[index[issue.name]]
            weight = party.weights[index[issue.name]]
            if isinstance(shape, Position) and weight > 0:
                pos[j, a], sal[j, a] = shape.x0, 100.0 * weight
    reference = np.full(k, np.nan)
    lottery = getattr(scenario.parties[0].disagreement, "outcomes", None)
    if lottery is not None and len(lottery) == 1:
        reference = np.array([lottery[0][index[i.name]] for i in issues], dtype=float)
    cap = np.array([p.bargaining_power for p in scenario.parties], dtype=float)
    return (tuple(i.label or i.name for i in issues), tuple(p.label or p.name for p in scenario.parties),
            Proposal(pos, sal, cap, reference))

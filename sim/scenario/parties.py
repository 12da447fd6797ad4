"""The checks of a party: weights, value shapes, disagreement (a number or a war lottery).

:func:`build_party` checks one party of the file against the usable issues and
builds its :class:`~sim.scenario.types.Party`, with weights normalised by
:func:`normalise_weights` (the one definition, also used by the sweeps).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from typing import Any

from .. import schema
from ..distributions import is_distribution, is_finite_number
from ..errors import describe_value, did_you_mean, kind_of, listing, unknown
from ..values import ValueShape, parse_continuous, parse_discrete
from .problems import (
    CheckContext,
    Path_,
    Problems,
    check_keys,
    check_name,
    check_provenance,
    is_number,
)
from .types import STRATEGIES, Interaction, Issue, Lottery, Party

#: Absolute tolerance on lottery probabilities summing to 1.
PROBABILITY_TOLERANCE = 1e-9


def _lottery(spec: Any, path: Path_, ctx: CheckContext) -> Lottery | None:
    out = ctx.out
    if not isinstance(spec, dict) or "lottery" not in spec:
        out.add(path, "expected a number or a war lottery {lottery: [{probability, "
                      f"outcome}}, ...], cost: c}}, got {describe_value(spec)}"
                + (" (a quoted number is a string: write it without quotes)"
                   if isinstance(spec, str) and schema.looks_like_number(spec) else ""))
        return None
    for key in spec:
        if key not in ("lottery", "cost", "source"):
            out.add(path + (key,), f"unknown key {str(key)!r} in a war lottery"
                    + (did_you_mean(key, ("lottery", "cost")) or " (allowed: lottery, cost)"))
    cost = spec.get("cost", 0.0)
    if not is_finite_number(cost):
        out.add(path + ("cost",), f"expected a finite number, got {describe_value(cost)}")
    items = spec["lottery"]
    if not isinstance(items, list) or not items:
        out.add(path + ("lottery",), "a lottery is a non-empty list of {probability: p, "
                                     f"outcome: {{issue: option, ...}}}}; got {describe_value(items)}")
        return None
    probs, outcomes, ok = [], [], True
    for k, item in enumerate(items):
        entry = _lottery_entry(item, path + ("lottery", k), ctx)
        if entry is None:
            ok = False
        else:
            probs.append(entry[0])
            outcomes.append(entry[1])
    if ok and abs(math.fsum(probs) - 1.0) > PROBABILITY_TOLERANCE:
        out.add(path + ("lottery",), f"probabilities sum to {math.fsum(probs):.12g}, not 1")
        ok = False
    if not ok or not is_finite_number(cost) or out.broken_under(path):
        return None
    return Lottery(tuple(probs), tuple(outcomes), float(cost))


def _lottery_entry(item: Any, path: Path_, ctx: CheckContext) -> tuple[float, tuple[float, ...]] | None:
    out = ctx.out
    if not isinstance(item, dict):
        out.add(path, "each lottery entry is {probability: p, outcome: {issue: option, ...}}, "
                      f"not {describe_value(item)}")
        return None
    ok = check_keys(item, ("probability", "outcome"), "lottery entry", path, out)
    p: Any = item.get("probability")
    if "probability" in item and (not is_finite_number(p) or not 0 <= p <= 1):
        extra = (" (probabilities cannot be distributions: they must sum to 1)"
                 if is_distribution(p) else "")
        out.add(path + ("probability",), f"probability must be a number in [0, 1], got "
                                         f"{describe_value(p)}{extra}")
        ok = False
    outcome = lottery_outcome(item["outcome"], path + ("outcome",), ctx) if "outcome" in item \
        else None
    if not ok or outcome is None:
        return None
    return float(p), outcome


def lottery_outcome(spec: Any, path: Path_, ctx: CheckContext) -> tuple[float, ...] | None:
    """A lottery outcome (a mapping issue -> value) as one value per issue, file
    order; None after reporting to ``ctx.out`` when it is not a valid outcome."""
    out = ctx.out
    if not isinstance(spec, dict):
        out.add(path, f"an outcome is a mapping naming every issue, not {describe_value(spec)}")
        return None
    ok = True
    for key in spec:
        ok = ctx.known_issue(key, path + (key,)) and ok
    missing = [i for i in ctx.issue_names if i not in spec]
    if missing:
        out.add(path, f"the outcome must name every issue; missing: {listing(missing)}")
        ok = False
    values = []
    for issue in ctx.issues:
        if issue.name not in spec:
            continue
        v = spec[issue.name]
        ip = path + (issue.name,)
        if issue.options is not None:
            if not isinstance(v, str) or v not in issue.options:
                out.add(ip, _lottery_option(v, issue))
                ok = False
                continue
            values.append(float(issue.options.index(v)))
        elif not is_number(v) or not issue.lo <= v <= issue.hi:
            out.add(ip, f"expected a number in [{issue.lo:g}, {issue.hi:g}], got {describe_value(v)}")
            ok = False
        else:
            values.append(float(v))
    return tuple(values) if ok else None


def _lottery_option(v: Any, issue: Issue) -> str:
    assert issue.options is not None
    text = describe_value(v)
    if not isinstance(v, str):
        if text in issue.options:
            return f"option {text} is written as {kind_of(v)}: quote it (\"{text}\")"
        return f"expected an option of {issue.name!r}, got {text} (options: {listing(issue.options)})"
    return unknown("option", v, issue.options)


def _weights(name: str, pm: schema.PartyModel, ctx: CheckContext) -> tuple[float, ...]:
    """Check a party's weights; return them normalised over the usable issues."""
    path = ("parties", name, "weights")
    out = ctx.out
    for key in pm.weights:
        ctx.known_issue(key, path + (key,))
    written = [w for k, w in pm.weights.items() if k in ctx.issue_names]
    if not out.broken_under(path) and not ctx.issues_unreadable and all(w >= 0 for w in written):
        total = math.fsum(written)
        if not math.isfinite(total):
            out.add(path, "the weights are too large: their sum is not a finite number")
        elif total <= 0:
            out.add(path, "all weights are 0 (or missing): at least one must be > 0")
    return normalise_weights([pm.weights.get(i.name, 0.0) for i in ctx.issues])


def normalise_weights(raw: Sequence[float]) -> tuple[float, ...]:
    """Weights normalised to sum 1 (SPEC 2): negative weights count as 0, the sum is
    ``math.fsum``; all zeros (an error the check reports) give zeros.

    >>> normalise_weights([3, 1, 0])
    (0.75, 0.25, 0.0)
    """
    clipped = [max(float(w), 0.0) for w in raw]
    total = math.fsum(clipped)
    return tuple(w / total if total > 0 and math.isfinite(total) else 0.0 for w in clipped)


def _values(name: str, pm: schema.PartyModel, ctx: CheckContext) -> tuple[ValueShape | None, ...]:
    """Check a party's value shapes; one per usable issue (None where not given)."""
    path = ("parties", name, "values")
    out = ctx.out
    for key in pm.values:
        ctx.known_issue(key, path + (key,))
    shapes: list[ValueShape | None] = []
    for issue in ctx.issues:
        spec = pm.values.get(issue.name)
        w = pm.weights.get(issue.name, 0.0)
        vp = path + (issue.name,)
        if spec is None:
            if w > 0 and issue.name not in pm.values:
                out.add(path, f"issue {issue.name!r} has weight {w:g} but no values")
            elif w > 0:
                out.add(vp, "values are missing (null)")
            shapes.append(None)
            continue
        shapes.append(ctx.parsed(spec, issue.name, partial(_shape, spec, issue, vp, out)))
    return tuple(shapes)


def _shape(spec: Any, issue: Issue, path: Path_, out: Problems) -> ValueShape | None:
    """The value shape ``spec`` of one issue, or None (after reporting) when invalid."""
    if issue.options is not None:
        table, problems = parse_discrete(spec, issue.options)
        for sub, msg in problems:
            out.add(path + ((sub,) if sub else ()), msg)
        return table
    assert issue.lo is not None and issue.hi is not None
    shape = parse_continuous(spec, issue.lo, issue.hi)
    if isinstance(shape, str):
        out.add(path, shape)
        return None
    return shape


def _disagreement(name: str, pm: schema.PartyModel, ctx: CheckContext) -> float | Lottery | None:
    path = ("parties", name, "disagreement")
    d = pm.disagreement
    if is_number(d):
        if not is_finite_number(d):
            ctx.out.add(path, f"expected a finite number, got {describe_value(d)}")
            return None
        return float(d)
    return _lottery(d, path, ctx)


def build_party(name: str, pm: schema.PartyModel, ctx: CheckContext) -> Party | None:
    """The typed :class:`Party` of ``parties.NAME`` (validated by the schema), or
    None when its checks reported a problem to ``ctx.out``."""
    path = ("parties", name)
    out = ctx.out
    n_problems = len(out.items)
    check_name("party", name, path, out)
    weights = _weights(name, pm, ctx)
    values = _values(name, pm, ctx)
    disagreement = _disagreement(name, pm, ctx)
    red_lines = [ctx.condition(spec, path + ("red_lines", k)) for k, spec in enumerate(pm.red_lines)]
    counted = ctx.agreement is not None and ctx.agreement.counts(ctx.party_names.index(name))
    if pm.red_lines and not pm.veto and not counted:
        out.add(path + ("red_lines",), "red lines of a non-veto party never bind", warning=True)
    interactions = [(ctx.condition(im.when, path + ("interactions", k, "when")), im.bonus)
                    for k, im in enumerate(pm.interactions)]
    if pm.strategy not in STRATEGIES:
        out.add(path + ("strategy",), unknown("strategy", pm.strategy, STRATEGIES))
    check_provenance(pm.provenance, path, schema.PartyModel, out, ctx.issue_names,
                      {"red_lines": len(pm.red_lines), "interactions": len(pm.interactions)})
    if len(out.items) > n_problems or out.broken_under(path) or disagreement is None:
        return None
    return Party(name, weights, values, pm.veto, disagreement,
                 tuple(c for c in red_lines if c is not None),
                 pm.bargaining_power, pm.discount, pm.strategy,
                 tuple(Interaction(c, float(b)) for c, b in interactions if c is not None),
                 pm.label, pm.source)


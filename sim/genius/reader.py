"""Reading GENIUS XML into :mod:`.model` objects, with located errors.

Every defect is reported as a :class:`~sim.errors.Problem` naming the element
path (``utility_space/objective/issue[@name=Fund]/item[@value=x]``) and line;
all problems of a file are raised together in one
:class:`~sim.errors.ScenarioError` for that file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..distributions import MAX_MAGNITUDE
from ..errors import Problem, ScenarioError, listing
from .model import (
    Constant,
    Discrete,
    Evaluator,
    GeniusDomain,
    GeniusIssue,
    GeniusProfile,
    IssueKind,
    Linear,
    Triangular,
)
from .xmltree import Node

KINDS: tuple[IssueKind, ...] = ("discrete", "integer", "real")
DOMAIN_SUFFIX = re.compile(r"[_\- ]?domain$", re.IGNORECASE)


@dataclass
class _Out:
    """Problems and warnings of one file."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, node: Node, message: str, attribute: str | None = None) -> None:
        self.problems.append(node.problem(message, attribute))

    def warn(self, node: Node, message: str) -> None:
        self.warnings.append(node.problem(message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ScenarioError(self.problems, self.source, self.warnings)


def _number_attribute(node: Node, attribute: str, out: _Out, default: float | None = None,
            integer: bool = False) -> float | None:
    """A numeric attribute, or None (after reporting) when missing or not a number."""
    text = node.attrib.get(attribute)
    if text is None:
        if default is None:
            out.add(node, f"attribute {attribute!r} is missing")
        return default
    try:
        value = float(text) if not integer else float(int(text.strip()))
    except ValueError:
        want = "a whole number" if integer else "a number"
        out.add(node, f"{text!r} is not {want}", attribute)
        return None
    if not math.isfinite(value):
        out.add(node, f"{text!r} is not a finite number", attribute)
        return None
    if abs(value) > MAX_MAGNITUDE:
        out.add(node, f"{text!r} is too large: negsim's numbers lie within "
                      f"+-{MAX_MAGNITUDE:g} (rescale the weights or evaluations)", attribute)
        return None
    return value


def _kind(node: Node, out: _Out) -> IssueKind | None:
    text = node.attrib.get("type") or node.attrib.get("vtype") or node.attrib.get("etype") or "discrete"
    kind = text.strip().lower()
    if kind not in KINDS:
        out.add(node, f"unknown issue type {text!r} (GENIUS types: discrete, integer, real)", "type")
        return None
    return kind


def _bounds(node: Node, out: _Out, integer: bool) -> tuple[float, float] | None:
    """``lowerbound``/``upperbound`` on the issue itself or on its ``<range>`` child."""
    child = node.first("range")
    holder = child if "lowerbound" not in node.attrib and child is not None else node
    lo = _number_attribute(holder, "lowerbound", out, integer=integer)
    hi = _number_attribute(holder, "upperbound", out, integer=integer)
    if lo is None or hi is None:
        return None
    if hi < lo or (hi == lo and not integer):
        out.add(holder, f"the range needs lowerbound < upperbound, got [{lo:g}, {hi:g}]")
        return None
    return lo, hi


def _objective(root: Node, out: _Out) -> Node | None:
    objective = root.first("objective")
    if objective is None:
        out.add(root, "no <objective> element holding the issues")
        return None
    for child in objective.children:
        if child.tag == "objective":
            out.add(child, "nested objectives are not supported: list the issues directly "
                           "under the root objective")
    return objective


def domain_name(path: str | Path) -> str:
    """``EnglandZimbabwe_domain.xml`` -> ``EnglandZimbabwe`` (the scenario's name)."""
    stem = Path(path).stem
    return DOMAIN_SUFFIX.sub("", stem) or stem


def is_profile(root: Node) -> bool:
    """A profile has weights, evaluations, a reservation value or a discount factor;
    a domain has none of them."""
    if root.tag == "negotiation_template":
        return False
    markers = {"weight", "evaluator", "reservation", "discount_factor"}
    return any(n.tag in markers or "evaluation" in n.attrib for n in root.iter())


def domain_of(root: Node, source: str) -> GeniusDomain:
    """Build the domain from a parsed ``<negotiation_template>`` (or bare ``<utility_space>``)."""
    out = _Out(source)
    space = root if root.tag == "utility_space" else root.first("utility_space")
    if root.tag not in ("negotiation_template", "utility_space"):
        out.add(root, f"a GENIUS domain's root is <negotiation_template>, not <{root.tag}>")
    elif space is None:
        out.add(root, "no <utility_space> element")
    objective = _objective(space, out) if space is not None and not out.problems else None
    issues: list[GeniusIssue] = []
    named: set[str] = set()  # sets, not lists: a 50,000-item domain is checked in linear time
    for node in objective.find("issue") if objective is not None else []:
        name = node.attrib.get("name")
        kind = _kind(node, out)
        if not name:
            out.add(node, "an issue needs a name", "name")
            continue
        if name in named:
            out.add(node, f"issue {name!r} is defined twice")
            continue
        named.add(name)
        if kind == "discrete":
            values: dict[str, None] = {}
            for item in node.find("item"):
                value = item.attrib.get("value")
                if value is None:
                    out.add(item, "an item needs a value", "value")
                elif value in values:
                    out.add(item, f"value {value!r} is listed twice")
                else:
                    values[value] = None
            if not values and not node.find("item"):
                out.add(node, "a discrete issue needs at least one <item value=...>")
            issues.append(GeniusIssue(name, "discrete", tuple(values)))
        elif kind is not None:
            bounds = _bounds(node, out, integer=kind == "integer")
            if bounds is not None:
                issues.append(GeniusIssue(name, kind, (), bounds[0], bounds[1]))
    if objective is not None and not objective.find("issue"):
        out.add(objective, "the domain has no issue")
    out.raise_if_any()
    return GeniusDomain(domain_name(source), tuple(issues))


def _discrete(node: Node, issue: GeniusIssue, out: _Out) -> Evaluator | None:
    evaluations: dict[str, float] = {}
    known = set(issue.values)
    for item in node.find("item"):
        value = item.attrib.get("value")
        if value is None:
            out.add(item, "an item needs a value", "value")
            continue
        if value not in known:
            shown = ", ".join(repr(v) for v in issue.values[:8]) + (", ..." if len(issue.values) > 8 else "")
            out.add(item, f"unknown value {value!r}: the domain's issue {issue.name!r} has {shown}")
            continue
        if value in evaluations:
            out.add(item, f"value {value!r} is evaluated twice")
            continue
        e = _number_attribute(item, "evaluation", out)
        if e is not None and e < 0:
            out.add(item, f"evaluation {e:g} must be >= 0", "evaluation")
        elif e is not None:
            evaluations[value] = e
    missing = [v for v in issue.values if v not in evaluations]
    if missing and not out.problems:
        out.add(node, f"no evaluation for value(s) {listing(map(repr, missing))}")
    if missing:
        return None
    return Discrete(tuple(evaluations[v] for v in issue.values))


def _same_bounds(node: Node, issue: GeniusIssue, out: _Out) -> None:
    """A profile that restates the bounds must agree with the domain."""
    if "lowerbound" not in node.attrib and node.first("range") is None:
        return
    bounds = _bounds(node, out, integer=issue.kind == "integer")
    if bounds is not None and bounds != (issue.lo, issue.hi):
        out.add(node, f"range [{bounds[0]:g}, {bounds[1]:g}] differs from the domain's "
                      f"[{issue.lo:g}, {issue.hi:g}]: is this a profile for another domain?")


def _parameter(node: Node, out: _Out, k: int, alias: str | None = None,
               default: float | None = None) -> float | None:
    """``parameterK`` (or its NegMAS-style alias such as ``offset``)."""
    name = f"parameter{k}"
    if name not in node.attrib and alias and alias in node.attrib:
        name = alias
    return _number_attribute(node, name, out, default)


def _real(node: Node, ev: Node, out: _Out) -> Evaluator | None:
    ftype = ev.attrib.get("ftype", "").strip().lower()
    if ftype == "linear":
        offset, slope = _parameter(ev, out, 0, "offset"), _parameter(ev, out, 1, "slope")
        return Linear(slope, offset) if slope is not None and offset is not None else None
    if ftype == "constant":
        c = _parameter(ev, out, 0, "offset")
        if c is None:
            return None
        if not 0 <= c <= 1:
            out.add(ev, f"a constant evaluation must be in [0, 1], got {c:g}")
            return None
        return Constant(c)
    if ftype in ("triangular", "triangular_variable_top"):
        lower, upper, top = (_parameter(ev, out, k) for k in (0, 1, 2))
        height = _parameter(ev, out, 3) if ftype == "triangular_variable_top" else 1.0
        if lower is None or upper is None or top is None or height is None:
            return None
        if not lower <= top <= upper or lower == upper:
            out.add(ev, f"a triangle needs parameter0 <= parameter2 <= parameter1 (lower <= top "
                        f"<= upper, lower < upper), got {lower:g}, {top:g}, {upper:g}")
        if not 0 <= height <= 1:
            out.add(ev, f"the top value parameter3 must be in [0, 1], got {height:g}")
        if not lower <= top <= upper or lower == upper or not 0 <= height <= 1:
            return None
        return Triangular(lower, upper, top, height)
    out.add(ev, f"unsupported evaluator ftype {ev.attrib.get('ftype')!r} for a real issue "
                "(supported: linear, constant, triangular, triangular_variable_top)", "ftype")
    return None


def _evaluator(node: Node, issue: GeniusIssue, out: _Out) -> Evaluator | None:
    if issue.kind == "discrete":
        return _discrete(node, issue, out)
    _same_bounds(node, issue, out)
    lo, hi = issue.bounds
    ev = node.first("evaluator")
    if issue.kind == "integer":
        if ev is None:
            out.warn(node, "no <evaluator>: GENIUS evaluates this integer issue at 0 everywhere")
            return Linear(0.0, 0.0, lo)
        slope, offset = _number_attribute(ev, "slope", out, 0.0), _number_attribute(ev, "offset", out, 0.0)
        return Linear(slope, offset, lo) if slope is not None and offset is not None else None
    if ev is None:
        out.add(node, "a real issue needs an <evaluator ftype=...>")
        return None
    found = _real(node, ev, out)
    if isinstance(found, Triangular) and found.top_value > 0:
        jump = (found.lower if found.lower == found.top and found.lower > lo else
                found.upper if found.upper == found.top and found.upper < hi else None)
        if jump is not None:
            out.add(ev, f"this triangle jumps between 0 and its top at x = {jump:g}, inside the "
                        "range; negsim's value shapes are continuous")
            return None
    return found


def _weights(objective: Node, index_of: dict[int, str | None], out: _Out) -> dict[str, float]:
    """Weights by issue name; ``index_of`` maps each issue index of the profile to its
    name, or to None for an issue already reported (its weight is then ignored).

    A weight on the root objective's own index (ANAC 2012's Fitness domains give
    it 1.0) weighs no issue; GENIUS's additive utility sums over the issues only,
    so it is ignored, with a warning.
    """
    weights: dict[str, float] = {}
    root = objective.attrib.get("index", "").strip()
    for node in objective.find("weight"):
        index = _number_attribute(node, "index", out, integer=True)
        value = _number_attribute(node, "value", out)
        if index is None or value is None:
            continue
        if int(index) not in index_of and root.isdigit() and int(index) == int(root):
            out.warn(node, f"a weight on the root objective (index {int(index)}) weighs no "
                           "issue; ignored, as GENIUS does")
            continue
        if int(index) not in index_of:
            out.add(node, f"no issue of this profile has index {int(index)}", "index")
            continue
        name = index_of[int(index)]
        if name is None:
            continue
        elif name in weights:
            out.add(node, f"issue {name!r} (index {int(index)}) has two weights")
        elif value < 0:
            out.add(node, f"weight {value:g} must be >= 0", "value")
        else:
            weights[name] = value
    return weights


def profile_of(root: Node, source: str, domain: GeniusDomain,
               domain_source: str) -> tuple[GeniusProfile, list[Problem]]:
    """Build a profile from a parsed ``<utility_space>``, checked against ``domain``;
    returns it with its warnings."""
    out = _Out(source)
    if root.tag == "negotiation_template":
        out.add(root, "this is a domain file (<negotiation_template>), not a profile")
    elif root.tag != "utility_space":
        out.add(root, f"a GENIUS profile's root is <utility_space>, not <{root.tag}>")
    objective = _objective(root, out) if not out.problems else None
    out.raise_if_any()
    assert objective is not None  # no problem reported: the objective was found
    by_name = {i.name: i for i in domain.issues}
    evaluators: dict[str, Evaluator] = {}
    index_of: dict[int, str | None] = {}
    for position, node in enumerate(objective.find("issue"), start=1):
        name = node.attrib.get("name")
        issue = by_name.get(name or "")
        index = _number_attribute(node, "index", out, float(position), integer=True)
        if index is not None:
            index_of[int(index)] = None
        if issue is None:
            out.add(node, f"issue {name!r} is not in the domain {Path(domain_source).name}: "
                          "is this a profile for another domain?")
            continue
        if name in evaluators:
            out.add(node, f"issue {name!r} is evaluated twice")
            continue
        kind = _kind(node, out)
        if kind is not None and kind != issue.kind:
            out.add(node, f"issue {name!r} is {kind} here but {issue.kind} in the domain", "type")
            continue
        if index is not None:
            index_of[int(index)] = name
        ev = _evaluator(node, issue, out)
        if ev is not None:
            evaluators[issue.name] = ev
    missing = [i.name for i in domain.issues if i.name not in evaluators]
    if missing and not out.problems:
        out.add(objective, f"no evaluator for the domain's issue(s) {listing(map(repr, missing))}: "
                           "is this a profile for another domain?")
    weights = _weights(objective, index_of, out)
    unweighted = [n for n in evaluators if n not in weights]
    if unweighted and not out.problems:
        out.add(objective, f"no <weight> for issue(s) {listing(map(repr, unweighted))}")
    if weights and not out.problems and sum(weights.values()) <= 0:
        out.add(objective, "at least one weight must be > 0")
    reservation = discount = 0.0
    found = root.first("reservation")
    if found is not None:
        reservation = _number_attribute(found, "value", out) or 0.0
    found = root.first("discount_factor")
    if found is not None:
        discount = _number_attribute(found, "value", out) or 0.0
        if not 0 <= discount <= 1:
            out.add(found, f"a discount factor is in [0, 1], got {discount:g}", "value")
    out.raise_if_any()
    names = [i.name for i in domain.issues]
    return GeniusProfile(Path(source).stem, tuple(weights[n] for n in names),
                         tuple(evaluators[n] for n in names), reservation, discount), out.warnings

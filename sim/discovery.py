"""Scenario discovery: the boxes of uncertain numbers where a condition on the report holds.

Given N draws x_1 .. x_N of the uncertain numbers (:mod:`sim.uncertainty`) and
y_n = 1 where a condition on the report holds (say ``zopa.exists == false``), a
*box* B = { x : lo_j <= x_j <= hi_j } (most sides unrestricted) describes where
the cases are concentrated:

- coverage(B) = sum_{x_n in B} y_n / sum_n y_n, the share of all cases inside B;
- density(B) = sum_{x_n in B} y_n / #{x_n in B}, the share of cases among the
  draws inside B;
- mass(B) = #{x_n in B} / N.

PRIM, the patient rule induction method of Friedman and Fisher (1999), finds
boxes by **peeling**: starting from the box of all draws, it repeatedly removes
the share ``alpha`` (0.05) of the draws in the box at the low or the high end of
one number, choosing the peel that leaves the highest density, until the box
holds fewer than ``mass_min`` of the draws (0.05, at most half the share of cases). The boxes along the way form the
*peeling trajectory* (coverage falls as density rises); the box reported is the
densest of them (the earliest of equally dense ones: peeling stops at density 1).
**Pasting** then widens it again, a share ``alpha`` at a time, while that raises
its density (or its coverage at the same density). Last, a restriction is dropped
when it is not significant: its quasi-p-value (Bryant and Lempert 2010), the chance
that as dense a box arises by picking draws at random from the box without it,
exceeds ``significance`` (0.05); with few cases among many numbers, peeling
otherwise keeps slices of irrelevant numbers that merely happen to hold no case.
When restrictions are dropped, peeling runs again on the significant numbers
only, and that trajectory is the one reported. **Covering**: the draws in the box are set aside and the search
runs again on the rest, for up to ``max_boxes`` boxes (later boxes describe the
cases the earlier ones missed); a later box is reported only if its density
reaches ``threshold``.

The EMA Workbench (Kwakkel 2017) does the same; negsim implements it here (a
hundred lines of numpy) rather than depend on that package, whose install
brings statsmodels, seaborn and an optimisation library (about 100 MB) for
this one function. The condition is read by a small parser (:func:`parse`),
never by ``eval``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Number
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import Problem, ScenarioError, did_you_mean
from .scenario import Scenario
from .uncertainty import SAMPLES, Progress, Start, column, parameters, record_with, rounded, sample

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from .sweep.record import Column

# ---------------------------------------------------------------------------
# Conditions: a tiny expression grammar
#
#   expr       := conjunct ("or" conjunct)*
#   conjunct   := negation ("and" negation)*
#   negation   := "not" negation | "(" expr ")" | comparison
#   comparison := FIELD [OP literal]        OP: == != < <= > >=
#   literal    := number | true | false | null | name | 'text' | "text"
#
# A FIELD alone is true where it is true (a boolean), non-zero (a number) or
# present (an option). null is the value of a field where there is no deal.

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<text>'[^']*'|"[^"]*")
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<paren>[()])
  | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
""", re.VERBOSE)
KEYWORDS = {"and", "or", "not"}
LITERALS = {"true": True, "false": False, "null": None}
OPS = ("==", "!=", "<=", ">=", "<", ">")


@dataclass(frozen=True)
class Compare:
    """``field op value`` (``op`` None: the field's truth)."""

    field: str
    op: str | None = None
    value: Any = None


@dataclass(frozen=True)
class Not:
    arg: Any


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    args: tuple[Any, ...]


class ConditionError(ValueError):
    """A condition that does not parse: the message says where (1-based character)."""


def _tokens(text: str) -> list[tuple[str, Any, int]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ConditionError(f"character {pos + 1}: unexpected {text[pos]!r}")
        kind = m.lastgroup
        word = m.group()
        if kind == "number":
            out.append(("literal", float(word), pos))
        elif kind == "text":
            out.append(("literal", word[1:-1], pos))
        elif kind == "name" and word in KEYWORDS:
            out.append((word, word, pos))
        elif kind == "name" and word in LITERALS:
            out.append(("literal", LITERALS[word], pos))
        elif kind != "space":
            out.append((kind, word, pos))
        pos = m.end()
    return out


def parse(text: str, default_field: str | None = None) -> Any:
    """The syntax tree of a condition.

    A condition that starts with an operator applies it to ``default_field``
    (``--output zopa.exists --condition '== false'``).

    >>> parse("zopa.exists == false and not (zopa.size > 10)")
    BoolOp(op='and', args=(Compare(field='zopa.exists', op='==', value=False), Not(arg=Compare(field='zopa.size', op='>', value=10.0))))
    >>> parse("== 'neutrality'", "solutions.nash.outcome.nato")
    Compare(field='solutions.nash.outcome.nato', op='==', value='neutrality')
    """
    tokens = _tokens(text)
    if tokens and tokens[0][0] == "op":
        if default_field is None:
            raise ConditionError(f"character 1: {tokens[0][1]!r} needs a field before it "
                                 f"(or give --output FIELD)")
        tokens.insert(0, ("name", default_field, 0))
    if not tokens:
        raise ConditionError("the condition is empty")
    i = 0

    def peek() -> tuple[str, Any, int]:
        return tokens[i] if i < len(tokens) else ("end", None, len(text))

    def where(tok: tuple[str, Any, int]) -> str:
        return "the end" if tok[0] == "end" else f"character {tok[2] + 1} ({str(tok[1])!r})"

    def chain(op: str, operand) -> Any:
        """``operand (op operand)*``: one operand, or a BoolOp of them."""
        nonlocal i
        args = [operand()]
        while peek()[0] == op:
            i += 1
            args.append(operand())
        return args[0] if len(args) == 1 else BoolOp(op, tuple(args))

    def expr() -> Any:
        return chain("or", lambda: chain("and", negation))

    def negation() -> Any:
        nonlocal i
        tok = peek()
        if tok[0] == "not":
            i += 1
            return Not(negation())
        if tok[0] == "paren" and tok[1] == "(":
            i += 1
            inner = expr()
            if peek()[:2] != ("paren", ")"):
                raise ConditionError(f"{where(peek())}: expected ')'")
            i += 1
            return inner
        if tok[0] != "name":
            raise ConditionError(f"{where(tok)}: expected a report field, 'not' or '('")
        i += 1
        if peek()[0] != "op":
            return Compare(tok[1])
        op = peek()[1]
        i += 1
        value = peek()
        if value[0] == "name":  # a bare word on the right: an option's name
            i += 1
            return Compare(tok[1], op, value[1])
        if value[0] != "literal":
            raise ConditionError(f"{where(value)}: expected a value after {op!r}")
        i += 1
        return Compare(tok[1], op, value[1])

    tree = expr()
    if i < len(tokens):
        raise ConditionError(f"{where(tokens[i])}: expected 'and', 'or' or the end")
    return tree


def fields_of(tree: Any) -> list[str]:
    """The report fields a condition reads, in order."""
    if isinstance(tree, Compare):
        return [tree.field]
    if isinstance(tree, Not):
        return fields_of(tree.arg)
    return list(dict.fromkeys(f for a in tree.args for f in fields_of(a)))


def _check(scenario: Scenario, tree: Any, cols: dict[str, Column], option: str) -> list[str]:
    """Type errors of a condition against the report's fields."""
    from .sweep.record import BOOL, STRING

    if isinstance(tree, Not):
        return _check(scenario, tree.arg, cols, option)
    if isinstance(tree, BoolOp):
        return [m for a in tree.args for m in _check(scenario, a, cols, option)]
    col, op, v = cols[tree.field], tree.op, tree.value
    if op is None:
        return []
    if v is None:
        return [] if op in ("==", "!=") else [f"{tree.field} {op} null: only == and != compare with null"]
    if col.kind == BOOL and not isinstance(v, bool):
        return [f"{tree.field} is true or false; compare it with true or false, not {v!r}"]
    if col.kind == STRING:
        issue = scenario.issues[scenario.issue_index(col.keys[-1])]
        if op not in ("==", "!="):
            return [f"{tree.field} is an option of {issue.name}: compare it with == or !="]
        if v not in issue.options:
            hint = did_you_mean(v, issue.options) or f" (options: {', '.join(issue.options)})"
            return [f"{v!r} is not an option of {issue.name}{hint}"]
        return []
    if col.kind != BOOL and (isinstance(v, bool) or not isinstance(v, float)):
        return [f"{tree.field} is a number; compare it with a number, not {v!r}"]
    return []


@dataclass(frozen=True)
class Condition:
    """A parsed, checked condition on the report (the ``--condition`` of ``negsim discover``)."""

    text: str
    tree: Any
    columns: dict[str, Column] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario, text: str, output: str | None = None,
           option: str = "--condition") -> Condition:
        """Parse and check ``text``; a located error (exit 2) when it is malformed or
        names a field the report does not have."""
        try:
            tree = parse(text, output)
        except ConditionError as exc:
            raise ScenarioError([Problem(option, f"{text!r}: {exc}")], scenario.source) from None
        cols = {f: column(scenario, f, option) for f in fields_of(tree)}
        problems = _check(scenario, tree, cols, option)
        if problems:
            raise ScenarioError([Problem(option, m) for m in problems], scenario.source)
        return cls(text, tree, cols)

    @property
    def record(self) -> tuple[str, ...]:
        return tuple(self.columns)

    def holds(self, table: pd.DataFrame) -> np.ndarray:
        """Where the condition holds, row by row (a boolean array)."""
        return _evaluate(self.tree, table)


def _evaluate(tree: Any, table: pd.DataFrame) -> np.ndarray:
    if isinstance(tree, Not):
        return ~_evaluate(tree.arg, table)
    if isinstance(tree, BoolOp):
        parts = [_evaluate(a, table) for a in tree.args]
        return np.logical_and.reduce(parts) if tree.op == "and" else np.logical_or.reduce(parts)
    series = table[tree.field]
    present = series.notna().to_numpy()
    if tree.op is None:
        values = series.to_numpy(dtype=object)
        return np.array([bool(v) if isinstance(v, (np.bool_, Number)) else p
                         for v, p in zip(values, present)]) & present
    if tree.value is None:
        return ~present if tree.op == "==" else present
    values = series.to_numpy(dtype=object)
    compare = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
               "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}[tree.op]
    out = np.array([bool(compare(v, tree.value)) if p else False for v, p in zip(values, present)])
    return out | (~present if tree.op == "!=" else False)


# ---------------------------------------------------------------------------
# PRIM (Friedman and Fisher 1999)


@dataclass(frozen=True)
class Step:
    """One box of a peeling or pasting trajectory."""

    lo: np.ndarray  # -inf where the low side is not restricted
    hi: np.ndarray  # +inf where the high side is not restricted
    coverage: float
    density: float
    mass: float
    count: int

    @property
    def restricted(self) -> int:
        """How many numbers the box restricts."""
        return int(np.sum(np.isfinite(self.lo) | np.isfinite(self.hi)))


@dataclass(frozen=True)
class Box:
    """A box found by PRIM: the chosen step (after pasting) and its peeling trajectory."""

    box: Step
    trajectory: tuple[Step, ...]
    chosen: int  # index in the trajectory of the box chosen before pasting


def inside(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Rows of ``x`` within the box ``lo <= x <= hi``."""
    return np.all((x >= lo) & (x <= hi), axis=1)


def _step(x: np.ndarray, y: np.ndarray, scope: np.ndarray, lo: np.ndarray, hi: np.ndarray,
          total: float, n: int) -> Step:
    m = scope & inside(x, lo, hi)
    count = int(m.sum())
    hits = float(y[m].sum())
    return Step(lo.copy(), hi.copy(), hits / total if total else 0.0,
                hits / count if count else 0.0, count / n, count)


def _peels(x: np.ndarray, m: np.ndarray, alpha: float, dims: Sequence[int]):
    """Candidate peels of the box holding the rows ``m``: (dimension, side, new bound,
    rows kept). Each removes the ``alpha`` share (at least one row, and every row tied
    with the cut) at one end of one number."""
    rows = np.flatnonzero(m)
    k = max(1, int(alpha * len(rows)))
    for j in dims:
        v = x[rows, j]
        s = np.sort(v)
        if s[0] == s[-1]:
            continue
        low = s[k] if s[k] > s[0] else s[np.searchsorted(s, s[0], side="right")]
        keep = rows[v >= low]
        yield j, 0, float(low), keep
        high = s[-1 - k] if s[-1 - k] < s[-1] else s[np.searchsorted(s, s[-1], side="left") - 1]
        keep = rows[v <= high]
        yield j, 1, float(high), keep


def peel(x: np.ndarray, y: np.ndarray, scope: np.ndarray, alpha: float = 0.05,
         mass_min: float = 0.05, total: float | None = None,
         dims: Sequence[int] | None = None) -> list[Step]:
    """The peeling trajectory on the rows in ``scope``: boxes from all rows to the last
    with at least ``mass_min`` of all rows, each peel the one leaving the highest density
    (ties: the one keeping more rows); only numbers ``dims`` are peeled (default: all)."""
    dims = range(x.shape[1]) if dims is None else dims
    n = len(x)
    total = float(y.sum()) if total is None else total
    lo, hi = np.full(x.shape[1], -np.inf), np.full(x.shape[1], np.inf)
    steps = [_step(x, y, scope, lo, hi, total, n)]
    m = scope.copy()
    while steps[-1].density < 1:
        best = None
        for j, side, bound, keep in _peels(x, m, alpha, dims):
            if len(keep) < mass_min * n:
                continue
            score = (float(y[keep].mean()), len(keep))
            if best is None or score > best[0]:
                best = (score, j, side, bound, keep)
        if best is None:
            break
        _, j, side, bound, keep = best
        (lo if side == 0 else hi)[j] = bound
        m = np.zeros(n, dtype=bool)
        m[keep] = True
        steps.append(_step(x, y, scope, lo, hi, total, n))
    return steps


def paste(x: np.ndarray, y: np.ndarray, scope: np.ndarray, box: Step, alpha: float = 0.05,
          total: float | None = None) -> Step:
    """Widen ``box`` one restricted side at a time by up to the ``alpha`` share of its
    rows, taking the widening that raises the density most (or, at equal density, the
    coverage), while one does; a side widened past its last row is open again."""
    n = len(x)
    total = float(y.sum()) if total is None else total
    lo, hi = box.lo.copy(), box.hi.copy()
    current = box
    while True:
        k = max(1, int(alpha * current.count))
        best = None
        for j in range(x.shape[1]):
            for side, bounds in ((0, lo), (1, hi)):
                if not np.isfinite(bounds[j]):
                    continue
                others_lo, others_hi = lo.copy(), hi.copy()
                others_lo[j], others_hi[j] = -np.inf, np.inf
                slab = scope & inside(x, others_lo, others_hi)
                v = x[slab, j]
                outside = np.sort(v[v < lo[j]])[::-1] if side == 0 else np.sort(v[v > hi[j]])
                if not len(outside):
                    continue
                for m in range(min(k, len(outside))):
                    new = outside[m] if m < len(outside) - 1 else (-np.inf if side == 0 else np.inf)
                    trial_lo, trial_hi = lo.copy(), hi.copy()
                    (trial_lo if side == 0 else trial_hi)[j] = new
                    step = _step(x, y, scope, trial_lo, trial_hi, total, n)
                    score = (step.density, step.coverage)
                    if score > (current.density, current.coverage) and step.density >= current.density \
                            and (best is None or score > (best.density, best.coverage)):
                        best = step
        if best is None:
            return current
        lo, hi, current = best.lo.copy(), best.hi.copy(), best


def quasi_p(x: np.ndarray, y: np.ndarray, scope: np.ndarray, box: Step, j: int,
            total: float) -> float:
    """Bryant and Lempert's (2010) quasi-p-value of the box's restriction on number ``j``:
    the chance that ``box.count`` draws taken at random from the box without that
    restriction hold at least the box's cases, P(Binomial(count, density') >= hits)."""
    from scipy.stats import binom

    lo, hi = box.lo.copy(), box.hi.copy()
    lo[j], hi[j] = -np.inf, np.inf
    relaxed = _step(x, y, scope, lo, hi, total, len(x))
    hits = round(box.density * box.count)
    return float(binom.sf(hits - 1, box.count, relaxed.density))


def prune(x: np.ndarray, y: np.ndarray, scope: np.ndarray, box: Step, total: float,
          significance: float = 0.05) -> Step:
    """Drop, one at a time and least significant first, the restrictions whose quasi-p-value
    exceeds ``significance``: with few cases among many numbers, peeling also cuts slices
    of numbers that do not matter, only because those slices happen to hold no case."""
    while True:
        restricted = [j for j in range(x.shape[1]) if np.isfinite(box.lo[j]) or np.isfinite(box.hi[j])]
        if not restricted:
            return box
        p, j = max((quasi_p(x, y, scope, box, j, total), j) for j in restricted)
        if p <= significance:
            return box
        lo, hi = box.lo.copy(), box.hi.copy()
        lo[j], hi[j] = -np.inf, np.inf
        box = _step(x, y, scope, lo, hi, total, len(x))


def choose(trajectory: list[Step]) -> int:
    """The densest box of the trajectory, the earliest (most covering) of equally dense
    ones: Friedman and Fisher's box of largest mean subject to the minimum support."""
    return max(range(len(trajectory)), key=lambda i: (trajectory[i].density, -i))


def prim(x: np.ndarray, y: np.ndarray, alpha: float = 0.05, mass_min: float = 0.05,
         threshold: float = 0.8, max_boxes: int = 3, significance: float = 0.05) -> list[Box]:
    """PRIM with covering: up to ``max_boxes`` boxes, each found on the rows the earlier
    ones left; a later box is kept only if it reaches ``threshold`` density and restricts
    some number. Coverage is a share of all cases, mass a share of all rows. The minimum
    mass is at most half the share of cases, so that rare cases can still be boxed."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    total = float(y.sum())
    mass_min = min(mass_min, 0.5 * total / max(1, len(y)))  # rare cases: a box may be smaller
    scope = np.ones(len(x), dtype=bool)
    boxes: list[Box] = []
    while len(boxes) < max_boxes and y[scope].sum() > 0:
        trajectory = peel(x, y, scope, alpha, mass_min, total)
        chosen = choose(trajectory)
        pruned = prune(x, y, scope, trajectory[chosen], total, significance)
        if pruned.restricted < trajectory[chosen].restricted:
            # peel again on the significant numbers only, from the whole box
            kept = [j for j in range(x.shape[1])
                    if np.isfinite(pruned.lo[j]) or np.isfinite(pruned.hi[j])]
            trajectory = peel(x, y, scope, alpha, mass_min, total, kept)
            chosen = choose(trajectory)
            pruned = prune(x, y, scope, trajectory[chosen], total, significance)
        box = paste(x, y, scope, pruned, alpha, total)
        if boxes and (box.density < threshold or box.restricted == 0):
            break
        boxes.append(Box(box, tuple(trajectory), chosen))
        if box.restricted == 0:
            break
        scope &= ~inside(x, box.lo, box.hi)
    return boxes


# ---------------------------------------------------------------------------
# negsim discover


def _step_json(s: Step) -> dict[str, Any]:
    return {"coverage": rounded(s.coverage), "density": rounded(s.density), "mass": rounded(s.mass),
            "samples": s.count, "restricted": s.restricted}


def box_json(box: Box, paths: list[str]) -> dict[str, Any]:
    """A box as JSON: bounds of the numbers it restricts (null: that side is open)."""
    b = box.box
    bounds = {p: {"lo": rounded(b.lo[j]), "hi": rounded(b.hi[j])} for j, p in enumerate(paths)
              if np.isfinite(b.lo[j]) or np.isfinite(b.hi[j])}
    return {"bounds": bounds, **_step_json(b), "chosen_step": box.chosen,
            "trajectory": [_step_json(s) for s in box.trajectory]}


def discover(scenario: Scenario, condition: str, output: str | None = None, samples: int = SAMPLES,
             seed: int = 0, out: str | Path | None = None, workers: int = 1,
             scheduler: str | None = None, alpha: float = 0.05, mass_min: float = 0.05,
             threshold: float = 0.8, max_boxes: int = 3, progress: Progress | None = None,
             start: Start | None = None) -> dict[str, Any]:
    """Draw the uncertain numbers, evaluate ``condition`` on each report, and find
    the boxes where it holds (PRIM). What ``negsim discover --json`` prints."""
    paths = list(parameters(scenario))
    if output is not None:
        column(scenario, output)
    cond = Condition.of(scenario, condition, output)
    where = Path(out) / "samples" if out is not None else None
    record = record_with(cond.record + ((output,) if output is not None else ()))
    table = sample(scenario, samples, seed, where, workers, scheduler, record, progress, start)
    y = cond.holds(table)
    x = table[paths].to_numpy(dtype=float)
    boxes = prim(x, y, alpha, mass_min, threshold, max_boxes) if y.any() else []
    return {
        "output": output if output is not None else fields_of(cond.tree)[0],
        "condition": condition,
        "samples": len(table),
        "seed": seed,
        "cases": int(y.sum()),
        "share": rounded(y.mean()) if len(y) else 0.0,
        "settings": {"alpha": alpha, "mass_min": mass_min, "threshold": threshold,
                     "max_boxes": max_boxes},
        "parameters": {p: scenario.uncertain[p].describe() for p in paths},
        "boxes": [box_json(b, paths) for b in boxes],
    }


def to_text(result: dict[str, Any]) -> str:
    """The boxes, one block each: bounds, coverage, density."""
    share = f"{result['share']:.1%}"
    lines = [f"{result['condition']}: holds in {result['cases']:,} of {result['samples']:,} draws ({share})"]
    if not result["boxes"]:
        lines.append("no box: the condition holds in no draw" if not result["cases"] else "no box")
    for k, box in enumerate(result["boxes"], 1):
        lines += ["", (f"box {k}: coverage {box['coverage']:.2f}, density {box['density']:.2f}, "
                       f"mass {box['mass']:.2f} ({box['samples']:,} draws)")]
        if not box["bounds"]:
            lines.append("  (the whole space: no number restricted)")
        for path, b in box["bounds"].items():
            lo = f"{b['lo']:.4g} <= " if b["lo"] is not None else ""
            hi = f" <= {b['hi']:.4g}" if b["hi"] is not None else ""
            lines.append(f"  {lo}{path}{hi}    ({result['parameters'][path]})")
    return "\n".join(lines)


def figure(result: dict[str, Any]) -> Figure:
    """The peeling trajectory of each box: density against coverage, coloured by the
    number of restricted parameters, the chosen box (after pasting) marked."""
    from .plot.style import new_figure

    fig = new_figure(figsize=(6.5, 4.5))
    ax = fig.add_subplot()
    points = None
    for k, box in enumerate(result["boxes"]):
        t = box["trajectory"]
        cov = [s["coverage"] for s in t]
        den = [s["density"] for s in t]
        ax.plot(cov, den, color="#999999", linewidth=0.8, zorder=1)
        points = ax.scatter(cov, den, c=[s["restricted"] for s in t], cmap="viridis", s=18,
                            zorder=2, vmin=0)
        ax.scatter([box["coverage"]], [box["density"]], marker="*", s=160, color="#d62728",
                   zorder=3, label="chosen box (after pasting)" if k == 0 else None)
        ax.annotate(f"box {k + 1}", (box["coverage"], box["density"]), textcoords="offset points",
                    xytext=(6, -12), fontsize="small")
    if points is not None:
        fig.colorbar(points, ax=ax, label="numbers restricted")
        ax.legend(fontsize="small", loc="lower left")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("coverage (share of the cases inside the box)")
    ax.set_ylabel("density (share of cases among the draws inside)")
    ax.set_title(f"PRIM peeling trajectory: {result['condition']}")
    return fig

"""Uncertainty of the predicted deal: solve many draws of a scenario's uncertain numbers.

A scenario may give any number as a distribution (SPEC section 2; the loader
keeps them in ``Scenario.uncertain``, by dotted path). Write X for the vector
of those numbers and R(X) for the JSON report (SPEC section 5) of the scenario
with X substituted. This module estimates, from N independent draws
x_1 .. x_N of X (each clipped to its field's valid range):

- the probability that a ZOPA exists, p = P(R(X).zopa.exists), by the share
  p^ = k / N of draws with a ZOPA, with Wilson's (1927) 95 % score interval;
- for each solution concept, *given a deal* (over the k draws where the concept
  has a solution): the probability of each option of each discrete issue, and
  the quantiles of each continuous issue's value and of each party's utility
  (with randomised agreements, ``solve.lotteries``, each draw counts its
  lottery's probabilities);
- the quantiles of every party's disagreement utility and of the ZOPA's size,
  over all draws.

Draws are solved by the sweep engine (:mod:`sim.sweep`), so a run can use
worker processes or a Dask cluster and, given a results folder, resumes where
it stopped. :func:`sample_spec` is the sweep it runs: ``random: {n: N, seed: S,
draw: <the scenario's distributions>}``, so ``negsim sweep`` on that file gives
the same table. (The Sobol and Morris designs of :mod:`sim.sensitivity` are
explicit lists of variants, solved by :func:`sim.sweep.run_variants`.)

>>> from sim.scenario import from_dict
>>> deal = from_dict({"name": "deal", "issues": {"x": {"options": ["deal", "p_wins", "q_wins"]}},
...     "parties": {"p": {"weights": {"x": 1}, "disagreement": {"uniform": [0, 1]},
...                       "values": {"x": {"deal": 0.6, "p_wins": 1, "q_wins": 0}},
...                       "red_lines": [{"x": "q_wins"}]},
...                 "q": {"weights": {"x": 1}, "values": {"x": {"deal": 0.5, "p_wins": 0, "q_wins": 1}},
...                       "red_lines": [{"x": "p_wins"}]}}})
>>> summary = summarise(deal, sample(deal, samples=200, seed=1))
>>> round(summary["zopa_probability"], 1), summary["solutions"]["nash"]["issues"]["x"]["deal"]
(0.6, 1.0)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import precision
from .counts import check_count
from .distributions import Distribution
from .errors import Problem, ScenarioError
from .packages import TOP, package_shares, share_of
from .proportions import wilson
from .scenario import Scenario

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from .sweep.record import Column
    from .sweep.spec import SweepSpec

#: Quantile levels reported for every continuous quantity.
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Report fields recorded for each draw (``negsim uncertainty`` and ``negsim discover``
#: record the same, so they can share a results folder).
RECORD = ("disagreement", "zopa", "pareto.size", "solutions")
#: Default number of draws.
SAMPLES = 1000

#: progress(n) after n more variants are solved; start(total, done) once before.
Progress = Callable[[int], None]
Start = Callable[[int, int], None]


def rounded(x: float, missing: Any = None) -> Any:
    """``x`` with SPEC's 9-decimal rounding (and no -0.0), or ``missing`` where it
    is not a finite number."""
    return precision.rounded(x) if np.isfinite(x) else missing


def parameters(scenario: Scenario, option: str = "") -> dict[str, Distribution]:
    """The scenario's uncertain numbers by dotted path; a located error (exit 2)
    when it has none, since there is nothing to sample."""
    if not scenario.uncertain:
        raise ScenarioError([Problem(option, (
            "the scenario has no uncertain numbers: give some number a distribution, "
            "e.g. 'disagreement: {uniform: [0.2, 0.4]}' (SPEC section 2)"))], scenario.source)
    return dict(scenario.uncertain)


# ---------------------------------------------------------------------------
# Solving variants through the sweep engine


def sample_spec(scenario: Scenario, samples: int, seed: int, record: Sequence[str] = RECORD,
                label: str = "<uncertainty>") -> SweepSpec:
    """The sweep that draws ``samples`` variants of the scenario's uncertain numbers."""
    from .sweep.spec import Draw, SweepSpec

    draws = tuple(Draw(path, d.kind, d.params) for path, d in parameters(scenario).items())
    return SweepSpec(Path(scenario.source or "<scenario>"), (), draws, samples, seed,
                     tuple(dict.fromkeys(record)), label)


def sample(scenario: Scenario, samples: int = SAMPLES, seed: int = 0, out: str | Path | None = None,
           workers: int = 1, scheduler: str | None = None, record: Sequence[str] = RECORD,
           progress: Progress | None = None, start: Start | None = None) -> pd.DataFrame:
    """Solve ``samples`` random draws of the uncertain numbers; one row per draw.

    The table is the sweep engine's: ``variant``, a column per uncertain path
    (the drawn, clipped values), and a column per recorded report leaf. With
    ``out`` it is kept there as a resumable Parquet dataset.
    """
    check_count(samples, "--samples", scenario.source)
    from .sweep import run_sweep

    return run_sweep(sample_spec(scenario, samples, seed, record), out, workers, scheduler,
                     scenario, progress, start)


# ---------------------------------------------------------------------------
# Report fields as numbers


def column(scenario: Scenario, field: str, option: str = "--output") -> Column:
    """The report leaf named by ``field`` (SPEC section 5), or a located error (exit 2)."""
    from .sweep.record import JSON, columns

    found, problems = columns(scenario, (field,), lambda i, msg: Problem(option, msg))
    if problems:
        raise ScenarioError(problems, scenario.source)
    if len(found) != 1:
        names = ", ".join(c.name for c in found[:4]) + (", ..." if len(found) > 4 else "")
        raise ScenarioError([Problem(option, f"{field!r} holds {len(found)} values ({names}): "
                                             f"name one of them")], scenario.source)
    if found[0].kind == JSON:
        raise ScenarioError([Problem(option, f"{field!r} is not a single number, option or "
                                             f"boolean")], scenario.source)
    return found[0]


def fallback(col: Column) -> str | None:
    """For a solution's utility, the disagreement utility that stands for it where
    there is no deal (``solutions.nash.utilities.russia`` -> ``disagreement.russia``)."""
    k = col.keys
    if len(k) >= 4 and k[-4] == "solutions" and k[-2] == "utilities":
        return ".".join(k[:-4] + ("disagreement", k[-1]))
    return None


def record_for(col: Column) -> tuple[str, ...]:
    """What must be recorded to compute :func:`numeric` of ``col``."""
    extra = fallback(col)
    return (col.name,) + ((extra,) if extra else ())


def record_with(fields: Sequence[str]) -> tuple[str, ...]:
    """:data:`RECORD` and whichever of ``fields`` it does not hold (``pressures.*``), so
    that runs for different outputs of the same design share a results folder."""
    tops = {r.split(".")[0] for r in RECORD}
    return tuple(dict.fromkeys(RECORD + tuple(f for f in fields if f.split(".")[0] not in tops)))


def numeric(scenario: Scenario, table: pd.DataFrame, col: Column) -> np.ndarray:
    """The values of report leaf ``col`` over the table's variants, as finite numbers.

    - numbers as they are; booleans (``zopa.exists``) as 1 and 0;
    - an option of a discrete issue (``solutions.nash.outcome.nato``) as its
      0-based position in the issue's listed options, and -1 where there is no
      deal (an ordinal code: use ``negsim discover`` or a condition for one option);
    - a solution's utility where there is no deal: the party's disagreement
      utility, what it gets without an agreement.

    Raises a located error where a value is still missing (a continuous issue's
    value where there is no deal).
    """
    from .sweep.record import BOOL, STRING

    series = table[col.name]
    if col.kind == BOOL:
        return series.fillna(False).astype(bool).to_numpy(dtype=float)
    if col.kind == STRING:
        issue = scenario.issues[scenario.issue_index(col.keys[-1])]
        assert issue.options is not None  # a recorded option: a discrete issue
        code = {name: float(i) for i, name in enumerate(issue.options)}
        return np.array([code.get(v, -1.0) if isinstance(v, str) else -1.0 for v in series])
    y = series.to_numpy(dtype=float, na_value=np.nan)
    extra = fallback(col)
    if extra is not None:
        y = np.where(np.isnan(y), table[extra].to_numpy(dtype=float, na_value=np.nan), y)
    if np.isnan(y).any():
        missing = int(np.isnan(y).sum())
        raise ScenarioError([Problem("--output", (
            f"{col.name!r} has no value in {missing} of {len(y)} samples (no deal there): "
            f"choose a field defined in every sample, e.g. zopa.exists"))], scenario.source)
    return y


# ---------------------------------------------------------------------------
# Summaries


def quantiles(values: np.ndarray, weights: np.ndarray | None = None) -> dict[str, Any]:
    """``{"quantiles": {"0.05": .., ..., "0.95": ..}, "mean": ..}`` of ``values``
    (``None`` entries when there are none); with ``weights``, of the weighted sample
    (the inverse of its cumulative distribution)."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return {"quantiles": {f"{q:g}": None for q in QUANTILES}, "mean": None}
    if weights is None or np.all(weights == weights[0]):
        qs = np.quantile(values, QUANTILES)
        mean = float(values.mean())
    else:
        order = np.argsort(values, kind="stable")
        v, w = values[order], np.asarray(weights, dtype=float)[order]
        cum = np.cumsum(w) / w.sum()
        qs = v[np.minimum(np.searchsorted(cum, np.array(QUANTILES) - 1e-12), len(v) - 1)]
        mean = float(np.average(v, weights=w))
    return {"quantiles": {f"{q:g}": rounded(x) for q, x in zip(QUANTILES, qs)}, "mean": rounded(mean)}


def _outcomes(table: pd.DataFrame, scenario: Scenario, concept: str,
              rows: np.ndarray) -> tuple[list[dict[str, Any]], np.ndarray]:
    """The agreed outcomes of ``concept`` in ``rows``, with weights (a pure agreement
    weighs 1; a lottery's outcomes weigh their probabilities)."""
    if scenario.solve.lotteries:
        outcomes, weights = [], []
        for text in table[f"solutions.{concept}.lottery"].to_numpy()[rows]:
            for entry in json.loads(text):
                outcomes.append(entry["outcome"])
                weights.append(float(entry["probability"]))
        return outcomes, np.array(weights)
    cols = {i.name: table[f"solutions.{concept}.outcome.{i.name}"].to_numpy()[rows]
            for i in scenario.issues}
    outcomes = [{name: cols[name][r] for name in cols} for r in range(len(rows))]
    return outcomes, np.ones(len(rows))


def _package_summary(outcomes: list[dict[str, Any]], weights: np.ndarray,
                     central: dict[str, Any] | None) -> dict[str, Any]:
    """The five most frequent packages, how many distinct ones, and the central
    scenario's package with its share and rank (``None`` when it has no deal)."""
    every = package_shares(outcomes, weights, top=None)
    out: dict[str, Any] = {"packages": [p.to_json() for p in every[:TOP]],
                           "distinct_packages": len(every)}
    if central is not None:
        rank, p = share_of(every, central)
        out["central_package"] = {**p.to_json(), "rank": rank}
    else:
        out["central_package"] = None
    return out


def central_outcomes(scenario: Scenario) -> dict[str, dict[str, Any] | None]:
    """Each concept's outcome for the scenario at its central numbers (what ``negsim
    run`` reports); for a lottery, its most probable outcome; None without a deal."""
    from .analysis import Solver

    solver = Solver.of(scenario)
    result = solver.solve(solver.scenario.pressures)
    out: dict[str, dict[str, Any] | None] = {}
    for concept, sol in result.solutions.items():
        if sol is None:
            out[concept] = None
        elif sol.lottery is not None:
            out[concept] = solver.space.describe(max(sol.lottery, key=lambda e: e[0])[1])
        else:
            assert sol.point is not None  # a pure solution
            out[concept] = solver.space.describe(sol.point)
    return out


def concept_summary(table: pd.DataFrame, scenario: Scenario, concept: str,
                    central: dict[str, Any] | None | bool = False) -> dict[str, Any]:
    """One concept over the draws of ``table`` with a deal: ``deals``, ``issues`` (option
    shares, or quantiles), ``packages`` (and, unless ``central`` is false, the central
    scenario's package) and ``utilities`` (module doc)."""
    first = scenario.parties[0].name
    rows = np.flatnonzero(table[f"solutions.{concept}.utilities.{first}"].notna().to_numpy())
    outcomes, weights = _outcomes(table, scenario, concept, rows)
    total = weights.sum()
    issues: dict[str, Any] = {}
    for issue in scenario.issues:
        values = [o[issue.name] for o in outcomes]
        if issue.continuous:
            issues[issue.name] = quantiles(np.array(values, dtype=float), weights)
        else:
            assert issue.options is not None
            issues[issue.name] = {
                option: rounded(weights[[v == option for v in values]].sum() / total) if total else 0.0
                for option in issue.options}
    utilities = {p.name: quantiles(table[f"solutions.{concept}.utilities.{p.name}"]
                                   .to_numpy(dtype=float)[rows])
                 for p in scenario.parties}
    packages = _package_summary(outcomes, weights, central if isinstance(central, dict) else None)
    if central is False:
        del packages["central_package"]
    return {"deals": len(rows), "issues": issues, **packages, "utilities": utilities}


def summarise(scenario: Scenario, table: pd.DataFrame, seed: int | None = None,
              central: dict[str, dict[str, Any] | None] | None = None) -> dict[str, Any]:
    """The uncertainty report (SPEC section 9) of a table made by :func:`sample`.

    Keys: ``samples``, ``zopa_probability`` and its ``zopa_ci95``, ``zopa_size``
    and ``disagreement`` quantiles, ``parameters`` (path -> distribution), and
    ``solutions.<concept>``: ``deals`` (draws with a solution) and, over those,
    ``issues`` (option -> probability, or quantiles), ``packages`` (the five most
    frequent whole outcomes: ``outcome``, ``share``, ``ci95``; :mod:`sim.packages`),
    ``distinct_packages`` and ``utilities`` (party -> quantiles). Given the
    ``central`` outcomes (:func:`central_outcomes`), also ``central_package``:
    the share, interval and ``rank`` (1 = most frequent, null when never drawn) of
    the central scenario's package, or null when it has no deal.
    """
    n = len(table)
    k = int(table["zopa.exists"].astype(bool).sum())
    lo, hi = wilson(k, n)
    out: dict[str, Any] = {
        "scenario": scenario.name,
        "samples": n,
        **({"seed": seed} if seed is not None else {}),
        "parameters": {path: d.describe() for path, d in scenario.uncertain.items()},
        "zopa_probability": rounded(k / n) if n else 0.0,
        "zopa_ci95": [rounded(lo), rounded(hi)],
        "zopa_size": quantiles(table["zopa.size"].to_numpy(dtype=float)),
        "disagreement": {p.name: quantiles(table[f"disagreement.{p.name}"].to_numpy(dtype=float))
                         for p in scenario.parties},
        "solutions": {c: concept_summary(table, scenario, c,
                                          False if central is None else central.get(c))
                      for c in scenario.solve.concepts},
    }
    return out


def uncertainty(scenario: Scenario, samples: int = SAMPLES, seed: int = 0,
                out: str | Path | None = None, workers: int = 1, scheduler: str | None = None,
                progress: Progress | None = None, start: Start | None = None) -> dict[str, Any]:
    """Draw, solve and summarise: what ``negsim uncertainty --json`` prints.

    With ``out``, the draws are kept (and resumed) in ``out/samples``.
    """
    parameters(scenario)
    where = Path(out) / "samples" if out is not None else None
    table = sample(scenario, samples, seed, where, workers, scheduler, RECORD, progress, start)
    return summarise(scenario, table, seed, central_outcomes(scenario))


# ---------------------------------------------------------------------------
# Figure (the text: sim.summary_text.uncertainty_text)


def figure(summary: dict[str, Any]) -> Figure:
    """Bars and bands: for each concept, the probability of each option of each
    issue given a deal (stacked bars; continuous issues as a 5-95 % band with the
    median), and each party's utility as a band (5-95 %, 25-75 %, median)."""
    from matplotlib import colormaps

    from .plot.style import CONCEPT_STYLE, concept_name, new_figure

    concepts = list(summary["solutions"])
    sols = summary["solutions"]
    issues = list(sols[concepts[0]]["issues"]) if concepts else []
    parties = list(summary["disagreement"])
    fig = new_figure(figsize=(4.2 * max(1, len(concepts)), 2.2 + 0.38 * len(issues) + 2.6))
    grid = fig.add_gridspec(2, max(1, len(concepts)), height_ratios=[2.6, 0.5 + 0.38 * len(issues)])
    ax = fig.add_subplot(grid[0, :])
    width = 0.8 / max(1, len(concepts))
    for c, concept in enumerate(concepts):
        colour = CONCEPT_STYLE.get(concept, ("o", "#555555"))[1]
        for j, party in enumerate(parties):
            q = sols[concept]["utilities"][party]["quantiles"]
            if q["0.5"] is None:
                continue
            x = j - 0.4 + width * (c + 0.5)
            ax.vlines(x, q["0.05"], q["0.95"], color=colour, linewidth=2, alpha=0.5)
            ax.vlines(x, q["0.25"], q["0.75"], color=colour, linewidth=7, alpha=0.8,
                      label=concept_name(concept) if j == 0 else None)  # type: ignore[arg-type]  # None: no legend entry (matplotlib's stubs say str)
            ax.plot(x, q["0.5"], "o", color="white", markeredgecolor=colour, markersize=5)
    for j, party in enumerate(parties):
        q = summary["disagreement"][party]["quantiles"]
        ax.hlines([q["0.5"]], j - 0.45, j + 0.45, colors="#444444", linestyles="dashed", linewidth=1,
                  label="disagreement (median)" if j == 0 else None)  # type: ignore[arg-type]  # as above
    ax.set_xticks(range(len(parties)), parties)
    ax.set_ylabel("utility given a deal")
    lo, hi = summary["zopa_ci95"]
    ax.set_title(f"{summary['samples']:,} draws: P(ZOPA) = {summary['zopa_probability']:.2f} "
                 f"[{lo:.2f}, {hi:.2f}]; bands 5-95 % and 25-75 %, dot the median")
    ax.legend(fontsize="small", ncols=min(5, len(concepts) + 1), loc="best")
    cmap = colormaps["tab10"]
    for c, concept in enumerate(concepts):
        axc = fig.add_subplot(grid[1, c])
        for i, issue in enumerate(issues):
            dist = sols[concept]["issues"][issue]
            y = len(issues) - 1 - i
            if "quantiles" in dist:
                q = dist["quantiles"]
                if q["0.5"] is not None:
                    axc.text(0.5, y, f"{q['0.5']:.3g} [{q['0.05']:.3g}, {q['0.95']:.3g}]",
                             ha="center", va="center", fontsize="x-small")
                continue
            left = 0.0
            for k, (option, p) in enumerate(dist.items()):
                if p <= 0:
                    continue
                axc.barh(y, p, left=left, color=cmap(k % 10), edgecolor="white", height=0.8)
                if p >= 0.12:
                    axc.text(left + p / 2, y, option, ha="center", va="center", fontsize=6,
                             clip_on=True)
                left += p
        axc.set_yticks(range(len(issues)), list(reversed(issues)), fontsize="small")
        axc.set_xlim(0, 1)
        axc.set_xlabel("probability given a deal")
        axc.set_title(f"{concept_name(concept)} ({sols[concept]['deals']:,} deals)", fontsize="medium")
        if c:
            axc.tick_params(labelleft=False)
    return fig

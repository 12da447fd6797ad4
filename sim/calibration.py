"""Calibration to what the parties did: keep the draws that reproduce the observations.

SPEC section 12, ``negsim calibrate``. Write X for the scenario's uncertain
numbers (SPEC section 2) and O for its observations (``observed:``). The
draws x_1 .. x_N of X are those of ``negsim uncertainty`` (the same sampler,
:func:`sim.uncertainty.sample`, so the same seed gives the same draws); a
draw is *kept* when every observation holds under it
(:mod:`sim.observations`). Keeping exactly the draws that reproduce the data
is rejection sampling, the exact form of approximate Bayesian computation
(Rubin 1984, "Bayesianly justifiable and relevant frequency calculations";
Pritchard et al. 1999): the K kept draws are a sample of the posterior of X
given O under the prior the distributions state. Reported:

- ``samples`` N, ``kept`` K, ``kept_share`` K / N with Wilson's (1927) 95 %
  interval ``kept_ci95`` (the probability of what was observed under the prior);
- ``parameters``: for every uncertain number, the mean and the 5 % and 95 %
  quantiles of its N drawn values (``prior``: the distribution as drawn,
  clipped to the field's range) and of its K kept values (``posterior``);
- over the kept draws: ``zopa_probability`` and, per concept, ``deals``,
  ``issues`` (option shares, or quantiles) and ``utilities`` as ``negsim
  uncertainty`` gives them, with ``packages``: the five most frequent whole
  outcomes among the kept draws with a deal, with their shares of those draws
  and Wilson intervals (:mod:`sim.packages`), and ``distinct_packages``;
- ``observations``: the share of all N draws under which each observation
  holds alone, which says which one is hard to reproduce when K is small.

K = 0 is a result: the posterior entries and ``zopa_probability`` are null, every
concept has 0 ``deals`` and no ``packages``, and ``message`` says so.

>>> from sim.scenario import from_dict
>>> deal = from_dict({"name": "deal", "issues": {"x": {"options": ["deal", "p_wins", "q_wins"]}},
...     "parties": {"p": {"weights": {"x": 1}, "disagreement": {"uniform": [0, 1]},
...                       "values": {"x": {"deal": 0.6, "p_wins": 1, "q_wins": 0}},
...                       "red_lines": [{"x": "q_wins"}]},
...                 "q": {"weights": {"x": 1}, "values": {"x": {"deal": 0.5, "p_wins": 0, "q_wins": 1}},
...                       "red_lines": [{"x": "p_wins"}]}},
...     "observed": [{"no_agreement": True}]})
>>> out = calibrate(deal, samples=200, seed=1)
>>> out["kept"] == round(out["kept_share"] * 200), out["parameters"]["parties.p.disagreement"]["posterior"]["q05"] > 0.6
(True, True)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import Problem, ScenarioError
from .observations import describe
from .proportions import wilson
from .scenario import Scenario
from .uncertainty import (
    RECORD,
    Progress,
    Start,
    concept_summary,
    parameters,
    rounded,
    sample,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Fields recorded per draw: those of ``negsim uncertainty`` and whether each observation holds.
CALIBRATE_RECORD = RECORD + ("observed",)


def observations(scenario: Scenario) -> None:
    """A located error (exit 2) when the scenario observes nothing: nothing to calibrate to."""
    if not scenario.observed:
        raise ScenarioError([Problem("observed", (
            "the scenario has no observations: add an 'observed:' list, e.g. "
            "'observed: [{defied: NAME_OF_PRESSURE}]' (SPEC section 12)"))], scenario.source)


def kept_rows(scenario: Scenario, table: pd.DataFrame) -> np.ndarray:
    """Whether each draw of ``table`` reproduces every observation."""
    keep = np.ones(len(table), dtype=bool)
    for k in range(len(scenario.observed)):
        keep &= table[f"observed.{k}"].fillna(False).to_numpy(dtype=bool)
    return keep


def _moments(values: np.ndarray) -> dict[str, Any]:
    if not len(values):
        return {"mean": None, "q05": None, "q95": None}
    q05, q95 = np.quantile(values, (0.05, 0.95))
    return {"mean": rounded(float(values.mean())), "q05": rounded(q05), "q95": rounded(q95)}


def summarise(scenario: Scenario, table: pd.DataFrame, seed: int | None = None) -> dict[str, Any]:
    """The calibration report (module doc) of a table made by :func:`sim.uncertainty.sample`
    with :data:`CALIBRATE_RECORD`."""
    n = len(table)
    keep = kept_rows(scenario, table)
    k = int(keep.sum())
    kept = table[keep].reset_index(drop=True)
    lo, hi = wilson(k, n)
    deals = int(kept["zopa.exists"].astype(bool).sum())
    out: dict[str, Any] = {
        "scenario": scenario.name,
        "samples": n,
        **({"seed": seed} if seed is not None else {}),
        "kept": k,
        "kept_share": rounded(k / n) if n else 0.0,
        "kept_ci95": [rounded(lo), rounded(hi)],
        "observations": [
            {"observation": describe(scenario, obs),
             "holds_share": rounded(float(table[f"observed.{j}"].fillna(False).astype(bool).mean()))}
            for j, obs in enumerate(scenario.observed)],
        "parameters": {
            path: {"distribution": d.describe(),
                   "prior": _moments(table[path].to_numpy(dtype=float)),
                   "posterior": _moments(kept[path].to_numpy(dtype=float))}
            for path, d in scenario.uncertain.items()},
        "zopa_probability": rounded(deals / k) if k else None,
        "solutions": {c: concept_summary(kept, scenario, c) for c in scenario.solve.concepts},
    }
    if not k:
        out["message"] = (
            "no draw reproduces what was observed: widen the distributions of the uncertain "
            "numbers (or give more of them), draw more samples, or check the observations; "
            "'observations' says how often each holds on its own")
    return out


def calibrate(scenario: Scenario, samples: int, seed: int = 0, out: str | Path | None = None,
              workers: int = 1, scheduler: str | None = None, progress: Progress | None = None,
              start: Start | None = None) -> dict[str, Any]:
    """Draw, solve, keep and summarise: what ``negsim calibrate --json`` prints.

    With ``out``, the draws are kept (and resumed) in ``out/samples`` and the
    kept ones written to ``out/kept.parquet`` (one row per kept draw: ``variant``,
    the drawn numbers, the recorded report fields).
    """
    parameters(scenario)
    observations(scenario)
    if len(scenario.document.get("observed") or []) != len(scenario.observed):
        raise ValueError("the draws are built from the scenario's document, which does not hold "
                         "these observations: give them in the document (sim.scenario.from_dict) "
                         "rather than with dataclasses.replace")
    where = Path(out) / "samples" if out is not None else None
    table = sample(scenario, samples, seed, where, workers, scheduler, CALIBRATE_RECORD,
                   progress, start)
    summary = summarise(scenario, table, seed)
    if out is not None:
        Path(out).mkdir(parents=True, exist_ok=True)
        table[kept_rows(scenario, table)].reset_index(drop=True).to_parquet(
            Path(out) / "kept.parquet", index=False)
    return summary

"""Global sensitivity of one report field to a scenario's uncertain numbers (SALib).

Let Y = f(X_1, ..., X_k) be a report field (SPEC section 5) as a function of
the k uncertain numbers, independent, each with its distribution (SPEC
section 2). Two methods, one shape (:func:`analyse`):

- **Sobol** (variance-based). The first-order index of X_i is
  S1_i = Var(E[Y | X_i]) / Var(Y), the share of Var(Y) that X_i explains alone;
  the total index is ST_i = E[Var(Y | X_~i)] / Var(Y), the share that would
  remain if every other number were known, interactions included. Estimated
  from N(k + 2) runs on a scrambled Sobol sequence with Saltelli's (2002)
  radial design and the estimators of Saltelli et al. (2010) (Jansen's for
  ST), with bootstrap confidence intervals (SALib: ``sample.sobol``,
  ``analyze.sobol``). ST_i = 0 means X_i cannot change Y; S1_i near 1 means X_i
  decides it alone.
- **Morris** (elementary effects; Morris 1991, with Campolongo et al.'s 2007
  mu*): r random one-at-a-time trajectories on a 4-level grid of the unit cube
  of probabilities, r(k + 1) runs. mu*_i is the mean absolute change of Y when
  X_i moves by 2/3 of its quantile range, sigma_i the spread of those changes
  (non-linearity or interactions). A cheap screen for many parameters.

The numbers are sampled on the unit cube of probabilities and mapped through
each distribution's quantile function (then clipped to the field's valid
range), so every method sees the scenario's own distributions; the design's
runs are solved by the sweep engine (:func:`sim.sweep.run_variants`). Outputs that
are not numbers are made finite numbers by :func:`sim.uncertainty.numeric`
(booleans 1/0, an option its position, no deal -1 or the disagreement
utility). A constant output has every index 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .counts import COUNTS, check_count
from .errors import Problem, ScenarioError
from .scenario import Scenario
from .sweep import run_variants
from .uncertainty import (
    Progress,
    Start,
    column,
    numeric,
    parameters,
    record_for,
    record_with,
    rounded,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

METHODS = ("sobol", "morris")
#: The indices each method reports for a number, and the one that ranks the numbers.
KEYS = {"sobol": ("S1", "S1_conf", "ST", "ST_conf"),
        "morris": ("mu_star", "mu_star_conf", "mu", "sigma")}
RANK = {"sobol": "ST", "morris": "mu_star"}
#: Default base sample size N (Sobol: N(k + 2) runs) and trajectories r (Morris: r(k + 1) runs).
SAMPLES = {"sobol": 256, "morris": 20}
#: Morris grid levels, bootstrap resamples for the confidence intervals, their level.
LEVELS, RESAMPLES, CONFIDENCE = 4, 200, 0.95
#: Probabilities are kept inside [EPS, 1 - EPS] so that unbounded quantile functions stay finite.
EPS = 1e-6
#: Fewest Sobol base samples: one gives a bootstrap interval of 0 whatever the noise.
MIN_SOBOL = 2
#: An estimate is noise when the interval of the top-ranked index is at least this share
#: of it, or an index (a share of variance) lies outside [0, 1] by more than SLACK.
SWAMPED, SLACK = 0.5, 0.05


def _sobol_base(samples: int) -> int:
    """The Sobol base sample: ``samples`` rounded up to a power of 2, as the sequence needs."""
    return 1 << max(0, int(samples - 1).bit_length())


def design(scenario: Scenario, method: str, samples: int, seed: int) -> tuple[np.ndarray, dict[str, Any]]:
    """The unit-cube design of ``method`` (rows are runs, columns the uncertain
    numbers in file order) and the SALib problem it belongs to."""
    paths = list(parameters(scenario))
    problem = {"num_vars": len(paths), "names": paths, "bounds": [[0.0, 1.0]] * len(paths)}
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, _sobol_base(samples), calc_second_order=False, seed=seed), problem
    from SALib.sample import morris

    return morris.sample(problem, samples, num_levels=LEVELS, seed=seed), problem


def values_of(scenario: Scenario, unit: np.ndarray) -> dict[str, np.ndarray]:
    """The scenario's numbers at the design's probabilities (each distribution's quantiles)."""
    q = np.clip(unit, EPS, 1 - EPS)
    return {path: np.asarray(d.ppf(q[:, j]), dtype=float)
            for j, (path, d) in enumerate(scenario.uncertain.items())}


def indices(method: str, problem: dict[str, Any], unit: np.ndarray, y: np.ndarray,
            seed: int) -> dict[str, dict[str, float]]:
    """The indices of every uncertain number by path, sorted by importance
    (ST, or mu* for Morris, largest first); every number finite."""
    names, keys = problem["names"], KEYS[method]
    if np.ptp(y) == 0:  # a constant output: no number changes it
        return {name: dict.fromkeys(keys, 0.0) for name in names}
    if method == "sobol":
        from SALib.analyze import sobol

        si = sobol.analyze(problem, y, calc_second_order=False, num_resamples=RESAMPLES,
                           conf_level=CONFIDENCE, seed=seed)
    else:
        from SALib.analyze import morris

        si = morris.analyze(problem, unit, y, num_resamples=RESAMPLES, conf_level=CONFIDENCE,
                            num_levels=LEVELS, seed=seed)
    out = {name: {key: rounded(si[key][j], 0.0) for key in keys} for j, name in enumerate(names)}
    return dict(sorted(out.items(), key=lambda kv: -kv[1][RANK[method]]))


def noise_warning(method: str, samples: int, found: dict[str, dict[str, float]]) -> str | None:
    """A warning when the estimates cannot be told from noise at this sample size:
    the top-ranked index's interval is at least :data:`SWAMPED` of it, or (Sobol) an
    index, a share of variance, lies outside [0, 1] by more than :data:`SLACK`."""
    if not found:
        return None
    top = next(iter(found.values()))
    value, conf = (top["ST"], top["ST_conf"]) if method == "sobol" else \
        (top["mu_star"], top["mu_star_conf"])
    outside = method == "sobol" and any(
        not -SLACK <= idx[k] <= 1 + SLACK for idx in found.values() for k in ("S1", "ST"))
    if value <= 0 or (conf < SWAMPED * value and not outside):
        return None
    what = ("an index lies outside [0, 1], where a share of variance must lie" if outside else
            f"the 95% interval of the top index is +-{conf:.3g} against {value:.3g}")
    return (f"the estimates are noise at --samples {samples}: {what}; rerun with more samples "
            f"(the default is {SAMPLES[method]})")


def check_method(method: str, source: str | None) -> None:
    if method not in METHODS:
        raise ScenarioError([Problem("--method", f"unknown method {method!r} (one of: "
                                                 f"{', '.join(METHODS)})")], source)


def analyse(scenario: Scenario, output: str, method: str = "sobol", samples: int | None = None,
            seed: int = 0, out: str | Path | None = None, workers: int = 1,
            scheduler: str | None = None, progress: Progress | None = None,
            start: Start | None = None) -> dict[str, Any]:
    """The sensitivity of report field ``output`` to every uncertain number.

    Returns ``{"output": FIELD, "indices": {PATH: {"S1", "S1_conf", "ST",
    "ST_conf"}}}`` for Sobol (SPEC section 9), or ``{"output", "method":
    "morris", "indices": {PATH: {"mu_star", "mu_star_conf", "mu", "sigma"}}}``,
    with the paths ranked most important first, and ``warnings`` when the sample
    is too small for the estimates to mean anything (:func:`noise_warning`). With ``out``, the runs are kept
    (and resumed) in ``out/<method>-samples``; every report field is recorded, so
    another output with the same method, samples and seed reuses them.
    """
    check_method(method, scenario.source)
    parameters(scenario)
    col = column(scenario, output)
    samples = SAMPLES[method] if samples is None else samples
    check_count(samples, "--samples", scenario.source, 2 if method == "morris" else MIN_SOBOL)
    k = len(parameters(scenario))
    n = _sobol_base(samples) if method == "sobol" else samples
    runs, most = n * (k + 2 if method == "sobol" else k + 1), COUNTS["--samples"][1]
    if runs > most:
        raise ScenarioError([Problem("--samples", f"{method} with --samples {samples:,} takes "
                                                  f"{runs:,} runs for {k} uncertain number{'' if k == 1 else 's'}, "
                                                  f"more than {most:,}")], scenario.source)
    unit, problem = design(scenario, method, samples, seed)
    where = Path(out) / f"{method}-samples" if out is not None else None
    table = run_variants(scenario, values_of(scenario, unit), record_with(record_for(col)), where,
                         workers, scheduler, progress, start, clip=True,
                         label=f"<sensitivity {method}>")
    y = numeric(scenario, table, col)
    result: dict[str, Any] = {"output": output}
    if method != "sobol":
        result["method"] = method
    result["indices"] = indices(method, problem, unit, y, seed)
    warning = noise_warning(method, samples, result["indices"])
    if warning is not None:
        result["warnings"] = [warning]
    return result


def ranking_text(result: dict[str, Any]) -> str:
    """The ranking as a table, most important first."""
    morris = result.get("method") == "morris"
    head = ("mu*", "+-", "mu", "sigma") if morris else ("S1", "+-", "ST", "+-")
    keys = KEYS["morris" if morris else "sobol"]
    width = max([len(p) for p in result["indices"]] + [9])
    method = "Morris elementary effects" if morris else "Sobol indices"
    lines = [f"Sensitivity of {result['output']} ({method}, 95% intervals)", "",
             f"{'rank':>4}  {'parameter':<{width}}  " + "  ".join(f"{h:>8}" for h in head)]
    for rank, (path, idx) in enumerate(result["indices"].items(), 1):
        lines.append(f"{rank:>4}  {path:<{width}}  " + "  ".join(f"{idx[k]:>8.3f}" for k in keys))
    lines += [f"warning: {w}" for w in result.get("warnings", ())]
    return "\n".join(lines)


def figure(result: dict[str, Any], most: int = 20) -> Figure:
    """Horizontal bars of the indices with their confidence intervals, most important on top
    (Sobol: S1 and ST side by side; Morris: mu* with sigma beside it)."""
    from .plot.style import new_figure

    items = list(result["indices"].items())[:most]
    morris = result.get("method") == "morris"
    fig = new_figure(figsize=(8, 1.2 + 0.32 * len(items)))
    ax = fig.add_subplot()
    y = np.arange(len(items))[::-1]
    bars = ((("mu_star", "mu_star_conf", "mu*"), ("sigma", None, "sigma")) if morris else
            (("S1", "S1_conf", "first order S1"), ("ST", "ST_conf", "total ST")))
    for k, (key, conf, label) in enumerate(bars):
        vals = np.array([idx[key] for _, idx in items])
        err = np.array([idx[conf] for _, idx in items]) if conf else None
        ax.barh(y + (0.2 if k == 0 else -0.2), vals, height=0.38, xerr=err, capsize=2,
                label=label, color=("#1f77b4", "#ff7f0e")[k])
    ax.set_yticks(y, [p for p, _ in items], fontsize="small")
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("elementary effect (unit-cube scale)" if morris else "share of the output's variance")
    ax.set_title(f"Sensitivity of {result['output']}" + (" (Morris)" if morris else " (Sobol)"))
    ax.legend(fontsize="small", loc="lower right")
    return fig

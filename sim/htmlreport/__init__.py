"""The one-file HTML report of a scenario (``negsim report``, docs/without-python.md).

:func:`compose` gathers what the page shows from a computed
:class:`~sim.analysis.Analysis` (the JSON report, the short explanation, the
threat games on the analysis's own solver, the frontier and issue figures, the
provenance notes of the scenario's document) and :func:`~.page.render` lays
it out; :func:`input_hash` is the sha256 of the input file's bytes.

The robustness block (how far the numbers may move before a solution changes,
:mod:`sim.explain.robustness`, docs/robustness.md) shows the "Holds while" lines of
``negsim run`` and each concept's details: those given as ``robustness``, else the
JSON report's ``solutions.<concept>.robustness`` (``negsim run --robust``), else
computed here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .. import __version__
from ..analysis import Analysis
from ..report import run_text, to_json
from .page import ReportParts, render
from .provenance import notes

__all__ = ["ReportParts", "compose", "input_hash", "render"]


def input_hash(data: bytes) -> str:
    """sha256 of the input's bytes, in hex.

    >>> input_hash(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def compose(analysis: Analysis, source: bytes, report: dict[str, Any] | None = None,
            robustness: dict[str, Any] | None = None) -> str:
    """The HTML report of ``analysis``; ``source`` is the input file's bytes (hashed),
    ``report`` its JSON report if already made (else :func:`~sim.report.to_json`)."""
    from ..explain import explain
    from ..explain.robustness import robustness as robustness_of
    from ..explain.robustness import text_lines
    from ..games import analyse_games
    from ..plot import frontier_figure, issues_figure
    from .figures import inline_svg

    report = report if report is not None else to_json(analysis)
    s = analysis.scenario
    why = explain(analysis, moves=False, counterfactuals=False)["sentences"]
    given = {c: sol["robustness"] for c, sol in report["solutions"].items()
             if sol is not None and sol.get("robustness") is not None}
    robust = robustness if robustness is not None else given or robustness_of(analysis)
    held = text_lines(robust or None)
    games = analyse_games(s, solver=analysis.solver).to_json() if s.games or s.pressures else {}
    figures = {
        "The payoff frontier: every outcome, the ZOPA, the Pareto frontier, the solutions and "
        "each pressure's move": inline_svg(frontier_figure(analysis), "payoff frontier"),
        "Issue by issue: the option each solution picks, with and without each pressure":
            inline_svg(issues_figure(analysis), "issue by issue"),
    }
    parts = ReportParts(report=report, text=run_text(analysis, held, why), why=why,
                        games=games, figures=figures, provenance=notes(s.document),
                        scenario=s.document, input_sha256=input_hash(source),
                        version=__version__, robustness=robust or {}, held=held)
    return render(parts)


def write_report(analysis: Analysis, source: Path | bytes, out: Path, **kwargs: Any) -> Path:
    """Write the HTML report of ``analysis`` (input ``source``: a file or its bytes) to ``out``."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(compose(analysis, data, **kwargs), encoding="utf-8")
    return out

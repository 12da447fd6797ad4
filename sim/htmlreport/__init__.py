"""The one-file HTML report of a scenario (``negsim report``, docs/without-python.md).

:func:`compose` lays out a run's :class:`~sim.findings.Findings` (the JSON report,
the short explanation, the threat games solved once on the analysis's own solver,
the robustness) with the frontier and issue figures and the provenance notes of
the scenario's document, through :func:`~.page.render`; it solves nothing.
:func:`input_hash` (from :mod:`sim.findings`) is the sha256 of the input file's bytes.

The robustness block (how far the numbers may move before a solution changes,
:mod:`sim.explain.robustness`, docs/robustness.md) shows the "Holds while" lines of
``negsim run`` and each concept's details, from the findings' robustness.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..analysis import Analysis
from ..findings import Findings, Options, findings_of, input_hash
from ..report import report_json, run_text
from .page import ReportParts, render
from .provenance import notes

__all__ = ["ReportParts", "compose", "input_hash", "page_findings", "render"]

#: What the page shows: the text report's parts (threat games, short explanation,
#: robustness), nothing for the JSON report beyond its core.
PAGE = Options(text=True)


def page_findings(analysis: Analysis) -> Findings:
    """The findings the page shows (:data:`PAGE`) of an analysis already solved."""
    return findings_of(analysis, PAGE)


def compose(found: Findings, source: bytes) -> str:
    """The HTML report of ``found`` (the findings of :data:`PAGE`); ``source`` is the
    input file's bytes (hashed)."""
    from ..explain.robustness import text_lines
    from ..plot import frontier_figure, issues_figure
    from .figures import inline_svg

    analysis = found.analysis
    s = analysis.scenario
    why = found.explanation["sentences"] if found.explanation else []
    robust = found.robustness
    held = text_lines(robust or None)
    games = found.games.to_json() if found.games is not None else {}
    figures = {
        "The payoff frontier: every outcome, the ZOPA, the Pareto frontier, the solutions and "
        "each pressure's move": inline_svg(frontier_figure(analysis), "payoff frontier"),
        "Issue by issue: the option each solution picks, with and without each pressure":
            inline_svg(issues_figure(analysis), "issue by issue"),
    }
    parts = ReportParts(report=report_json(found), text=run_text(found, observations=False, held=held),
                        why=why, games=games, figures=figures, provenance=notes(s.document),
                        scenario=s.document, input_sha256=input_hash(source),
                        version=__version__, robustness=robust or {}, held=held)
    return render(parts)


def write_report(found: Findings, source: Path | bytes, out: Path) -> Path:
    """Write the HTML report of ``found`` (input ``source``: a file or its bytes) to ``out``."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(compose(found, data), encoding="utf-8")
    return out

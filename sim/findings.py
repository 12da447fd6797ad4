"""Everything a run reports, computed once: the analysis and what is derived from it.

:func:`findings` solves a scenario and :func:`findings_of` takes an
:class:`~sim.analysis.Analysis` already solved; both compute, once, the parts
that the renderers show (:class:`Findings`): the strategic games (the scenario's
own games, SPEC section 7, and every pressure's threat game, each threat game
solved once per run on the analysis's solver), the explanation (SPEC section 10),
each solution's robustness (docs/robustness.md), the observations' checks
(SPEC section 12), the frontier's rows and the input's stamp. Which of them are
computed follows :class:`Options`: the terminal report (and the HTML page)
shows the threat games, the short explanation, the robustness and the
observations; the JSON report carries only what its options ask for.

The renderers (:func:`sim.report.run_text`, :func:`sim.report.report_json`,
:func:`sim.htmlreport.compose`) only lay the findings out: they solve nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .analysis import Analysis, analyse
from .games import GamesReport, analyse_games
from .scenario import Scenario

if TYPE_CHECKING:
    from .observations import Check


@dataclass(frozen=True)
class Options:
    """What a run reports besides the JSON report's core (SPEC section 5).

    ``text``: the terminal report (or the HTML page) is wanted, so the threat
    games, the short explanation, the robustness and the observations are
    computed; the others add parts to the JSON report as ``negsim run``'s flags
    do: ``explain`` (the whole explanation, as ``explain``; the text's "Why" then
    rests on it too), ``robust`` (``solutions.<concept>.robustness``), ``games``
    (``pressures.<name>.game``), ``frontier`` (``frontier``) and ``stamp``
    (``negsim_version``, and ``input_sha256`` of ``source`` when it is a file).
    """

    text: bool = True
    explain: bool = False
    robust: bool = False
    games: bool = False
    frontier: bool = False
    stamp: bool = False
    source: Path | None = None


@dataclass(frozen=True)
class Findings:
    """A solved scenario and everything derived from it that a run reports.

    A part is ``None`` when :class:`Options` did not ask for it (``robustness``
    is ``None`` as well where it is not computed for the scenario;
    ``robustness_computed`` tells the two apart). ``games`` holds the
    scenario's games and, when the text or ``games`` asked for them, the threat
    games; it is ``None`` without any game to show.
    """

    analysis: Analysis
    options: Options
    games: GamesReport | None = None
    explanation: dict[str, Any] | None = None
    robustness: dict[str, dict[str, Any] | None] | None = None
    robustness_computed: bool = False
    observations: list[Check] | None = None
    frontier: list[dict[str, Any]] | None = None
    stamp: dict[str, str] | None = None

    @property
    def scenario(self) -> Scenario:
        return self.analysis.scenario


def input_hash(data: bytes) -> str:
    """sha256 of the input's bytes, in hex.

    >>> input_hash(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def findings(scenario: Scenario, options: Options = Options(),
             progress: Callable[[], None] | None = None) -> Findings:
    """Solve ``scenario`` (:func:`~sim.analysis.analyse`) and compute what ``options`` ask for."""
    return findings_of(analyse(scenario), options, progress)


def findings_of(analysis: Analysis, options: Options = Options(),
                progress: Callable[[], None] | None = None) -> Findings:
    """The findings of an analysis already solved: each part computed once (module doc).
    ``progress`` is called after each full re-solve of the robustness block
    (:func:`sim.explain.robustness.robustness`), for a progress bar."""
    s = analysis.scenario
    threats = options.text or options.games
    games = (analyse_games(s, threats=threats, solver=analysis.solver)
             if s.games or (threats and s.pressures) else None)
    explanation = None
    if options.text or options.explain:
        from .explain import explain

        explanation = explain(analysis, moves=options.explain, counterfactuals=options.explain)
    robust, computed = None, options.text or options.robust
    if computed:
        from .explain.robustness import robustness

        robust = robustness(analysis, progress)
    checks = None
    if options.text and s.observed:
        from .observations import check

        checks = check(analysis.solver_of(), analysis.result)
    frontier = None
    if options.frontier:
        from .tables import frontier_json

        frontier = frontier_json(analysis)
    return Findings(analysis, options, games, explanation, robust, computed, checks, frontier,
                    _stamp(options.source) if options.stamp else None)


def _stamp(source: Path | None) -> dict[str, str]:
    """``negsim_version`` and, for an input file, its ``input_sha256``."""
    from . import __version__

    stamp = {"negsim_version": __version__}
    if source is not None and source.is_file():
        stamp["input_sha256"] = input_hash(source.read_bytes())
    return stamp

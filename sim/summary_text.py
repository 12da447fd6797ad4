"""The readable text of the summaries of draws: ``negsim uncertainty`` and ``negsim calibrate``.

Both summaries (:func:`sim.uncertainty.summarise`, :func:`sim.calibration.summarise`;
their keys are defined there, SPEC sections 9 and 12) open with the scenario,
the number of draws and a share with its 95 % interval (:func:`share_line`), and
show each concept given a deal the same way (:func:`concept_lines`: per issue the
option shares, or the median and 5-95 % band, the most frequent whole packages,
the utilities). Quantiles are printed as ``median [5%, 95%]`` to 3 significant
digits; shares to 3 decimals. These functions only lay out a summary.
"""

from __future__ import annotations

from typing import Any

#: A central package drawn in fewer than this share of the deals is called rare.
RARE = 0.1


def _q(summary: dict[str, Any]) -> str:
    q = summary["quantiles"]
    if q["0.5"] is None:
        return "-"
    return f"{q['0.5']:.3g} [{q['0.05']:.3g}, {q['0.95']:.3g}]"


def _value(v: Any) -> str:
    return v if isinstance(v, str) else f"{v:.3g}"


def _band(m: dict[str, Any]) -> str:
    if m["mean"] is None:
        return "-"
    return f"{m['mean']:.3g} [{m['q05']:.3g}, {m['q95']:.3g}]"


def share_line(label: str, share: float, ci95: tuple[float, float] | list[float]) -> str:
    """A share with its 95 % interval, under an 18-character label.

    >>> share_line("Kept share", 0.25, [0.2, 0.3])
    'Kept share        0.250   (95% interval 0.200 - 0.300)'
    """
    lo, hi = ci95
    return f"{label:<18}{share:.3f}   (95% interval {lo:.3f} - {hi:.3f})"


def package_lines(sol: dict[str, Any]) -> list[str]:
    """The most frequent packages (the first in full, the others by how they differ
    from it) and the central scenario's package, said plainly when it is rare."""
    packages = sol.get("packages") or []
    if not packages:
        return []
    first = packages[0]["outcome"]
    lines = [(f"  whole packages ({sol['distinct_packages']:,} distinct), share of deals "
              f"[95% interval]:")]
    for k, p in enumerate(packages, 1):
        o = p["outcome"]
        what = (", ".join(f"{i} {_value(v)}" for i, v in o.items()) if k == 1 else
                "as #1 but " + ", ".join(f"{i} {_value(v)}" for i, v in o.items()
                                         if _value(v) != _value(first[i])))
        lo, hi = p["ci95"]
        lines.append(f"    #{k} {p['share']:6.1%} [{lo:.1%}, {hi:.1%}]  {what}")
    central = sol.get("central_package")
    if central is None:
        return lines + (["  the central scenario has no deal under this concept"]
                        if "central_package" in sol else [])
    lo, hi = central["ci95"]
    where = (f"#{central['rank']} of {sol['distinct_packages']:,}" if central["rank"]
             else "never drawn")
    lines.append(f"  the central scenario's package: {central['share']:.1%} of deals "
                 f"[{lo:.1%}, {hi:.1%}] ({where})")
    if central["share"] < RARE:
        lines.append(f"  The central package is rare: the exact deal predicted at the central "
                     f"numbers comes up in {central['share']:.1%} of the draws with a deal; trust "
                     f"the per-issue shares above more than that one package.")
    return lines


def concept_lines(concept: str, sol: dict[str, Any], draws: str = "draws") -> list[str]:
    """One concept's block of the text: per issue the option shares (or the median
    and 90 % band) given a deal, the packages, the utilities."""
    lines = ["", f"{concept}: given a deal ({sol['deals']:,} {draws})"]
    for issue, dist in sol["issues"].items():
        if "quantiles" in dist:
            lines.append(f"  {issue:<24} {_q(dist)}")
        else:
            ranked = sorted(dist.items(), key=lambda kv: -kv[1])
            shown = ", ".join(f"{o} {p:.0%}" for o, p in ranked if p > 0) or "-"
            lines.append(f"  {issue:<24} {shown}")
    lines += package_lines(sol)
    lines.append("  utilities: " + ", ".join(f"{p} {_q(s)}" for p, s in sol["utilities"].items()))
    return lines


def uncertainty_text(summary: dict[str, Any]) -> str:
    """What ``negsim uncertainty`` prints: medians with 90 % bands, option
    probabilities given a deal."""
    lines = [
        (f"{summary['scenario']}: {summary['samples']:,} draws of {len(summary['parameters'])} "
         f"uncertain numbers"),
        "",
        share_line("P(ZOPA exists)", summary["zopa_probability"], summary["zopa_ci95"]),
        f"ZOPA size         {_q(summary['zopa_size'])}   (median [5%, 95%])",
        "Disagreement      " + ", ".join(f"{p} {_q(s)}" for p, s in summary["disagreement"].items()),
    ]
    for concept, sol in summary["solutions"].items():
        lines += concept_lines(concept, sol)
    lines += ["", "Uncertain numbers"] + [f"  {p} ~ {d}" for p, d in summary["parameters"].items()]
    return "\n".join(lines)


def calibration_text(summary: dict[str, Any]) -> str:
    """What ``negsim calibrate`` prints: kept share, prior against posterior, the kept deals."""
    lines = [
        (f"{summary['scenario']}: {summary['samples']:,} draws, {summary['kept']:,} reproduce "
         f"every observation"),
        "",
        share_line("Kept share", summary["kept_share"], summary["kept_ci95"]),
    ]
    lines += [f"  {o['observation']}: holds in {o['holds_share']:.1%} of the draws"
              for o in summary["observations"]]
    if summary.get("message"):
        lines += ["", summary["message"].capitalize() + "."]
    lines += ["", f"{'uncertain number':<44} {'prior mean [5%, 95%]':<26} posterior"]
    for path, p in summary["parameters"].items():
        lines.append(f"  {path:<42} {_band(p['prior']):<26} {_band(p['posterior'])}")
    if summary["kept"]:
        lines += ["", f"P(ZOPA exists | observed)  {summary['zopa_probability']:.3f}"]
        for concept, sol in summary["solutions"].items():
            lines += concept_lines(concept, sol, "kept draws")
    return "\n".join(lines)

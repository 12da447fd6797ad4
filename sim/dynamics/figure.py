"""The negotiation dance: each proposer's offers as a path in the utility plane."""

from __future__ import annotations

from typing import Any

import numpy as np

from .simulate import Trace


def dance_figure(trace: Trace, parties: tuple[str, str] | None = None, ax: Any = None) -> Any:
    """Offers of each proposer over the payoff frontier, the agreement marked
    (Raiffa 1982 calls this picture the negotiation dance)."""
    import matplotlib

    if ax is None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    s = trace.setting
    names = parties or tuple(s.veto_names[:2])
    i, j = (s.scenario.party_index(n) for n in names)
    veto = list(s.veto)
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 5))
    regime = s.regimes[-1]
    if len(regime.frontier):
        f = regime.frontier[:, [veto.index(i), veto.index(j)]]
        f = f[np.argsort(f[:, 0])]
        ax.plot(f[:, 0], f[:, 1], "-", color="0.6", lw=1, label="Pareto frontier", zorder=1)
        ax.plot(regime.d[i], regime.d[j], "kx", ms=8, label="disagreement point")
    for name in s.veto_names:
        k = s.scenario.party_index(name)
        pts = np.array([r.offer.utilities[[i, j]] for r in trace.rounds
                        if r.proposer == name and r.offer is not None])
        if len(pts):
            ax.plot(pts[:, 0], pts[:, 1], "o-", ms=4, lw=1, label=f"offers by {name}", zorder=2)
        del k
    if trace.agreement is not None:
        a = trace.agreement.utilities
        ax.plot(a[i], a[j], "*", ms=16, color="gold", mec="k", zorder=3,
                label=f"agreement (round {trace.round_of_agreement})")
    ax.set_xlabel(f"{names[0]}'s utility")
    ax.set_ylabel(f"{names[1]}'s utility")
    ax.set_title(f"{s.scenario.name}: the negotiation dance")
    ax.legend(loc="best", fontsize=8)
    return fig if fig is not None else ax.figure

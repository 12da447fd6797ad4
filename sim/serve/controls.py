"""The controls of the what-if page: one per number a user may move, named by its dotted path.

Every control sets one dotted path of the scenario document (SPEC section 6,
the paths of sweep files), which is also its accessible label:

- per pressure: ``pressures.NAME.credibility`` (0 to 1) and
  ``pressures.NAME.penalty`` (0 to twice the given penalty, at least 1), and a
  toggle ``pressures.NAME`` (with or without the pressure);
- per veto party: ``parties.NAME.disagreement`` (when it is a number; a war
  lottery keeps its value) and ``parties.NAME.weights.ISSUE`` for every issue
  the party weights (raw weights, normalised to sum 1 as in the file).

A credibility given as ``auto`` starts at the credibility it stands for and
stays ``auto`` until its slider moves.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scenario import Lottery, Scenario


@dataclass(frozen=True)
class Control:
    """A slider (``kind`` ``slider``) or a with/without toggle (``toggle``) at ``path``."""

    path: str
    kind: str
    value: float
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    group: str = ""

    def to_json(self) -> dict:
        return {"path": self.path, "kind": self.kind, "value": self.value, "low": self.low,
                "high": self.high, "step": self.step, "group": self.group}


def _as_float(x: object) -> float | None:
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else None


def controls(scenario: Scenario) -> list[Control]:
    """The controls of ``scenario``, pressures first, then the veto parties (file order)."""
    doc = scenario.document
    out: list[Control] = []
    for p in scenario.pressures:
        group = f"pressure {p.name}"
        base = f"pressures.{p.name}"
        out.append(Control(base, "toggle", 1.0, group=group))
        out.append(Control(f"{base}.credibility", "slider", float(p.effective_credibility), group=group))
        out.append(Control(f"{base}.penalty", "slider", float(p.penalty), 0.0,
                           max(1.0, 2 * float(p.penalty)), 0.005, group))
    for party in scenario.veto_parties:
        group = f"party {party.name}"
        raw = doc["parties"][party.name]
        d = _as_float(raw.get("disagreement", 0.0))
        if d is not None and not isinstance(party.disagreement, Lottery):
            out.append(Control(f"parties.{party.name}.disagreement", "slider", d,
                               min(0.0, d), max(1.0, d), 0.005, group))
        weights = {k: _as_float(v) for k, v in (raw.get("weights") or {}).items()}
        top = max([w for w in weights.values() if w is not None] + [1.0])
        for issue, w in weights.items():
            if w is not None:
                out.append(Control(f"parties.{party.name}.weights.{issue}", "slider", w, 0.0,
                                   max(10.0, 2 * top), 0.1, group))
    return out
